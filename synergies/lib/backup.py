"""Backups of the whole database (and uploaded files) into one archive, and their verified restoration.

SQLite is copied with its online backup API, PostgreSQL with pg_dump/pg_restore. Each archive carries a manifest
with the row count and a checksum of every table, computed on the very snapshot that was saved; a restore is
checked against it, table by table.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class TableSummary:
    rows: int
    sha256: str


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_summary(cursor: Any, table: str) -> TableSummary:
    cursor.execute(f"PRAGMA table_info({_quote(table)})")
    columns = cursor.fetchall()
    names = [c[1] for c in columns]
    keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] or names
    row_text = " || ',' || ".join(f"quote({_quote(n)})" for n in names)
    order = ", ".join(_quote(k) for k in keys)
    cursor.execute(f"SELECT {row_text} FROM {_quote(table)} ORDER BY {order}")
    return _digest(row[0] for row in cursor.fetchall())


def _postgres_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _postgres_summary(cursor: Any, table: str) -> TableSummary:
    cursor.execute(
        """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum
        """,
        [_quote(table)],
    )
    keys = [row[0] for row in cursor.fetchall()]
    order = ", ".join(_quote(k) for k in keys) if keys else "1"
    cursor.execute(f"SELECT t::text FROM {_quote(table)} AS t ORDER BY {order}")
    return _digest(row[0] for row in cursor.fetchall())


def _digest(lines: Any) -> TableSummary:
    digest = hashlib.sha256()
    count = 0
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return TableSummary(rows=count, sha256=digest.hexdigest())


def summarise(alias: str = "default") -> dict[str, TableSummary]:
    """Row count and checksum of every table of the live database."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return {t: _sqlite_summary(cursor, t) for t in _sqlite_tables(cursor)}
        if connection.vendor == "postgresql":
            return {t: _postgres_summary(cursor, t) for t in _postgres_tables(cursor)}
    raise BackupError(f"Unsupported database engine: {connection.vendor}")


def _summarise_sqlite_file(path: Path) -> dict[str, TableSummary]:
    with sqlite3.connect(path) as raw:
        cursor = raw.cursor()
        return {t: _sqlite_summary(cursor, t) for t in _sqlite_tables(cursor)}


def compare(expected: dict[str, TableSummary], actual: dict[str, TableSummary]) -> list[str]:
    """Human-readable differences between two summaries; empty when identical."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: missing after restore")
        elif table not in expected:
            problems.append(f"{table}: not in the backup")
        elif expected[table] != actual[table]:
            e, a = expected[table], actual[table]
            problems.append(f"{table}: expected {e.rows} rows ({e.sha256[:12]}), found {a.rows} rows ({a.sha256[:12]})")
    return problems


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    params = connections[alias].settings_dict
    args = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


@contextmanager
def _workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="synergies-backup-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _snapshot_sqlite(alias: str, target: Path) -> dict[str, TableSummary]:
    connection = connections[alias]
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()
    return _summarise_sqlite_file(target)


def _snapshot_postgres(alias: str, target: Path) -> dict[str, TableSummary]:
    """pg_dump and the checksums read the same exported snapshot, so the manifest describes exactly the dump."""
    connection = connections[alias]
    args, env = _pg_env(alias)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        return {t: _postgres_summary(cursor, t) for t in _postgres_tables(cursor)}


def create_backup(destination: Path, *, alias: str = "default", include_media: bool = True) -> dict[str, Any]:
    """Write a verified archive of the database (and MEDIA_ROOT) to `destination`; return its manifest."""
    vendor = connections[alias].vendor
    with _workdir() as work:
        if vendor == "sqlite":
            dump = work / "database.sqlite3"
            tables = _snapshot_sqlite(alias, dump)
        elif vendor == "postgresql":
            dump = work / "database.pgdump"
            tables = _snapshot_postgres(alias, dump)
        else:
            raise BackupError(f"Unsupported database engine: {vendor}")
        manifest = {
            "format": FORMAT_VERSION,
            "engine": vendor,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database_file": dump.name,
            "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in tables.items()},
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if include_media and media.is_dir():
                archive.add(media, arcname="media")
        verify_archive(partial)
        partial.replace(destination)
    return manifest


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise BackupError("The archive has no manifest.")
            manifest: dict[str, Any] = json.loads(member.read())
    except (tarfile.TarError, OSError, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"Not a Synergies backup: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _expected(manifest: dict[str, Any]) -> dict[str, TableSummary]:
    return {name: TableSummary(**values) for name, values in manifest["tables"].items()}


def verify_archive(archive_path: Path) -> None:
    """Read the archive back: the manifest parses and, for SQLite, the saved copy matches it table by table."""
    manifest = read_manifest(archive_path)
    with _workdir() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extract(manifest["database_file"], work, filter="data")
        dump = work / manifest["database_file"]
        if manifest["engine"] == "sqlite":
            problems = compare(_expected(manifest), _summarise_sqlite_file(dump))
            if problems:
                raise BackupError("The archive does not match its manifest: " + "; ".join(problems))
        else:
            _run(["pg_restore", "--list", str(dump)])


def restore_backup(archive_path: Path, *, alias: str = "default", include_media: bool = True) -> list[str]:
    """Replace the database (and MEDIA_ROOT) with the archive's content; return the verification problems."""
    manifest = read_manifest(archive_path)
    connection = connections[alias]
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"This backup is for {manifest['engine']}, the database is {connection.vendor}.")
    verify_archive(archive_path)  # before the live database is touched
    with _workdir() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        dump = work / manifest["database_file"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            args, env = _pg_env(alias)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(dump),
                ],
                env,
            )
        media = work / "media"
        if include_media and media.is_dir():
            target = Path(settings.MEDIA_ROOT)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(media, target)
    return compare(_expected(manifest), summarise(alias))
