"""The timed imports of the benchmark: selection beside the scales, the measured function, statistics and flags."""

from __future__ import annotations

from typing import Any

import pytest

from bench import imports
from bench.cli import list_scales
from bench.imports import ImportBench, ImportResult, Run
from bench.scales import select


def test_the_esco_import_runs_by_default_and_in_quick_runs_with_a_five_second_budget() -> None:
    scales, benches = imports.select_all(None)

    assert [s.name for s in scales] == [s.name for s in select(None)]
    assert [b.name for b in benches] == ["esco"] and benches[0].budget_seconds == 5.0
    assert [b.name for b in imports.select_all(None, quick=True)[1]] == ["esco"]
    assert "esco (default, quick): import, the bundled ESCO 1.2.0 extract" in list_scales()


def test_imports_are_named_like_scales() -> None:
    assert imports.select_all("esco") == ([], [imports.IMPORTS["esco"]])
    scales, benches = imports.select_all("directory-1k, esco")
    assert [s.name for s in scales] == ["directory-1k"] and [b.name for b in benches] == ["esco"]
    with pytest.raises(ValueError, match=r"unknown scale.*esco2.*known: .*esco"):
        imports.select_all("esco2")


def test_registering_an_import_twice_or_without_a_runner_fails() -> None:
    with pytest.raises(ValueError, match="already registered"):
        imports.register(imports.IMPORTS["esco"])
    with pytest.raises(ValueError, match="already registered, or is a scale"):
        imports.register(ImportBench("directory-1k", "a scale's name"))
    with pytest.raises(ValueError, match="no runner"):
        imports.register(ImportBench("nothing", "no function"))
    assert "nothing" not in imports.IMPORTS


def test_the_measured_esco_import_fills_an_empty_database(db: Any) -> None:
    run = imports.import_esco_bundled()

    assert (run.rows, run.nodes) == (1759, 1118)
    assert 0 < run.seconds < 60 and 10 < run.queries < 200


def _result(*seconds: float, queries: tuple[int, ...] = (), budget: float | None = 1.0) -> ImportResult:
    counts = queries or (40,) * len(seconds)
    runs = [Run(seconds=s, rows=1000, nodes=500, queries=q) for s, q in zip(seconds, counts, strict=True)]
    return ImportResult("esco", "test", runs=runs, budget_seconds=budget)


def test_an_import_reports_median_and_max_seconds_and_rows_per_second() -> None:
    result = _result(0.5, 0.25, 0.4)

    assert result.seconds is not None and (result.seconds.median, result.seconds.max) == (0.4, 0.5)
    assert result.rows_per_second == 2500
    data = result.to_json()
    assert data["rows_per_second"] == 2500 and data["seconds"]["max"] == 0.5 and len(data["runs"]) == 3
    lines = imports.table([result]).splitlines()
    assert lines[0].split() == ["import", "runs", "median", "s", "max", "s", "budget", "s", "rows", "rows/s", "queries"]
    assert lines[2].split() == ["esco", "3", "0.400", "0.500", "1", "1,000", "2,500", "40"]


def test_a_slow_run_or_a_varying_query_count_is_flagged() -> None:
    assert imports.flags([_result(0.5, 0.9)]) == []
    slow, varying = _result(0.5, 1.2), _result(0.5, 0.6, queries=(40, 41))

    assert imports.flags([slow]) == ["import esco: max 1.20 s over its budget of 1 s"]
    assert "1.200 !" in imports.table([slow])
    assert imports.flags([varying]) == ["import esco: query count varies between runs (40, 41)"]
    assert imports.flags([_result(9.0, budget=None)]) == []
