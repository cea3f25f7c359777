"""The consensus engine follows DESIGN.md §2 in every case: a table of scenarios, and properties checked on many
generated rounds (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synergies.decisions.consensus import (
    AGREE,
    OBJECT,
    RESERVATION,
    STANCES,
    STAND_ASIDE,
    PositionFact,
    RoundFacts,
    SeatFact,
    decide,
)

SEATS = {
    "E": SeatFact(1, "CPAS de Mons", component="employment"),
    "F": SeatFact(2, "Le Forem", component="training"),
    "S": SeatFact(3, "Athénée royal", component="education"),
    "C": SeatFact(4, "Entreprise Dubois", component=None),
    "R": SeatFact(5, "personne ressource", role="resource_person", component="education"),
    "O": SeatFact(6, "Observatoire", role="observer", component="employment"),
}


def facts(
    method: str,
    positions: dict[str, str],
    *,
    seats: str = "EFSCRO",
    at_table: str = "EFSCRO",
    silence: bool = False,
    components: bool = True,
    noted: bool = False,
    reasons: dict[str, str] | None = None,
) -> RoundFacts:
    reasons = reasons or {}
    return RoundFacts(
        method=method,
        seats=tuple(
            SeatFact(s.seat_id, s.label, s.role, s.component, taking_part=key in at_table)
            for key, s in SEATS.items()
            if key in seats
        ),
        positions=tuple(
            PositionFact(
                SEATS[key].seat_id, stance, reasons.get(key, "motif" if stance in (OBJECT, RESERVATION) else "")
            )
            for key, stance in positions.items()
        ),
        silence_counts=silence,
        require_all_components=components,
        consensus_noted=noted,
    )


ALL_AGREE = {"E": AGREE, "F": AGREE, "S": AGREE}

SCENARIOS: list[tuple[str, RoundFacts, bool, dict[str, Any]]] = [
    ("every component agrees online", facts("online", ALL_AGREE), True, {}),
    ("a reservation is still an agreement", facts("online", {**ALL_AGREE, "F": RESERVATION}), True, {}),
    ("one objection blocks", facts("online", {**ALL_AGREE, "C": OBJECT}), False, {"objections": 1}),
    (
        "standing aside counts for the component",
        facts("online", {"E": AGREE, "F": STAND_ASIDE, "S": STAND_ASIDE}),
        True,
        {},
    ),
    (
        "a missing component blocks by default",
        facts("online", {"E": AGREE, "F": AGREE}),
        False,
        {"missing": ["education"]},
    ),
    ("a missing component is fine when not required", facts("online", {"E": AGREE}, components=False), True, {}),
    (
        "nobody agreeing is no consensus",
        facts("online", {"E": STAND_ASIDE, "F": STAND_ASIDE, "S": STAND_ASIDE}),
        False,
        {"no_agreement": True},
    ),
    ("nobody speaking online is no consensus", facts("online", {}, components=False), False, {"no_agreement": True}),
    (
        "silence is not agreement online",
        facts("online", {"E": AGREE}, silence=True),
        False,
        {"missing": ["training", "education"]},
    ),
    ("silence counts in a written procedure when configured", facts("written", {}, silence=True), True, {"deemed": 5}),
    (
        "silence does not count in a written procedure otherwise",
        facts("written", {"E": AGREE}),
        False,
        {"missing": ["training", "education"]},
    ),
    (
        "silence counting never outweighs an objection",
        facts("written", {"S": OBJECT}, silence=True),
        False,
        {"objections": 1},
    ),
    (
        "a resource person brings no component",
        facts("online", {"E": AGREE, "F": AGREE, "R": AGREE}),
        False,
        {"missing": ["education"]},
    ),
    ("an observer's position does not count", facts("online", {**ALL_AGREE, "O": OBJECT}), True, {}),
    (
        "an observer brings no component",
        facts("online", {"E": AGREE, "F": AGREE, "O": AGREE}, seats="EFO"),
        False,
        {"missing": ["education"]},
    ),
    (
        "in a meeting only seats at the table count",
        facts("meeting", {**ALL_AGREE, "C": OBJECT}, at_table="EFS"),
        True,
        {},
    ),
    (
        "consensus noted deems the silent present seats agreeing",
        facts("meeting", {}, at_table="EFS", noted=True),
        True,
        {"deemed": 3},
    ),
    (
        "consensus noted does not reach absent seats",
        facts("meeting", {}, at_table="EF", noted=True),
        False,
        {"missing": ["education"]},
    ),
    (
        "consensus noted with an objection is not adopted",
        facts("meeting", {"S": OBJECT}, at_table="EFS", noted=True),
        False,
        {"objections": 1},
    ),
    (
        "a meeting without consensus noted needs positions",
        facts("meeting", {}, at_table="EFS"),
        False,
        {"no_agreement": True, "missing": ["employment", "training", "education"]},
    ),
    (
        "objection, missing component and no agreement are all named",
        facts("online", {"E": OBJECT}),
        False,
        {"objections": 1, "missing": ["training", "education"], "no_agreement": True},
    ),
]


@pytest.mark.parametrize(("name", "round", "adopted", "expected"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_consensus_scenario(name: str, round: RoundFacts, adopted: bool, expected: dict[str, Any]) -> None:
    outcome = decide(round)
    assert outcome.adopted is adopted
    assert len(outcome.objections) == expected.get("objections", 0)
    assert outcome.missing_components == expected.get("missing", [])
    assert outcome.no_agreement is expected.get("no_agreement", False)
    if "deemed" in expected:
        assert len(outcome.deemed) == expected["deemed"]
    assert outcome.explanation.startswith("Adoptée" if adopted else "Non adoptée")


def test_an_objection_is_named_with_its_seat_and_reason_in_the_explanation() -> None:
    outcome = decide(facts("online", {**ALL_AGREE, "C": OBJECT}, reasons={"C": "coût non chiffré"}))
    assert outcome.objections == [{"seat": 4, "label": "Entreprise Dubois", "reason": "coût non chiffré"}]
    assert "Entreprise Dubois" in outcome.explanation and "coût non chiffré" in outcome.explanation


def test_a_missing_component_is_named_in_french() -> None:
    outcome = decide(facts("online", {"E": AGREE, "F": AGREE}))
    assert "«\u00a0enseignement\u00a0»" in outcome.explanation


def test_reservations_keep_their_text() -> None:
    outcome = decide(facts("online", {**ALL_AGREE, "F": RESERVATION}, reasons={"F": "sous réserve du budget"}))
    assert outcome.reservations == [{"seat": 2, "label": "Le Forem", "text": "sous réserve du budget"}]


def test_the_summary_holds_counts_and_no_name() -> None:
    summary = decide(facts("online", {**ALL_AGREE, "F": RESERVATION})).summary()
    assert summary == {
        "agree": 2,
        "reservation": 1,
        "stand_aside": 0,
        "object": 0,
        "deemed": 0,
        "participants": 3,
        "eligible": 5,
    }


# --- properties -----------------------------------------------------------------------------------------------------

seat_strategy = st.builds(
    SeatFact,
    seat_id=st.integers(1, 12),
    label=st.just("siège"),
    role=st.sampled_from(["member", "chair", "resource_person", "observer"]),
    component=st.sampled_from(["employment", "training", "education", None]),
    taking_part=st.booleans(),
)


@st.composite
def rounds(draw: Any, method: Any = None, silence: Any = None, components: Any = None) -> RoundFacts:
    seats = draw(st.lists(seat_strategy, max_size=10, unique_by=lambda s: s.seat_id))
    ids = [s.seat_id for s in seats]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    positions = tuple(PositionFact(i, draw(st.sampled_from(STANCES)), "motif") for i in chosen)
    return RoundFacts(
        method=draw(method if method is not None else st.sampled_from(["meeting", "online", "written"])),
        seats=tuple(seats),
        positions=positions,
        silence_counts=draw(silence if silence is not None else st.booleans()),
        require_all_components=draw(components if components is not None else st.booleans()),
        consensus_noted=draw(st.booleans()),
    )


def counted(round: RoundFacts, seat_id: int) -> bool:
    seat = next(s for s in round.seats if s.seat_id == seat_id)
    return seat.eligible and (round.method != "meeting" or seat.taking_part)


@given(rounds())
def test_any_standing_objection_prevents_adoption(round: RoundFacts) -> None:
    if any(p.stance == OBJECT and counted(round, p.seat_id) for p in round.positions):
        assert not decide(round).adopted


@given(rounds(components=st.just(True)))
def test_a_missing_component_prevents_adoption_by_default(round: RoundFacts) -> None:
    outcome = decide(round)
    if outcome.adopted:
        participants = set(outcome.participants)
        present = {s.component for s in round.seats if s.seat_id in participants and s.role not in ("resource_person",)}
        assert {"employment", "training", "education"} <= present


@given(rounds())
def test_silence_never_counts_unless_configured_or_consensus_noted(round: RoundFacts) -> None:
    outcome = decide(round)
    if outcome.deemed:
        assert (round.method == "written" and round.silence_counts) or (
            round.method == "meeting" and round.consensus_noted
        )
    if round.method == "online":
        assert outcome.deemed == []
    if round.method == "meeting":
        assert all(counted(round, seat_id) for seat_id in outcome.deemed)


@given(rounds(), st.integers(1, 12))
def test_adding_an_agreement_never_turns_adopted_into_not_adopted(round: RoundFacts, seat_id: int) -> None:
    if not decide(round).adopted or any(p.seat_id == seat_id for p in round.positions):
        return
    more = RoundFacts(
        round.method,
        round.seats,
        (*round.positions, PositionFact(seat_id, AGREE)),
        round.silence_counts,
        round.require_all_components,
        round.consensus_noted,
    )
    assert decide(more).adopted


@given(rounds())
def test_adopted_means_no_objection_and_some_agreement(round: RoundFacts) -> None:
    outcome = decide(round)
    assert outcome.adopted == (not outcome.objections and not outcome.no_agreement and not outcome.missing_components)
    if outcome.adopted:
        assert outcome.counts[AGREE] + outcome.counts[RESERVATION] + len(outcome.deemed) >= 1


@given(rounds())
def test_observers_never_participate(round: RoundFacts) -> None:
    observers = {s.seat_id for s in round.seats if s.role == "observer"}
    assert not observers & set(decide(round).participants)
