# ruff: noqa: F811  (the pôles' and decisions' fixtures are imported, then requested by name)
"""The label « pratique inspirante »: proposed to the register, granted only by the decision that adopts it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.decisions import services as decisions
from synergies.decisions.models import Decision
from synergies.decisions.tests.conftest import attend, council  # noqa: F401
from synergies.lib import search
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Mandate, Pole
from synergies.poles.tests.conftest import commune, make_organisation, mons  # noqa: F401
from synergies.practices.models import Practice, Status
from synergies.practices.services.indexing import INDEX
from synergies.practices.services.labels import grant_label, propose_label
from synergies.practices.tests.factories import make_practice, make_public_pole

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(pole: Pole) -> Body:
    return pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)


@pytest.fixture
def mandate(pole: Pole) -> Mandate:
    return pole.mandates.get()


def consensus(proposal: Any, council: Any, committee: Body, secretary: Any) -> Decision:
    start = timezone.now() - datetime.timedelta(hours=2)
    meeting = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for seat in council.voting:
        attend(meeting, seat)
    round = decisions.open_round(proposal, method="meeting", meeting=meeting, by=secretary)
    decisions.note_consensus(round, by=secretary)
    return Decision.objects.get(proposal=proposal)


def test_the_committee_s_consensus_labels_the_practice(
    pole: Pole, practice: Practice, council: Any, committee: Body, secretary: Any
) -> None:
    proposal = propose_label(practice, by=secretary, rationale="Transférée dans trois CISP.")
    assert Practice.objects.get(pk=practice.pk).label_decision is None
    decision = consensus(proposal, council, committee, secretary)
    practice.refresh_from_db()
    assert practice.label_decision == decision and practice.is_inspiring
    result = search.search(INDEX, "", filters={"label": ["inspirante"]})
    assert [hit.object_id for hit in result.hits] == [practice.pk]


def test_only_a_published_practice_can_be_proposed(pole: Pole, secretary: Any) -> None:
    draft = make_practice(pole, status=Status.DRAFT)
    with pytest.raises(ValidationError, match="publiée"):
        propose_label(draft, by=secretary)


def test_a_second_proposal_waits_for_the_first(pole: Pole, practice: Practice, secretary: Any) -> None:
    propose_label(practice, by=secretary)
    with pytest.raises(ValidationError, match="attend déjà"):
        propose_label(practice, by=secretary)


def test_another_pole_s_register_cannot_label_the_practice(
    pole: Pole, practice: Practice, basin: Any, other_basin: Any
) -> None:
    other = make_public_pole(other_basin, name="Numérique", code="NUM")
    decision = Decision(pole=other)
    with pytest.raises(ValidationError, match="Seul le registre"):
        grant_label(practice, decision)
    practice.refresh_from_db()
    assert not practice.is_inspiring
