"""What every data set is: a frozen dataclass whose fields are its size (its repr fingerprints it) and that generates
its rows, returning their counts and the samples that scenarios name in their paths."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Protocol

# Bump when the generator changes in a way that should rebuild every existing benchmark database, or when what the
# databases derive from their data changes (2: the catalogue's index holds postal codes and skill and public labels).
GENERATOR_VERSION = 2


@dataclass(frozen=True)
class Generated:
    counts: dict[str, int]
    samples: dict[str, str] = field(default_factory=dict)


class Dataset(Protocol):
    def generate(self, rng: random.Random) -> Generated: ...


def fingerprint(dataset: Dataset) -> str:
    return f"v{GENERATOR_VERSION}:{dataset!r}"
