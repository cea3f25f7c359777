"""E-mails of the transmissions: the transmission itself to the Instance (with its PDF), the answer to the pôle's
members, the reminders to the secretariat. Sent by tasks queued once the service's transaction has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from synergies.lib.text import one_line
from synergies.poles.models import Seat
from synergies.poles.notifications import secretariat_emails
from synergies.transmissions.models import Transmission


def _load(transmission_id: int) -> Transmission | None:
    return (
        Transmission.objects.select_related("pole__basin", "response", "subject_type")
        .filter(pk=transmission_id)
        .first()
    )


def _render(template: str, transmission: Transmission, **context: object) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "transmission": transmission,
            "pole": transmission.pole,
            "basin": transmission.pole.basin,
            "site_url": settings.SITE_URL,
            **context,
        }
        subject = one_line(render_to_string(f"transmissions/email/{template}_subject.txt", context))
        body = render_to_string(f"transmissions/email/{template}_body.txt", context)
    return settings.EMAIL_SUBJECT_PREFIX + subject, body


def member_emails(transmission: Transmission) -> list[str]:
    """The addresses of the people holding (or substituting in) a seat in force in the pôle today."""
    seats = Seat.objects.of_pole(transmission.pole).in_force(timezone.localdate())
    addresses = set(seats.exclude(representative__email="").values_list("representative__email", flat=True))
    addresses |= set(
        seats.filter(substitute__isnull=False).exclude(substitute__email="").values_list("substitute__email", flat=True)
    )
    return sorted(a for a in addresses if a)


def email_transmission(transmission_id: int) -> int:
    """To the recipient, the secretariat in copy, the PDF attached as it was stored (same bytes, same SHA-256)."""
    transmission = _load(transmission_id)
    if transmission is None or not transmission.pdf:
        return 0
    subject, body = _render("transmission", transmission)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to=[transmission.recipient_email],
        cc=[e for e in secretariat_emails(transmission.pole.basin) if e != transmission.recipient_email],
    )
    with transmission.pdf.open("rb") as handle:
        message.attach(f"{transmission.reference}.pdf", handle.read(), "application/pdf")
    return message.send()


def email_response(transmission_id: int) -> int:
    """The Instance's answer, to the pôle's members (in blind copy: no member sees the others' addresses)."""
    transmission = _load(transmission_id)
    if transmission is None or not hasattr(transmission, "response"):
        return 0
    recipients = member_emails(transmission)
    if not recipients:
        return 0
    subject, body = _render("response", transmission, response=transmission.response)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, bcc=recipients).send()


def email_reminder(transmission_id: int, kind: str) -> int:
    transmission = _load(transmission_id)
    if transmission is None:
        return 0
    recipients = secretariat_emails(transmission.pole.basin)
    if not recipients:
        return 0
    subject, body = _render("reminder", transmission, overdue=kind == "overdue", today=timezone.localdate())
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=recipients).send()
