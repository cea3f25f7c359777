"""The audit log viewer: the secretariat reads who changed what and when in its basin, with before/after values."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from synergies.basins.models import Basin
from synergies.directory import services
from synergies.lib.models import AuditEntry
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/gestion/journal/"


def edit_organisation(basin: Basin, by: Any, name: str, new_name: str) -> None:
    organisation = services.create_organisation({"basin": basin, "name": name, "type": "cisp"}, by=by)
    services.update_organisation(organisation, {"name": new_name}, by=by)


def test_the_secretariat_sees_the_changes_of_its_basin_with_before_and_after_values(
    secretary_client: Client, secretary: Any, basin: Basin
) -> None:
    edit_organisation(basin, secretary, "Atelier Lecture", "Atelier Lecture et Écriture")
    page = secretary_client.get(URL).content.decode()
    assert "<code>organisation.update</code>" in page
    assert "Atelier Lecture → Atelier Lecture et Écriture" in page
    assert secretary.full_name in page


def test_the_secretariat_of_another_basin_does_not_see_them(
    other_secretary_client: Client, secretary: Any, basin: Basin, other_basin: Basin, other_secretary: Any
) -> None:
    edit_organisation(basin, secretary, "Atelier Lecture", "Atelier Lecture et Écriture")
    edit_organisation(other_basin, other_secretary, "Maison namuroise", "Maison namuroise de l’emploi")
    page = other_secretary_client.get(URL).content.decode()
    assert "Atelier Lecture" not in page
    assert "Maison namuroise → Maison namuroise de l’emploi" in page


def test_a_platform_admin_sees_every_basin(
    admin_client: Client, secretary: Any, other_secretary: Any, basin: Basin, other_basin: Basin
) -> None:
    edit_organisation(basin, secretary, "Atelier Lecture", "Atelier Lecture bis")
    edit_organisation(other_basin, other_secretary, "Maison namuroise", "Maison namuroise bis")
    page = admin_client.get(URL).content.decode()
    assert "Atelier Lecture bis" in page and "Maison namuroise bis" in page


@pytest.mark.parametrize("who", ["outsider_client", "contributor_client"])
def test_people_without_a_staff_role_are_refused(request: pytest.FixtureRequest, who: str) -> None:
    assert request.getfixturevalue(who).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


def test_the_filters_narrow_the_entries(secretary_client: Client, secretary: Any, basin: Basin) -> None:
    edit_organisation(basin, secretary, "Atelier Lecture", "Atelier Lecture bis")
    services.create_person({"basin": basin, "first_name": "Lou", "last_name": "Lambert"}, by=secretary)
    only_updates = secretary_client.get(URL, {"operation": "organisation.update"}).content.decode()
    assert "<code>organisation.update</code>" in only_updates and "<code>person.create</code>" not in only_updates
    by_object = secretary_client.get(URL, {"texte": "Lambert"}).content.decode()
    assert "<code>person.create</code>" in by_object and "<code>organisation.update</code>" not in by_object
    by_author = secretary_client.get(URL, {"qui": "personne-inconnue"}).content.decode()
    assert "0 entrée" in by_author
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "0 entrée" in secretary_client.get(URL, {"du": tomorrow}).content.decode()


def test_an_end_date_before_the_start_date_is_reported_next_to_the_field(secretary_client: Client) -> None:
    page = secretary_client.get(URL, {"du": "2026-05-02", "au": "2026-05-01"}).content.decode()
    assert "La date de fin précède la date de début." in page


def test_the_log_page_runs_as_many_queries_with_many_entries_as_with_few(
    secretary_client: Client, secretary: Any, basin: Basin
) -> None:
    for n in range(3):
        OrganisationFactory.create(basin=basin)
        edit_organisation(basin, secretary, f"Organisation {n}", f"Organisation {n} bis")
    secretary_client.get(URL)
    with CaptureQueriesContext(connection) as few:
        secretary_client.get(URL)
    for n in range(3, 60):
        edit_organisation(basin, secretary, f"Organisation {n}", f"Organisation {n} bis")
    assert AuditEntry.objects.count() > 100
    with CaptureQueriesContext(connection) as many:
        secretary_client.get(URL)
    assert len(many) == len(few)
