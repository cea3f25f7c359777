"""Erasing a person of the directory (RGPD art. 17), by the secretariat, with or without an account."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from synergies.accounts.models import Erasure, ErasureRequest
from synergies.accounts.personal_data import export_user_data, request_erasure
from synergies.basins.models import Basin
from synergies.directory import services
from synergies.directory.models import Person
from synergies.lib.models import AuditEntry
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(basin: Basin, secretary: Any) -> Person:
    """A person filed through the services, so the audit log holds her name and contacts."""
    person = services.create_person(
        {
            "basin": basin,
            "first_name": "Zoé",
            "last_name": "Vanderbeken",
            "email": "zoe.vanderbeken@example.org",
            "phone": "+32 65 12 34 56",
            "public_consent": True,
        },
        by=secretary,
    )
    organisation = OrganisationFactory.create(basin=basin, name="Atelier des Savoirs")
    services.add_affiliation(person, organisation, function="Formatrice", by=secretary)
    return person


def everything_in_the_database() -> str:
    from io import StringIO

    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().encode().decode("unicode_escape")


def test_erasing_a_person_without_account_leaves_no_trace_of_her_name_or_contacts(
    secretary_client: Client, zoe: Person
) -> None:
    response = secretary_client.post(f"/annuaire/personnes/{zoe.pk}/effacer/", {"reason": "demande orale"})
    assert response.status_code == 302
    zoe.refresh_from_db()
    erasure = Erasure.objects.get()
    assert zoe.full_name == f"Personne supprimée n°\u00a0{erasure.pk}"
    assert (zoe.email, zoe.phone, zoe.public_consent) == ("", "", False)
    assert zoe.affiliations.count() == 1, "the affiliation (a record of work) stays, under the pseudonym"
    dump = everything_in_the_database()
    for trace in ("Vanderbeken", "zoe.vanderbeken", "65 12 34 56"):
        assert trace not in dump
    assert AuditEntry.objects.filter(verb="personal_data.erase").exists()


def test_erasing_a_person_with_an_account_erases_the_account_too(
    secretary_client: Client, zoe: Person, basin: Basin
) -> None:
    user = UserFactory.create(email=zoe.email, full_name="Zoé Vanderbeken")
    zoe.user = user
    zoe.save()
    request_erasure(user)
    secretary_client.post(f"/annuaire/personnes/{zoe.pk}/effacer/")
    user.refresh_from_db()
    assert not user.is_active and "zoe" not in user.email
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.DONE
    assert "Vanderbeken" not in everything_in_the_database()


def test_the_confirmation_page_explains_what_erasure_does(secretary_client: Client, zoe: Person) -> None:
    page = secretary_client.get(f"/annuaire/personnes/{zoe.pk}/effacer/").content.decode()
    assert "Effacer définitivement" in page and "Personne supprimée" in page


@pytest.mark.parametrize("who", ["other_secretary_client", "outsider_client", "contributor_client"])
def test_only_the_secretariat_of_her_basin_may_erase_her(request: pytest.FixtureRequest, who: str, zoe: Person) -> None:
    client = request.getfixturevalue(who)
    assert client.post(f"/annuaire/personnes/{zoe.pk}/effacer/").status_code == 403
    zoe.refresh_from_db()
    assert zoe.last_name == "Vanderbeken"


def test_the_secretariat_lists_pending_requests_of_its_basin_only(
    secretary_client: Client, other_secretary_client: Client, zoe: Person
) -> None:
    user = UserFactory.create(email=zoe.email)
    zoe.user = user
    zoe.save()
    request_erasure(user)
    assert "Zoé Vanderbeken" in secretary_client.get("/annuaire/effacements/").content.decode()
    assert "Zoé Vanderbeken" not in other_secretary_client.get("/annuaire/effacements/").content.decode()


def test_a_refusal_needs_a_reason_and_records_it(secretary_client: Client, zoe: Person) -> None:
    user = UserFactory.create(email=zoe.email)
    zoe.user = user
    zoe.save()
    pending = request_erasure(user)
    secretary_client.post(f"/annuaire/effacements/{pending.pk}/refuser/", {"answer": ""})
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.PENDING
    secretary_client.post(f"/annuaire/effacements/{pending.pk}/refuser/", {"answer": "Mandat en cours au comité"})
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.REFUSED and pending.answer == "Mandat en cours au comité"


def test_the_person_s_export_includes_the_directory_record(zoe: Person) -> None:
    user = UserFactory.create(email=zoe.email)
    zoe.user = user
    zoe.save()
    sources = {s["key"]: s["data"] for s in export_user_data(user)["sources"]}
    assert sources["directory"]["last_name"] == "Vanderbeken"
    assert sources["directory"]["affiliations"][0]["organisation"] == "Atelier des Savoirs"


def test_a_colleague_s_affiliation_entries_are_left_alone(zoe: Person, basin: Basin, secretary: Any) -> None:
    colleague = AffiliationFactory.create(person__basin=basin, person__last_name="Collègue")
    from synergies.directory.personal_data import erase_person

    erase_person(zoe, by=secretary)
    colleague.person.refresh_from_db()
    assert colleague.person.last_name == "Collègue"
