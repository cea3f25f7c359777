"""Logging a test client in, the way a real staff member ends up after their second factor."""

from __future__ import annotations

from typing import Any

from django.test import Client

from synergies.accounts.mfa import SESSION_KEY, requires_mfa


def log_in(client: Client, user: Any) -> Client:
    """Log `client` in as `user`, past the second factor when their role requires one."""
    client.force_login(user)
    if requires_mfa(user):
        session = client.session
        session[SESSION_KEY] = user.pk
        session.save()
    return client
