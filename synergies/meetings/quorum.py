"""Quorum of a meeting by component (R4, R6): which of emploi, formation and enseignement sit at the table.

Evaluated on plain facts, like the composition engine, so it is tested without a database and the decisions app can
read the same rule. A seat counts for its organisation's component when it takes part — its representative or its
substitute sits, or it gave its proxy where the pôle admits proxies (its voice is at the table, as the consensus reads
it) — and it is a member's seat: observers and resource persons count for no component.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from synergies.directory.types import Component
from synergies.poles.composition import COUNTED_ROLES

__all__ = ["AttendanceFact", "Quorum", "quorum", "quorum_of"]


@dataclass(frozen=True)
class AttendanceFact:
    seat_id: int
    role: str
    origin: str
    component: Component | None
    takes_part: bool

    @property
    def counts(self) -> bool:
        return self.takes_part and self.role in COUNTED_ROLES and self.origin != "resource_person"


@dataclass
class Quorum:
    by_component: dict[Component, list[int]] = field(default_factory=dict)
    taking_part: int = 0

    @property
    def missing(self) -> list[Component]:
        return [c for c in Component if not self.by_component.get(c)]

    @property
    def reached(self) -> bool:
        return not self.missing

    def rows(self) -> list[tuple[Component, int]]:
        return [(c, len(self.by_component.get(c, []))) for c in Component]


def quorum(facts: Iterable[AttendanceFact]) -> Quorum:
    result = Quorum(by_component={c: [] for c in Component})
    for fact in facts:
        if fact.takes_part:
            result.taking_part += 1
        if fact.counts and fact.component is not None:
            result.by_component[fact.component].append(fact.seat_id)
    return result


def facts_of(attendances: Iterable[Any], *, proxies_allowed: bool = False) -> list[AttendanceFact]:
    return [
        AttendanceFact(
            seat_id=a.seat_id,
            role=a.seat.role,
            origin=a.seat.origin,
            component=a.seat.organisation.component if a.seat.organisation else None,
            takes_part=a.takes_part or (proxies_allowed and a.status == "proxy"),
        )
        for a in attendances
    ]


def quorum_of(meeting: Any) -> Quorum:
    """The quorum from the attendance recorded for `meeting` (no attendance: nobody takes part)."""
    from synergies.meetings.models import MeetingSettings

    attendances = meeting.attendances.select_related("seat__organisation")
    allowed = MeetingSettings.for_pole(meeting.body.pole).proxies_allowed
    return quorum(facts_of(attendances, proxies_allowed=allowed))
