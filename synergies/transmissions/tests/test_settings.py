"""The secretariat sets where and how the pôle's transmissions go (⚙); the next one follows the new settings."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from synergies.decisions.models import Decision
from synergies.poles.models import Pole
from synergies.testing.auth import log_in
from synergies.transmissions import services
from synergies.transmissions.models import TransmissionSettings


def settings_url(pole: Pole) -> str:
    return reverse("transmissions:settings", kwargs={"basin": pole.basin.code, "code": pole.code})


def test_a_new_recipient_and_response_time_apply_to_the_next_transmission(
    pole: Pole, decision: Decision, secretary: Any
) -> None:
    response = log_in(Client(), secretary).post(
        settings_url(pole), {"recipient_email": "bureau@instance.example", "response_days": "30", "reminder_days": "5"}
    )
    assert response.status_code == 302
    transmission = services.prepare_transmission(decision, by=secretary)
    assert transmission.recipient_email == "bureau@instance.example"
    services.send_transmission(transmission, by=secretary, notify=False)
    transmission.refresh_from_db()
    assert transmission.sent_at is not None and transmission.response_due is not None
    assert (transmission.response_due - transmission.sent_at.date()).days == 30


def test_an_invalid_address_is_refused_and_nothing_is_saved(pole: Pole, secretary: Any) -> None:
    response = log_in(Client(), secretary).post(
        settings_url(pole), {"recipient_email": "pas une adresse", "response_days": "30", "reminder_days": "5"}
    )
    assert response.status_code == 400
    assert not TransmissionSettings.objects.filter(pole=pole).exists()


def test_a_member_cannot_change_the_transmission_settings(pole: Pole, member: Any) -> None:
    response = log_in(Client(), member).post(settings_url(pole), {"response_days": "1"})
    assert response.status_code == 403
