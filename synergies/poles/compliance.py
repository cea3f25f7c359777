"""Reading a pôle's seats from the database into the composition engine's facts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from synergies.poles.composition import Compliance, SeatFact, evaluate
from synergies.poles.models import Body, Pole, Seat


def seat_fact(seat: Seat, pole: Pole) -> SeatFact:
    """A seat's facts; a body closed on a day ends, from that day, the seats it still had."""
    organisation = seat.organisation
    end = seat.end
    if seat.body.closed_on is not None:
        last_day = seat.body.closed_on - datetime.timedelta(days=1)
        end = last_day if end is None else min(end, last_day)
    return SeatFact(
        seat_id=seat.pk,
        body_kind=seat.body.kind,
        role=seat.role,
        organisation=organisation.name if organisation else None,
        category=organisation.category if organisation else None,
        component=organisation.component if organisation else None,
        located_in_basin=bool(organisation and organisation.is_located_in(pole.basin)),
        competent_in_theme=seat.competent_in_theme,
        held=bool(seat.representative_id or seat.substitute_id),
        start=seat.start,
        end=end,
        origin=seat.origin,
        designated=bool(seat.designation_reference),
    )


def pole_facts(pole: Pole, seats: Iterable[Seat] | None = None) -> list[SeatFact]:
    seats = seats if seats is not None else Seat.objects.of_pole(pole).for_composition()
    return [seat_fact(seat, pole) for seat in seats]


def has_committee(pole: Pole) -> bool:
    return pole.bodies.filter(kind=Body.Kind.STEERING_COMMITTEE).exists()


def compliance_of(pole: Pole, day: datetime.date | None = None, *, seats: Iterable[Seat] | None = None) -> Compliance:
    """The verdict for the pôle on `day` (today by default); any past date can be asked. A page that has already
    read the seats in force that day (with `for_composition()`) passes them rather than reading them again."""
    day = day or timezone.localdate()
    if seats is None:
        seats = Seat.objects.of_pole(pole).in_force(day).for_composition()
    return evaluate(pole_facts(pole, seats), day, has_committee=has_committee(pole))


def simulate(
    pole: Pole, *, add: Seat | None = None, remove: Seat | None = None, day: datetime.date | None = None
) -> Compliance:
    """The verdict as it would be if `add` were saved (or replaced its saved version) and `remove` deleted."""
    day = day or timezone.localdate()
    seats = [
        s
        for s in Seat.objects.of_pole(pole).for_composition()
        if s.pk not in {getattr(add, "pk", None), getattr(remove, "pk", None)}
    ]
    facts = pole_facts(pole, seats)
    if add is not None:
        facts.append(seat_fact(add, pole))
    committee = has_committee(pole) or bool(add and add.body.kind == Body.Kind.STEERING_COMMITTEE)
    return evaluate(facts, day, has_committee=committee)


def simulate_closure(pole: Pole, body: Body, *, day: datetime.date) -> Compliance:
    """The verdict on `day` if `body` (unsaved, with its new closing date) were closed."""
    seats = list(Seat.objects.of_pole(pole).for_composition())
    for seat in seats:
        if seat.body_id == body.pk:
            seat.body = body
    return evaluate(pole_facts(pole, seats), day, has_committee=has_committee(pole))


def compliance_for_poles(poles: list[Pole], day: datetime.date | None = None) -> dict[int, Compliance]:
    """The verdict of each pôle, reading all their seats in one pass (the basin overview)."""
    day = day or timezone.localdate()
    by_pole: dict[int, list[Seat]] = {pole.pk: [] for pole in poles}
    for seat in Seat.objects.filter(body__pole__in=poles).in_force(day).for_composition():
        by_pole[seat.body.pole_id].append(seat)
    committees = set(
        Body.objects.filter(pole__in=poles, kind=Body.Kind.STEERING_COMMITTEE).values_list("pole_id", flat=True)
    )
    return {
        pole.pk: evaluate(pole_facts(pole, by_pole[pole.pk]), day, has_committee=pole.pk in committees)
        for pole in poles
    }
