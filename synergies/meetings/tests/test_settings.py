"""The secretariat sets how the pôle meets (⚙): days of notice, reminders, proxies, remarks; bad values are refused."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from synergies.lib.models import AuditEntry
from synergies.meetings.models import Meeting, MeetingSettings
from synergies.meetings.tests.test_views import url
from synergies.testing.auth import log_in

VALID = {
    "convocation_days": "14",
    "reminder_days": "3",
    "proxies_allowed": "on",
    "remarks_days": "7",
    "default_start_time": "14:00",
    "default_duration_minutes": "120",
}


def settings_url(meeting: Meeting) -> str:
    pole = meeting.body.pole
    return reverse("meetings:settings", kwargs={"basin": pole.basin.code, "code": pole.code})


def test_the_secretariat_saves_the_meeting_settings_and_the_attendance_form_then_offers_proxies(
    meeting: Meeting, secretary: Any, frozen: Any
) -> None:
    frozen.move_to("2026-03-10 12:00")
    client = log_in(Client(), secretary)
    assert "procuration" not in client.get(url("attendance", meeting)).content.decode().lower()
    response = client.post(settings_url(meeting), VALID)
    assert response.status_code == 302
    saved = MeetingSettings.objects.get(pole=meeting.body.pole)
    assert (saved.convocation_days, saved.proxies_allowed, saved.remarks_days) == (14, True, 7)
    assert AuditEntry.objects.filter(verb="meeting.settings.update", object_id=str(saved.pk)).exists()
    assert "procuration" in client.get(url("attendance", meeting)).content.decode().lower()


def test_a_negative_number_of_days_is_refused_and_nothing_is_saved(meeting: Meeting, secretary: Any) -> None:
    response = log_in(Client(), secretary).post(settings_url(meeting), {**VALID, "convocation_days": "-2"})
    assert response.status_code == 400
    assert not MeetingSettings.objects.filter(pole=meeting.body.pole).exists()


def test_a_member_cannot_change_the_meeting_settings(meeting: Meeting, member: Any) -> None:
    response = log_in(Client(), member).post(settings_url(meeting), VALID)
    assert response.status_code == 403
    assert not MeetingSettings.objects.filter(pole=meeting.body.pole).exists()
