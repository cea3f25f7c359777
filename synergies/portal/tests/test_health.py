from typing import Any

import pytest
from django.test import Client

from synergies.portal import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_json_when_database_cache_and_tasks_are_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    for name in ("database", "cache", "tasks"):
        assert body["checks"][name]["ok"] is True, name
        assert body["checks"][name]["ms"] >= 0


def test_healthz_needs_no_login_nor_language_prefix(client: Client) -> None:
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_and_names_the_failing_check(client: Client, monkeypatch: Any) -> None:
    def broken_cache() -> None:
        raise RuntimeError("cache read-back failed")

    monkeypatch.setitem(health.CHECKS, "cache", broken_cache)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"] == {"ok": False, "error": "RuntimeError: cache read-back failed"}
    assert body["checks"]["database"]["ok"] is True
