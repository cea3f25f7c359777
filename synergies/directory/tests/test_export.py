"""The public CSV download of the directory."""

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation
from synergies.directory.tests.utils import bulk_organisations
from synergies.testing.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = reverse("directory:export")


def download(user_client: Client, query: str = "") -> tuple[bytes, list[list[str]]]:
    response = user_client.get(URL + query)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    return data, rows


@pytest.fixture
def directory(basin: Basin, other_basin: Basin, commune: Callable[[str], Commune]) -> None:
    school = OrganisationFactory.create(
        basin=basin,
        name="École des Métiers",
        acronym="EDM",
        type="secondary_school",
        enterprise_number="0403170701",
        description="Électricité; mécanique",
    )
    SiteFactory.create(organisation=school, commune=commune("Mons"))
    SiteFactory.create(organisation=school, commune=commune("Jurbise"), is_main=False)
    OrganisationFactory.create(basin=basin, name="CPAS de Dour", type="cpas")
    OrganisationFactory.create(basin=basin, name="Ancien CISP", type="cisp", is_active=False)
    OrganisationFactory.create(basin=other_basin, name="CPAS de Namur", type="cpas")


def test_the_export_is_a_utf8_csv_with_bom_and_semicolons_named_by_date(client: Client, directory: None) -> None:
    response = client.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="organisations-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    data, rows = download(client)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.splitlines()[0].decode("utf-8-sig") == (
        "Nom;Sigle;Type;Numéro d'entreprise;Site web;E-mail;Téléphone;Communes;Description"
    )
    assert b"\r\n" in data
    school = next(r for r in rows if r[0] == "École des Métiers")
    assert school == [
        "École des Métiers",
        "EDM",
        "École secondaire qualifiante (technique, professionnel)",
        "0403.170.701",
        "",
        "",
        "",
        "Mons, Jurbise",
        "Électricité; mécanique",
    ]


def test_anonymous_visitors_do_not_get_archived_organisations(client: Client, directory: None) -> None:
    _, rows = download(client)
    assert [r[0] for r in rows[1:]] == ["CPAS de Dour", "CPAS de Namur", "École des Métiers"]


def test_the_secretariat_export_includes_its_archived_organisations_only(
    secretary_client: Client, other_secretary_client: Client, directory: None
) -> None:
    _, rows = download(secretary_client)
    assert "Ancien CISP" in [r[0] for r in rows]
    _, rows = download(other_secretary_client)
    assert "Ancien CISP" not in [r[0] for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?bassin=namur", ["CPAS de Namur"]),
        ("?monde=employment", ["CPAS de Dour", "CPAS de Namur"]),
        ("?type=secondary_school", ["École des Métiers"]),
        ("?q=ecole+metiers", ["École des Métiers"]),
        ("?commune=jurbise", ["École des Métiers"]),
        ("?sous_region=Mons-Borinage", ["École des Métiers"]),
        ("?bassin=hainaut-centre&monde=employment", ["CPAS de Dour"]),
    ],
)
def test_the_export_applies_the_filters_of_the_list(
    client: Client, directory: None, query: str, expected: list[str]
) -> None:
    _, rows = download(client, query)
    assert [r[0] for r in rows[1:]] == expected


def test_the_list_links_to_the_export_with_its_filters(client: Client, directory: None) -> None:
    text = client.get(reverse("directory:list") + "?monde=employment&page=1").content.decode()
    assert 'href="/annuaire/export.csv?monde=employment"' in text


def test_an_export_larger_than_one_chunk_lists_every_organisation_once(client: Client, basin: Basin) -> None:
    bulk_organisations(basin, 1203)
    _, rows = download(client)
    names = [r[0] for r in rows[1:]]
    assert len(names) == len(set(names)) == 1203
    assert all(r[7] for r in rows[1:]), "every row keeps its communes"
    assert Organisation.objects.count() == 1203
