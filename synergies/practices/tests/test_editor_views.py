"""The record editor: who may create and edit a practice, what the form accepts and refuses, and what it keeps."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.directory.models import Organisation
from synergies.practices.models import Practice, Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_editor import (
    XSS_PAYLOADS,
    concept_ids,
    form_data,
    latest_revision,
    organisation,
    person,
)
from synergies.skills.tests.factories import add_node, make_version
from synergies.testing.auth import log_in
from synergies.testing.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


def create_url(pole: Any) -> str:
    return reverse("practices:create", kwargs={"basin": pole.basin.code, "code": pole.code})


def edit_url(practice: Practice) -> str:
    return reverse("practices:edit", kwargs={"slug": practice.slug})


def test_a_contributor_describes_a_practice_of_their_organisation(
    pole: Any, contributor_client: Client, contributor: Any, contributor_organisation: Organisation
) -> None:
    partner = organisation(basin=pole.basin, type="cpas", name="CPAS de La Louvière")
    assert contributor_client.get(create_url(pole)).status_code == 200
    response = contributor_client.post(
        create_url(pole),
        form_data(
            pole,
            contributor_organisation,
            partners=[{"organisation": str(partner.pk), "role": "accueille les ateliers"}],
            links=[{"url": "https://video.example.org/atelier", "label": "La vidéo"}],
        ),
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:review", kwargs={"slug": practice.slug})
    assert practice.status == Status.DRAFT and practice.created_by == contributor
    assert practice.holder == contributor_organisation
    assert practice.publics == ["DE-PQ", "ALPHA"] and practice.levels == ["P1", "P2"]
    assert {(t.concept.code, t.is_main) for t in practice.skills.all()} == {("CB-DIG-01", True), ("CB-LIT-03", False)}
    assert sorted(practice.communes.values_list("nis_code", flat=True)) == ["53053", "58001"]
    assert [(p.organisation, p.role) for p in practice.partners.all()] == [(partner, "accueille les ateliers")]
    assert [(link.url, link.label) for link in practice.links.all()] == [
        ("https://video.example.org/atelier", "La vidéo")
    ]
    assert practice.open_to_visits and not practice.seeks_partners
    assert practice.licence == "CC-BY-4.0"
    assert practice.revisions.get().note == "Première description"


def test_the_new_record_form_offers_the_referential_the_communes_and_the_default_licence(
    pole: Any, contributor_client: Client
) -> None:
    page = contributor_client.get(create_url(pole)).content.decode()
    assert "CB-DIG-01 Information et données" in page and "CB-LIT Littératie" in page
    assert "Mons-Borinage" in page and "La Louvière" in page
    assert 'value="CC-BY-4.0" selected' in page
    assert "Markdown" in page and "consenti" in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("other_secretary", 403)],
)
def test_only_contributors_and_moderators_may_open_the_editor(
    pole: Any, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    if who != "anonymous":
        log_in(client, request.getfixturevalue(who))
    response = client.get(create_url(pole))
    assert response.status_code == expected
    if who == "anonymous":
        assert reverse("accounts:login") in response["Location"]
    assert client.post(create_url(pole), {"title": "x"}).status_code == expected
    assert not Practice.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "platform_admin"])
def test_moderators_may_open_the_editor(pole: Any, client: Client, request: pytest.FixtureRequest, who: str) -> None:
    log_in(client, request.getfixturevalue(who))
    assert client.get(create_url(pole)).status_code == 200


def test_a_contributor_may_name_only_their_own_organisations_as_holder(pole: Any, contributor_client: Client) -> None:
    elsewhere = organisation(basin=pole.basin, type="cisp")
    response = contributor_client.post(create_url(pole), form_data(pole, elsewhere))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Practice.objects.exists()


def test_a_moderator_may_name_any_organisation_of_the_basin_as_holder(pole: Any, secretary_client: Client) -> None:
    holder = organisation(basin=pole.basin, type="cisp")
    assert secretary_client.post(create_url(pole), form_data(pole, holder)).status_code == 302
    assert Practice.objects.get().holder == holder


def test_a_skill_outside_the_version_in_force_is_refused_with_a_clear_error(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    draft = make_version(pole.frameworks.get(), number="2.0")
    newcomer = add_node(draft, "CB-NUM-07", "Nouvelle compétence")
    data = form_data(pole, contributor_organisation, main_skills=[str(newcomer.concept_id)])
    response = contributor_client.post(create_url(pole), data)
    assert response.status_code == 400
    assert "n’appartient pas à la version en vigueur du référentiel" in response.content.decode()
    assert not Practice.objects.exists()


def test_a_skill_cannot_be_both_main_and_secondary(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    both = [str(pk) for pk in concept_ids(pole, "CB-LIT-03")]
    data = form_data(pole, contributor_organisation, main_skills=both, secondary_skills=both)
    response = contributor_client.post(create_url(pole), data)
    assert response.status_code == 400
    assert "soit principale, soit secondaire" in response.content.decode()


def test_a_failed_save_keeps_everything_typed_and_shows_the_errors_in_french(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    data = form_data(
        pole,
        contributor_organisation,
        title="",
        group_size_min="12",
        group_size_max="3",
        links=[{"url": "", "label": "Un lien sans adresse"}],
    )
    response = contributor_client.post(create_url(pole), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in page
    assert "Indiquez l’adresse de ce lien." in page
    assert (
        "Dix séances de deux heures" in page and "Un lien sans adresse" in page and "Utiliser les e-services." in page
    )
    assert re.search(r'value="ALPHA"[^>]*checked', page) and re.search(r'value="58001"[^>]*checked', page)
    assert not Practice.objects.exists()


def test_the_service_refusals_come_back_next_to_their_field(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    data = form_data(pole, contributor_organisation, group_size_min="12", group_size_max="3")
    response = contributor_client.post(create_url(pole), data)
    assert response.status_code == 400
    assert "La taille maximale du groupe est plus petite que la minimale." in response.content.decode()
    assert "Atelier numérique du jeudi" in response.content.decode()


def test_the_contact_person_must_work_for_the_holder(
    pole: Any, secretary_client: Client, contributor: Any, contributor_organisation: Organisation
) -> None:
    other = organisation(basin=pole.basin, type="cpas")
    stranger = person(basin=pole.basin)
    AffiliationFactory(person=stranger, organisation=other)
    data = form_data(pole, contributor_organisation, contact_person=str(stranger.pk))
    response = secretary_client.post(create_url(pole), data)
    assert response.status_code == 400
    assert "ne travaille pas pour l’organisation porteuse" in response.content.decode()
    data["contact_person"] = str(contributor.person.pk)
    assert secretary_client.post(create_url(pole), data).status_code == 302
    assert Practice.objects.get().contact_person == contributor.person


def test_editing_changes_the_record_and_saves_a_revision_with_the_note(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor_organisation)
    page = contributor_client.get(edit_url(practice))
    assert page.status_code == 200 and "Atelier de lecture" in page.content.decode()
    data = form_data(pole, contributor_organisation, title="Atelier de lecture à voix haute", note="Titre précisé")
    assert contributor_client.post(edit_url(practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Atelier de lecture à voix haute"
    latest = latest_revision(practice)
    assert latest.number == 2 and latest.note == "Titre précisé"


def test_saving_an_unchanged_form_adds_no_revision(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    data = form_data(pole, contributor_organisation)
    contributor_client.post(create_url(pole), data)
    practice = Practice.objects.get()
    assert contributor_client.post(edit_url(practice), data).status_code == 302
    assert practice.revisions.count() == 1


def test_partners_and_links_rows_are_kept_removed_and_refilled(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation
) -> None:
    first = organisation(basin=pole.basin, type="cpas")
    second = organisation(basin=pole.basin, type="ale")
    data = form_data(
        pole,
        contributor_organisation,
        partners=[{"organisation": str(first.pk), "role": "relais"}, {"organisation": str(second.pk)}],
        links=[{"url": "https://a.example.org/"}],
    )
    contributor_client.post(create_url(pole), data)
    practice = Practice.objects.get()
    page = contributor_client.get(edit_url(practice)).content.decode()
    assert 'name="partners-TOTAL_FORMS" value="5"' in page  # two filled rows and three empty ones
    data = form_data(
        pole, contributor_organisation, partners=[{"organisation": str(second.pk), "role": "accueil"}], links=[]
    )
    contributor_client.post(edit_url(practice), data)
    assert [(p.organisation, p.role) for p in practice.partners.all()] == [(second, "accueil")]
    assert not practice.links.exists()


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        (Status.DRAFT, "contributor", 200),
        (Status.CHANGES_REQUESTED, "contributor", 200),
        (Status.SUBMITTED, "contributor", 302),
        (Status.PUBLISHED, "contributor", 302),
        (Status.SUBMITTED, "secretary", 200),
        (Status.PUBLISHED, "secretary", 200),
        (Status.PUBLISHED, "platform_admin", 200),
        (Status.ARCHIVED, "secretary", 302),
        (Status.DRAFT, "outsider", 404),
        (Status.DRAFT, "member", 404),
        (Status.DRAFT, "other_secretary", 404),
        (Status.PUBLISHED, "outsider", 403),
        (Status.PUBLISHED, "other_secretary", 403),
    ],
)
def test_who_may_edit_a_record_in_which_state(
    pole: Any,
    contributor_organisation: Organisation,
    client: Client,
    request: pytest.FixtureRequest,
    status: str,
    who: str,
    expected: int,
) -> None:
    practice = make_practice(pole, status=status, holder=contributor_organisation)
    log_in(client, request.getfixturevalue(who))
    response = client.get(edit_url(practice))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == reverse("practices:review", kwargs={"slug": practice.slug})
    posted = client.post(edit_url(practice), form_data(pole, contributor_organisation, title="Changé"))
    practice.refresh_from_db()
    assert (practice.title == "Changé") is (expected == 200)
    assert posted.status_code in (302, 403, 404)


def test_anonymous_visitors_are_sent_to_log_in_before_editing(client: Client, practice: Practice) -> None:
    response = client.get(edit_url(practice))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_and_scripts_typed_in_the_record_are_rendered_inert_on_the_editors_pages(
    pole: Any, contributor_client: Client, contributor_organisation: Organisation, payload: str
) -> None:
    data = form_data(
        pole,
        contributor_organisation,
        title=f"Atelier {payload}",
        summary=payload,
        description=payload,
        results=payload,
        links=[{"url": "https://a.example.org/", "label": payload}],
        note=payload[:300],
    )
    assert contributor_client.post(create_url(pole), data).status_code == 302
    practice = Practice.objects.get()
    contributor_client.post(reverse("practices:comment", kwargs={"slug": practice.slug}), {"body": payload})
    data["description"] = f"{payload} modifié"
    contributor_client.post(edit_url(practice), data)
    pages = [
        reverse("practices:review", kwargs={"slug": practice.slug}),
        reverse("practices:history", kwargs={"slug": practice.slug}),
        edit_url(practice),
        reverse("practices:mine"),
    ]
    for url in pages:
        page = contributor_client.get(url).content.decode()
        for dangerous in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", "<body onload", 'href="javascript:'):
            assert dangerous not in page, (url, dangerous)


def test_the_pole_chooser_goes_straight_to_the_only_pole_open_to_the_user(
    pole: Any, contributor_client: Client
) -> None:
    response = contributor_client.get(reverse("practices:create_choose"))
    assert response.status_code == 302 and response["Location"] == create_url(pole)


def test_the_pole_chooser_lists_every_pole_a_moderator_may_fill(
    pole: Any, secretary_client: Client, basin: Any
) -> None:
    from synergies.practices.tests.factories import make_public_pole

    second = make_public_pole(basin, name="Numérique", code="NUM")
    page = secretary_client.get(reverse("practices:create_choose")).content.decode()
    assert create_url(pole) in page and create_url(second) in page


def test_the_pole_chooser_explains_when_no_catalogue_is_open(pole: Any, outsider_client: Client) -> None:
    response = outsider_client.get(reverse("practices:create_choose"))
    assert response.status_code == 200 and "aucun catalogue" in response.content.decode()
