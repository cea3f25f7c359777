"""/healthz: is this app server able to serve? Checks the database, the cache and the task queue."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django_tasks import task_backends


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache read-back failed")
    cache.delete(key)


def _tasks() -> None:
    """The queue can take work: its table answers (database backend) or Redis answers (RQ backend)."""
    backend = task_backends["default"]
    errors = [str(message) for message in backend.check()]
    if errors:
        raise RuntimeError("; ".join(errors))
    kind = type(backend).__module__
    if kind.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif kind.startswith("django_tasks_rq"):
        import django_rq

        django_rq.get_connection("default").ping()


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache, "tasks": _tasks}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        start = time.perf_counter()
        try:
            check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            results[name] = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"}
        else:
            results[name] = {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 2)}
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
