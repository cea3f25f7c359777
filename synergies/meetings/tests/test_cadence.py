"""Cadence (R5) and the proposed dates: one a quarter, never on a holiday, weekend or school holiday."""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from synergies.lib.holidays import public_holidays
from synergies.meetings import services
from synergies.meetings.cadence import cadence_of, covered_years, propose_dates, school_holiday_on, school_holidays
from synergies.meetings.models import CadenceAlert, Meeting, Notice
from synergies.meetings.tests.conftest import at
from synergies.poles.models import Body

pytestmark = pytest.mark.django_db


def test_the_school_holiday_file_covers_2019_to_2027_without_overlaps() -> None:
    assert covered_years() == range(2019, 2028)
    periods = sorted(school_holidays())
    assert all(start <= end for start, end, _ in periods)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(periods))
    assert school_holiday_on(datetime.date(2026, 2, 20)) == "Congé de détente"


def test_a_year_with_one_planned_meeting_is_at_risk(plan: Callable[..., Meeting], seats: Any) -> None:
    plan("2026-03-10")
    cadence = cadence_of(seats["cpas"].body.pole, 2026)
    assert (cadence.held, cadence.planned, cadence.status) == (0, 1, "at_risk")
    assert "R5" in cadence.message


def test_cancelled_meetings_do_not_count_and_five_is_only_noted(
    plan: Callable[..., Meeting], seats: Any, secretary: Any
) -> None:
    for day in ["2026-03-10", "2026-05-19", "2026-06-16", "2026-09-15", "2026-11-17"]:
        plan(day)
    pole = seats["cpas"].body.pole
    assert cadence_of(pole, 2026).status == "above"
    services.cancel_meeting(Meeting.objects.get(starts_at=at("2026-11-17")), reason="Doublon", by=secretary)
    assert cadence_of(pole, 2026).status == "ok"


@pytest.mark.parametrize("year", list(range(2019, 2028)))
def test_proposals_fall_one_a_quarter_on_free_weekdays(committee: Body, year: int) -> None:
    proposals = propose_dates(committee, year, today=datetime.date(year - 1, 12, 1))
    days = [p.day for p in proposals]
    assert [p.quarter for p in proposals] == [1, 2, 3, 4]
    assert all(d is not None for d in days)
    for quarter, day in enumerate(days, start=1):
        assert day is not None
        assert (day.month - 1) // 3 + 1 == quarter
        assert day.weekday() < 5
        assert day not in public_holidays(year)
        assert school_holiday_on(day) is None


def test_proposals_prefer_a_tuesday_or_thursday(committee: Body) -> None:
    days = [p.day for p in propose_dates(committee, 2027, today=datetime.date(2026, 12, 1))]
    assert all(d is not None and d.weekday() in (1, 3) for d in days)


def test_quarters_with_a_meeting_and_past_quarters_are_skipped(
    plan: Callable[..., Meeting], committee: Body, seats: Any
) -> None:
    plan("2026-05-19")
    proposals = propose_dates(committee, 2026, today=datetime.date(2026, 4, 1))
    assert [p.day is None for p in proposals] == [True, True, False, False]


def test_a_year_outside_the_file_is_refused_clearly(committee: Body) -> None:
    with pytest.raises(ValidationError, match="2019 à 2027"):
        propose_dates(committee, 2030)


def test_proposed_dates_become_planned_meetings_at_the_usual_time(
    committee: Body, mandate: Any, secretary: Any
) -> None:
    days = [p.day for p in propose_dates(committee, 2026) if p.day]
    created = services.create_proposed_meetings(committee, days, by=secretary)
    assert len(created) == len(days) == 4
    assert all(m.status == "planned" and m.starts_at.astimezone(at("2026-01-01").tzinfo).hour == 9 for m in created)


# --- the daily command -----------------------------------------------------------------------------------------


def test_the_daily_command_reminds_members_and_the_secretariat_once(
    meeting: Meeting, plan: Callable[..., Meeting], secretary: Any, frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.convene_meeting(meeting, by=secretary)
    unconvened = plan("2026-03-17")
    frozen.move_to("2026-03-08 06:00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_notices", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_notices", stdout=io.StringIO())
    assert Notice.objects.filter(meeting=meeting, kind=Notice.Kind.REMINDER).count() == 1
    assert Notice.objects.filter(meeting=unconvened, kind=Notice.Kind.TO_CONVENE).count() == 1
    reminders = [m for m in mail.outbox if m.subject.startswith("[Synergies] Rappel")]
    assert len(reminders) == 6
    assert [m.to for m in mail.outbox if "À convoquer" in m.subject] == [["secretariat@example.org"]]


def test_the_cadence_alert_goes_once_in_the_last_quarter(
    plan: Callable[..., Meeting], seats: Any, frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    frozen.move_to("2026-09-30 06:00")
    call_command("send_meeting_notices", stdout=io.StringIO())
    assert not CadenceAlert.objects.exists()
    frozen.move_to("2026-10-01 06:00")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_notices", stdout=io.StringIO())
        call_command("send_meeting_notices", stdout=io.StringIO())
    assert CadenceAlert.objects.filter(year=2026).count() == 1
    assert len([m for m in mail.outbox if "Cadence" in m.subject]) == 1
