"""One backend per database vendor, picked per call from the connection in use."""

from __future__ import annotations

from django.db import connection

from .base import Backend
from .postgresql import PostgresqlBackend
from .sqlite import SqliteBackend

BACKENDS: dict[str, Backend] = {"sqlite": SqliteBackend(), "postgresql": PostgresqlBackend()}


def backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}.") from None
