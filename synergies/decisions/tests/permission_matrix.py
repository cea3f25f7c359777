"""Who may reach the decisions' pages (see synergies/testing/permissions.py).

`world.proposal` is in an open written procedure of the world's committee, where `member` holds `world.seat`;
`world.meeting_proposal` is in an open meeting round; `world.decision` is public and adopted, `world.private_decision`
is adopted but not public.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from synergies.testing.permissions import ALLOW, FORBIDDEN, LOGIN, Rule, everyone, staff_only

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
PROPOSAL = lambda w: {**POLE(w), "pk": w.proposal.pk}  # noqa: E731
MEETING_PROPOSAL = lambda w: {**POLE(w), "pk": w.meeting_proposal.pk}  # noqa: E731
DRAFT = lambda w: {**POLE(w), "pk": w.draft.pk}  # noqa: E731
MEMBERS = {**staff_only(), "member": ALLOW}
# A platform admin (superuser) reaches every page; the page then says they hold no seat.
MEMBER_ONLY = {**everyone(FORBIDDEN), "anonymous": LOGIN, "member": ALLOW, "platform_admin": ALLOW}

EXPECTATIONS = [
    Rule("decisions:register", everyone(ALLOW), kwargs=POLE),
    Rule("decisions:register_export", everyone(ALLOW), kwargs=lambda w: {**POLE(w), "fmt": "csv"}),
    Rule("decisions:decision", everyone(ALLOW), kwargs=lambda w: {**POLE(w), "reference": w.decision.reference}),
    Rule(
        "decisions:decision_correct",
        staff_only(),
        kwargs=lambda w: {**POLE(w), "reference": w.decision.reference},
    ),
    Rule("decisions:proposals", MEMBERS, kwargs=POLE),
    Rule("decisions:proposal_create", staff_only(), kwargs=POLE),
    Rule(
        "decisions:settings",
        staff_only(),
        kwargs=POLE,
        method="post",
        data=lambda w: {"require_all_components": "on", "written_procedure_days": "10", "reminder_days": "3"},
    ),
    Rule("decisions:proposal", MEMBERS, kwargs=PROPOSAL),
    Rule("decisions:proposal_edit", staff_only(), kwargs=DRAFT),
    Rule("decisions:proposal_document", staff_only(), kwargs=DRAFT, method="post"),
    Rule("decisions:round_open", staff_only(), kwargs=DRAFT),
    Rule("decisions:position", MEMBER_ONLY, kwargs=PROPOSAL),
    Rule("decisions:meeting_positions", staff_only(), kwargs=MEETING_PROPOSAL),
    Rule("decisions:consensus", staff_only(), kwargs=MEETING_PROPOSAL),
    Rule("decisions:round_close", staff_only(), kwargs=PROPOSAL, method="post"),
    Rule("decisions:proposal_postpone", staff_only(), kwargs=PROPOSAL, method="post"),
    Rule("decisions:proposal_withdraw", staff_only(), kwargs=PROPOSAL, method="post"),
]


def extend_world(world: Any, users: dict[str, Any]) -> None:
    from synergies.decisions import services
    from synergies.decisions.models import ConsensusSettings, Decision
    from synergies.meetings.models import Attendance, Meeting

    secretary = users["secretary"]
    # The world's committee has a single seat: its pôle does not require every component to take part.
    ConsensusSettings.objects.create(pole=world.pole, require_all_components=False)
    world.draft = services.create_proposal(
        world.pole, {"body": world.committee, "title": "Brouillon", "text": "À préparer."}, by=secretary
    )
    world.proposal = services.create_proposal(
        world.pole, {"body": world.committee, "title": "Procédure écrite", "text": "Le pôle adopte…"}, by=secretary
    )
    services.open_round(world.proposal, method="written", by=secretary)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(body=world.committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    Attendance.objects.create(meeting=meeting, seat=world.seat, status=Attendance.Status.PRESENT)
    world.meeting_proposal = services.create_proposal(
        world.pole, {"body": world.committee, "title": "En séance", "text": "Le pôle adopte…"}, by=secretary
    )
    services.open_round(world.meeting_proposal, method="meeting", meeting=meeting, by=secretary)
    adopted = services.create_proposal(
        world.pole, {"body": world.committee, "title": "Adoptée", "text": "Le pôle a adopté…"}, by=secretary
    )
    round = services.open_round(adopted, method="meeting", meeting=meeting, by=secretary)
    services.note_consensus(round, by=secretary)
    world.decision = Decision.objects.get(round=round)
