"""E-mails of the pôles to the secretariat of their basin: compliance broken, mandate ending, evaluation due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from synergies.accounts.models import Role, User
from synergies.basins.models import Basin
from synergies.lib.text import one_line
from synergies.poles.compliance import compliance_of
from synergies.poles.models import Mandate, Pole

REMINDER_DAYS = (180, 90, 30, 7)


def secretariat_emails(basin: Basin) -> list[str]:
    users = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.SECRETARIAT,
        role_assignments__content_type=ContentType.objects.get_for_model(Basin),
        role_assignments__object_id=str(basin.pk),
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(pole: Pole, template: str, context: dict[str, object]) -> int:
    recipients = secretariat_emails(pole.basin)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"pole": pole, "site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"poles/email/{template}_subject.txt", context))
        body = render_to_string(f"poles/email/{template}_body.txt", context)
    return send_mail(settings.EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def alert_compliance_broken(pole_id: int, day: datetime.date | None = None) -> int:
    """`day`: the day the change breaks compliance (today by default; a seat ending today breaks it tomorrow)."""
    pole = Pole.objects.select_related("basin").filter(pk=pole_id).first()
    if pole is None:
        return 0
    compliance = compliance_of(pole, day)
    if compliance.compliant:
        return 0
    return _send(pole, "compliance_broken", {"compliance": compliance})


def due_reminders(today: datetime.date | None = None) -> list[tuple[Mandate, str, int]]:
    """(mandate, kind, days left) for each mandate whose end or evaluation due date is exactly a reminder day away;
    an evaluation file already handed in is not asked for again."""
    today = today or timezone.localdate()
    found = []
    mandates = Mandate.objects.select_related("pole__basin", "evaluation")
    renewed = set(Mandate.objects.filter(number__gt=1).values_list("pole_id", "number"))
    for mandate in mandates.filter(end__gte=today, pole__closed_on__isnull=True):
        evaluation = getattr(mandate, "evaluation", None)
        for kind, day in (("end", mandate.end), ("evaluation", mandate.evaluation_due)):
            left = (day - today).days
            if kind == "evaluation" and evaluation is not None and evaluation.is_complete:
                continue
            if kind == "end" and (mandate.pole_id, mandate.number + 1) in renewed:
                continue
            if left in REMINDER_DAYS:
                found.append((mandate, kind, left))
    return found


def send_reminders(today: datetime.date | None = None) -> int:
    sent = 0
    for mandate, kind, left in due_reminders(today):
        sent += _send(mandate.pole, f"reminder_{kind}", {"mandate": mandate, "days_left": left})
    return sent
