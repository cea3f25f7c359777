"""What the daily command does (`send_meeting_notices`): idempotent, so running it twice a day sends nothing twice.

- a reminder to the members `reminder_days` before each convened meeting (once: `Meeting.reminded_at`);
- a reminder to the basin's secretariat for each planned meeting that should be convened by now
  (`convocation_days` ahead) and is not (once: a Notice « to_convene »);
- from 1 October, the cadence alert when the steering committee will end the year below three meetings (R5), once a
  year per pôle (`CadenceAlert`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from synergies.lib import audit
from synergies.lib.tasks import enqueue_on_commit
from synergies.meetings import tasks
from synergies.meetings.cadence import cadence_of
from synergies.meetings.models import CadenceAlert, Meeting, MeetingSettings, Minutes, Notice
from synergies.meetings.notifications import member_contacts
from synergies.meetings.services.meetings import plan_meeting
from synergies.poles.models import Pole

LAST_QUARTER = 10


@dataclass
class DailyReport:
    reminders: list[int] = field(default_factory=list)
    to_convene: list[int] = field(default_factory=list)
    cadence_alerts: list[tuple[int, int]] = field(default_factory=list)
    frozen: list[int] = field(default_factory=list)


def _settings_by_pole(meetings: list[Meeting]) -> dict[int, MeetingSettings]:
    poles = {m.body.pole_id: m.body.pole for m in meetings}
    return {pk: MeetingSettings.for_pole(pole) for pk, pole in poles.items()}


@transaction.atomic
def send_due_notices(now: datetime.datetime | None = None) -> DailyReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DailyReport()
    upcoming = list(
        Meeting.objects.filter(
            starts_at__gt=now, status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED]
        ).select_related("body__pole__basin", "body__pole__meeting_settings")
    )
    settings = _settings_by_pole(upcoming)
    already = set(
        Notice.objects.filter(meeting__in=upcoming, kind=Notice.Kind.TO_CONVENE).values_list("meeting_id", flat=True)
    )
    for meeting in upcoming:
        ms = settings[meeting.body.pole_id]
        left = (meeting.day - today).days
        if meeting.status == Meeting.Status.CONVENED and meeting.reminded_at is None and left <= ms.reminder_days:
            meeting.reminded_at = now
            meeting.save(update_fields=["reminded_at"])
            Notice.objects.create(
                meeting=meeting,
                kind=Notice.Kind.REMINDER,
                sequence=meeting.sequence,
                recipients=len(member_contacts(meeting)),
            )
            enqueue_on_commit(tasks.send_meeting_notice, meeting.pk, Notice.Kind.REMINDER)
            report.reminders.append(meeting.pk)
        elif meeting.status == Meeting.Status.PLANNED and left <= ms.convocation_days and meeting.pk not in already:
            Notice.objects.create(meeting=meeting, kind=Notice.Kind.TO_CONVENE, sequence=meeting.sequence)
            enqueue_on_commit(tasks.send_convocation_due, meeting.pk)
            report.to_convene.append(meeting.pk)
    if today.month >= LAST_QUARTER:
        alerted = set(CadenceAlert.objects.filter(year=today.year).values_list("pole_id", flat=True))
        for pole in Pole.objects.filter(closed_on__isnull=True).prefetch_related("mandates"):
            if pole.pk in alerted or pole.mandate_on(today) is None:
                continue
            cadence = cadence_of(pole, today.year, now)
            if cadence.at_risk:
                alert = CadenceAlert.objects.create(pole=pole, year=today.year, count=cadence.total, sent_at=now)
                audit.record(actor=None, verb="meeting.cadence.alert", target=pole, message=cadence.message)
                enqueue_on_commit(tasks.send_cadence_alert, pole.pk, alert.year, str(cadence.message))
                report.cadence_alerts.append((pole.pk, today.year))
    # Approved minutes whose PDF a stopped worker never rendered are queued again.
    for minutes_id in Minutes.objects.filter(status=Minutes.Status.APPROVED, pdf_sha256="").values_list(
        "pk", flat=True
    ):
        enqueue_on_commit(tasks.freeze_minutes, minutes_id)
        report.frozen.append(minutes_id)
    return report


def create_proposed_meetings(body: Any, days: list[datetime.date], *, by: Any) -> list[Meeting]:
    """Plan a meeting on each of `days`, at the pôle's usual time and for its usual duration, all or none."""
    ms = MeetingSettings.for_pole(body.pole)
    zone = timezone.get_default_timezone()
    created = []
    with transaction.atomic():
        for day in sorted(days):
            starts = datetime.datetime.combine(day, ms.default_start_time, tzinfo=zone)
            created.append(
                plan_meeting(
                    body,
                    {
                        "starts_at": starts,
                        "ends_at": starts + datetime.timedelta(minutes=ms.default_duration_minutes),
                        "mode": Meeting.Mode.IN_PERSON,
                        "address": "",
                        "commune": None,
                        "is_public": True,
                    },
                    by=by,
                )
            )
    return created
