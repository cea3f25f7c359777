"""Writes to the transmissions: the one road prepared → sent → acknowledged → answered (R6, R8, R9).

Every view, command and the demo go through these functions. Each is one transaction with an audit entry; a step
out of order (answering what was never sent, sending twice…) is refused with a French `ValidationError`, and nothing
is half-saved. The steps that happened in the past (the demo's history, an acknowledgement received last week) take
their date as an argument (`at=` for a moment, `on=`/`received_on=` for a day); dates in the future are refused, and
the pages never offer `at=`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.pdf import render_pdf, sha256
from synergies.lib.tasks import enqueue_on_commit
from synergies.poles.models import Pole
from synergies.transmissions import subjects, tasks
from synergies.transmissions.models import Event, Response, Transmission, TransmissionSettings

__all__ = [
    "EDITABLE_FIELDS",
    "default_recipient",
    "prepare_transmission",
    "record_acknowledgement",
    "record_response",
    "remind_transmission",
    "send_due_reminders",
    "send_transmission",
    "update_prepared",
]

EDITABLE_FIELDS = ["title", "message", "is_public", "recipient_name", "recipient_email"]
AUDIT_FIELDS = ["reference", "kind", "title", "message", "recipient_name", "recipient_email", "is_public", "status"]
UNCHECKED = ["pdf", "prepared_by", "sent_by"]
PDF_TEMPLATE = "transmissions/pdf/transmission.html"


# --- helpers ------------------------------------------------------------------------------------------------------


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _moment(at: datetime.datetime | None) -> datetime.datetime:
    """`at` (a past moment, for history) or now; never the future."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now:
        raise ValidationError(_("Une étape d’une transmission ne peut pas être datée dans le futur."), code="future")
    return at


def _day_moment(day: datetime.date, *, after: datetime.datetime | None) -> datetime.datetime:
    """The moment a dated step goes on the timeline: now for today, else noon of that day; never before `after`."""
    moment = (
        timezone.now()
        if day == timezone.localdate()
        else timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    )
    return max(moment, after) if after is not None else moment


def _check_day(field: str, day: datetime.date | None, sent_at: datetime.datetime | None, what: str) -> dict[str, str]:
    if day is None:
        return {field: _("Indiquez la date.")}
    if day > timezone.localdate():
        return {field: _("Cette date est dans le futur.")}
    if sent_at is not None and day < timezone.localdate(sent_at):
        return {
            field: _("%(what)s ne peut pas précéder l’envoi de la transmission, le %(date)s.")
            % {"what": what, "date": timezone.localdate(sent_at).strftime("%d/%m/%Y")}
        }
    return {}


def _check_pole_writable(pole: Pole, day: datetime.date) -> None:
    if pole.is_read_only(day):
        raise ValidationError(
            _("Le pôle « %(name)s » est %(status)s : il ne transmet plus rien à l’Instance (R7).")
            % {"name": pole.name, "status": pole.status_on(day).label},
            code="read_only",
        )


def _lock(transmission: Transmission) -> Transmission:
    return Transmission.objects.select_for_update().select_related("pole__basin").get(pk=transmission.pk)


def _refuse_status(transmission: Transmission, allowed: set[str], refusals: dict[str, str]) -> None:
    """Unless its status is one of `allowed`, a French refusal saying where the transmission stands (`refusals`:
    a message per status, with %(reference)s, %(sent)s and %(acknowledged)s)."""
    if transmission.status in allowed:
        return
    sent = timezone.localdate(transmission.sent_at).strftime("%d/%m/%Y") if transmission.sent_at else ""
    acknowledged = transmission.acknowledged_on.strftime("%d/%m/%Y") if transmission.acknowledged_on else ""
    raise ValidationError(
        refusals[transmission.status]
        % {"reference": transmission.reference, "sent": sent, "acknowledged": acknowledged},
        code="transition",
    )


def _already_sent() -> str:
    return _(
        "La transmission %(reference)s a déjà été envoyée, le %(sent)s : une transmission ne s’envoie qu’une fois."
    )


def _already_answered() -> str:
    return _("La réponse à la transmission %(reference)s est déjà enregistrée.")


def _event(transmission: Transmission, kind: str, at: datetime.datetime, by: Any, note: str = "") -> Event:
    return Event.objects.create(transmission=transmission, kind=kind, at=at, by=_user(by), note=note)


def default_recipient(pole: Pole) -> tuple[str, str]:
    """(name, e-mail) of the Instance of the pôle's basin: the address set for the pôle ⚙, else the basin's."""
    options = TransmissionSettings.for_pole(pole)
    name = _("Instance Bassin EFE %(name)s") % {"name": pole.basin.name}
    return name, options.recipient_email or pole.basin.contact_email


def _check_visibility(entry: subjects.SubjectKind, subject: Any, is_public: bool) -> None:
    if is_public and not entry.is_public(subject):
        raise ValidationError(
            {"is_public": _("L’objet transmis n’est pas public : sa transmission ne peut pas l’être.")}
        )


# --- prepared -----------------------------------------------------------------------------------------------------


@transaction.atomic
def prepare_transmission(
    subject: Any,
    *,
    by: Any,
    title: str | None = None,
    message: str = "",
    is_public: bool | None = None,
    recipient_name: str | None = None,
    recipient_email: str | None = None,
    at: datetime.datetime | None = None,
) -> Transmission:
    """A new transmission of `subject` (a registered kind), numbered per pôle and year (CB-T-2026-003).

    `is_public` defaults to the subject's own visibility; the recipient to the Instance of the pôle's basin."""
    entry = subjects.for_subject(subject)
    moment = _moment(at)
    pole = Pole.objects.select_for_update().select_related("basin").get(pk=entry.pole(subject).pk)
    _check_pole_writable(pole, timezone.localdate(moment))
    entry.check(subject)
    pending = Transmission.objects.about(subject).unanswered().values_list("reference", flat=True).first()
    if pending:
        raise ValidationError(
            _("Cet objet est déjà en route vers l’Instance (transmission %(reference)s), sans réponse encore.")
            % {"reference": pending},
            code="already_transmitted",
        )
    public = entry.is_public(subject) if is_public is None else bool(is_public)
    _check_visibility(entry, subject, public)
    default_name, default_email = default_recipient(pole)
    year = timezone.localtime(moment).year
    number = (Transmission.objects.filter(pole=pole, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    transmission = Transmission(
        pole=pole,
        year=year,
        number=number,
        reference=f"{pole.code}-T-{year}-{number:03d}",
        kind=entry.kind(subject),
        subject=subject,
        title=(title or "").strip() or entry.title(subject)[:250],
        message=message,
        recipient_name=recipient_name or default_name,
        recipient_email=recipient_email or default_email,
        is_public=public,
        prepared_at=moment,
        prepared_by=_user(by),
    )
    if not transmission.recipient_email:
        raise ValidationError(
            {
                "recipient_email": _(
                    "Le bassin n’a pas d’adresse de contact : indiquez l’adresse de l’Instance à qui transmettre."
                )
            }
        )
    transmission.full_clean(exclude=UNCHECKED)
    transmission.save()
    _event(transmission, Event.Kind.PREPARED, moment, by)
    audit.record_creation(actor=by, verb="transmission.prepare", target=transmission, fields=AUDIT_FIELDS)
    return transmission


@transaction.atomic
def update_prepared(transmission: Transmission, *, by: Any, **changes: Any) -> Transmission:
    """Change a prepared transmission's `title`, `message`, `is_public`, `recipient_name` or `recipient_email`."""
    locked = _lock(transmission)
    sent = _("La transmission %(reference)s a été envoyée le %(sent)s : elle ne se modifie plus.")
    _refuse_status(
        locked,
        {Transmission.Status.PREPARED},
        {Transmission.Status.SENT: sent, Transmission.Status.ACKNOWLEDGED: sent, Transmission.Status.ANSWERED: sent},
    )
    _check_pole_writable(locked.pole, timezone.localdate())
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Champs non modifiables : %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    before = audit.snapshot(locked, AUDIT_FIELDS)
    for name, value in changes.items():
        if value is not None:
            setattr(locked, name, value.strip() if isinstance(value, str) and name != "message" else value)
    subject = locked.subject
    if subject is not None:
        _check_visibility(subjects.for_subject(subject), subject, locked.is_public)
    locked.full_clean(exclude=UNCHECKED)
    locked.save()
    audit.record_update(actor=by, verb="transmission.update", target=locked, before=before, fields=AUDIT_FIELDS)
    transmission.refresh_from_db()
    return locked


# --- sent ---------------------------------------------------------------------------------------------------------


def render_document(transmission: Transmission, *, sent_on: datetime.date, response_due: datetime.date) -> bytes:
    """The PDF sent to the Instance: a cover letter, then the subject as its app lays it out."""
    subject = transmission.subject
    entry = subjects.for_subject(subject)
    context = {
        "transmission": transmission,
        "pole": transmission.pole,
        "basin": transmission.pole.basin,
        "subject": subject,
        "subject_template": entry.pdf_template,
        "sent_on": sent_on,
        "response_due": response_due,
        "site_url": settings.SITE_URL,
        **entry.pdf_context(subject),
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(PDF_TEMPLATE, context)


@transaction.atomic
def send_transmission(
    transmission: Transmission, *, by: Any, at: datetime.datetime | None = None, notify: bool = True
) -> Transmission:
    """Render the PDF, keep it with its SHA-256, e-mail it to the recipient with the secretariat in copy (on commit;
    `notify=False` for history loaded after the fact) and expect an answer `response_days` later ⚙."""
    locked = _lock(transmission)
    _refuse_status(
        locked,
        {Transmission.Status.PREPARED},
        {
            Transmission.Status.SENT: _already_sent(),
            Transmission.Status.ACKNOWLEDGED: _already_sent(),
            Transmission.Status.ANSWERED: _already_sent(),
        },
    )
    moment = _moment(at)
    if moment < locked.prepared_at:
        raise ValidationError(_("Une transmission ne s’envoie pas avant d’avoir été préparée."), code="before")
    sent_on = timezone.localdate(moment)
    _check_pole_writable(locked.pole, sent_on)
    subject = locked.subject
    if subject is None:
        raise ValidationError(_("L’objet de cette transmission n’existe plus."), code="no_subject")
    entry = subjects.for_subject(subject)
    entry.check(subject)
    _check_visibility(entry, subject, locked.is_public)
    if not locked.recipient_email:
        raise ValidationError({"recipient_email": _("Indiquez l’adresse de l’Instance à qui transmettre.")})
    due = sent_on + datetime.timedelta(days=TransmissionSettings.for_pole(locked.pole).response_days)
    document = render_document(locked, sent_on=sent_on, response_due=due)
    locked.status = Transmission.Status.SENT
    locked.sent_at = moment
    locked.sent_by = _user(by)
    locked.response_due = due
    locked.pdf_sha256 = sha256(document)
    locked.pdf.save(f"{locked.reference}.pdf", ContentFile(document), save=False)
    locked.save()
    _event(locked, Event.Kind.SENT, moment, by, note=f"{locked.recipient_name} <{locked.recipient_email}>")
    audit.record(
        actor=by,
        verb="transmission.send",
        target=locked,
        changes={
            "status": [Transmission.Status.PREPARED, Transmission.Status.SENT],
            "response_due": [None, due],
            "pdf_sha256": [None, locked.pdf_sha256],
        },
    )
    if notify:
        enqueue_on_commit(tasks.email_transmission, locked.pk)
    transmission.refresh_from_db()
    return locked


# --- acknowledged -------------------------------------------------------------------------------------------------


@transaction.atomic
def record_acknowledgement(transmission: Transmission, *, on: datetime.date, by: Any, note: str = "") -> Transmission:
    """The Instance confirms it received the transmission, on `on` (not before the sending, not in the future)."""
    locked = _lock(transmission)
    _refuse_status(
        locked,
        {Transmission.Status.SENT},
        {
            Transmission.Status.PREPARED: _(
                "La transmission %(reference)s n’a pas encore été envoyée : l’Instance ne peut pas en avoir accusé réception."
            ),
            Transmission.Status.ACKNOWLEDGED: _(
                "L’accusé de réception de la transmission %(reference)s est déjà enregistré, au %(acknowledged)s."
            ),
            Transmission.Status.ANSWERED: _already_answered(),
        },
    )
    errors = _check_day("on", on, locked.sent_at, _("L’accusé de réception"))
    if errors:
        raise ValidationError(errors)
    locked.status = Transmission.Status.ACKNOWLEDGED
    locked.acknowledged_on = on
    locked.save(update_fields=["status", "acknowledged_on"])
    _event(locked, Event.Kind.ACKNOWLEDGED, _day_moment(on, after=locked.sent_at), by, note=note)
    audit.record(
        actor=by,
        verb="transmission.acknowledge",
        target=locked,
        changes={"status": [Transmission.Status.SENT, locked.status], "acknowledged_on": [None, on]},
    )
    transmission.refresh_from_db()
    return locked


# --- answered -----------------------------------------------------------------------------------------------------


def _response_errors(
    verdict: str, conditions: str, authority: str, received_on: datetime.date | None, locked: Transmission
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if verdict not in Response.Verdict.values:
        errors["verdict"] = _("Choisissez la réponse de l’Instance.")
    if verdict == Response.Verdict.RELAYED and not authority:
        errors["authority"] = _("Nommez l’autorité à laquelle l’Instance a relayé la transmission.")
    if verdict != Response.Verdict.RELAYED and authority:
        errors["authority"] = _("Une autorité ne se nomme que lorsque l’Instance relaie la transmission.")
    if verdict == Response.Verdict.APPROVED_WITH_CONDITIONS and not conditions:
        errors["conditions"] = _("Indiquez les conditions posées par l’Instance.")
    if verdict != Response.Verdict.APPROVED_WITH_CONDITIONS and conditions:
        errors["conditions"] = _("Des conditions n’accompagnent qu’une approbation sous conditions.")
    errors.update(_check_day("received_on", received_on, locked.sent_at, _("La réponse")))
    if (
        not errors.get("received_on")
        and received_on
        and locked.acknowledged_on
        and received_on < locked.acknowledged_on
    ):
        errors["received_on"] = _("La réponse ne peut pas précéder l’accusé de réception, le %(date)s.") % {
            "date": locked.acknowledged_on.strftime("%d/%m/%Y")
        }
    return errors


@transaction.atomic
def record_response(
    transmission: Transmission,
    *,
    verdict: str,
    received_on: datetime.date,
    by: Any,
    text: str = "",
    conditions: str = "",
    authority: str = "",
    reference: str = "",
    notify: bool = True,
) -> Response:
    """The Instance's answer: approved, approved with conditions (required), refused, or relayed to a named authority.

    An answer to a transmission never acknowledged also stands for its acknowledgement (noted on the timeline).
    The pôle's members are e-mailed on commit (`notify=False` for history)."""
    locked = _lock(transmission)
    _refuse_status(
        locked,
        {Transmission.Status.SENT, Transmission.Status.ACKNOWLEDGED},
        {
            Transmission.Status.PREPARED: _(
                "La transmission %(reference)s n’a pas encore été envoyée : elle ne peut pas avoir reçu de réponse."
            ),
            Transmission.Status.ANSWERED: _already_answered(),
        },
    )
    conditions, authority = conditions.strip(), authority.strip()
    errors = _response_errors(verdict, conditions, authority, received_on, locked)
    if errors:
        raise ValidationError(errors)
    before = locked.status
    if locked.status == Transmission.Status.SENT:
        locked.acknowledged_on = received_on
        _event(
            locked,
            Event.Kind.ACKNOWLEDGED,
            _day_moment(received_on, after=locked.sent_at),
            by,
            note=_("Implicite : la réponse de l’Instance vaut accusé de réception."),
        )
    response = Response(
        transmission=locked,
        verdict=verdict,
        text=text,
        conditions=conditions,
        authority=authority,
        reference=reference.strip(),
        received_on=received_on,
        recorded_by=_user(by),
    )
    response.full_clean(exclude=["transmission"])
    response.save()
    locked.status = Transmission.Status.ANSWERED
    locked.save(update_fields=["status", "acknowledged_on"])
    _event(
        locked,
        Event.Kind.ANSWERED,
        _day_moment(received_on, after=locked.sent_at),
        by,
        note=response.get_verdict_display(),
    )
    audit.record(
        actor=by,
        verb="transmission.answer",
        action=AuditEntry.Action.UPDATE,
        target=locked,
        changes={
            "status": [before, locked.status],
            "verdict": [None, verdict],
            "received_on": [None, received_on],
            "authority": [None, authority or None],
        },
    )
    if notify:
        enqueue_on_commit(tasks.email_response, locked.pk)
    transmission.refresh_from_db()
    return response


# --- reminders ----------------------------------------------------------------------------------------------------

DUE = "due"
OVERDUE = "overdue"


def due_reminders(today: datetime.date | None = None) -> list[tuple[Transmission, str]]:
    """(transmission, "due" | "overdue") for each transmission awaiting an answer whose reminder is due and not yet
    sent: once from `reminder_days` ⚙ before the deadline, once when the deadline has passed."""
    today = today or timezone.localdate()
    found = []
    waiting = (
        Transmission.objects.awaiting_answer()
        .filter(response_due__isnull=False)
        .select_related("pole__basin", "pole__transmission_settings")
        .order_by("response_due", "pk")
    )
    for transmission in waiting:
        due = transmission.response_due
        assert due is not None
        if today > due:
            if transmission.overdue_reminded_at is None:
                found.append((transmission, OVERDUE))
        elif transmission.reminded_at is None:
            lead = TransmissionSettings.for_pole(transmission.pole).reminder_days
            if today >= due - datetime.timedelta(days=lead):
                found.append((transmission, DUE))
    return found


@transaction.atomic
def remind_transmission(transmission: Transmission, *, kind: str, by: Any = None) -> bool:
    """Remind the secretariat once (`kind` "due" or "overdue"); False when that reminder was already sent."""
    locked = _lock(transmission)
    field = "overdue_reminded_at" if kind == OVERDUE else "reminded_at"
    if getattr(locked, field) is not None or locked.status not in (
        Transmission.Status.SENT,
        Transmission.Status.ACKNOWLEDGED,
    ):
        return False
    now = timezone.now()
    setattr(locked, field, now)
    locked.save(update_fields=[field])
    note = _("Échéance dépassée") if kind == OVERDUE else _("Échéance proche")
    _event(locked, Event.Kind.REMINDED, now, by, note=note)
    audit.record(actor=by, verb=f"transmission.remind.{kind}", target=locked, changes={field: [None, now]})
    enqueue_on_commit(tasks.email_reminder, locked.pk, kind)
    return True


def send_due_reminders(today: datetime.date | None = None) -> int:
    """The daily run (`manage.py send_transmission_reminders`): idempotent, each reminder goes once."""
    return sum(remind_transmission(t, kind=kind) for t, kind in due_reminders(today))
