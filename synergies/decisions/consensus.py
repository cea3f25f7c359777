"""The consensus engine (R6): from plain facts about a round, is the proposal adopted, and if not, why?

The engine takes plain facts (`SeatFact`, `PositionFact`, `RoundFacts`), never models, so that every case can be
tested exhaustively without a database; the services gather the facts and store what it says. How the platform
reads consensus (DESIGN.md §2):

- **Eligible seats**: the seats of the proposal's body in force on the day (the meeting's date for a meeting round,
  the opening date otherwise), every role except observer. A seat's component is its organisation's component (none
  for resource persons and for organisations of no component).
- **Who speaks for a seat**: its representative; its substitute only when the representative is absent — in a
  meeting, when the attendance says « représenté·e par le ou la suppléant·e »; online or in writing, when the
  representative has not taken a position (a later position of the representative replaces the substitute's, history
  kept; a substitute cannot replace the representative's position). Proxies (meeting only, when the pôle's meeting
  settings allow them): the secretariat records the position of a seat that gave a proxy, as expressed by the proxy
  holder. The services enforce this when a position is taken; the engine receives one current position per seat.
- **Participants**: seats with a current position; in a meeting round only seats taking part count (attendance
  present or substituted, or proxy when allowed); when the secretariat records « consensus constaté », every
  taking-part seat without a recorded position is deemed to agree; in a written procedure whose silence counts as
  agreement ⚙, every eligible silent seat is deemed to agree at closing. Online rounds, and written procedures without
  that setting: silence is not participation.
- **Adopted** iff, at closing: no objection stands; at least one participant agrees (d'accord, avec réserve, or
  deemed); and, when every component must participate ⚙ (the default), each of the three components — emploi,
  formation, enseignement — has at least one participant (standing aside counts as participating). Otherwise not
  adopted, with the reasons: each standing objection (seat and reason), each missing component, or « aucun accord ».
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.directory.types import Component

AGREE = "agree"
RESERVATION = "reservation"
STAND_ASIDE = "stand_aside"
OBJECT = "object"
STANCES = (AGREE, RESERVATION, STAND_ASIDE, OBJECT)
AGREEING = (AGREE, RESERVATION)

MEETING = "meeting"
ONLINE = "online"
WRITTEN = "written"

NOT_ELIGIBLE_ROLES = {"observer"}
NO_COMPONENT_ROLES = {"resource_person"}


@dataclass(frozen=True)
class SeatFact:
    seat_id: int
    label: str
    role: str = "member"
    component: str | None = None
    taking_part: bool = False
    """In a meeting round: the seat is at the table (present, substituted, or proxy when allowed)."""

    @property
    def eligible(self) -> bool:
        return self.role not in NOT_ELIGIBLE_ROLES

    @property
    def effective_component(self) -> str | None:
        return None if self.role in NO_COMPONENT_ROLES else self.component


@dataclass(frozen=True)
class PositionFact:
    seat_id: int
    stance: str
    text: str = ""


@dataclass(frozen=True)
class RoundFacts:
    method: str
    seats: tuple[SeatFact, ...]
    positions: tuple[PositionFact, ...] = ()
    silence_counts: bool = False
    require_all_components: bool = True
    consensus_noted: bool = False


@dataclass
class Outcome:
    adopted: bool
    counts: dict[str, int]
    deemed: list[int]
    participants: list[int]
    objections: list[dict[str, Any]]
    reservations: list[dict[str, Any]]
    missing_components: list[str]
    no_agreement: bool
    eligible: int
    explanation: str = ""
    components: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "adopted": self.adopted,
            "counts": dict(self.counts),
            "deemed": len(self.deemed),
            "deemed_seats": list(self.deemed),
            "participants": len(self.participants),
            "eligible": self.eligible,
            "objections": list(self.objections),
            "reservations": list(self.reservations),
            "missing_components": list(self.missing_components),
            "no_agreement": self.no_agreement,
            "explanation": self.explanation,
        }

    def summary(self) -> dict[str, int]:
        """The counts that go into the register (and its hash): no names, no seats."""
        return {
            **{stance: self.counts.get(stance, 0) for stance in STANCES},
            "deemed": len(self.deemed),
            "participants": len(self.participants),
            "eligible": self.eligible,
        }


def counted_seats(facts: RoundFacts) -> dict[int, SeatFact]:
    """The seats whose position counts: eligible ones, and in a meeting only those taking part."""
    return {s.seat_id: s for s in facts.seats if s.eligible and (facts.method != MEETING or s.taking_part)}


def decide(facts: RoundFacts) -> Outcome:
    """The outcome of a round at closing, with its reasons."""
    eligible = {s.seat_id: s for s in facts.seats if s.eligible}
    counted = counted_seats(facts)
    positions: dict[int, PositionFact] = {}
    for position in facts.positions:
        if position.seat_id in counted and position.stance in STANCES:
            positions[position.seat_id] = position
    if facts.method == MEETING and facts.consensus_noted:
        deemed = sorted(seat_id for seat_id in counted if seat_id not in positions)
    elif facts.method == WRITTEN and facts.silence_counts:
        deemed = sorted(seat_id for seat_id in eligible if seat_id not in positions)
    else:
        deemed = []
    participants = sorted({*positions, *deemed})
    counts = {stance: 0 for stance in STANCES}
    for position in positions.values():
        counts[position.stance] += 1
    objections = [
        {"seat": p.seat_id, "label": eligible[p.seat_id].label, "reason": p.text}
        for p in sorted(positions.values(), key=lambda p: (eligible[p.seat_id].label, p.seat_id))
        if p.stance == OBJECT
    ]
    reservations = [
        {"seat": p.seat_id, "label": eligible[p.seat_id].label, "text": p.text}
        for p in sorted(positions.values(), key=lambda p: (eligible[p.seat_id].label, p.seat_id))
        if p.stance == RESERVATION
    ]
    agreements = counts[AGREE] + counts[RESERVATION] + len(deemed)
    components: dict[str, list[int]] = {c.value: [] for c in Component}
    for seat_id in participants:
        component = eligible[seat_id].effective_component
        if component in components:
            components[component].append(seat_id)
    missing = [c for c, seats in components.items() if not seats] if facts.require_all_components else []
    no_agreement = agreements == 0
    adopted = not objections and not no_agreement and not missing
    outcome = Outcome(
        adopted=adopted,
        counts=counts,
        deemed=deemed,
        participants=participants,
        objections=objections,
        reservations=reservations,
        missing_components=missing,
        no_agreement=no_agreement,
        eligible=len(eligible),
        components=components,
    )
    outcome.explanation = explain(outcome)
    return outcome


def component_label(value: str) -> str:
    try:
        return str(Component(value).label)
    except ValueError:
        return value


def explain(outcome: Outcome) -> str:
    """One French sentence saying why."""
    agreements = outcome.counts.get(AGREE, 0) + outcome.counts.get(RESERVATION, 0) + len(outcome.deemed)
    if outcome.adopted:
        sentence = ngettext(
            "Adoptée par consensus : aucune objection, %(n)s accord",
            "Adoptée par consensus : aucune objection, %(n)s accords",
            agreements,
        ) % {"n": agreements}
        if outcome.deemed:
            sentence += ngettext(" (dont %(n)s réputé)", " (dont %(n)s réputés)", len(outcome.deemed)) % {
                "n": len(outcome.deemed)
            }
        if outcome.counts.get(STAND_ASIDE):
            sentence += ngettext(
                ", %(n)s membre se tient à l’écart",
                ", %(n)s membres se tiennent à l’écart",
                outcome.counts[STAND_ASIDE],
            ) % {"n": outcome.counts[STAND_ASIDE]}
        return sentence + "."
    reasons = [
        _("objection de %(seat)s (« %(reason)s »)") % {"seat": o["label"], "reason": o["reason"]}
        for o in outcome.objections
    ]
    reasons += [
        _("aucun membre participant de la composante « %(component)s »") % {"component": component_label(c)}
        for c in outcome.missing_components
    ]
    if outcome.no_agreement:
        reasons.append(_("aucun accord"))
    return _("Non adoptée : %(reasons)s.") % {"reasons": _(" ; ").join(reasons)}
