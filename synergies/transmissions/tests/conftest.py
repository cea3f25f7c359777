"""Fixtures of the transmissions' tests: a public pôle chaired by `member`, decisions written straight into its
register (the decisions' services are another app's), and transmissions at each step of the road."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from freezegun import freeze_time

from synergies.basins.models import Basin
from synergies.decisions.models import Decision
from synergies.poles import services as pole_services
from synergies.poles.models import Body, Evaluation, Pole, Seat
from synergies.testing.factories import MandateFactory, OrganisationFactory, PersonFactory, SeatFactory
from synergies.transmissions import services
from synergies.transmissions.models import Transmission
from synergies.transmissions.tests.factories import TODAY, write_decision

INSTANCE_EMAIL = "instance@bassin-hainaut-centre.example"

MakeDecision = Callable[..., Decision]


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=datetime.UTC)) as frozen:
        yield frozen


@pytest.fixture
def instance_basin(basin: Basin) -> Basin:
    basin.contact_email = INSTANCE_EMAIL
    basin.save(update_fields=["contact_email"])
    return basin


@pytest.fixture
def pole(instance_basin: Basin, secretary: Any) -> Pole:
    """The public pôle « Compétences de base » of Hainaut-Centre, in its first mandate (2025-03-01 → 2028-02-28)."""
    pole = pole_services.create_pole(
        {
            "basin": instance_basin,
            "name": "Compétences de base",
            "code": "CB",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-2019-01",
            "transversal_date": datetime.date(2019, 1, 15),
        },
        by=secretary,
    )
    mandate = MandateFactory.create(pole=pole)
    Evaluation.objects.create(mandate=mandate)
    return pole


@pytest.fixture
def committee(pole: Pole) -> Body:
    return pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)


@pytest.fixture
def member_seat(committee: Body, member: Any) -> Seat:
    """`member` chairs the steering committee; a fellow member (substitute) has an address too."""
    substitute = PersonFactory.create(email="suppleante@example.org")
    return SeatFactory.create(
        body=committee,
        organisation=OrganisationFactory.create(type="cpas"),
        role="chair",
        representative=member.person,
        substitute=substitute,
    )


@pytest.fixture
def make_decision(pole: Pole, committee: Body) -> MakeDecision:
    def make(**fields: Any) -> Decision:
        return write_decision(pole, committee, **fields)

    return make


@pytest.fixture
def decision(make_decision: MakeDecision) -> Decision:
    return make_decision(title="Adoption du référentiel «\u00a0Compétences de base\u00a0»")


@pytest.fixture
def prepared(decision: Decision, secretary: Any) -> Transmission:
    return services.prepare_transmission(decision, by=secretary, message="Pour approbation.")


@pytest.fixture
def sent(prepared: Transmission, secretary: Any) -> Transmission:
    return services.send_transmission(prepared, by=secretary)


@pytest.fixture
def acknowledged(sent: Transmission, secretary: Any) -> Transmission:
    return services.record_acknowledgement(sent, on=TODAY, by=secretary)
