"""Importing an interchange file into a pôle's catalogue: read, check everything, then write everything or nothing.

Idempotent on `external_id`: a row whose identifier is already in the pôle's catalogue updates that record (a
revision only if something changed), any other row creates one. Created records are drafts unless the importer
publishes them; updated records keep their state (a published one stays published: the importer manages the pôle,
so the change is a moderator's), and with `publish` the updated records not yet public are published too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from synergies.lib import csvio
from synergies.poles.models import Pole
from synergies.practices.interchange import reading
from synergies.practices.interchange.planning import Progress, plan_rows
from synergies.practices.interchange.writing import RowRefused, Writer


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: int = 0
    new_organisations: list[str] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0


class ImportRefused(Exception):
    """The file has problems: nothing was written. `problems` lists every one, by line and column."""

    def __init__(self, problems: list[csvio.Problem], rows: int = 0):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        self.rows = rows


def import_practices(
    data: bytes,
    pole: Pole,
    *,
    by: Any,
    publish: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the file, or raise ImportRefused with every problem found and nothing written.

    `progress(stage, done, total)` hears of the rows checked (stage "validated") and written ("written").
    With `dry_run`, the report says what the import would do, and nothing is written.
    """
    started = time.perf_counter()
    table = reading.read(data)
    plan = plan_rows(pole, table.rows, publish=publish, progress=progress)
    problems = sorted([*table.problems, *plan.problems], key=lambda p: p.line)
    if problems:
        raise ImportRefused(problems, rows=len(table.rows))
    report = ImportReport(
        rows=len(plan.rows),
        new_organisations=sorted(new.name for new in plan.new_organisations.values()),
        organisations_created=len(plan.new_organisations),
        dry_run=dry_run,
    )
    if dry_run:
        report.created, report.updated, report.unchanged = (plan.count(a) for a in ("create", "update", "unchanged"))
    else:
        try:
            outcome = Writer(plan, pole, by=by, progress=progress).write()
        except RowRefused as refused:
            raise ImportRefused(refused.problems, rows=len(plan.rows)) from refused
        report.created, report.updated, report.unchanged = outcome.created, outcome.updated, outcome.unchanged
    report.seconds = time.perf_counter() - started
    return report
