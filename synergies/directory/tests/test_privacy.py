"""Personal data on public pages (DESIGN §8): e-mails never, names only with consent."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.basins.models import Basin
from synergies.directory import services
from synergies.directory.models import Organisation
from synergies.directory.tests.utils import page_text
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(basin: Basin) -> Organisation:
    organisation = OrganisationFactory.create(
        basin=basin, name="Mission régionale du Centre", slug="mire-centre", type="mire", email="info@mire.example"
    )
    consenting = PersonFactory.create(
        basin=basin, first_name="Giulia", last_name="Rossi", email="giulia.rossi@mire.example", public_consent=True
    )
    discreet = PersonFactory.create(
        basin=basin, first_name="Karim", last_name="Benali", email="karim.benali@mire.example", public_consent=False
    )
    former = PersonFactory.create(
        basin=basin, first_name="Luca", last_name="Piette", email="luca.piette@mire.example", public_consent=True
    )
    AffiliationFactory.create(person=consenting, organisation=organisation, function="Job coach")
    AffiliationFactory.create(person=discreet, organisation=organisation, function="Directeur")
    AffiliationFactory.create(
        person=former,
        organisation=organisation,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    return organisation


PUBLIC_WHO = ["anonymous", "outsider", "contributor", "other_secretary"]


def client_of(request: pytest.FixtureRequest, who: str) -> Client:
    return request.getfixturevalue("client" if who == "anonymous" else f"{who}_client")


@pytest.mark.parametrize("who", PUBLIC_WHO)
def test_a_person_without_consent_never_appears_on_the_public_organisation_page(
    request: pytest.FixtureRequest, who: str, organisation: Organisation
) -> None:
    text = page_text(client_of(request, who).get(organisation.get_absolute_url()))
    assert "Benali" not in text
    assert "Karim" not in text
    assert "Directeur" not in text


@pytest.mark.parametrize("who", PUBLIC_WHO)
def test_a_person_who_consented_is_named_with_their_function(
    request: pytest.FixtureRequest, who: str, organisation: Organisation
) -> None:
    text = page_text(client_of(request, who).get(organisation.get_absolute_url()))
    assert "Personnes de contact" in text
    assert "Giulia Rossi — Job coach" in text


@pytest.mark.parametrize("who", PUBLIC_WHO)
def test_a_former_member_of_staff_is_not_listed_any_more(
    request: pytest.FixtureRequest, who: str, organisation: Organisation
) -> None:
    assert "Piette" not in page_text(client_of(request, who).get(organisation.get_absolute_url()))


@pytest.mark.parametrize("who", PUBLIC_WHO)
def test_e_mail_addresses_of_people_never_appear_on_public_pages(
    request: pytest.FixtureRequest, who: str, organisation: Organisation, basin: Basin
) -> None:
    user_client = client_of(request, who)
    pages = [
        organisation.get_absolute_url(),
        reverse("directory:list"),
        reverse("directory:list") + "?q=mission",
        reverse("portal:home"),
        reverse("portal:basin", args=[basin.code]),
        reverse("portal:basins"),
    ]
    for url in pages:
        text = page_text(user_client.get(url))
        for address in ("giulia.rossi@mire.example", "karim.benali@mire.example", "luca.piette@mire.example"):
            assert address not in text, (url, address)
    export = b"".join(user_client.get(reverse("directory:export")).streaming_content).decode()  # type: ignore[attr-defined]
    assert "@mire.example" not in export.replace("info@mire.example", "")
    assert "Rossi" not in export


def test_the_organisations_own_contact_address_is_public(client: Client, organisation: Organisation) -> None:
    assert "info@mire.example" in page_text(client.get(organisation.get_absolute_url()))


def test_the_secretariat_sees_everyone_with_a_note_on_names_that_are_not_public(
    secretary_client: Client, organisation: Organisation
) -> None:
    text = page_text(secretary_client.get(organisation.get_absolute_url()))
    assert "Giulia Rossi" in text
    assert 'Karim Benali</a> <span class="muted">(nom non public)</span> — Directeur' in text
    assert "Giulia Rossi</a> — Job coach" in text
    assert "Piette" not in text
    assert "karim.benali@mire.example" not in text


def test_withdrawing_consent_removes_the_name_from_the_public_page(
    client: Client, organisation: Organisation, secretary: Any
) -> None:
    person = organisation.affiliations.get(person__last_name="Rossi").person
    services.update_person(person, {"public_consent": False}, by=secretary)
    text = page_text(client.get(organisation.get_absolute_url()))
    assert "Rossi" not in text
    assert "Personnes de contact" not in text
