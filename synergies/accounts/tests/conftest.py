"""Fixtures of the accounts tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.mail import EmailMessage

from synergies.accounts import services
from synergies.accounts.models import Invitation, Role
from synergies.basins.models import Basin


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Login-failure counters live in the (locmem) cache: no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invite(
    platform_admin: Any, basin: Basin, django_capture_on_commit_callbacks: Any, mailoutbox: list[EmailMessage]
) -> Callable[..., Invitation]:
    """Invite someone as the platform admin and commit, so that the e-mail leaves."""

    def _invite(
        email: str = "zoe@example.org",
        full_name: str = "Zoé D'Hondt",
        role: str = Role.SECRETARIAT,
        scope: Any = basin,
    ) -> Invitation:
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_user(email=email, full_name=full_name, by=platform_admin, role=role, scope=scope)

    return _invite
