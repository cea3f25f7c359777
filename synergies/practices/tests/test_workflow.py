"""The life of a record, from draft to archive, and what each step allows, refuses and tells."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from synergies.lib import search
from synergies.practices.models import Comment, Practice, Status
from synergies.practices.services import workflow
from synergies.practices.services.indexing import INDEX
from synergies.practices.tests.factories import make_practice

pytestmark = pytest.mark.django_db


def indexed() -> set[int]:
    return {hit.object_id for hit in search.search(INDEX, "", limit=100).hits}


def test_a_record_goes_from_draft_to_published_through_review(pole: Any, contributor: Any, secretary: Any) -> None:
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor.person.affiliations.get().organisation)
    workflow.submit_practice(practice, by=contributor, message="Première version.")
    assert practice.status == Status.SUBMITTED
    workflow.start_review(practice, by=secretary)
    workflow.request_changes(practice, by=secretary, message="Précisez la durée.")
    assert practice.status == Status.CHANGES_REQUESTED
    workflow.submit_practice(practice, by=contributor)
    assert practice.id not in indexed()
    workflow.publish_practice(practice, by=secretary)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED and practice.published_at is not None
    assert practice.review_due == timezone.localdate() + datetime.timedelta(days=365)
    assert practice.id in indexed()
    assert [r.status for r in practice.revisions.order_by("number")][-6:] == [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.SUBMITTED,
        Status.PUBLISHED,
    ]
    assert list(practice.comments.values_list("kind", flat=True)) == [
        Comment.Kind.REPLY,
        Comment.Kind.CHANGES_REQUESTED,
    ]


def test_moderators_hear_of_a_submission_and_editors_of_the_changes_asked(
    pole: Any, contributor: Any, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor.person.affiliations.get().organisation)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_practice(practice, by=contributor)
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(practice, by=secretary, message="Ajoutez les résultats observés.")
    assert mail.outbox[1].to == [contributor.email]
    assert "Ajoutez les résultats observés." in mail.outbox[1].body


def test_a_record_without_a_skill_cannot_be_submitted(pole: Any) -> None:
    practice = make_practice(pole, status=Status.DRAFT, skills=())
    with pytest.raises(ValidationError, match="compétence"):
        workflow.submit_practice(practice, by=None)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_changes_cannot_be_requested_without_saying_which(pole: Any, secretary: Any) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        workflow.request_changes(practice, by=secretary, message="  ")
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED and not practice.comments.exists()


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.DRAFT, workflow.publish_practice),
        (Status.PUBLISHED, workflow.submit_practice),
        (Status.ARCHIVED, workflow.publish_practice),
        (Status.DRAFT, workflow.confirm_practice),
        (Status.PUBLISHED, workflow.restore_practice),
    ],
)
def test_a_step_from_the_wrong_state_is_refused(pole: Any, status: str, step: Any) -> None:
    practice = make_practice(pole, status=status)
    with pytest.raises(ValidationError, match="Impossible depuis"):
        step(practice, by=None)
    practice.refresh_from_db()
    assert practice.status == status


def test_reopening_a_published_record_takes_it_out_of_the_catalogue(pole: Any) -> None:
    practice = make_practice(pole)
    assert practice.id in indexed()
    workflow.reopen_practice(practice, by=None)
    assert practice.status == Status.DRAFT and practice.id not in indexed()


def test_a_record_due_for_review_stays_visible_until_its_editors_answer(pole: Any) -> None:
    practice = make_practice(pole, published_at=timezone.now() - datetime.timedelta(days=400))
    fresh = make_practice(pole, title="Récent")
    assert workflow.ask_for_due_reviews() == 1
    assert workflow.ask_for_due_reviews() == 0
    practice.refresh_from_db()
    fresh.refresh_from_db()
    assert (practice.status, fresh.status) == (Status.TO_REVISE, Status.PUBLISHED)
    assert practice.id in indexed()
    workflow.confirm_practice(practice, by=None)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert practice.review_due is not None and practice.review_due > timezone.localdate()


def test_the_daily_command_asks_for_reviews_and_queues_link_checks(pole: Any, monkeypatch: Any, settings: Any) -> None:
    settings.PRACTICES_CHECK_LINKS = True
    practice = make_practice(pole, published_at=timezone.now() - datetime.timedelta(days=400))
    practice.links.create(url="https://example.org/fiche")
    checked: list[int] = []

    def check_links(practice_id: int, **kwargs: Any) -> list[Any]:
        checked.append(practice_id)
        return []

    monkeypatch.setattr("synergies.practices.services.links.check_links", check_links)
    call_command("practices_daily")
    practice.refresh_from_db()
    assert practice.status == Status.TO_REVISE
    assert checked == [practice.pk]


def test_an_archived_record_leaves_the_index_and_comes_back_as_a_draft(pole: Any, secretary: Any) -> None:
    practice = make_practice(pole)
    workflow.archive_practice(practice, by=secretary, note="Le projet est terminé.")
    assert practice.id not in indexed()
    assert practice.revisions.first().note == "Le projet est terminé."  # type: ignore[union-attr]
    workflow.restore_practice(practice, by=secretary)
    assert Practice.objects.get(pk=practice.pk).status == Status.DRAFT


def test_an_editor_s_word_in_the_review_is_a_reply_and_a_moderator_s_a_comment(
    pole: Any, contributor: Any, secretary: Any
) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED, holder=contributor.person.affiliations.get().organisation)
    assert workflow.comment_practice(practice, by=secretary, body="Qui finance ?").kind == Comment.Kind.COMMENT
    assert workflow.comment_practice(practice, by=contributor, body="Le FSE+.").kind == Comment.Kind.REPLY
