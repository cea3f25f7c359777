"""The follow-up page, the transitions and the conversation, the history, the moderation queue and the
delegation of moderation: who may, who may not, and the whole life of a record through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.lib import search
from synergies.practices.models import Comment, Link, Moderator, Practice, Status
from synergies.practices.services.indexing import INDEX
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_editor import XSS_PAYLOADS, form_data, latest_revision
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


def url(name: str, practice: Practice, **kwargs: Any) -> str:
    return reverse(f"practices:{name}", kwargs={"slug": practice.slug, **kwargs})


def step(practice: Practice, transition: str) -> str:
    return url("transition", practice, transition=transition)


def queue_url(pole: Any) -> str:
    return reverse("practices:moderation", kwargs={"basin": pole.basin.code, "code": pole.code})


def moderators_url(pole: Any) -> str:
    return reverse("practices:moderators", kwargs={"basin": pole.basin.code, "code": pole.code})


def as_user(client: Client, request: pytest.FixtureRequest, who: str) -> Client:
    if who != "anonymous":
        log_in(client, request.getfixturevalue(who))
    return client


# --- the whole life of a record, through the pages -----------------------------------------------------------------


def test_a_record_is_created_submitted_sent_back_fixed_resubmitted_and_published_through_the_pages(
    pole: Any, contributor: Any, contributor_organisation: Any, secretary: Any, client: Client
) -> None:
    editor, moderator = log_in(Client(), contributor), log_in(Client(), secretary)
    create = reverse("practices:create", kwargs={"basin": pole.basin.code, "code": pole.code})
    editor.post(create, form_data(pole, contributor_organisation, title="Café alpha du mardi"))
    practice = Practice.objects.get()
    review = editor.get(url("review", practice)).content.decode()
    assert "Soumettre à la modération" in review and "Publier" not in review

    assert editor.post(step(practice, "submit"), {"message": "Prête à relire."}).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert editor.get(url("edit", practice)).status_code == 302  # no longer editable by its contributors

    assert practice.title in moderator.get(queue_url(pole)).content.decode()
    moderator.post(step(practice, "start_review"))
    response = moderator.post(step(practice, "request_changes"), {"message": "Ajoutez les résultats observés."})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.CHANGES_REQUESTED
    mine = editor.get(reverse("practices:mine")).content.decode()
    assert "modifications demandées" in mine

    data = form_data(pole, contributor_organisation, title="Café alpha du mardi", results="Neuf sur dix reviennent.")
    data["note"] = "Résultats ajoutés"
    assert editor.post(url("edit", practice), data).status_code == 302
    editor.post(url("comment", practice), {"body": "C’est fait."})
    editor.post(step(practice, "submit"))
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED

    assert moderator.post(step(practice, "publish")).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED and practice.published_at is not None
    assert practice.pk in {hit.object_id for hit in search.search(INDEX, "café alpha").hits}
    assert list(practice.comments.values_list("kind", "body")) == [
        (Comment.Kind.REPLY, "Prête à relire."),
        (Comment.Kind.CHANGES_REQUESTED, "Ajoutez les résultats observés."),
        (Comment.Kind.REPLY, "C’est fait."),
    ]
    history = editor.get(url("history", practice)).content.decode()
    assert "Résultats ajoutés" in history and "Publiée" in history


# --- transitions -----------------------------------------------------------------------------------------------------


def test_asking_for_changes_needs_a_message_shown_next_to_the_field(pole: Any, secretary_client: Client) -> None:
    practice = make_practice(pole, status=Status.IN_REVIEW)
    response = secretary_client.post(step(practice, "request_changes"), {"message": "  "})
    assert response.status_code == 400
    assert "Dites aux auteurs ce qu’il faut modifier." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.IN_REVIEW


def test_archiving_keeps_its_note_in_the_history(pole: Any, secretary_client: Client) -> None:
    practice = make_practice(pole, status=Status.PUBLISHED)
    secretary_client.post(step(practice, "archive"), {"message": "Le dispositif a pris fin en 2025."})
    practice.refresh_from_db()
    assert practice.status == Status.ARCHIVED
    assert latest_revision(practice).note == "Le dispositif a pris fin en 2025."


@pytest.mark.parametrize(
    ("who", "transition", "expected"),
    [
        ("contributor", "publish", 403),
        ("contributor", "start_review", 403),
        ("outsider", "publish", 404),
        ("member", "withdraw", 404),
        ("other_secretary", "publish", 404),
        ("anonymous", "publish", 302),
        ("contributor", "withdraw", 302),
        ("secretary", "publish", 302),
        ("platform_admin", "start_review", 302),
    ],
)
def test_who_may_move_a_submitted_record(
    pole: Any,
    contributor_organisation: Any,
    client: Client,
    request: pytest.FixtureRequest,
    who: str,
    transition: str,
    expected: int,
) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED, holder=contributor_organisation)
    response = as_user(client, request, who).post(step(practice, transition))
    assert response.status_code == expected
    practice.refresh_from_db()
    assert (practice.status != Status.SUBMITTED) is (expected == 302 and who != "anonymous")


def test_a_transition_the_state_does_not_allow_changes_nothing(pole: Any, secretary_client: Client) -> None:
    practice = make_practice(pole, status=Status.DRAFT)
    response = secretary_client.post(step(practice, "publish"), follow=True)
    assert "n’est pas possible depuis l’état « brouillon »" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_an_unknown_transition_is_not_found_and_get_is_refused(pole: Any, secretary_client: Client) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED)
    assert secretary_client.post(step(practice, "explode")).status_code == 404
    assert secretary_client.get(step(practice, "publish")).status_code == 405


def test_an_incomplete_record_cannot_be_submitted_and_says_why(
    pole: Any, contributor_client: Client, contributor_organisation: Any
) -> None:
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor_organisation, skills=())
    response = contributor_client.post(step(practice, "submit"), follow=True)
    assert "au moins une compétence" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_the_follow_up_page_offers_only_the_steps_the_user_may_take(
    pole: Any, contributor_organisation: Any, contributor_client: Client, secretary_client: Client
) -> None:
    practice = make_practice(pole, status=Status.PUBLISHED, holder=contributor_organisation)
    editor_page = contributor_client.get(url("review", practice)).content.decode()
    moderator_page = secretary_client.get(url("review", practice)).content.decode()
    assert "Rouvrir pour modification" in editor_page and "Demander des modifications" not in editor_page
    assert "Demander des modifications" in moderator_page and "Demander la relecture annuelle" in moderator_page
    assert "Publier</button>" not in moderator_page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("other_secretary", 403),
        ("contributor", 200),
        ("secretary", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_follow_a_published_record(
    practice: Practice, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    client = as_user(client, request, who)
    assert client.get(url("review", practice)).status_code == expected
    assert client.get(url("history", practice)).status_code == expected
    before = practice.comments.count()
    client.post(url("comment", practice), {"body": "Bonjour"})
    assert practice.comments.count() == before + (1 if expected == 200 else 0)


def test_a_draft_is_hidden_from_whoever_may_not_follow_it(pole: Any, outsider_client: Client) -> None:
    practice = make_practice(pole, status=Status.DRAFT)
    assert outsider_client.get(url("review", practice)).status_code == 404
    assert outsider_client.get(url("history", practice)).status_code == 404


def test_a_delegated_moderator_moderates_the_poles_records(pole: Any, member: Any, secretary: Any) -> None:
    Moderator.objects.create(pole=pole, user=member, granted_by=secretary)
    practice = make_practice(pole, status=Status.SUBMITTED)
    moderator = log_in(Client(), member)
    assert moderator.get(queue_url(pole)).status_code == 200
    assert moderator.post(step(practice, "publish")).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert moderator.get(moderators_url(pole)).status_code == 403


def test_an_empty_comment_is_refused_next_to_the_field(practice: Practice, contributor_client: Client) -> None:
    response = contributor_client.post(url("comment", practice), {"body": "   "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not practice.comments.exists()


def test_the_follow_up_page_shows_the_broken_links(practice: Practice, contributor_client: Client) -> None:
    Link.objects.create(
        practice=practice, url="https://disparu.example.org/", status=Link.Status.BROKEN, failure="erreur HTTP 404"
    )
    page = contributor_client.get(url("review", practice)).content.decode()
    assert "https://disparu.example.org/" in page and "erreur HTTP 404" in page and "cassé" in page


# --- history ---------------------------------------------------------------------------------------------------------


def test_the_history_marks_removed_and_added_words_without_relying_on_colour(
    pole: Any, contributor_client: Client, contributor_organisation: Any
) -> None:
    create = reverse("practices:create", kwargs={"basin": pole.basin.code, "code": pole.code})
    data = form_data(pole, contributor_organisation, description="Dix séances de deux heures en groupe.")
    contributor_client.post(create, data)
    practice = Practice.objects.get()
    data.update(description="Douze séances de deux heures en petit groupe.", publics=["DE-PQ", "NEET"], kind="outil")
    contributor_client.post(url("edit", practice), data)
    page = contributor_client.get(url("history", practice)).content.decode()
    assert "De la version 1 à la version 2" in page
    hidden_end = '<span class="visually-hidden">]</span>'
    assert f'<del><span class="visually-hidden">[supprimé\u00a0: </span>Dix{hidden_end}</del>' in page
    assert f'<ins><span class="visually-hidden">[ajouté\u00a0: </span>Douze{hidden_end}</ins>' in page
    assert f'<ins><span class="visually-hidden">[ajouté\u00a0: </span>petit {hidden_end}</ins>' in page
    assert "jeunes ni en emploi ni en formation" in page and "apprenants en alphabétisation" in page
    assert "méthode</del>" in page and "outil</ins>" in page


def test_any_two_revisions_may_be_compared(
    pole: Any, contributor_client: Client, contributor_organisation: Any
) -> None:
    create = reverse("practices:create", kwargs={"basin": pole.basin.code, "code": pole.code})
    data = form_data(pole, contributor_organisation, title="Premier titre")
    contributor_client.post(create, data)
    practice = Practice.objects.get()
    for title in ("Deuxième titre", "Troisième titre"):
        data["title"] = title
        contributor_client.post(url("edit", practice), data)
    page = contributor_client.get(url("history", practice) + "?de=1&a=3").content.decode()
    assert "De la version 1 à la version 3" in page
    assert "Premier titre</del>" in page and "Troisième titre</ins>" in page and "Deuxième titre</del>" not in page
    assert contributor_client.get(url("history", practice) + "?de=abc&a=99").status_code == 200


# --- the moderation queue ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("contributor", 403),
        ("member", 403),
        ("other_secretary", 403),
        ("secretary", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_see_the_moderation_queue(
    pole: Any, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    assert as_user(client, request, who).get(queue_url(pole)).status_code == expected


def test_the_queue_lists_what_waits_the_oldest_first_with_counts(pole: Any, secretary_client: Client) -> None:
    old = make_practice(pole, status=Status.SUBMITTED, title="Ancienne demande")
    make_practice(pole, status=Status.TO_REVISE, title="Relecture annuelle due")
    make_practice(pole, status=Status.PUBLISHED, title="Déjà publiée")
    make_practice(pole, status=Status.DRAFT, title="Brouillon en cours")
    Practice.objects.filter(pk=old.pk).update(updated_at="2020-01-01T00:00:00Z")
    page = secretary_client.get(queue_url(pole)).content.decode()
    assert page.index("Ancienne demande") < page.index("Relecture annuelle due")
    assert "Déjà publiée" not in page and "Brouillon en cours" not in page
    assert "Tout (2)" in page and "Soumise (1)" in page and "À réviser (1)" in page
    only = secretary_client.get(queue_url(pole) + "?statut=to_revise").content.decode()
    assert "Relecture annuelle due" in only and "Ancienne demande" not in only


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_queue_and_my_practices_cost_the_same_number_of_queries_whatever_their_length(
    pole: Any, contributor_organisation: Any, secretary: Any, contributor: Any
) -> None:
    moderator, editor = log_in(Client(), secretary), log_in(Client(), contributor)

    def add(n: int) -> None:
        for i in range(n):
            practice = make_practice(pole, status=Status.SUBMITTED, holder=contributor_organisation, title=f"Fiche {i}")
            Link.objects.create(practice=practice, url=f"https://{i}.example.org/", status=Link.Status.BROKEN)

    add(2)
    small = (_queries(moderator, queue_url(pole)), _queries(editor, reverse("practices:mine")))
    add(8)
    large = (_queries(moderator, queue_url(pole)), _queries(editor, reverse("practices:mine")))
    assert small == large


# --- delegation --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("contributor", 403),
        ("member", 403),
        ("other_secretary", 403),
        ("secretary", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_delegate_moderation(
    pole: Any, member: Any, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    client = as_user(client, request, who)
    assert client.get(moderators_url(pole)).status_code == expected
    response = client.post(moderators_url(pole), {"user": str(member.pk)})
    assert Moderator.objects.filter(pole=pole, user=member).exists() is (expected == 200)
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_secretariat_delegates_among_people_of_the_basin_and_revokes(
    pole: Any, member: Any, outsider: Any, secretary_client: Client
) -> None:
    page = secretary_client.get(moderators_url(pole)).content.decode()
    assert member.email in page and outsider.email not in page
    refused = secretary_client.post(moderators_url(pole), {"user": str(outsider.pk)})
    assert refused.status_code == 400 and not Moderator.objects.exists()
    secretary_client.post(moderators_url(pole), {"user": str(member.pk)})
    moderator = Moderator.objects.get()
    remove = reverse(
        "practices:moderator_remove", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": moderator.pk}
    )
    assert secretary_client.get(remove).status_code == 405
    assert secretary_client.post(remove).status_code == 302
    assert not Moderator.objects.exists()


def test_another_basins_secretariat_cannot_revoke_a_delegation(
    pole: Any, member: Any, secretary: Any, other_secretary_client: Client
) -> None:
    moderator = Moderator.objects.create(pole=pole, user=member, granted_by=secretary)
    remove = reverse(
        "practices:moderator_remove", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": moderator.pk}
    )
    assert other_secretary_client.post(remove).status_code == 403
    assert Moderator.objects.exists()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_in_a_record_is_inert_in_the_queue_and_the_conversation(
    pole: Any, secretary_client: Client, payload: str
) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED, title=f"Fiche {payload}"[:200])
    secretary_client.post(step(practice, "request_changes"), {"message": payload})
    for path in (queue_url(pole), url("review", practice)):
        page = secretary_client.get(path).content.decode()
        for dangerous in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", "<body onload", 'href="javascript:'):
            assert dangerous not in page
