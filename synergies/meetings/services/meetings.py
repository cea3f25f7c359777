"""A meeting's life: planned → convened → held, or cancelled; and its ordered agenda.

Every change of time, place, mode or status raises the meeting's iCalendar `sequence`, so that the copy in members'
calendars is replaced; once members are convened, such a change also e-mails them the new invitation.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.tasks import enqueue_on_commit
from synergies.meetings import tasks
from synergies.meetings.models import AgendaItem, Meeting, MeetingSettings, Minutes, Notice
from synergies.meetings.notifications import member_contacts
from synergies.poles import documents
from synergies.poles.models import Body, BodyDocument
from synergies.poles.services import check_writable

MEETING_FIELDS = [
    "title",
    "starts_at",
    "ends_at",
    "mode",
    "address",
    "commune",
    "online_url",
    "is_public",
    "other_attendees",
]
# A change of one of these is a change members must hear of, and calendars must replace their copy for.
SCHEDULE_FIELDS = ["starts_at", "ends_at", "mode", "address", "commune", "online_url"]
SCHEDULE_ATTRS = ["starts_at", "ends_at", "mode", "address", "commune_id", "online_url"]
ITEM_FIELDS = ["kind", "title", "description", "presenter", "duration_minutes"]


class LateConvocation(ValidationError):
    """The convocation leaves members less notice than the pôle's modalities ask; the caller confirms or cancels."""


def _check_body(body: Body, day: datetime.date) -> None:
    check_writable(body.pole)
    if body.closed_on and body.closed_on < day:
        raise ValidationError(
            _("« %(body)s » est clôturé depuis le %(date)s : il ne se réunit plus.")
            % {"body": body.name, "date": body.closed_on.strftime("%d/%m/%Y")},
            code="closed_body",
        )


def _validate(meeting: Meeting, *, complete: bool | None = None) -> None:
    """A planned meeting may leave its place « à préciser »; a convened one says where to go (`complete`)."""
    if complete is None:
        complete = meeting.status in (Meeting.Status.CONVENED, Meeting.Status.HELD)
    errors: dict[str, str] = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("La réunion doit se terminer après avoir commencé.")
    if not complete:
        if errors:
            raise ValidationError(errors)
        return
    if meeting.mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.HYBRID) and not (meeting.address or meeting.commune_id):
        errors["address"] = _("Indiquez où se tient la réunion : une adresse ou une commune.")
    if meeting.mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not meeting.online_url:
        errors["online_url"] = _("Une réunion en ligne ou hybride a besoin du lien de la visioconférence.")
    if errors:
        raise ValidationError(errors)


def _refuse_past(starts_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        raise ValidationError(
            {"starts_at": _("Cette date est passée : on ne prévoit pas une réunion dans le passé.")}, code="past"
        )


def _schedule_pending_approvals(meeting: Meeting, *, by: Any) -> None:
    """Put on `meeting`'s agenda the approval of every earlier circulated minutes of its body not yet scheduled."""
    pending = Minutes.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=Minutes.Status.CIRCULATED,
        approval_items__isnull=True,
    ).select_related("meeting__body")
    for minutes in pending:
        add_approval_item(meeting, minutes, by=by)


@transaction.atomic
def plan_meeting(body: Body, data: Mapping[str, Any], *, by: Any) -> Meeting:
    """A new planned meeting of `body`, in the future."""
    meeting = Meeting(body=body, created_by=_user(by), **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    if meeting.starts_at is None:
        raise ValidationError({"starts_at": _("Indiquez la date et l’heure de la réunion.")})
    _refuse_past(meeting.starts_at)
    _check_body(body, meeting.day)
    return _create(meeting, by=by)


@transaction.atomic
def record_past_meeting(
    body: Body,
    data: Mapping[str, Any],
    *,
    by: Any,
    status: str = Meeting.Status.HELD,
    convened_at: Any = None,
    cancellation_reason: str = "",
) -> Meeting:
    """A meeting that already took place, recorded after the fact (the demo and archives); no e-mail is sent.

    Never offered by a form: a meeting planned on the platform is always in the future."""
    meeting = Meeting(body=body, created_by=_user(by), **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    if meeting.starts_at is None or meeting.starts_at > timezone.now():
        raise ValidationError({"starts_at": _("Une réunion passée a une date passée.")})
    if body.pole.is_read_only(meeting.day):
        raise ValidationError(_("Le pôle n’était pas en activité à cette date."))
    meeting.status = status
    if status == Meeting.Status.CANCELLED:
        if not cancellation_reason.strip():
            raise ValidationError({"cancellation_reason": _("Indiquez pourquoi la réunion a été annulée.")})
        meeting.cancellation_reason = cancellation_reason
        meeting.cancelled_at = meeting.starts_at - datetime.timedelta(days=1)
    if status in (Meeting.Status.CONVENED, Meeting.Status.HELD, Meeting.Status.CANCELLED):
        days = MeetingSettings.for_pole(body.pole).convocation_days
        meeting.convened_at = convened_at or meeting.starts_at - datetime.timedelta(days=days)
    return _create(meeting, by=by, complete=False)


def _create(meeting: Meeting, *, by: Any, complete: bool | None = None) -> Meeting:
    meeting.full_clean(exclude=["body", "created_by"])
    _validate(meeting, complete=complete)
    meeting.save()
    audit.record_creation(actor=by, verb="meeting.create", target=meeting, fields=[*MEETING_FIELDS, "status"])
    _schedule_pending_approvals(meeting, by=by)
    return meeting


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _notify(meeting: Meeting, kind: str, *, by: Any) -> Notice:
    notice = Notice.objects.create(
        meeting=meeting,
        kind=kind,
        sequence=meeting.sequence,
        recipients=len(member_contacts(meeting)),
        sent_by=_user(by),
    )
    enqueue_on_commit(tasks.send_meeting_notice, meeting.pk, kind)
    return notice


def _check_open(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : elle ne se modifie plus."), code="cancelled")
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("Cette réunion s’est tenue : elle ne se modifie plus."), code="held")


@transaction.atomic
def update_meeting(meeting: Meeting, data: Mapping[str, Any], *, by: Any) -> Meeting:
    """Change a planned or convened meeting; a new time, place or mode raises the sequence and, once members are
    convened, e-mails them the updated invitation."""
    saved = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(saved)
    check_writable(meeting.body.pole)
    before = audit.snapshot(saved, MEETING_FIELDS)
    for name, value in data.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    if meeting.starts_at != saved.starts_at:
        _refuse_past(meeting.starts_at)
    meeting.full_clean(exclude=["body", "created_by"])
    _validate(meeting)
    rescheduled = any(getattr(meeting, f) != getattr(saved, f) for f in SCHEDULE_ATTRS)
    if rescheduled:
        meeting.sequence = saved.sequence + 1
    meeting.save()
    audit.record_update(actor=by, verb="meeting.update", target=meeting, before=before, fields=MEETING_FIELDS)
    if rescheduled and meeting.status == Meeting.Status.CONVENED:
        _notify(meeting, Notice.Kind.UPDATE, by=by)
    return meeting


@transaction.atomic
def send_meeting_update(meeting: Meeting, *, by: Any) -> Notice:
    """Send the convened members the meeting as it now stands (e.g. after agenda changes), as a new sequence."""
    saved = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if saved.status != Meeting.Status.CONVENED:
        raise ValidationError(_("Seule une réunion convoquée fait l’objet d’une modification envoyée aux membres."))
    if saved.starts_at <= timezone.now():
        raise ValidationError(_("Cette réunion a commencé : plus aucune modification n’est envoyée."))
    meeting.sequence = saved.sequence + 1
    meeting.save(update_fields=["sequence", "updated_at"])
    audit.record(
        actor=by, verb="meeting.update_sent", target=meeting, changes={"sequence": [saved.sequence, meeting.sequence]}
    )
    return _notify(meeting, Notice.Kind.UPDATE, by=by)


@transaction.atomic
def convene_meeting(meeting: Meeting, *, by: Any, confirm_late: bool = False) -> Notice:
    """Convene the members: each receives the agenda and an invitation. Refused for a past meeting or one without an
    agenda; a convocation later than the pôle's `convocation_days` raises LateConvocation unless confirmed."""
    saved = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if saved.status == Meeting.Status.CONVENED:
        raise ValidationError(_("Les membres sont déjà convoqués à cette réunion."), code="convened")
    _check_open(saved)
    check_writable(meeting.body.pole)
    if saved.starts_at <= timezone.now():
        raise ValidationError(_("Cette réunion est passée : on ne convoque pas à une réunion passée."), code="past")
    if not saved.agenda_items.exists():
        raise ValidationError(
            _("L’ordre du jour est vide : ajoutez au moins un point avant de convoquer."), code="no_agenda"
        )
    _validate(saved, complete=True)
    days = MeetingSettings.for_pole(meeting.body.pole).convocation_days
    left = (saved.day - timezone.localdate()).days
    if left < days and not confirm_late:
        raise LateConvocation(
            _(
                "La réunion a lieu dans %(left)s jour(s) : les modalités du pôle prévoient une convocation %(days)s jours "
                "à l’avance. Confirmez pour convoquer quand même."
            )
            % {"left": left, "days": days},
            code="late",
        )
    meeting.status = Meeting.Status.CONVENED
    meeting.convened_at = timezone.now()
    meeting.sequence = saved.sequence + 1
    meeting.save()
    audit.record(actor=by, verb="meeting.convene", target=meeting, changes={"status": [saved.status, meeting.status]})
    return _notify(meeting, Notice.Kind.CONVOCATION, by=by)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, reason: str, by: Any) -> Meeting:
    """Cancel a planned or convened meeting; those convened receive a CANCEL invitation. It stays in the feeds,
    marked cancelled."""
    saved = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(saved)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez le motif de l’annulation : il est communiqué aux membres.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason.strip()
    meeting.sequence = saved.sequence + 1
    meeting.save()
    audit.record(
        actor=by,
        verb="meeting.cancel",
        target=meeting,
        changes={"status": [saved.status, meeting.status]},
        message=meeting.cancellation_reason,
    )
    if saved.status == Meeting.Status.CONVENED:
        _notify(meeting, Notice.Kind.CANCELLATION, by=by)
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, *, by: Any) -> Meeting:
    saved = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(saved)
    if saved.starts_at > timezone.now():
        raise ValidationError(
            _("La réunion n’a pas encore commencé : elle ne peut être déclarée tenue."), code="future"
        )
    meeting.status = Meeting.Status.HELD
    meeting.sequence = saved.sequence + 1
    meeting.save()
    audit.record(actor=by, verb="meeting.held", target=meeting, changes={"status": [saved.status, meeting.status]})
    return meeting


# --- agenda ---------------------------------------------------------------------------------------------------


def _touch(meeting: Meeting) -> None:
    """The agenda is part of the event's description: calendars see it changed (LAST-MODIFIED, DTSTAMP)."""
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())


def _check_agenda_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : son ordre du jour ne se modifie plus."))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ValidationError(_("Le procès-verbal de cette réunion est approuvé : son ordre du jour est figé."))


def _renumber(meeting: Meeting) -> None:
    """Positions stay dense, 1..n, in their current order."""
    for number, item in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if item.position != number:
            AgendaItem.objects.filter(pk=item.pk).update(position=number)


def _check_documents(meeting: Meeting, docs: Any) -> list[BodyDocument]:
    docs = list(docs or [])
    if any(d.body_id != meeting.body_id for d in docs):
        raise ValidationError({"documents": _("Un document joint appartient à l’organe qui se réunit.")})
    return docs


@transaction.atomic
def add_agenda_item(meeting: Meeting, data: Mapping[str, Any], *, by: Any) -> AgendaItem:
    _check_agenda_editable(meeting)
    last = meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, **{k: v for k, v in data.items() if k in ITEM_FIELDS})
    if "minutes_to_approve" in data:
        item.minutes_to_approve = data["minutes_to_approve"]
    item.full_clean(exclude=["meeting", "minutes_to_approve"])
    docs = _check_documents(meeting, data.get("documents"))
    item.save()
    item.documents.set(docs)
    audit.record_creation(actor=by, verb="meeting.agenda.add", target=item, fields=["position", *ITEM_FIELDS])
    _touch(meeting)
    return item


def add_approval_item(meeting: Meeting, minutes: Minutes, *, by: Any) -> AgendaItem:
    title = _("Approbation du procès-verbal de la réunion du %(date)s") % {
        "date": timezone.localtime(minutes.meeting.starts_at).strftime("%d/%m/%Y")
    }
    return add_agenda_item(
        meeting, {"kind": AgendaItem.Kind.DECISION, "title": title, "minutes_to_approve": minutes}, by=by
    )


@transaction.atomic
def update_agenda_item(item: AgendaItem, data: Mapping[str, Any], *, by: Any) -> AgendaItem:
    _check_agenda_editable(item.meeting)
    before = audit.snapshot(AgendaItem.objects.get(pk=item.pk), ITEM_FIELDS)
    for name, value in data.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    item.full_clean(exclude=["meeting", "minutes_to_approve"])
    item.save()
    if "documents" in data:
        item.documents.set(_check_documents(item.meeting, data["documents"]))
    audit.record_update(actor=by, verb="meeting.agenda.update", target=item, before=before, fields=ITEM_FIELDS)
    _touch(item.meeting)
    return item


@transaction.atomic
def attach_upload(
    item: AgendaItem, *, title: str, upload: Any, content_type: str, note: str = "", by: Any
) -> AgendaItem:
    """Upload a new document to the body's documents (poles app) and attach it to the item."""
    _check_agenda_editable(item.meeting)
    version = documents.add_version(
        item.meeting.body, document=None, title=title, upload=upload, content_type=content_type, note=note, by=by
    )
    item.documents.add(version.document)
    audit.record(actor=by, verb="meeting.agenda.attach", target=item, changes={"documents": [None, title]})
    _touch(item.meeting)
    return item


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, direction: str, by: Any) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    meeting = item.meeting
    _check_agenda_editable(meeting)
    _renumber(meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError(_("Sens de déplacement inconnu."))
    if 0 <= other < len(items):
        a, b = items[index], items[other]
        AgendaItem.objects.filter(pk=a.pk).update(position=b.position)
        AgendaItem.objects.filter(pk=b.pk).update(position=a.position)
        audit.record(actor=by, verb="meeting.agenda.move", target=a, changes={"position": [a.position, b.position]})
        _touch(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by: Any) -> None:
    meeting = item.meeting
    _check_agenda_editable(meeting)
    audit.record(actor=by, verb="meeting.agenda.remove", action=AuditEntry.Action.DELETE, target=item)
    item.delete()
    _renumber(meeting)
    _touch(meeting)
