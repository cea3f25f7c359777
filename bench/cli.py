"""`python -m bench`: build each scale's database, serve it with gunicorn, measure every scenario, time the imports,
report."""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

from bench import imports, measure, paths, report, storage
from bench.database import ensure_database
from bench.scales import SCALES, Scale
from bench.server import GunicornServer, collectstatic


@dataclass(frozen=True)
class Options:
    requests: int = 30
    warmup: int = 3
    concurrency: int = 4
    seconds: float = 5.0
    workers: int = 2


QUICK = Options(requests=5, warmup=1, concurrency=2, seconds=1.0)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure Synergies' pages at several data scales against gunicorn on loopback.",
    )
    parser.add_argument(
        "--scales", help="comma-separated scale and import names (default: the default ones; see --list)"
    )
    parser.add_argument("--requests", type=int, help=f"sequential requests per scenario (default {Options.requests})")
    parser.add_argument(
        "--warmup", type=int, help=f"discarded requests per worker before measuring (default {Options.warmup})"
    )
    parser.add_argument(
        "--concurrency", type=int, help=f"client threads for throughput (default {Options.concurrency})"
    )
    parser.add_argument("--seconds", type=float, help=f"seconds of throughput per scenario (default {Options.seconds})")
    parser.add_argument("--workers", type=int, help=f"gunicorn workers (default {Options.workers})")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the scales' databases even when up to date")
    parser.add_argument("--quick", action="store_true", help="tiny settings and the quick scales, for a smoke run")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when anything is flagged")
    parser.add_argument("--list", action="store_true", help="list the scales and their scenarios, then exit")
    return parser.parse_args(argv)


def options_from(args: argparse.Namespace) -> Options:
    base = QUICK if args.quick else Options()
    values = {name: getattr(args, name) for name in ("requests", "warmup", "concurrency", "seconds", "workers")}
    options = Options(**{name: getattr(base, name) if value is None else value for name, value in values.items()})
    if options.requests < 1 or options.warmup < 0 or options.concurrency < 1 or options.seconds < 0:
        raise ValueError("--requests and --concurrency must be at least 1, --warmup and --seconds not negative")
    if options.workers < 1:
        raise ValueError("--workers must be at least 1")
    return options


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_scale(scale: Scale, options: Options, *, rebuild: bool) -> report.ScaleResult:
    progress(f"{scale.name}: {scale.description}")
    manifest, built = ensure_database(scale, rebuild=rebuild)
    if not built:
        progress(f"  database up to date ({paths.database_path(scale.name).relative_to(paths.ROOT)})")
    result = report.ScaleResult(
        scale=scale.name, description=scale.description, manifest=asdict(manifest), built=built, workers=options.workers
    )
    with GunicornServer(paths.database_path(scale.name), workers=options.workers) as server:
        for scenario in scale.scenarios:
            path = scenario.resolve(manifest.samples)
            progress(f"  {scenario.name}: {path}")
            measure.warm_up(server.base_url, path, requests=options.warmup, clients=options.workers)
            responses = measure.sequential(server.base_url, path, requests=options.requests)
            throughput = (
                measure.throughput(server.base_url, path, clients=options.concurrency, seconds=options.seconds)
                if options.seconds > 0
                else None
            )
            result.scenarios.append(
                report.ScenarioResult.from_responses(
                    scale.name, scenario.name, path, responses, throughput, budget_ms=scenario.budget_ms
                )
            )
        result.peak_rss_kib = server.peak_rss_kib()
    return result


def list_scales() -> str:
    lines = []
    for scale in SCALES.values():
        marks = ", ".join(m for m, on in (("default", scale.default), ("quick", scale.quick)) if on)
        lines.append(f"{scale.name}{f' ({marks})' if marks else ''}: {scale.description}")
        lines.extend(
            f"    {s.name:<20} {s.path}" + (f"  (p95 ≤ {s.budget_ms:g} ms)" if s.budget_ms is not None else "")
            for s in scale.scenarios
        )
    for bench in imports.IMPORTS.values():
        marks = ", ".join(m for m, on in (("default", bench.default), ("quick", bench.quick)) if on)
        budget = f" (max ≤ {bench.budget_seconds:g} s)" if bench.budget_seconds is not None else ""
        lines.append(f"{bench.name}{f' ({marks})' if marks else ''}: import, {bench.description}{budget}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        print(list_scales())
        return 0
    try:
        options = options_from(args)
        scales, benches = imports.select_all(args.scales, quick=args.quick)
    except ValueError as exc:
        print(f"python -m bench: {exc}", file=sys.stderr)
        return 2

    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    progress(f"database: {storage.vendor()}")
    if scales:
        progress("collectstatic…")
        collectstatic()
    results = [run_scale(scale, options, rebuild=args.rebuild) for scale in scales]
    imported = imports.run_imports(benches, quick=args.quick, progress=progress)
    found = report.flags(results) + imports.flags(imported)

    document: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "duration_seconds": round(time.perf_counter() - clock, 1),
        "quick": args.quick,
        "options": asdict(options),
        "machine": report.machine_info(),
        "database": storage.vendor(),
        "git": report.git_info(paths.ROOT),
        "scales": [r.to_json() for r in results],
        "imports": [r.to_json() for r in imported],
        "flags": found,
    }
    saved = report.write_results(document, paths.BENCH_DIR, latest=not args.quick)

    print()
    if results:
        print(report.table(results))
        print()
    if imported:
        print(imports.table(imported))
        print()
    for scale in results:
        rss = ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in scale.peak_rss_kib.items() if kib is not None)
        if rss:
            print(f"{scale.scale}: peak RSS {rss}")
    if found:
        print("\nFlags:")
        print("\n".join(f"  ! {flag}" for flag in found))
    print(
        f"\nServer time from Server-Timing app;dur over {options.requests} sequential requests after {options.warmup} "
        f"warm-up per worker; req/s with {options.concurrency} clients for {options.seconds:g} s; {options.workers} gunicorn workers."
    )
    print(f"Database: {storage.vendor()}.")
    print(f"Results: {saved.relative_to(paths.ROOT)} ({document['duration_seconds']} s)")
    return 1 if args.strict and found else 0
