"""Statistics, the results' shape, the warnings drawn from them, the table on stdout and the JSON in var/bench/."""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import sqlite3
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.measure import Response, Throughput


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolating linearly between the closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    count: int
    median: float
    p95: float
    min: float
    max: float
    mean: float

    @classmethod
    def of(cls, values: Iterable[float | None]) -> Summary | None:
        present = [v for v in values if v is not None]
        if not present:
            return None
        return cls(
            count=len(present),
            median=round(percentile(present, 50), 3),
            p95=round(percentile(present, 95), 3),
            min=round(min(present), 3),
            max=round(max(present), 3),
            mean=round(sum(present) / len(present), 3),
        )


@dataclass
class ScenarioResult:
    scale: str
    scenario: str
    path: str
    statuses: list[int]
    query_counts: list[int]
    size: int
    server_ms: Summary | None
    db_ms: Summary | None
    client_ms: Summary | None
    throughput: Throughput | None = None
    budget_ms: float | None = None

    @classmethod
    def from_responses(
        cls,
        scale: str,
        scenario: str,
        path: str,
        responses: Sequence[Response],
        throughput: Throughput | None = None,
        *,
        budget_ms: float | None = None,
    ) -> ScenarioResult:
        return cls(
            scale=scale,
            scenario=scenario,
            path=path,
            statuses=sorted({r.status for r in responses}),
            query_counts=sorted({r.queries for r in responses if r.queries is not None}),
            size=responses[-1].size if responses else 0,
            server_ms=Summary.of(r.app_ms for r in responses),
            db_ms=Summary.of(r.db_ms for r in responses),
            client_ms=Summary.of(r.client_ms for r in responses),
            throughput=throughput,
            budget_ms=budget_ms,
        )

    @property
    def over_budget(self) -> bool:
        """The 95th percentile of the server time exceeds the scenario's budget."""
        return self.budget_ms is not None and self.server_ms is not None and self.server_ms.p95 > self.budget_ms

    @property
    def queries(self) -> int | None:
        """The query count, when every request made the same number of queries."""
        return self.query_counts[0] if len(self.query_counts) == 1 else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["queries"] = self.queries
        if self.throughput is not None:
            data["throughput"]["per_second"] = round(self.throughput.per_second, 2)
            data["throughput"]["seconds"] = round(self.throughput.seconds, 3)
        return data


@dataclass
class ScaleResult:
    scale: str
    description: str
    manifest: dict[str, Any]
    built: bool
    workers: int
    peak_rss_kib: dict[str, int | None] = field(default_factory=dict)
    scenarios: list[ScenarioResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["scenarios"] = [s.to_json() for s in self.scenarios]
        return data


def flags(scales: Sequence[ScaleResult]) -> list[str]:
    """What a reader must not miss: failed requests, server time over budget, query counts that vary or grow."""
    found: list[str] = []
    by_scenario: dict[str, dict[str, ScenarioResult]] = {}
    for scale in scales:
        for result in scale.scenarios:
            by_scenario.setdefault(result.scenario, {})[scale.scale] = result
            bad = [s for s in result.statuses if not 200 <= s < 400]
            if bad:
                found.append(f"{scale.scale} / {result.scenario}: HTTP {', '.join(map(str, bad))} on {result.path}")
            if result.throughput is not None and result.throughput.errors:
                found.append(
                    f"{scale.scale} / {result.scenario}: {result.throughput.errors} failed requests under load"
                )
            if result.over_budget:
                assert result.server_ms is not None and result.budget_ms is not None
                found.append(
                    f"{scale.scale} / {result.scenario}: p95 server time {result.server_ms.p95:.1f} ms over its "
                    f"budget of {result.budget_ms:g} ms"
                )
            if len(result.query_counts) > 1:
                counts = ", ".join(map(str, result.query_counts))
                found.append(f"{scale.scale} / {result.scenario}: query count varies between requests ({counts})")
            if not result.query_counts and result.statuses:
                found.append(f"{scale.scale} / {result.scenario}: no X-Query-Count header (SERVER_TIMING off?)")
    for scenario, results in by_scenario.items():
        if len({tuple(r.query_counts) for r in results.values()}) > 1:
            counts = ", ".join(f"{scale}={_queries(r)}" for scale, r in results.items())
            found.append(f"{scenario}: query count differs between scales ({counts}) — it must not grow with data")
    return found


def drifting(scales: Sequence[ScaleResult]) -> set[str]:
    """Scenarios whose query counts differ between scales."""
    seen: dict[str, set[tuple[int, ...]]] = {}
    for scale in scales:
        for result in scale.scenarios:
            seen.setdefault(result.scenario, set()).add(tuple(result.query_counts))
    return {scenario for scenario, counts in seen.items() if len(counts) > 1}


def _queries(result: ScenarioResult) -> str:
    counts = result.query_counts
    if not counts:
        return "?"
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"


def _ms(summary: Summary | None, attribute: str) -> str:
    return "–" if summary is None else f"{getattr(summary, attribute):.1f}"


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


COLUMNS = ["scale", "scenario", "queries", "median ms", "p95 ms", "budget ms", "req/s", "size"]
RIGHT_ALIGNED = {"queries", "median ms", "p95 ms", "budget ms", "req/s", "size"}


def table(scales: Sequence[ScaleResult]) -> str:
    """A plain-text table, one row per scale and scenario; `!` marks a query count that differs between scales and a
    p95 over its budget."""
    marked = drifting(scales)
    rows = [COLUMNS]
    for scale in scales:
        for r in scale.scenarios:
            rows.append(
                [
                    scale.scale,
                    r.scenario,
                    _queries(r) + (" !" if r.scenario in marked else ""),
                    _ms(r.server_ms, "median"),
                    _ms(r.server_ms, "p95") + (" !" if r.over_budget else ""),
                    "–" if r.budget_ms is None else f"{r.budget_ms:g}",
                    "–" if r.throughput is None else f"{r.throughput.per_second:.1f}",
                    _size(r.size),
                ]
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(width) if COLUMNS[i] in RIGHT_ALIGNED else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine_info() -> dict[str, Any]:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "django": version("django"),
        "gunicorn": version("gunicorn"),
    }


def git_info(root: Path) -> dict[str, Any] | None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return None


def write_results(document: dict[str, Any], directory: Path, *, latest: bool = True) -> Path:
    """var/bench/results-<timestamp>.json, and latest.json unless the run was a quick one."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "" if latest else "-quick"
    path = directory / f"results-{stamp}{suffix}.json"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    if latest:
        (directory / "latest.json").write_text(text, encoding="utf-8")
    return path
