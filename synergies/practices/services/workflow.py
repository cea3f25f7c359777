"""The life of a record: draft → submitted → in review → published → to revise → archived.

Every transition goes through `_move`, which checks that it is allowed from the current state, saves a revision (the
history shows who moved it and why), writes the audit entry and refreshes the search index. Who may call which
transition is the business of `rules.py`; here is what the record allows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.lib import audit
from synergies.lib.tasks import enqueue_on_commit
from synergies.poles.services import check_writable
from synergies.practices.models import Comment, Practice, Status
from synergies.practices.services import indexing
from synergies.practices.services.records import save_revision, user_of

REVIEW_PERIOD = datetime.timedelta(days=365)

TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (from states, to state)
    "submit": ((Status.DRAFT, Status.CHANGES_REQUESTED), Status.SUBMITTED),
    "withdraw": ((Status.SUBMITTED,), Status.DRAFT),
    "start_review": ((Status.SUBMITTED,), Status.IN_REVIEW),
    "request_changes": (
        (Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED, Status.TO_REVISE),
        Status.CHANGES_REQUESTED,
    ),
    "publish": ((Status.SUBMITTED, Status.IN_REVIEW), Status.PUBLISHED),
    "ask_for_review": ((Status.PUBLISHED,), Status.TO_REVISE),
    "confirm": ((Status.TO_REVISE,), Status.PUBLISHED),
    "reopen": ((Status.PUBLISHED, Status.TO_REVISE), Status.DRAFT),
    "archive": (
        (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.IN_REVIEW,
            Status.CHANGES_REQUESTED,
            Status.PUBLISHED,
            Status.TO_REVISE,
        ),
        Status.ARCHIVED,
    ),
    "restore": ((Status.ARCHIVED,), Status.DRAFT),
}
NOTES = {
    "submit": gettext_lazy("Soumise à la modération"),
    "withdraw": gettext_lazy("Retirée de la modération"),
    "start_review": gettext_lazy("Relecture commencée"),
    "request_changes": gettext_lazy("Modifications demandées"),
    "publish": gettext_lazy("Publiée"),
    "ask_for_review": gettext_lazy("Relecture annuelle demandée"),
    "confirm": gettext_lazy("Contenu confirmé pour un an"),
    "reopen": gettext_lazy("Rouverte pour modification"),
    "archive": gettext_lazy("Archivée"),
    "restore": gettext_lazy("Sortie des archives"),
}


def allowed(practice: Practice, transition: str) -> bool:
    sources, _target = TRANSITIONS[transition]
    return practice.status in sources


def _move(practice: Practice, transition: str, *, by: Any, note: str = "") -> Practice:
    if not allowed(practice, transition):
        raise ValidationError(
            _("Impossible depuis l’état « %(status)s ».") % {"status": practice.get_status_display()},
            code="bad_transition",
        )
    check_writable(practice.pole)
    before = practice.status
    practice.status = TRANSITIONS[transition][1]
    if practice.status == Status.PUBLISHED:
        now = timezone.now()
        practice.published_at = practice.published_at or now
        practice.review_due = timezone.localdate() + REVIEW_PERIOD
    practice.save(update_fields=["status", "published_at", "review_due", "updated_at"])
    save_revision(practice, by=by, note=note or str(NOTES[transition]))
    audit.record(
        actor=user_of(by),
        verb=f"practices.{transition}",
        target=practice,
        changes={"status": [before, practice.status]},
        message=note,
    )
    indexing.refresh(practice)
    return practice


def _comment(practice: Practice, *, by: Any, body: str, kind: str) -> Comment | None:
    body = body.strip()
    return Comment.objects.create(practice=practice, author=user_of(by), kind=kind, body=body) if body else None


@transaction.atomic
def submit_practice(practice: Practice, *, by: Any, message: str = "") -> Practice:
    """The editors send the record to the moderators (again, after changes were asked)."""
    missing = [str(_("résumé"))] if not practice.summary else []
    if not practice.skills.exists():
        missing.append(_("au moins une compétence"))
    if missing:
        raise ValidationError(
            _("Avant de soumettre, complétez : %(fields)s.") % {"fields": ", ".join(missing)}, code="incomplete"
        )
    _comment(practice, by=by, body=message, kind=Comment.Kind.REPLY)
    _move(practice, "submit", by=by)
    from synergies.practices import tasks

    enqueue_on_commit(tasks.notify_moderators, practice.pk)
    return practice


@transaction.atomic
def withdraw_practice(practice: Practice, *, by: Any) -> Practice:
    return _move(practice, "withdraw", by=by)


@transaction.atomic
def start_review(practice: Practice, *, by: Any) -> Practice:
    return _move(practice, "start_review", by=by)


@transaction.atomic
def comment_practice(practice: Practice, *, by: Any, body: str) -> Comment:
    """A word in the review: a moderator's comment, or an editor's reply (the conversation shows which)."""
    moderator = by is not None and by.has_perm("practices.moderate_practice", practice)
    comment = _comment(practice, by=by, body=body, kind=Comment.Kind.COMMENT if moderator else Comment.Kind.REPLY)
    if comment is None:
        raise ValidationError({"body": _("Le message est vide.")}, code="empty")
    return comment


@transaction.atomic
def request_changes(practice: Practice, *, by: Any, message: str) -> Practice:
    """The moderator sends the record back to its editors with what to change; it leaves the public catalogue."""
    if not message.strip():
        raise ValidationError({"message": _("Dites aux auteurs ce qu’il faut modifier.")}, code="empty")
    _comment(practice, by=by, body=message, kind=Comment.Kind.CHANGES_REQUESTED)
    _move(practice, "request_changes", by=by)
    from synergies.practices import tasks

    enqueue_on_commit(tasks.notify_editors, practice.pk, "changes_requested")
    return practice


@transaction.atomic
def publish_practice(practice: Practice, *, by: Any) -> Practice:
    _move(practice, "publish", by=by)
    from synergies.practices import tasks

    enqueue_on_commit(tasks.notify_editors, practice.pk, "published")
    enqueue_on_commit(tasks.check_practice_links, practice.pk)
    return practice


@transaction.atomic
def ask_for_review(practice: Practice, *, by: Any = None) -> Practice:
    """A year after publication (or when a moderator asks) the editors confirm or update the record."""
    _move(practice, "ask_for_review", by=by)
    from synergies.practices import tasks

    enqueue_on_commit(tasks.notify_editors, practice.pk, "to_revise")
    return practice


@transaction.atomic
def confirm_practice(practice: Practice, *, by: Any) -> Practice:
    return _move(practice, "confirm", by=by)


@transaction.atomic
def reopen_practice(practice: Practice, *, by: Any) -> Practice:
    """Back to draft so that its editors can change it: it leaves the catalogue until it is published again."""
    return _move(practice, "reopen", by=by)


@transaction.atomic
def archive_practice(practice: Practice, *, by: Any, note: str = "") -> Practice:
    return _move(practice, "archive", by=by, note=note)


@transaction.atomic
def restore_practice(practice: Practice, *, by: Any) -> Practice:
    return _move(practice, "restore", by=by)


def ask_for_due_reviews(today: datetime.date | None = None) -> int:
    """Every published record whose year is up goes to « à réviser » (the daily task calls this)."""
    count = 0
    for practice in Practice.objects.review_due(today).select_related("pole"):
        if not practice.pole.is_read_only():
            ask_for_review(practice)
            count += 1
    return count
