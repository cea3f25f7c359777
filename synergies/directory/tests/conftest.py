"""Fixtures of the directory's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from synergies.basins.models import Commune


@pytest.fixture
def commune(reference_data: None) -> Callable[[str], Commune]:
    """Look a commune of the reference data up by its name."""

    def get(name: str) -> Commune:
        return Commune.objects.get(name=name)

    return get
