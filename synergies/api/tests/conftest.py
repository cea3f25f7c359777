"""The API's fixtures: the catalogue's public pôle with its referential in force, as the catalogue's tests build it."""

from __future__ import annotations

import pytest

from synergies.basins.models import Basin
from synergies.poles.models import Pole
from synergies.practices.tests.factories import make_public_pole


@pytest.fixture
def pole(basin: Basin) -> Pole:
    return make_public_pole(basin, name="Compétences de base", code="CB")
