"""E-mails about meetings: convocations, updates, reminders and cancellations to the body's members (each with an
iCalendar invitation), minutes to the attendees, and reminders and alerts to the basin's secretariat.

Members are the representative and the substitute of every seat of the body in force on the meeting's day: both are
convened, so the substitute can sit when the representative cannot. Each recipient gets their own message, whose
invitation names them as the attendee (RFC 5546), so that accepting it in a mail client answers for them alone.
"""

from __future__ import annotations

from email.mime.text import MIMEText
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from synergies.lib import ical
from synergies.lib.text import one_line
from synergies.meetings.calendars import event_of, meeting_url
from synergies.meetings.models import Meeting, MeetingSettings, Minutes, Notice
from synergies.poles.models import Pole, Seat
from synergies.poles.notifications import secretariat_emails

METHOD = {
    Notice.Kind.CONVOCATION: "REQUEST",
    Notice.Kind.UPDATE: "REQUEST",
    Notice.Kind.REMINDER: "REQUEST",
    Notice.Kind.CANCELLATION: "CANCEL",
}


def member_contacts(meeting: Meeting) -> list[ical.Contact]:
    """The representative and substitute of every seat of the body in force on the meeting's day, once each."""
    seats = (
        Seat.objects.filter(body_id=meeting.body_id)
        .in_force(meeting.day)
        .select_related("representative", "substitute")
        .order_by("pk")
    )
    found: dict[str, ical.Contact] = {}
    for seat in seats:
        for person in seat.people():
            email = (person.email or "").strip().lower()
            if email and email not in found:
                found[email] = ical.Contact(email=person.email.strip(), name=person.full_name)
    return list(found.values())


def organizer_of(meeting: Meeting) -> ical.Contact:
    basin = meeting.body.pole.basin
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if basin.contact_email:
        return ical.Contact(email=basin.contact_email, name=str(basin))
    return ical.Contact(email=address, name=name)


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"meetings/email/{template}_subject.txt", context))
        body = render_to_string(f"meetings/email/{template}_body.txt", context)
    return settings.EMAIL_SUBJECT_PREFIX + subject, body


def _calendar_part(data: bytes, method: str) -> MIMEText:
    part = MIMEText(data.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part


def _meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("body__pole__basin", "commune")
        .prefetch_related("agenda_items__documents")
        .filter(pk=meeting_id)
        .first()
    )


def send_meeting_notice(meeting_id: int, kind: str) -> int:
    """Send `kind` (convocation, update, reminder, cancellation) to every member, each with their invitation."""
    meeting = _meeting(meeting_id)
    if meeting is None:
        return 0
    kind = Notice.Kind(kind)
    method = METHOD[kind]
    organizer = organizer_of(meeting)
    context = {
        "meeting": meeting,
        "pole": meeting.body.pole,
        "kind": kind,
        "items": list(meeting.agenda_items.all()),
        "link": meeting_url(meeting),
        "settings": MeetingSettings.for_pole(meeting.body.pole),
    }
    subject, body = _render(f"{kind.value}", context)
    sent = 0
    for contact in member_contacts(meeting):
        data = ical.invitation(event_of(meeting, attendees=[contact]), method=method, organizer=organizer)  # type: ignore[arg-type]
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
        message.attach(_calendar_part(data, method))
        sent += message.send()
    return sent


def send_minutes_notice(minutes_id: int) -> int:
    """Tell the meeting's attendees that the draft minutes await their remarks, with the link and the deadline."""
    minutes = Minutes.objects.select_related("meeting__body__pole__basin").filter(pk=minutes_id).first()
    if minutes is None:
        return 0
    meeting = minutes.meeting
    emails = sorted(
        {
            a.attendee.email
            for a in meeting.attendances.select_related("attendee")
            if a.attendee is not None and a.attendee.email
        }
    )
    if not emails:
        return 0
    subject, body = _render(
        "minutes", {"meeting": meeting, "pole": meeting.body.pole, "minutes": minutes, "link": meeting_url(meeting)}
    )
    return sum(EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email]).send() for email in emails)


def _to_secretariat(pole: Pole, template: str, context: dict[str, Any]) -> int:
    recipients = secretariat_emails(pole.basin)
    if not recipients:
        return 0
    subject, body = _render(template, {"pole": pole, **context})
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients).send()


def send_convocation_due(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    if meeting is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        pole = meeting.body.pole
        convene = settings.SITE_URL + reverse(
            "meetings:convene", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": meeting.pk}
        )
    return _to_secretariat(
        meeting.body.pole,
        "to_convene",
        {"meeting": meeting, "link": convene, "settings": MeetingSettings.for_pole(meeting.body.pole)},
    )


def send_cadence_alert(pole_id: int, year: int, message: str) -> int:
    pole = Pole.objects.select_related("basin").filter(pk=pole_id).first()
    if pole is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("meetings:cadence", kwargs={"basin": pole.basin.code, "code": pole.code})
    return _to_secretariat(pole, "cadence", {"year": year, "message": message, "link": link})
