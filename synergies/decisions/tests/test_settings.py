"""The secretariat sets how consensus is read (⚙); the next written procedure follows the new settings."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from synergies.decisions import services
from synergies.decisions.models import ConsensusSettings, Proposal
from synergies.decisions.tests.conftest import Council
from synergies.poles.models import Pole
from synergies.testing.auth import log_in


def settings_url(pole: Pole) -> str:
    return reverse("decisions:settings", kwargs={"basin": pole.basin.code, "code": pole.code})


def test_without_silence_as_agreement_a_new_written_procedure_counts_no_silence(
    pole: Pole, council: Council, secretary: Any, make_proposal: Any
) -> None:
    response = log_in(Client(), secretary).post(
        settings_url(pole), {"require_all_components": "on", "written_procedure_days": "15", "reminder_days": "2"}
    )
    assert response.status_code == 302
    saved = ConsensusSettings.objects.get(pole=pole)
    assert (saved.silence_counts_as_agreement, saved.written_procedure_days) == (False, 15)
    proposal: Proposal = make_proposal()
    round = services.open_round(proposal, method="written", by=secretary)
    assert round.silence_counts is False
    assert round.deadline is not None and (round.deadline - round.opened_at).days == 15


def test_a_member_cannot_change_the_consensus_rules(pole: Pole, council: Council, member: Any) -> None:
    response = log_in(Client(), member).post(settings_url(pole), {"written_procedure_days": "1"})
    assert response.status_code == 403
    assert not ConsensusSettings.objects.filter(pole=pole).exists()
