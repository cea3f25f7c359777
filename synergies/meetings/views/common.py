"""What the meetings' views share: finding a meeting for a user, the page context, the cadence banner."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from synergies.lib.views import require_perm
from synergies.meetings.cadence import Cadence, count_cadence
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Pole
from synergies.poles.views.common import add_errors, get_pole_for_user, pole_context

__all__ = [
    "add_errors",
    "cadence_banner",
    "get_meeting_for_user",
    "get_pole_for_user",
    "meeting_context",
    "pole_context",
    "require_perm",
]


def get_meeting_for_user(request: HttpRequest, basin: str, code: str, pk: int, perm: str) -> Meeting:
    """The meeting of the pôle, or 404 when the user may not know it exists, or 403 when they may see it but not
    do `perm`."""
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    meeting = get_object_or_404(Meeting.objects.select_related("body", "commune"), pk=pk, body__pole=pole)
    meeting.body.pole = pole
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    require_perm(request, perm, meeting)
    return meeting


def meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        **pole_context(request, meeting.body.pole),
        "meeting": meeting,
        "can_change": request.user.has_perm("meetings.change_meeting", meeting),
    }


def cadence_banner(pole: Pole, meetings: list[Meeting] | None = None, now: datetime.datetime | None = None) -> Cadence:
    """This year's cadence of the steering committee, from `meetings` when the page already read them."""
    now = now or timezone.now()
    year = timezone.localtime(now).year
    if meetings is None:
        meetings = list(
            Meeting.objects.of_pole(pole)
            .filter(body__kind=Body.Kind.STEERING_COMMITTEE)
            .in_year(year)
            .not_cancelled()
            .select_related("body")
        )
    committee = [m for m in meetings if m.body.kind == Body.Kind.STEERING_COMMITTEE]
    return count_cadence(committee, year, now)
