"""E-mails of the decisions: a round opened to the members, a reminder before a written procedure's deadline, an
objection alerting the secretariat at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from synergies.decisions.models import Position, Round
from synergies.decisions.services.rounds import eligible_seats, silent_seats
from synergies.lib.text import one_line
from synergies.poles.models import Seat
from synergies.poles.notifications import secretariat_emails


def _emails(seats: Iterable[Seat]) -> list[str]:
    return sorted({p.email for seat in seats for p in seat.people() if p.email})


def _send(template: str, recipients: list[str], context: dict[str, Any]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"decisions/email/{template}_subject.txt", context))
        body = render_to_string(f"decisions/email/{template}_body.txt", context)
    # One message per recipient: members do not see each other's addresses.
    return sum(
        send_mail(settings.EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    )


def _round(round_id: int) -> Round | None:
    return Round.objects.select_related("proposal__pole__basin", "proposal__body").filter(pk=round_id).first()


def announce_round(round_id: int) -> int:
    round = _round(round_id)
    if round is None or round.closed_at is not None:
        return 0
    proposal = round.proposal
    return _send(
        "round_opened", _emails(eligible_seats(round)), {"round": round, "proposal": proposal, "pole": proposal.pole}
    )


def send_reminder(round_id: int) -> int:
    round = _round(round_id)
    if round is None or round.closed_at is not None:
        return 0
    proposal = round.proposal
    return _send(
        "reminder", _emails(silent_seats(round)), {"round": round, "proposal": proposal, "pole": proposal.pole}
    )


def alert_objection(position_id: int) -> int:
    position = (
        Position.objects.select_related("round__proposal__pole__basin", "seat__organisation")
        .filter(pk=position_id, superseded_at__isnull=True)
        .first()
    )
    if position is None:
        return 0
    proposal = position.round.proposal
    return _send(
        "objection",
        secretariat_emails(proposal.pole.basin),
        {"position": position, "round": position.round, "proposal": proposal, "pole": proposal.pole},
    )
