"""Named scales: a data set and the scenarios measured on it. Add one with `register(Scale(...))`.

`python -m bench` runs the scales marked `default`; `--quick` runs the `quick` ones; `--scales` names any.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.datasets import Dataset, DirectoryDataset, GovernanceDataset
from bench.datasets.practices import PracticesDataset
from bench.scenarios import DIRECTORY_SCENARIOS, GOVERNANCE_SCENARIOS, PRACTICES_SCENARIOS, SCENARIOS, Scenario


@dataclass(frozen=True)
class Scale:
    name: str
    dataset: Dataset
    scenario_names: tuple[str, ...]
    description: str = ""
    default: bool = False
    quick: bool = False
    seed: int = 2026

    @property
    def scenarios(self) -> list[Scenario]:
        return [SCENARIOS[name] for name in self.scenario_names]


SCALES: dict[str, Scale] = {}


def register(scale: Scale) -> Scale:
    if scale.name in SCALES:
        raise ValueError(f"scale {scale.name!r} is already registered")
    unknown = [name for name in scale.scenario_names if name not in SCENARIOS]
    if unknown:
        raise ValueError(f"scale {scale.name!r} names unknown scenarios: {', '.join(unknown)}")
    SCALES[scale.name] = scale
    return scale


def select(names: str | None, *, quick: bool = False) -> list[Scale]:
    """The scales named in a comma-separated list, or the default (or quick) ones."""
    if not names:
        return [s for s in SCALES.values() if (s.quick if quick else s.default)]
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in SCALES]
    if unknown:
        raise ValueError(f"unknown scale(s): {', '.join(unknown)} (known: {', '.join(SCALES)})")
    return [SCALES[n] for n in chosen]


register(
    Scale(
        "directory-tiny",
        DirectoryDataset(organisations=300),
        DIRECTORY_SCENARIOS,
        "300 organisations, for --quick smoke runs",
        quick=True,
    )
)
register(
    Scale(
        "directory-1k",
        DirectoryDataset(organisations=1_000),
        DIRECTORY_SCENARIOS,
        "1,000 organisations, a basin's directory today",
        default=True,
        quick=True,
    )
)
register(
    Scale(
        "directory-20k",
        DirectoryDataset(organisations=20_000),
        DIRECTORY_SCENARIOS,
        "20,000 organisations, every operator and company of a large basin",
        default=True,
    )
)
register(
    Scale(
        "governance-50",
        GovernanceDataset(meetings=50, decisions=100),
        GOVERNANCE_SCENARIOS,
        "a pôle with 50 public meetings and 100 decisions: the baseline its query counts must keep",
        default=True,
        quick=True,
    )
)
register(
    Scale(
        "governance-500",
        GovernanceDataset(meetings=500, decisions=1_000),
        GOVERNANCE_SCENARIOS,
        "a pôle with 500 public meetings (4 agenda items each) and 1,000 decisions in its register",
        default=True,
        quick=True,
    )
)
# The catalogue (issue 7): not in the default run, which it would lengthen by several minutes (generating and
# indexing 100,000 records); run it with `make bench BENCH_ARGS="--scales practices-1k,practices,practices-csv"`.
register(
    Scale(
        "practices-1k",
        PracticesDataset(practices=1_000, organisations=300),
        PRACTICES_SCENARIOS,
        "1,000 practices: the baseline the catalogue's query counts must keep",
    )
)
register(
    Scale(
        "practices",
        PracticesDataset(practices=100_000, organisations=2_000),
        PRACTICES_SCENARIOS,
        "100,000 practices held by 2,000 organisations, the seed referential in force, indexed for the search",
    )
)
