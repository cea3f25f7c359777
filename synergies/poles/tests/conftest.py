"""Fixtures of the pôles' tests: places, organisations located by their sites, held seats, and a compliant pôle."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Protocol

import pytest

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation
from synergies.poles import services
from synergies.poles.models import Body, Evaluation, Mandate, Pole, Seat
from synergies.testing.factories import (
    AffiliationFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
    SiteFactory,
)

MANDATE_START = datetime.date(2025, 3, 1)
MANDATE_END = datetime.date(2028, 2, 28)
SEAT_START = datetime.date(2025, 3, 1)
TODAY = datetime.date(2026, 1, 15)


class MakeOrganisation(Protocol):
    def __call__(self, type: str, *communes: Commune, **fields: Any) -> Organisation: ...


class MakeSeat(Protocol):
    def __call__(self, body: Body, organisation: Organisation | None, **fields: Any) -> Seat: ...


@pytest.fixture
def commune(reference_data: None) -> Callable[[str], Commune]:
    """A commune of the reference data (Hainaut-Centre), by its name."""

    def get(name: str) -> Commune:
        return Commune.objects.get(name=name)

    return get


@pytest.fixture
def mons(commune: Callable[[str], Commune]) -> Commune:
    return commune("Mons")


@pytest.fixture
def namur(other_basin: Basin) -> Commune:
    """The reference data ship only Hainaut-Centre's communes: Namur's is made here."""
    return Commune.objects.create(
        basin=other_basin, name="Namur", slug="namur", nis_code="92094", postal_code="5000", sub_area="Namur"
    )


@pytest.fixture
def make_organisation(basin: Basin, mons: Commune) -> MakeOrganisation:
    """An organisation of `type` with a site in each commune given (Mons when none is)."""

    def make(type: str, *communes: Commune, **fields: Any) -> Organisation:
        organisation = OrganisationFactory.create(type=type, **fields)
        for place in communes or (mons,):
            SiteFactory.create(organisation=organisation, commune=place, is_main=place == (communes or (mons,))[0])
        return organisation

    return make


@pytest.fixture
def make_seat(basin: Basin) -> MakeSeat:
    """A seat saved directly (no service), held by a new person affiliated to the organisation."""

    def make(body: Body, organisation: Organisation | None, **fields: Any) -> Seat:
        if "representative" not in fields:
            person = PersonFactory.create()
            if organisation is not None:
                AffiliationFactory.create(person=person, organisation=organisation)
            fields["representative"] = person
        if organisation is None:
            fields.setdefault("origin", Seat.Origin.RESOURCE_PERSON)
        return SeatFactory.create(body=body, organisation=organisation, **fields)

    return make


@pytest.fixture
def pole(basin: Basin, secretary: Any) -> Pole:
    """The transversal pôle « Compétences de base » of Hainaut-Centre, with its steering committee, no mandate yet."""
    return services.create_pole(
        {
            "basin": basin,
            "name": "Compétences de base",
            "code": "CB",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-2019-01",
            "transversal_date": datetime.date(2019, 1, 15),
        },
        by=secretary,
    )


@pytest.fixture
def committee(pole: Pole) -> Body:
    return pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)


@pytest.fixture
def mandate(pole: Pole) -> Mandate:
    mandate = MandateFactory.create(pole=pole, start=MANDATE_START, end=MANDATE_END)
    Evaluation.objects.create(mandate=mandate)
    return mandate


@pytest.fixture
def compliant_pole(
    pole: Pole, committee: Body, mandate: Mandate, make_organisation: MakeOrganisation, make_seat: MakeSeat
) -> dict[str, Seat]:
    """A pôle whose committee gathers one seat per rule: a company (R3a), a CPAS (R3b, R4 emploi),
    the Forem's training (R3b, R4 formation) and a qualifying school (R3c, R4 enseignement)."""
    return {
        type: make_seat(committee, make_organisation(type, name=name))
        for type, name in [
            ("company", "Entreprise Dubois"),
            ("cpas", "CPAS de Mons"),
            ("forem_training", "Le Forem Formation Mons"),
            ("secondary_school", "Athénée royal de Mons"),
        ]
    }
