"""Timed imports: a data import run several times, each into a fresh database, beside the pages' scenarios.

A page is measured against a served database; an import is measured the other way round: no server, the import's
own service called in a subprocess (a fresh Django process, as the management command would be) on a database that
holds the migrated schema and nothing else. The schema is migrated once per benchmark run into a template, which each
run copies, so that migrating is not what is timed.

Imports are selected like scales (`--scales esco`, or by default with the default scales) and reported in a table of
their own: median and max seconds over the runs, rows read per second, queries. An import slower than its budget in
any run is flagged. Add one with `register(ImportBench(...))` and a function in `RUNNERS`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench import paths, storage
from bench.report import Summary
from bench.scales import SCALES, Scale, select

TEMPLATE = "imports-template"


@dataclass(frozen=True)
class ImportBench:
    name: str
    description: str
    runs: int = 5
    quick_runs: int = 2
    budget_seconds: float | None = None
    default: bool = True
    quick: bool = True


@dataclass(frozen=True)
class Run:
    """What one run reports: the import's own wall time, what it read and wrote, the queries it made."""

    seconds: float
    rows: int
    nodes: int
    queries: int


@dataclass
class ImportResult:
    name: str
    description: str
    runs: list[Run] = field(default_factory=list)
    budget_seconds: float | None = None

    @property
    def seconds(self) -> Summary | None:
        return Summary.of(run.seconds for run in self.runs)

    @property
    def rows(self) -> int:
        return self.runs[-1].rows if self.runs else 0

    @property
    def rows_per_second(self) -> float | None:
        seconds = self.seconds
        return self.rows / seconds.median if seconds and seconds.median > 0 else None

    @property
    def over_budget(self) -> bool:
        """Any run slower than the budget: an import is run once by its user, who gets whichever run they get."""
        seconds = self.seconds
        return self.budget_seconds is not None and seconds is not None and seconds.max > self.budget_seconds

    def to_json(self) -> dict[str, Any]:
        seconds = self.seconds
        rate = self.rows_per_second
        return {
            "name": self.name,
            "description": self.description,
            "runs": [asdict(run) for run in self.runs],
            "budget_seconds": self.budget_seconds,
            "seconds": asdict(seconds) if seconds else None,
            "rows": self.rows,
            "rows_per_second": round(rate, 1) if rate is not None else None,
        }


# --- what is imported (run inside the subprocess, Django set up) ------------------------------------------------------


def import_esco_bundled() -> Run:
    """The bundled ESCO 1.2.0 extract (≈ 1,800 CSV records, 7,600 lines), as `manage.py import_esco` runs it."""
    from django.db import connection

    from synergies.skills.esco import BUNDLED, import_esco

    queries = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        report = import_esco(BUNDLED)
    if not report.created:
        raise RuntimeError("the ESCO benchmark needs a database without ESCO")
    return Run(seconds=report.seconds, rows=report.rows, nodes=report.total, queries=queries)


PRACTICES_ROWS = 100_000
PRACTICES_ROWS_PER_SECOND = 2_000  # issue 7: the import reads at least 2,000 rows a second


def import_practices_csv(rows: int = PRACTICES_ROWS, *, directory: Path = paths.BENCH_DIR) -> Run:
    """An interchange CSV of `rows` practices into a pôle with the seed referential in force, as `manage.py
    import_practices FILE` runs it (drafts; its ~2,000 organisations created unverified). The file is written once
    under var/bench/ and the pôle set up before the clock starts: the import's own time is what is measured."""
    from django.db import connection

    from bench.datasets.practices import public_pole
    from bench.datasets.practices_csv import cached_csv
    from synergies.basins.models import Basin
    from synergies.basins.reference import load_reference_data
    from synergies.practices.interchange.importer import import_practices

    load_reference_data()
    pole = public_pole(Basin.objects.get(code="hainaut-centre"))
    data = cached_csv(rows, directory)
    queries = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        report = import_practices(data, pole, by=None)
    if report.created != rows:
        raise RuntimeError(f"the practices import created {report.created} records out of {rows}")
    return Run(seconds=report.seconds, rows=report.rows, nodes=report.created, queries=queries)


RUNNERS: dict[str, Callable[[], Run]] = {
    "esco": import_esco_bundled,
    "practices-csv": partial(import_practices_csv, PRACTICES_ROWS),
}
IMPORTS: dict[str, ImportBench] = {}


def register(bench: ImportBench) -> ImportBench:
    if bench.name in IMPORTS or bench.name in SCALES:
        raise ValueError(f"import {bench.name!r} is already registered, or is a scale's name")
    if bench.name not in RUNNERS:
        raise ValueError(f"import {bench.name!r} has no runner")
    IMPORTS[bench.name] = bench
    return bench


register(
    ImportBench(
        "esco",
        "the bundled ESCO 1.2.0 extract into a fresh database (manage.py import_esco)",
        budget_seconds=5.0,
    )
)
register(
    ImportBench(
        "practices-csv",
        f"an interchange CSV of {PRACTICES_ROWS:,} practices (manage.py import_practices), "
        f"budget {PRACTICES_ROWS_PER_SECOND:,} rows/s",
        runs=3,
        quick_runs=1,
        budget_seconds=PRACTICES_ROWS / PRACTICES_ROWS_PER_SECOND,
        default=False,
        quick=False,
    )
)


def select_all(names: str | None, *, quick: bool = False) -> tuple[list[Scale], list[ImportBench]]:
    """The scales and imports named in a comma-separated list, or the default (or quick) ones of both."""
    if not names:
        benches = [b for b in IMPORTS.values() if (b.quick if quick else b.default)]
        return select(None, quick=quick), benches
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in SCALES and n not in IMPORTS]
    if unknown:
        raise ValueError(f"unknown scale(s): {', '.join(unknown)} (known: {', '.join([*SCALES, *IMPORTS])})")
    scale_names = [n for n in chosen if n in SCALES]
    return (select(",".join(scale_names)) if scale_names else []), [IMPORTS[n] for n in chosen if n in IMPORTS]


# --- running ----------------------------------------------------------------------------------------------------------


def _remove(database: Any) -> None:
    storage.remove(database)


def build_template() -> None:
    """The migrated, empty schema every run starts from."""
    database = paths.database_path(TEMPLATE)
    _remove(database)
    paths.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    storage.create(database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=paths.ROOT,
        env=paths.django_env(database),
        check=True,
    )


def run_once(bench: ImportBench) -> Run:
    """One run in a fresh process, on a fresh copy of the template."""
    database = paths.database_path(f"import-{bench.name}")
    storage.copy(paths.database_path(TEMPLATE), database)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.imports", bench.name],
            cwd=paths.ROOT,
            env=paths.django_env(database),
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        _remove(database)
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def run_import(bench: ImportBench, *, quick: bool = False, progress: Callable[[str], None] = print) -> ImportResult:
    result = ImportResult(name=bench.name, description=bench.description, budget_seconds=bench.budget_seconds)
    runs = bench.quick_runs if quick else bench.runs
    for number in range(1, runs + 1):
        run = run_once(bench)
        progress(f"  run {number}/{runs}: {run.seconds:.2f} s, {run.rows:,} rows, {run.queries} queries")
        result.runs.append(run)
    return result


def run_imports(benches: Sequence[ImportBench], *, quick: bool, progress: Callable[[str], None]) -> list[ImportResult]:
    if not benches:
        return []
    progress("imports: migrating the template database…")
    started = time.perf_counter()
    build_template()
    progress(f"  migrated in {time.perf_counter() - started:.1f} s")
    results = []
    for bench in benches:
        progress(f"import {bench.name}: {bench.description}")
        results.append(run_import(bench, quick=quick, progress=progress))
    _remove(paths.database_path(TEMPLATE))
    return results


# --- reporting --------------------------------------------------------------------------------------------------------

COLUMNS = ["import", "runs", "median s", "max s", "budget s", "rows", "rows/s", "queries"]


def flags(results: Sequence[ImportResult]) -> list[str]:
    """Imports over their budget, and imports whose query count varies from one run to the next."""
    found = []
    for result in results:
        seconds = result.seconds
        if result.over_budget and seconds is not None:
            found.append(
                f"import {result.name}: max {seconds.max:.2f} s over its budget of {result.budget_seconds:g} s"
            )
        counts = sorted({run.queries for run in result.runs})
        if len(counts) > 1:
            found.append(f"import {result.name}: query count varies between runs ({', '.join(map(str, counts))})")
    return found


def table(results: Sequence[ImportResult]) -> str:
    rows = [COLUMNS]
    for r in results:
        seconds, rate = r.seconds, r.rows_per_second
        queries = sorted({run.queries for run in r.runs})
        rows.append(
            [
                r.name,
                str(len(r.runs)),
                "–" if seconds is None else f"{seconds.median:.3f}",
                "–" if seconds is None else f"{seconds.max:.3f}" + (" !" if r.over_budget else ""),
                "–" if r.budget_seconds is None else f"{r.budget_seconds:g}",
                f"{r.rows:,}",
                "–" if rate is None else f"{rate:,.0f}",
                "–" if not queries else "–".join(map(str, (queries[0], queries[-1]) if len(queries) > 1 else queries)),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """In the run's subprocess: set Django up on the run's database, import, print the run as JSON."""
    if len(argv) != 1 or argv[0] not in RUNNERS:
        print(f"usage: python -m bench.imports <{'|'.join(RUNNERS)}>", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.conf import settings

    expected = storage.expected_name(paths.database_path(f"import-{argv[0]}"))
    if str(settings.DATABASES["default"]["NAME"]) != expected:  # never import into the development database
        raise RuntimeError(f"refusing to import outside {expected}")
    print(json.dumps(asdict(RUNNERS[argv[0]]())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
