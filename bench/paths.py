"""Where the harness keeps its databases, server files and results: var/bench/, never the development database."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SERVER_VAR_DIR = BENCH_DIR / "server"


def database_path(scale: str) -> Path:
    return BENCH_DIR / f"{scale}.sqlite3"


def manifest_path(scale: str) -> Path:
    """Each backend keeps its own manifest: a scale may be built on SQLite and on PostgreSQL side by side."""
    from bench import storage

    return BENCH_DIR / (f"{scale}.json" if storage.vendor() == "sqlite" else f"{scale}.{storage.vendor()}.json")


def database_url(path: Path) -> str:
    from bench import storage

    return storage.url(path)


def django_env(database: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of every process the harness starts: local settings, files in var/bench/server, timings on."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="synergies.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        SYNERGIES_ENV="local",
        SYNERGIES_VAR_DIR=str(SERVER_VAR_DIR),
        DEBUG="false",
        SERVER_TIMING="true",
        TASKS_BACKEND="database",
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        API_ANON_RATE="1000000/min",  # the bench measures capacity, not the throttle
    )
    if database is not None:
        env["DATABASE_URL"] = database_url(database)
    env.update(extra)
    return env
