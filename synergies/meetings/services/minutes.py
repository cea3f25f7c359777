"""Minutes: a draft written here → circulated to the attendees for remarks → approved at a later meeting of the same
body → frozen as a PDF whose SHA-256 is kept. Approved minutes refuse any change (the model enforces it too)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.pdf import render_pdf, sha256
from synergies.lib.tasks import enqueue_on_commit
from synergies.meetings import tasks
from synergies.meetings.models import (
    Attendance,
    Meeting,
    MeetingSettings,
    Minutes,
    MinutesRemark,
    MinutesRevision,
    Notice,
)
from synergies.meetings.quorum import facts_of, quorum
from synergies.meetings.services.meetings import add_approval_item

APPROVED = _("Ce procès-verbal est approuvé : il est figé et ne peut plus être modifié.")


def _refuse_if_approved(minutes: Minutes) -> None:
    if minutes.pk and Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.APPROVED).exists():
        raise ValidationError(APPROVED, code="approved")


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def save_minutes_draft(meeting: Meeting, *, text: str, note: str = "", by: Any) -> Minutes:
    """Save the text (a draft, or circulated minutes being corrected after remarks), keeping every state."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Une réunion annulée n’a pas de procès-verbal."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("La réunion n’a pas encore eu lieu : son procès-verbal s’écrit après."))
    minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    _refuse_if_approved(minutes)
    before = minutes.text
    minutes.text = text
    minutes.updated_by = _user(by)
    minutes.save()
    number = (minutes.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    MinutesRevision.objects.create(minutes=minutes, number=number, text=text, note=note[:200], author=_user(by))
    audit.record(
        actor=by,
        verb="meeting.minutes.save",
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        target=minutes,
        changes={"revision": [number - 1 or None, number]} if before != text or created else {},
    )
    return minutes


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's next planned or convened meeting after `meeting`."""
    return (
        Meeting.objects.filter(
            body_id=meeting.body_id,
            starts_at__gt=meeting.starts_at,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED],
        )
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def circulate_minutes(minutes: Minutes, *, by: Any, on: datetime.date | None = None, notify: bool = True) -> Minutes:
    """Send the draft to the attendees for remarks until `on` + the pôle's `remarks_days`, and put its approval on the
    agenda of the body's next planned or convened meeting (or of the next one planned, as soon as it is).

    `notify=False` is for archives recorded after the fact (the demo): the attendees are not e-mailed again."""
    _refuse_if_approved(minutes)
    meeting = minutes.meeting
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Déclarez d’abord la réunion tenue : on soumet le procès-verbal d’une réunion tenue."))
    if not minutes.text.strip():
        raise ValidationError(_("Le procès-verbal est vide : rédigez-le avant de le soumettre aux remarques."))
    day = on or timezone.localdate()
    settings = MeetingSettings.for_pole(meeting.body.pole)
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.remarks_until = day + datetime.timedelta(days=settings.remarks_days)
    minutes.updated_by = _user(by)
    minutes.save()
    upcoming = next_meeting(meeting)
    if upcoming is not None and not minutes.approval_items.exists():
        add_approval_item(upcoming, minutes, by=by)
    audit.record(
        actor=by,
        verb="meeting.minutes.circulate",
        target=minutes,
        changes={"remarks_until": [None, minutes.remarks_until]},
    )
    if notify:
        attendees = meeting.attendances.filter(attendee__isnull=False).exclude(attendee__email="").count()
        Notice.objects.create(
            meeting=meeting,
            kind=Notice.Kind.MINUTES,
            sequence=meeting.sequence,
            recipients=attendees,
            sent_by=_user(by),
        )
        enqueue_on_commit(tasks.send_minutes_notice, minutes.pk)
    return minutes


def is_attendee(user: Any, meeting: Meeting) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person is not None and meeting.attendances.filter(attendee=person).exists()


@transaction.atomic
def add_remark(minutes: Minutes, *, text: str, by: Any, manager: bool = False) -> MinutesRemark:
    """A remark by an attendee (or the secretariat, `manager`) while the minutes are circulated."""
    _refuse_if_approved(minutes)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Les remarques se font pendant que le procès-verbal est soumis aux membres."))
    if minutes.remarks_until and timezone.localdate() > minutes.remarks_until:
        raise ValidationError(
            _("Le délai de remarques a pris fin le %(date)s.") % {"date": minutes.remarks_until.strftime("%d/%m/%Y")}
        )
    if not manager and not is_attendee(by, minutes.meeting):
        raise ValidationError(
            _("Seules les personnes qui ont siégé à la réunion font des remarques sur son procès-verbal.")
        )
    if not (text or "").strip():
        raise ValidationError({"text": _("La remarque est vide.")})
    remark = MinutesRemark.objects.create(minutes=minutes, author=_user(by), text=text.strip())
    audit.record(actor=by, verb="meeting.minutes.remark", action=AuditEntry.Action.CREATE, target=remark)
    return remark


@transaction.atomic
def reply_to_remark(remark: MinutesRemark, *, reply: str, status: str, by: Any) -> MinutesRemark:
    _refuse_if_approved(remark.minutes)
    if status not in (MinutesRemark.Status.ACCEPTED, MinutesRemark.Status.DECLINED):
        raise ValidationError({"status": _("Indiquez la suite donnée : prise en compte ou non retenue.")})
    if status == MinutesRemark.Status.DECLINED and not (reply or "").strip():
        raise ValidationError({"reply": _("Dites pourquoi la remarque n’est pas retenue.")})
    before = audit.snapshot(remark, ["status", "reply"])
    remark.status = status
    remark.reply = (reply or "").strip()
    remark.replied_at = timezone.now()
    remark.save()
    audit.record_update(
        actor=by, verb="meeting.minutes.reply", target=remark, before=before, fields=["status", "reply"]
    )
    return remark


def approval_meetings(minutes: Minutes, now: datetime.datetime | None = None) -> list[Meeting]:
    """The later meetings of the same body at which the minutes may be approved: held, or convened and begun."""
    now = now or timezone.now()
    meeting = minutes.meeting
    return [
        m
        for m in Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        if m.status == Meeting.Status.HELD or (m.status == Meeting.Status.CONVENED and m.starts_at <= now)
    ]


def _attendance_rows(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendances.select_related(
            "seat__organisation", "seat__representative", "seat__substitute", "attendee", "proxy_holder__organisation"
        ).order_by("seat__role", "seat__organisation__name", "seat_id")
    )


@transaction.atomic
def approve_minutes(minutes: Minutes, *, at_meeting: Meeting, by: Any, on: datetime.date | None = None) -> Minutes:
    """Approve the minutes at a later meeting of the same body that is held or under way: from then on nothing in
    them changes. The frozen PDF — the text, the attendance and who approved them when — is rendered by a task once
    this commits (`freeze_minutes`), off the request. `on` defaults to that meeting's day."""
    _refuse_if_approved(minutes)
    meeting = minutes.meeting
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Le procès-verbal s’approuve après avoir été soumis aux remarques des membres."))
    if at_meeting.body_id != meeting.body_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": _("Le procès-verbal s’approuve lors d’une réunion ultérieure du même organe.")}
        )
    if at_meeting.pk not in {m.pk for m in approval_meetings(minutes)}:
        raise ValidationError(
            {"at_meeting": _("Cette réunion n’a pas encore commencé : le procès-verbal s’y approuvera en séance.")}
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = on or at_meeting.day
    minutes.updated_by = _user(by)
    minutes.save()
    audit.record(
        actor=by,
        verb="meeting.minutes.approve",
        target=minutes,
        changes={"status": [Minutes.Status.CIRCULATED, Minutes.Status.APPROVED]},
    )
    enqueue_on_commit(tasks.freeze_minutes, minutes.pk)
    return minutes


def freeze_minutes(minutes: Minutes) -> Minutes:
    """Render approved minutes to the PDF that is their archive, and keep its SHA-256; a second call does nothing.

    The PDF and its hash are the only fields written after approval, once."""
    if not minutes.is_approved or minutes.pdf_sha256:
        return minutes
    meeting = minutes.meeting
    attendances = _attendance_rows(meeting)
    pdf = render_pdf(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "pole": meeting.body.pole,
            "minutes": minutes,
            "attendances": attendances,
            "quorum": quorum(
                facts_of(attendances, proxies_allowed=MeetingSettings.for_pole(meeting.body.pole).proxies_allowed)
            ),
        },
    )
    local = timezone.localtime(meeting.starts_at)
    name = minutes.pdf.storage.save(
        f"meetings/minutes/pv-{meeting.body.pole.code}-{local:%Y-%m-%d}-{meeting.pk}.pdf", ContentFile(pdf)
    )
    digest = sha256(pdf)
    Minutes.objects.filter(pk=minutes.pk, pdf_sha256="").update(pdf=name, pdf_sha256=digest)
    minutes.pdf.name, minutes.pdf_sha256 = name, digest
    return minutes
