"""A member's attendance and remarks are in their data export; erasure removes their private calendar address."""

from __future__ import annotations

from typing import Any

from synergies.accounts.personal_data import erase_user, export_user_data
from synergies.meetings import services
from synergies.meetings.models import CalendarToken, Meeting
from synergies.meetings.tests.test_services import circulated
from synergies.poles.models import Seat


def meetings_data(user: Any) -> dict[str, Any]:
    return next(s["data"] for s in export_user_data(user)["sources"] if s["key"] == "meetings")


def test_a_members_attendance_and_remarks_are_in_their_export(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any, member: Any, platform_admin: Any
) -> None:
    minutes = circulated(meeting, seats, secretary, frozen)
    services.add_remark(minutes, text="Préciser l’heure de fin.", by=member)
    data = meetings_data(member)
    assert [a["status"] for a in data["attendances"]] == ["présent·e"]
    assert [r["text"] for r in data["remarks"]] == ["Préciser l’heure de fin."]
    assert data["private_calendar"] is False
    assert meetings_data(platform_admin) == {"attendances": [], "remarks": [], "private_calendar": False}


def test_erasure_removes_the_private_calendar_address_and_keeps_the_attendance(
    meeting: Meeting, seats: dict[str, Seat], secretary: Any, frozen: Any, member: Any, platform_admin: Any
) -> None:
    circulated(meeting, seats, secretary, frozen)
    services.renew_calendar_token(member, by=member)
    assert CalendarToken.objects.filter(user=member).exists()
    erase_user(member, by=platform_admin)
    assert not CalendarToken.objects.filter(user=member).exists()
    assert meeting.attendances.filter(seat=seats["member"]).exists()
