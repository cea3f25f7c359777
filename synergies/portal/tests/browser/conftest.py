"""Real-browser fixtures: the system's Chromium driven by Playwright against a live server on loopback.

Outside CI the browser tests skip, with a message, when no Chromium is installed; in CI (CI=1) they never skip.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings

# Playwright's sync API keeps an event loop in another greenlet; the test's own ORM calls are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and shutil.which(candidate):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: install the Debian package `chromium`.")
        pytest.skip("No Chromium found (install Debian's `chromium`, or set CHROMIUM=/path): browser tests skipped.")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="synergies-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, args=CHROMIUM_ARGS, headless=True, locale="fr-BE"
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


class Tab:
    """A browser tab on the live server: `go("/annuaire/")` opens a path of the site."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def go(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@pytest.fixture
def tab(chromium: Any, live_server: Any) -> Iterator[Tab]:
    """A fresh tab with no cookies, on the live server."""
    chromium.clear_cookies()
    page = chromium.new_page()
    page.set_default_timeout(10_000)
    try:
        yield Tab(page, live_server.url)
    finally:
        page.close()


# Loading the demo queues its e-mails and the approved minutes' PDFs; the dummy backend keeps them queued (pages show
# « PDF en préparation »), which saves part of the loading time. Tasks queued later by a journey run immediately.
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}

# The demo is loaded once per session and copied aside; each later test gets that copy back in a fraction of a second
# instead of loading it again: with SQLite's backup API for its in-memory test database, and on PostgreSQL by copying
# every model table into a schema of its own, from which a later test refills the tables (foreign keys are checked
# when the copy is made, so the refill skips them) and resets their sequences.
_loaded_demo: list[Any] = []
SNAPSHOT_SCHEMA = "demo_snapshot"


def _model_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _snapshot_postgresql() -> list[str]:
    tables = _model_tables()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in tables:
            cursor.execute(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS TABLE public."{table}"')
    return tables


def _restore_postgresql(tables: list[str]) -> None:
    quoted = ", ".join(f'public."{table}"' for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        cursor.execute("SET session_replication_role = replica")
        try:
            for table in tables:
                cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SNAPSHOT_SCHEMA}."{table}"')
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)


def _forget_cached_rows() -> None:
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """The Hainaut-Centre demo, as `make run` loads it, but with its background tasks left queued."""
    connection.ensure_connection()
    vendor = connection.vendor
    if _loaded_demo:
        if vendor == "sqlite":
            _loaded_demo[0].backup(connection.connection)
        else:
            _restore_postgresql(_loaded_demo[0])
        _forget_cached_rows()
        return
    with override_settings(TASKS=QUEUE_ONLY):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _loaded_demo.append(copy)
    elif vendor == "postgresql":
        _loaded_demo.append(_snapshot_postgresql())
