"""The panel the meeting page shows: the proposals decided in that meeting (through the meetings' panel hook)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from synergies.decisions.models import Proposal


def decided_here(request: HttpRequest, meeting: Any) -> dict[str, Any] | None:
    proposals = list(
        Proposal.objects.visible_in_meeting(request.user, meeting).select_related("decision").order_by("pk")
    )
    return {"decided_proposals": proposals, "decisions_pole": meeting.body.pole} if proposals else None


def register_meeting_panel() -> None:
    try:
        from synergies.meetings.panels import register_panel
    except ImportError:  # pragma: no cover - the meetings app without its panel hook
        return
    register_panel("decisions/includes/meeting_panel.html", decided_here)
