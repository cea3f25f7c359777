"""List pages run the same number of queries with 10 records as with 1,000 (DESIGN §7.7, §8)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.basins.models import Basin
from synergies.directory.models import Person
from synergies.directory.tests.utils import bulk_organisations, page_text
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries_for(user_client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = user_client.get(url)
        assert response.status_code == 200
    return len(context.captured_queries), page_text(response)


LIST_QUERIES = [
    "",
    "?q=organisation",
    "?q=ORGANISATION+0000",
    "?bassin=hainaut-centre",
    "?monde=training",
    "?type=cisp",
    "?sous_region=Mons-Borinage",
    "?commune=boussu",
    "?bassin=hainaut-centre&monde=training&type=cisp&sous_region=Centre&commune=chapelle-lez-herlaimont&q=org",
    "?page=2",
    "?page=last&type=cisp",
]


@pytest.mark.parametrize("who", ["anonymous", "secretary", "admin"])
@pytest.mark.parametrize("query", LIST_QUERIES)
def test_the_directory_list_runs_as_many_queries_with_1000_organisations_as_with_10(
    request: pytest.FixtureRequest, basin: Basin, who: str, query: str
) -> None:
    user_client: Client = request.getfixturevalue("client" if who == "anonymous" else f"{who}_client")
    url = reverse("directory:list") + query
    bulk_organisations(basin, 10)
    bulk_organisations(basin, 3, prefix="Archivée", is_active=False)
    user_client.get(url)  # warm the caches that last for the process (content types, templates)
    few, _ = queries_for(user_client, url)

    bulk_organisations(basin, 990, start=10)
    many, many_text = queries_for(user_client, url)

    assert many == few
    assert few <= 12, f"{few} queries for the directory list"
    if query in ("", "?q=organisation", "?type=cisp"):
        assert "1000 organisations" in many_text or "1003 organisations" in many_text
        assert many_text.count('<h3><a href="/annuaire/organisations/') == 25


@pytest.mark.parametrize("who", ["secretary", "admin"])
@pytest.mark.parametrize("query", ["", "?q=dupont", "?page=2", "?q=example.org&page=3"])
def test_the_person_list_runs_as_many_queries_with_1000_people_as_with_10(
    request: pytest.FixtureRequest, basin: Basin, other_basin: Basin, who: str, query: str
) -> None:
    user_client: Client = request.getfixturevalue(f"{who}_client")
    url = reverse("directory:people") + query

    def people(start: int, count: int) -> None:
        Person.objects.bulk_create(
            [
                Person(
                    basin=basin if n % 4 else other_basin,
                    first_name="Marc",
                    last_name=f"Dupont{n:04d}",
                    email=f"marc.dupont{n}@example.org",
                    search_text=f"marc dupont{n:04d} marc.dupont{n}@example.org",
                )
                for n in range(start, start + count)
            ]
        )

    people(0, 10)
    user_client.get(url)
    few, _ = queries_for(user_client, url)
    people(10, 990)
    many, text = queries_for(user_client, url)
    assert many == few
    assert few <= 8, f"{few} queries for the person list"
    if query == "":
        expected = 1000 if who == "admin" else 750
        assert f"{expected} personnes" in text


def test_a_linked_account_does_not_cost_a_query_per_person(secretary_client: Client, basin: Basin) -> None:
    url = reverse("directory:people")
    PersonFactory.create(basin=basin, user=UserFactory.create())
    secretary_client.get(url)
    few, _ = queries_for(secretary_client, url)
    for _n in range(20):
        PersonFactory.create(basin=basin, user=UserFactory.create(is_active=False))
    many, text = queries_for(secretary_client, url)
    assert many == few
    assert "invité·e" in text


def test_the_organisation_page_does_not_grow_with_its_contacts(client: Client, basin: Basin) -> None:
    organisation = OrganisationFactory.create(basin=basin)
    AffiliationFactory.create(organisation=organisation, person=PersonFactory.create(public_consent=True))
    url = organisation.get_absolute_url()
    client.get(url)
    few, _ = queries_for(client, url)
    for _n in range(15):
        AffiliationFactory.create(organisation=organisation, person=PersonFactory.create(public_consent=True))
    many, _text = queries_for(client, url)
    assert many == few
