"""Every directory screen, for each kind of visitor: who may, and who may not."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.accounts.models import Invitation, Role
from synergies.accounts.services import accept_invitation
from synergies.basins.models import Basin, Commune
from synergies.directory import services
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.directory.tests.utils import bulk_organisations, page_text
from synergies.lib.models import AuditEntry
from synergies.testing.auth import log_in
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def hc_org(basin: Basin) -> Organisation:
    return OrganisationFactory.create(basin=basin, name="CISP du Centre", slug="cisp-du-centre", type="cisp")


@pytest.fixture
def hc_archived(basin: Basin) -> Organisation:
    return OrganisationFactory.create(basin=basin, name="Ancien CEFA", slug="ancien-cefa", type="cefa", is_active=False)


@pytest.fixture
def namur_org(other_basin: Basin) -> Organisation:
    return OrganisationFactory.create(basin=other_basin, name="CPAS de Namur", slug="cpas-de-namur", type="cpas")


@pytest.fixture
def hc_person(basin: Basin, hc_org: Organisation) -> Person:
    person = PersonFactory.create(
        basin=basin, first_name="Julie", last_name="Lambert", email="julie.lambert@cisp.example"
    )
    AffiliationFactory.create(person=person, organisation=hc_org, function="Formatrice")
    return person


def client_of(request: pytest.FixtureRequest, who: str) -> Client:
    return request.getfixturevalue("client" if who == "anonymous" else f"{who}_client")


EVERYONE = ["anonymous", "outsider", "contributor", "other_secretary", "secretary", "admin"]


# --- public pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_may_read_the_directory_list_detail_and_export(
    request: pytest.FixtureRequest, who: str, hc_org: Organisation
) -> None:
    user_client = client_of(request, who)
    assert user_client.get(reverse("directory:list")).status_code == 200
    assert user_client.get(hc_org.get_absolute_url()).status_code == 200
    assert user_client.get(reverse("directory:export")).status_code == 200


def test_the_directory_list_shows_active_organisations_with_type_world_and_communes(
    client: Client, hc_org: Organisation, hc_archived: Organisation, commune: Callable[[str], Commune]
) -> None:
    hc_org.sites.create(commune=commune("La Louvière"), is_main=True)
    response = client.get(reverse("directory:list"))
    text = page_text(response)
    assert "1 organisation" in text
    assert "CISP du Centre" in text
    assert "Centre d'insertion socioprofessionnelle (CISP) · Formation · La Louvière" in text
    assert "Ancien CEFA" not in text
    assert "Ajouter une organisation" not in text


def test_the_list_offers_the_add_button_to_a_secretary_and_shows_their_archived_records(
    secretary_client: Client, hc_org: Organisation, hc_archived: Organisation
) -> None:
    text = page_text(secretary_client.get(reverse("directory:list")))
    assert "Ajouter une organisation" in text
    assert "Ancien CEFA" in text
    assert "archivée" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=cisp", ["CISP du Centre"]),
        ("q=CENTRE+cîsp", ["CISP du Centre"]),
        ("monde=employment", ["CPAS de Namur"]),
        ("type=cisp", ["CISP du Centre"]),
        ("bassin=namur", ["CPAS de Namur"]),
        ("bassin=hainaut-centre&monde=training", ["CISP du Centre"]),
        ("commune=binche", ["CISP du Centre"]),
        ("sous_region=Centre", ["CISP du Centre"]),
        ("sous_region=Mons-Borinage", []),
        ("monde=nowhere", ["CISP du Centre", "CPAS de Namur"]),
    ],
)
def test_the_filters_narrow_the_list(
    client: Client,
    hc_org: Organisation,
    namur_org: Organisation,
    commune: Callable[[str], Commune],
    query: str,
    expected: list[str],
) -> None:
    hc_org.sites.create(commune=commune("Binche"), is_main=True)
    text = page_text(client.get(f"{reverse('directory:list')}?{query}"))
    for name in ["CISP du Centre", "CPAS de Namur"]:
        assert (f">{name}</a>" in text) == (name in expected), name


def test_the_list_paginates_by_25_and_keeps_the_filters_in_the_page_links(client: Client, basin: Basin) -> None:
    bulk_organisations(basin, 30, prefix="École")
    response = client.get(reverse("directory:list") + "?q=ecole&page=2")
    text = page_text(response)
    assert "30 organisations" in text
    assert "Page 2 sur 2" in text
    assert text.count('<li>\n        <h3><a href="/annuaire/organisations/') == 5
    assert 'href="?q=ecole&page=1"' in text
    assert "/annuaire/export.csv?q=ecole" in text


def test_an_organisation_page_shows_its_facts_in_french(
    client: Client, hc_org: Organisation, commune: Callable[[str], Commune]
) -> None:
    hc_org.enterprise_number = "0403170701"
    hc_org.website = "https://cisp.example/"
    hc_org.save()
    hc_org.sites.create(commune=commune("Manage"), is_main=True)
    text = page_text(client.get(hc_org.get_absolute_url()))
    assert "<h1>CISP du Centre" in text
    assert "0403.170.701" in text
    assert "Opérateurs de l'emploi, de la formation professionnelle et de l'insertion" in text
    assert "Manage (7170) · siège" in text
    assert 'href="/annuaire/organisations/cisp-du-centre/modifier/"' not in text
    assert "Dernières modifications" not in text


def test_an_archived_organisation_is_hidden_from_the_public_and_other_basins(
    client: Client, outsider_client: Client, other_secretary_client: Client, hc_archived: Organisation
) -> None:
    for user_client in (client, outsider_client, other_secretary_client):
        response = user_client.get(hc_archived.get_absolute_url())
        assert response.status_code == 404
        assert "Page introuvable" in page_text(response)


@pytest.mark.parametrize("who", ["secretary", "admin"])
def test_an_archived_organisation_is_shown_to_those_who_manage_it(
    request: pytest.FixtureRequest, who: str, hc_archived: Organisation
) -> None:
    response = client_of(request, who).get(hc_archived.get_absolute_url())
    assert response.status_code == 200
    assert "archivée" in page_text(response)


def test_a_missing_organisation_is_a_404(client: Client, basin: Basin) -> None:
    assert client.get(reverse("directory:organisation", kwargs={"slug": "nope"})).status_code == 404


def test_the_organisation_page_shows_history_and_edit_link_to_its_secretary(
    secretary_client: Client, secretary: Any, basin: Basin
) -> None:
    organisation = services.create_organisation({"basin": basin, "name": "Alpha", "type": "literacy"}, by=secretary)
    services.update_organisation(organisation, {"name": "Alpha Borinage"}, by=secretary)
    text = page_text(secretary_client.get(organisation.get_absolute_url()))
    assert "Dernières modifications" in text
    assert "name : Alpha → Alpha Borinage" in text
    assert f'href="{reverse("directory:organisation_edit", args=[organisation.slug])}"' in text


# --- pages for the secretariat: anonymous → login; no role → 403; another basin → 403 or 404 -------------------


STAFF_PAGES = {
    "organisation_create": lambda: reverse("directory:organisation_create"),
    "people": lambda: reverse("directory:people"),
    "person_create": lambda: reverse("directory:person_create"),
    "import": lambda: reverse("directory:import"),
}


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_the_login_page(client: Client, basin: Basin, page: str) -> None:
    url = STAFF_PAGES[page]()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


@pytest.mark.parametrize("who", ["outsider", "contributor"])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_are_forbidden_to_people_without_a_secretariat_role(
    request: pytest.FixtureRequest, who: str, page: str
) -> None:
    response = client_of(request, who).get(STAFF_PAGES[page]())
    assert response.status_code == 403
    assert "Accès refusé" in page_text(response)


@pytest.mark.parametrize("who", ["secretary", "other_secretary", "admin"])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_open_to_any_secretariat_and_platform_admins(
    request: pytest.FixtureRequest, who: str, page: str
) -> None:
    response = client_of(request, who).get(STAFF_PAGES[page]())
    assert response.status_code == 200
    assert '<html lang="fr-BE">' in page_text(response)


RECORD_PAGES = {
    "organisation_edit": lambda org, person: reverse("directory:organisation_edit", args=[org.slug]),
    "person": lambda org, person: reverse("directory:person", args=[person.pk]),
    "person_edit": lambda org, person: reverse("directory:person_edit", args=[person.pk]),
}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("outsider", 403),
        ("contributor", 403),
        ("other_secretary", 403),
        ("secretary", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("page", RECORD_PAGES)
def test_record_pages_of_hainaut_centre_open_only_to_its_secretariat_and_admins(
    request: pytest.FixtureRequest, who: str, status: int, page: str, hc_org: Organisation, hc_person: Person
) -> None:
    response = client_of(request, who).get(RECORD_PAGES[page](hc_org, hc_person))
    assert response.status_code == status


@pytest.mark.parametrize("page", RECORD_PAGES)
def test_record_pages_send_anonymous_visitors_to_the_login_page(
    client: Client, page: str, hc_org: Organisation, hc_person: Person
) -> None:
    url = RECORD_PAGES[page](hc_org, hc_person)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


@pytest.mark.parametrize(("who", "status"), [("other_secretary", 404), ("outsider", 404), ("secretary", 200)])
def test_editing_an_archived_organisation_of_another_basin_is_a_404(
    request: pytest.FixtureRequest, who: str, status: int, hc_archived: Organisation
) -> None:
    url = reverse("directory:organisation_edit", args=[hc_archived.slug])
    assert client_of(request, who).get(url).status_code == status


def test_a_missing_person_is_a_404(secretary_client: Client, basin: Basin) -> None:
    assert secretary_client.get(reverse("directory:person", args=[999999])).status_code == 404


def test_the_person_list_shows_only_the_people_of_ones_basin(
    secretary_client: Client, other_secretary_client: Client, hc_person: Person, other_basin: Basin
) -> None:
    PersonFactory.create(basin=other_basin, first_name="Nina", last_name="Namuroise")
    hainaut = page_text(secretary_client.get(reverse("directory:people")))
    namur = page_text(other_secretary_client.get(reverse("directory:people")))
    assert "Lambert Julie" in hainaut
    assert "Namuroise" not in hainaut
    assert "Namuroise Nina" in namur
    assert "Lambert" not in namur


def test_the_person_list_searches_names(secretary_client: Client, hc_person: Person, basin: Basin) -> None:
    PersonFactory.create(basin=basin, first_name="Marc", last_name="Dupont")
    text = page_text(secretary_client.get(reverse("directory:people") + "?q=lambert"))
    assert "Lambert Julie" in text
    assert "Dupont" not in text
    assert "1 personne" in text


# --- writes: organisations --------------------------------------------------------------------------------------


def organisation_post(basin: Basin, communes: list[Commune], **overrides: Any) -> dict[str, Any]:
    return {
        "basin": basin.pk,
        "name": "Centre de compétence Logistique",
        "acronym": "CCL",
        "type": "competence_centre",
        "enterprise_number": "BE 0403.170.701",
        "website": "ccl.example",
        "email": "info@ccl.example",
        "phone": "",
        "description": "",
        "is_active": "on",
        "communes": [c.pk for c in communes],
        **overrides,
    }


@pytest.mark.parametrize("who", ["secretary", "admin"])
def test_a_secretary_or_admin_adds_an_organisation(
    request: pytest.FixtureRequest, who: str, basin: Basin, commune: Callable[[str], Commune]
) -> None:
    data = organisation_post(basin, [commune("Seneffe"), commune("Manage")])
    response = client_of(request, who).post(reverse("directory:organisation_create"), data, follow=True)
    organisation = Organisation.objects.get(name="Centre de compétence Logistique")
    assert response.redirect_chain[-1] == (organisation.get_absolute_url(), 302)
    assert "L’organisation « Centre de compétence Logistique » est ajoutée à l’annuaire." in page_text(response)
    assert organisation.enterprise_number == "0403170701"
    assert organisation.website == "https://ccl.example"
    assert organisation.is_active
    assert [c.name for c in organisation.communes()] == ["Seneffe", "Manage"]
    assert AuditEntry.objects.for_object(organisation).get().verb == "organisation.create"


def test_the_add_form_refuses_a_bad_enterprise_number_next_to_the_field(
    secretary_client: Client, basin: Basin, commune: Callable[[str], Commune]
) -> None:
    data = organisation_post(basin, [], enterprise_number="0403.170.702")
    response = secretary_client.post(reverse("directory:organisation_create"), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Le formulaire contient des erreurs" in text
    assert "Le numéro d'entreprise « 0403.170.702 » est invalide" in text
    assert Organisation.objects.count() == 0


def test_the_add_form_refuses_an_enterprise_number_already_in_the_directory(
    secretary_client: Client, basin: Basin, namur_org: Organisation
) -> None:
    namur_org.enterprise_number = "0403170701"
    namur_org.save()
    response = secretary_client.post(reverse("directory:organisation_create"), organisation_post(basin, []))
    assert response.status_code == 200
    assert "Ce numéro est déjà celui de « CPAS de Namur »." in page_text(response)
    assert Organisation.objects.count() == 1


def test_a_secretary_cannot_file_an_organisation_into_another_basin(
    other_secretary_client: Client, basin: Basin
) -> None:
    response = other_secretary_client.post(reverse("directory:organisation_create"), organisation_post(basin, []))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert Organisation.objects.count() == 0


def test_anonymous_visitors_cannot_add_an_organisation(client: Client, basin: Basin) -> None:
    response = client.post(reverse("directory:organisation_create"), organisation_post(basin, []))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", "contributor"])
def test_people_without_a_role_cannot_add_an_organisation(
    request: pytest.FixtureRequest, who: str, basin: Basin
) -> None:
    user_client = client_of(request, who)
    before = Organisation.objects.count()
    response = user_client.post(reverse("directory:organisation_create"), organisation_post(basin, []))
    assert response.status_code == 403
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("who", "status", "changed"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 403, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_editing_an_organisation_is_for_its_basins_secretariat_and_admins(
    request: pytest.FixtureRequest,
    who: str,
    status: int,
    changed: bool,
    hc_org: Organisation,
    basin: Basin,
    commune: Callable[[str], Commune],
) -> None:
    url = reverse("directory:organisation_edit", args=[hc_org.slug])
    data = organisation_post(basin, [commune("Binche")], name="CISP du Centre (renommé)", enterprise_number="")
    response = client_of(request, who).post(url, data)
    assert response.status_code == status
    hc_org.refresh_from_db()
    assert (hc_org.name == "CISP du Centre (renommé)") is changed
    if changed:
        assert response["Location"] == hc_org.get_absolute_url()
        assert [c.name for c in hc_org.communes()] == ["Binche"]
        assert AuditEntry.objects.for_object(hc_org).get().changes["name"] == [
            "CISP du Centre",
            "CISP du Centre (renommé)",
        ]


def test_saving_the_edit_form_keeps_the_head_office_whatever_the_order_of_the_list(
    secretary_client: Client, hc_org: Organisation, basin: Basin, commune: Callable[[str], Commune]
) -> None:
    hc_org.sites.create(commune=commune("Mons"), is_main=True)
    hc_org.sites.create(commune=commune("Jurbise"), is_main=False)
    # A browser sends the selected options in the order of the list, here alphabetical.
    data = organisation_post(basin, [commune("Jurbise"), commune("Mons")], name=hc_org.name, enterprise_number="")
    secretary_client.post(reverse("directory:organisation_edit", args=[hc_org.slug]), data)
    assert [(s.commune.name, s.is_main) for s in hc_org.sites.select_related("commune").order_by("-is_main")] == [
        ("Mons", True),
        ("Jurbise", False),
    ]


def test_the_edit_form_shows_the_current_values(secretary_client: Client, hc_org: Organisation) -> None:
    hc_org.enterprise_number = "0403170701"
    hc_org.save()
    text = page_text(secretary_client.get(reverse("directory:organisation_edit", args=[hc_org.slug])))
    assert "Modifier « CISP du Centre »" in text
    assert 'value="0403.170.701"' in text


def test_a_secretary_may_archive_an_organisation_and_still_see_it(
    secretary_client: Client, client: Client, hc_org: Organisation, basin: Basin
) -> None:
    data = organisation_post(basin, [], name=hc_org.name, enterprise_number="")
    del data["is_active"]
    secretary_client.post(reverse("directory:organisation_edit", args=[hc_org.slug]), data)
    hc_org.refresh_from_db()
    assert hc_org.is_active is False
    assert secretary_client.get(hc_org.get_absolute_url()).status_code == 200
    assert client.get(hc_org.get_absolute_url()).status_code == 404


# --- writes: people ---------------------------------------------------------------------------------------------


def person_post(basin: Basin, **overrides: Any) -> dict[str, Any]:
    return {
        "basin": basin.pk,
        "first_name": "Amina",
        "last_name": "Benali",
        "email": "amina.benali@mire.example",
        "phone": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "status", "created"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 200, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_adding_a_person_to_hainaut_centre_is_for_its_secretariat_and_admins(
    request: pytest.FixtureRequest, who: str, status: int, created: bool, basin: Basin
) -> None:
    response = client_of(request, who).post(reverse("directory:person_create"), person_post(basin))
    assert response.status_code == status
    person = Person.objects.filter(last_name="Benali").first()
    assert (person is not None) is created
    if person is not None:
        assert response["Location"] == person.get_absolute_url()
        assert person.public_consent is False
        assert person.consent_recorded_at is None


def test_recording_consent_through_the_form_dates_it(secretary_client: Client, hc_person: Person, basin: Basin) -> None:
    url = reverse("directory:person_edit", args=[hc_person.pk])
    data = person_post(basin, first_name="Julie", last_name="Lambert", public_consent="on")
    assert secretary_client.post(url, data).status_code == 302
    hc_person.refresh_from_db()
    assert hc_person.public_consent
    assert hc_person.consent_recorded_at is not None
    text = page_text(secretary_client.get(hc_person.get_absolute_url()))
    assert "oui (consentement du" in text


@pytest.mark.parametrize(
    ("who", "status", "changed"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 403, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_editing_a_person_is_for_their_basins_secretariat_and_admins(
    request: pytest.FixtureRequest, who: str, status: int, changed: bool, hc_person: Person, basin: Basin
) -> None:
    url = reverse("directory:person_edit", args=[hc_person.pk])
    response = client_of(request, who).post(url, person_post(basin, first_name="Julie", last_name="Lambert-Dubois"))
    assert response.status_code == status
    hc_person.refresh_from_db()
    assert (hc_person.last_name == "Lambert-Dubois") is changed


def test_the_person_page_shows_contacts_affiliations_and_the_invitation_form(
    secretary_client: Client, hc_person: Person
) -> None:
    text = page_text(secretary_client.get(hc_person.get_absolute_url()))
    assert "<h1>Julie Lambert</h1>" in text
    assert "julie.lambert@cisp.example" in text
    assert "CISP du Centre" in text
    assert "Formatrice" in text
    assert "Un e-mail avec un lien à usage unique sera envoyé à julie.lambert@cisp.example" in text


# --- writes: affiliations ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "added"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 403, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_adding_an_affiliation_is_for_the_persons_basin_secretariat_and_admins(
    request: pytest.FixtureRequest, who: str, status: int, added: bool, hc_person: Person, basin: Basin
) -> None:
    other = OrganisationFactory.create(basin=basin, name="MIRE du Centre", type="mire")
    url = reverse("directory:affiliation_add", args=[hc_person.pk])
    response = client_of(request, who).post(
        url, {"organisation": other.pk, "function": "Job coach", "start_date": "2024-09-01"}
    )
    assert response.status_code == status
    assert Affiliation.objects.filter(person=hc_person, organisation=other).exists() is added
    if added:
        assert response["Location"] == hc_person.get_absolute_url()


def test_an_affiliation_cannot_be_added_by_get(secretary_client: Client, hc_person: Person) -> None:
    response = secretary_client.get(reverse("directory:affiliation_add", args=[hc_person.pk]))
    assert response.status_code == 405


def test_an_affiliation_to_an_organisation_of_another_basin_is_refused_with_a_message(
    secretary_client: Client, hc_person: Person, namur_org: Organisation
) -> None:
    url = reverse("directory:affiliation_add", args=[hc_person.pk])
    response = secretary_client.post(url, {"organisation": namur_org.pk, "function": "Conseiller"}, follow=True)
    assert "Affiliation non ajoutée : Sélectionnez un choix valide." in page_text(response)
    assert not Affiliation.objects.filter(organisation=namur_org).exists()


@pytest.mark.parametrize(
    ("who", "status", "ended"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 403, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_ending_an_affiliation_is_for_the_persons_basin_secretariat_and_admins(
    request: pytest.FixtureRequest, who: str, status: int, ended: bool, hc_person: Person
) -> None:
    affiliation = hc_person.affiliations.get()
    url = reverse("directory:affiliation_end", args=[hc_person.pk, affiliation.pk])
    response = client_of(request, who).post(url)
    assert response.status_code == status
    affiliation.refresh_from_db()
    assert (affiliation.end_date is not None) is ended


def test_ending_the_affiliation_of_someone_else_through_this_person_is_a_404(
    secretary_client: Client, hc_person: Person, basin: Basin
) -> None:
    stranger = AffiliationFactory.create(person=PersonFactory.create(basin=basin))
    url = reverse("directory:affiliation_end", args=[hc_person.pk, stranger.pk])
    assert secretary_client.post(url).status_code == 404
    stranger.refresh_from_db()
    assert stranger.end_date is None


def test_ending_an_affiliation_that_starts_in_the_future_shows_the_error(
    secretary_client: Client, hc_person: Person, hc_org: Organisation
) -> None:
    future = AffiliationFactory.create(person=hc_person, organisation=hc_org, start_date=datetime.date(2099, 1, 1))
    url = reverse("directory:affiliation_end", args=[hc_person.pk, future.pk])
    response = secretary_client.post(url, follow=True)
    assert "La fin ne peut précéder le début de l’affiliation." in page_text(response)
    future.refresh_from_db()
    assert future.end_date is None


# --- writes: invitations ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "invited"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("contributor", 403, False),
        ("other_secretary", 403, False),
        ("secretary", 302, True),
        ("admin", 302, True),
    ],
)
def test_inviting_a_person_is_for_their_basins_secretariat_and_admins(
    request: pytest.FixtureRequest,
    who: str,
    status: int,
    invited: bool,
    hc_person: Person,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    user_client = client_of(request, who)
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(reverse("directory:person_invite", args=[hc_person.pk]))
    assert response.status_code == status
    hc_person.refresh_from_db()
    assert (hc_person.user is not None) is invited
    assert [m.to for m in mailoutbox] == ([["julie.lambert@cisp.example"]] if invited else [])


def test_inviting_into_the_secretariat_through_the_screen_grants_the_role_on_acceptance(
    secretary_client: Client, hc_person: Person, basin: Basin, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(
            reverse("directory:person_invite", args=[hc_person.pk]), {"as_secretariat": "on"}, follow=True
        )
    assert "Invitation envoyée à julie.lambert@cisp.example ; le lien est valable jusqu’au" in page_text(response)
    invitation = Invitation.objects.get()
    assert invitation.role == Role.SECRETARIAT
    user = accept_invitation(invitation, password="un mot de passe solide 2026")
    new_client = log_in(Client(), user)
    assert new_client.get(reverse("directory:people")).status_code == 200


def test_inviting_a_person_without_e_mail_shows_a_clear_error(
    secretary_client: Client, basin: Basin, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(basin=basin, email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(reverse("directory:person_invite", args=[person.pk]), follow=True)
    assert "Ajoutez d’abord une adresse e-mail à cette personne." in page_text(response)
    assert mailoutbox == []
    assert Invitation.objects.count() == 0


def test_an_invitation_cannot_be_sent_by_get(secretary_client: Client, hc_person: Person) -> None:
    assert secretary_client.get(reverse("directory:person_invite", args=[hc_person.pk])).status_code == 405
