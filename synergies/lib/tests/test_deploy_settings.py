"""Production settings, read the way a server reads them: from the environment, in a fresh process. Django's
deployment checks pass, cookies are secure, HSTS is on, and a missing secret stops the start."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as live_settings

BASE_DIR = Path(live_settings.BASE_DIR)
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
names = ["DEBUG", "ENVIRONMENT", "PRODUCTION", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_HTTPONLY",
         "CSRF_COOKIE_HTTPONLY", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "ALLOWED_HOSTS", "SERVER_TIMING"]
print(json.dumps({n: getattr(s, n) for n in names} | {"CACHE": s.CACHES["default"]["BACKEND"],
      "ENGINE": s.DATABASES["default"]["ENGINE"], "SECRET_KEY_LENGTH": len(s.SECRET_KEY)}))
"""


def _environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "SYSTEMROOT", "TMPDIR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="synergies.settings",
        SYNERGIES_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="synergies.example.be",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        SYNERGIES_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _production_settings(tmp_path: Path, **overrides: str) -> dict[str, Any]:
    result = _run(["-c", PRINT_SETTINGS], _environment(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_the_secret_key_used_is_64_characters(tmp_path):
    assert len(_environment(tmp_path)["SECRET_KEY"]) == 64


def test_django_deployment_checks_pass_with_production_settings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _environment(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_do_catch_a_weak_secret(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], _environment(tmp_path, SECRET_KEY="short"))

    assert "security.W009" in result.stdout + result.stderr


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    values = _production_settings(tmp_path)

    assert values["ENVIRONMENT"] == "production"
    assert values["PRODUCTION"] is True
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["ALLOWED_HOSTS"] == ["synergies.example.be"]
    assert values["SERVER_TIMING"] is False
    assert values["SECRET_KEY_LENGTH"] == 64


def test_production_uses_a_shared_cache_so_login_counters_hold_across_workers(tmp_path):
    values = _production_settings(tmp_path)

    assert values["CACHE"] != "django.core.cache.backends.locmem.LocMemCache"
    assert _production_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/1")["CACHE"].endswith("RedisCache")


def test_production_reads_the_database_from_database_url(tmp_path):
    assert _production_settings(tmp_path)["ENGINE"] == "django.db.backends.sqlite3"
    postgres = _production_settings(tmp_path, DATABASE_URL="postgres://u:p@db.example.be:5432/synergies")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _environment(tmp_path)
    del env["SECRET_KEY"]

    result = _run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_production_allows_no_host_unless_told(tmp_path):
    env = _environment(tmp_path)
    del env["ALLOWED_HOSTS"]

    result = _run(["-c", PRINT_SETTINGS], env)

    assert json.loads(result.stdout.strip().splitlines()[-1])["ALLOWED_HOSTS"] == []


def test_hsts_can_be_tuned_but_is_on_by_default(tmp_path):
    assert _production_settings(tmp_path)["SECURE_HSTS_SECONDS"] >= 31536000
    assert _production_settings(tmp_path, SECURE_HSTS_SECONDS="3600")["SECURE_HSTS_SECONDS"] == 3600


@pytest.mark.parametrize("value", ["peut-être", "2"])
def test_a_malformed_boolean_stops_the_start(tmp_path, value):
    result = _run(["manage.py", "check"], _environment(tmp_path, DEBUG=value))

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
