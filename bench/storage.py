"""Where a benchmark database lives: a SQLite file in var/bench/ (the default), or a PostgreSQL database on the server
`BENCH_POSTGRES_URL` names (e.g. `postgres://postgres@127.0.0.1:5432`), one database per scale (`bench_<scale>`).

The harness names every database by its SQLite path (`paths.database_path(name)`); these functions answer for
whichever backend is selected, so that building, copying and removing a scale's database read the same either way.
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.parse
from pathlib import Path

POSTGRES_URL = "BENCH_POSTGRES_URL"


def postgres_server() -> str:
    """The PostgreSQL server's URL without a database name, or "" for SQLite."""
    raw = os.environ.get(POSTGRES_URL, "").strip()
    if not raw:
        return ""
    parts = urllib.parse.urlsplit(raw)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", parts.query, ""))


def vendor() -> str:
    return "postgresql" if postgres_server() else "sqlite"


def postgres_name(database: Path) -> str:
    """`var/bench/practices.sqlite3` → `bench_practices`."""
    return "bench_" + re.sub(r"[^a-z0-9]+", "_", database.stem.lower()).strip("_")


def url(database: Path) -> str:
    server = postgres_server()
    if server:
        parts = urllib.parse.urlsplit(server)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + postgres_name(database), parts.query, ""))
    return f"sqlite:///{database.resolve()}"


def expected_name(database: Path) -> str:
    """What Django's settings NAME must be in a process working on `database`."""
    return postgres_name(database) if postgres_server() else str(database.resolve())


def _admin(statement: str, *params: str) -> list[tuple[object, ...]]:
    import psycopg

    parts = urllib.parse.urlsplit(postgres_server())
    admin = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        cursor = connection.execute(statement.encode(), params or None)
        return list(cursor.fetchall()) if cursor.description else []


def exists(database: Path) -> bool:
    if postgres_server():
        return bool(_admin("SELECT 1 FROM pg_database WHERE datname = %s", postgres_name(database)))
    return database.exists()


def remove(database: Path) -> None:
    if postgres_server():
        _admin(f'DROP DATABASE IF EXISTS "{postgres_name(database)}" WITH (FORCE)')
        return
    for path in [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]:
        path.unlink(missing_ok=True)


def create(database: Path) -> None:
    """An empty database to migrate into (SQLite creates its file by itself)."""
    if postgres_server():
        remove(database)
        _admin(f'CREATE DATABASE "{postgres_name(database)}"')


def copy(template: Path, database: Path) -> None:
    """A fresh copy of `template` (which no process may be using) at `database`."""
    remove(database)
    if postgres_server():
        _admin(f'CREATE DATABASE "{postgres_name(database)}" TEMPLATE "{postgres_name(template)}"')
    else:
        shutil.copyfile(template, database)
