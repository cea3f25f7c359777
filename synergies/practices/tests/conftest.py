"""Fixtures of the catalogue's tests: the basin's public pôle with a referential in force, and one published
practice held by the contributor's organisation."""

from __future__ import annotations

from typing import Any

import pytest

from synergies.basins.models import Basin
from synergies.poles.models import Pole
from synergies.practices.models import Practice
from synergies.practices.tests.factories import make_practice, make_public_pole


@pytest.fixture
def pole(basin: Basin) -> Pole:
    return make_public_pole(basin, name="Compétences de base", code="CB")


@pytest.fixture
def contributor_organisation(contributor: Any) -> Any:
    return contributor.person.affiliations.get().organisation


@pytest.fixture
def practice(pole: Pole, contributor_organisation: Any) -> Practice:
    return make_practice(pole, holder=contributor_organisation)
