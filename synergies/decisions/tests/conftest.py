# ruff: noqa: F811  (the pôles' fixtures are imported, then requested by name)
"""Fixtures of the decisions' tests: a public pôle whose steering committee has one seat per component (and a
company, of none), held by people with accounts; proposals and rounds made through the services."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from synergies.decisions import services
from synergies.decisions.models import Proposal, Round
from synergies.directory.models import Person
from synergies.meetings.models import Attendance, Meeting
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.tests.conftest import (  # noqa: F401  (fixtures shared with the pôles' tests)
    committee,
    commune,
    make_organisation,
    make_seat,
    mandate,
    mons,
    pole,
)
from synergies.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory

TODAY = datetime.date(2026, 1, 15)
NOW = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(NOW) as frozen:
        yield frozen


@dataclass
class Council:
    employment: Seat
    training: Seat
    education: Seat
    company: Seat
    observer: Seat

    @property
    def voting(self) -> list[Seat]:
        return [self.employment, self.training, self.education, self.company]


def person_with_account(basin: Any, email: str, name: str) -> Person:
    user = UserFactory.create(email=email, full_name=name)
    first, last = name.split(" ", 1)
    return PersonFactory.create(basin=basin, first_name=first, last_name=last, email=email, user=user)


@pytest.fixture
def council(basin: Any, pole: Pole, committee: Body, mandate: Any, member: Any, make_organisation: Any) -> Council:
    """The committee: CPAS de Mons (emploi, held by `member`, substituted by Sacha Suppléant), Le Forem (formation),
    Athénée royal (enseignement), Entreprise Dubois (no component) and an observer."""

    def seat(type: str, name: str, representative: Person, substitute: Person | None = None, **fields: Any) -> Seat:
        organisation = make_organisation(type, name=name)
        for person in (representative, substitute):
            if person is not None:
                AffiliationFactory.create(person=person, organisation=organisation)
        return Seat.objects.create(
            body=committee,
            organisation=organisation,
            representative=representative,
            substitute=substitute,
            origin=Seat.Origin.INSTANCE,
            role=fields.pop("role", Seat.Role.MEMBER),
            start=datetime.date(2025, 3, 1),
            **fields,
        )

    return Council(
        employment=seat(
            "cpas",
            "CPAS de Mons",
            member.person,
            person_with_account(basin, "suppleant@example.org", "Sacha Suppléant"),
        ),
        training=seat(
            "forem_training", "Le Forem Formation", person_with_account(basin, "forem@example.org", "Fanny Forem")
        ),
        education=seat(
            "secondary_school", "Athénée royal de Mons", person_with_account(basin, "ecole@example.org", "Éric École")
        ),
        company=seat("company", "Entreprise Dubois", person_with_account(basin, "dubois@example.org", "Denis Dubois")),
        observer=seat(
            "cisp",
            "CISP Observatoire",
            person_with_account(basin, "obs@example.org", "Olga Observatrice"),
            role=Seat.Role.OBSERVER,
        ),
    )


def user_of(seat: Seat, *, substitute: bool = False) -> Any:
    person = seat.substitute if substitute else seat.representative
    assert person is not None and person.user is not None
    return person.user


@pytest.fixture
def make_proposal(pole: Pole, committee: Body, secretary: Any) -> Callable[..., Proposal]:
    def make(**data: Any) -> Proposal:
        fields = {"body": committee, "kind": "decision", "title": "Adopter le référentiel", "text": "Le pôle adopte…"}
        fields.update(data)
        return services.create_proposal(pole, fields, by=secretary)

    return make


@pytest.fixture
def written_round(council: Council, make_proposal: Callable[..., Proposal], secretary: Any) -> Round:
    return services.open_round(make_proposal(), method="written", by=secretary)


@pytest.fixture
def online_round(council: Council, make_proposal: Callable[..., Proposal], secretary: Any) -> Round:
    return services.open_round(
        make_proposal(), method="online", deadline=timezone.now() + datetime.timedelta(days=7), by=secretary
    )


@pytest.fixture
def meeting(committee: Body) -> Meeting:
    start = NOW - datetime.timedelta(hours=2)
    return Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def attend(meeting: Meeting, seat: Seat, status: str = Attendance.Status.PRESENT, **fields: Any) -> Attendance:
    return Attendance.objects.create(meeting=meeting, seat=seat, status=status, **fields)


@pytest.fixture
def meeting_round(council: Council, make_proposal: Callable[..., Proposal], secretary: Any, meeting: Meeting) -> Round:
    return services.open_round(make_proposal(), method="meeting", meeting=meeting, by=secretary)


__all__ = ["NOW", "TODAY", "Council", "OrganisationFactory", "attend", "person_with_account", "user_of"]
