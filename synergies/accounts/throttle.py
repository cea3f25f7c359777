"""Login throttling: after too many failures an account is locked for a while, whatever password is then given.

Counters live in the shared cache (Redis in production), keyed by a hash of the e-mail address and by client IP,
so several app servers see the same counts.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def _account_key(email: str) -> str:
    return "login-failures:account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _ip_key(ip: str) -> str:
    return "login-failures:ip:" + hashlib.sha256(ip.encode()).hexdigest()


@dataclass(frozen=True)
class Lock:
    seconds_left: int

    @property
    def minutes_left(self) -> int:
        return max(1, -(-self.seconds_left // 60))


def _state(key: str) -> dict[str, float]:
    value = cache.get(key)
    return value if isinstance(value, dict) else {"failures": 0, "locked_until": 0.0}


def current_lock(email: str, ip: str = "") -> Lock | None:
    now = time.time()
    keys = [_account_key(email)] + ([_ip_key(ip)] if ip else [])
    until = max(_state(key)["locked_until"] for key in keys)
    return Lock(int(until - now)) if until > now else None


def _bump(key: str, limit: int) -> bool:
    state = _state(key)
    state["failures"] += 1
    locked = state["failures"] >= limit
    if locked:
        state["locked_until"] = time.time() + settings.LOGIN_LOCKOUT_SECONDS
        state["failures"] = 0
    cache.set(key, state, max(settings.LOGIN_FAILURE_WINDOW, settings.LOGIN_LOCKOUT_SECONDS))
    return locked


def register_failure(email: str, ip: str = "") -> bool:
    """Count a failed login; True when this failure locks the account (or the address)."""
    locked = _bump(_account_key(email), settings.LOGIN_FAILURE_LIMIT)
    if ip:
        locked = _bump(_ip_key(ip), settings.LOGIN_IP_FAILURE_LIMIT) or locked
    return locked


def reset(email: str) -> None:
    cache.delete(_account_key(email))
