"""Fixtures of the meetings' tests: a public pôle whose compliant steering committee has e-mail addresses, the
`member` holding one of its seats, and a helper to plan meetings; time is frozen on 15 January 2026 (Brussels)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from synergies.meetings import services
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.tests import conftest as poles_fixtures
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory

# The pôles' fixtures, reused as they are.
commune = poles_fixtures.commune
mons = poles_fixtures.mons
make_organisation = poles_fixtures.make_organisation
make_seat = poles_fixtures.make_seat
pole = poles_fixtures.pole
committee = poles_fixtures.committee
mandate = poles_fixtures.mandate
compliant_pole = poles_fixtures.compliant_pole

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=BRUSSELS)


def at(day: datetime.date | str, hour: int = 9, minute: int = 30) -> datetime.datetime:
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(NOW) as frozen:
        yield frozen


@pytest.fixture
def seats(compliant_pole: dict[str, Seat], make_seat: Any, committee: Body, member: Any) -> dict[str, Seat]:
    """The four seats of the compliant committee (the CPAS's with a substitute) and `member`'s seat (a company's)."""
    cpas = compliant_pole["cpas"]
    substitute = PersonFactory.create(first_name="Sacha", last_name="Suppléant", email="suppleant@example.org")
    AffiliationFactory.create(person=substitute, organisation=cpas.organisation)
    cpas.substitute = substitute
    cpas.save()
    mine = make_seat(
        committee, OrganisationFactory.create(type="company", name="Membre SA"), representative=member.person
    )
    return {**compliant_pole, "member": mine}


@pytest.fixture
def plan(committee: Body, secretary: Any) -> Callable[..., Meeting]:
    def make(day: str = "2026-03-10", *, body: Body | None = None, **fields: Any) -> Meeting:
        starts = at(day, fields.pop("hour", 9), fields.pop("minute", 30))
        data = {
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "mode": Meeting.Mode.IN_PERSON,
            "address": "Rue des Droits de l’Homme 1",
            "is_public": True,
            **fields,
        }
        return services.plan_meeting(body or committee, data, by=secretary)

    return make


@pytest.fixture
def meeting(plan: Callable[..., Meeting], seats: dict[str, Seat], secretary: Any) -> Meeting:
    """A planned public meeting of the committee on 10 March 2026, with two agenda items."""
    meeting = plan("2026-03-10")
    services.add_agenda_item(meeting, {"kind": "information", "title": "Accueil"}, by=secretary)
    services.add_agenda_item(
        meeting, {"kind": "decision", "title": "Référentiel", "presenter": "Morgane"}, by=secretary
    )
    return meeting


@pytest.fixture
def public_pole(pole: Pole, mandate: Any) -> Pole:
    return pole
