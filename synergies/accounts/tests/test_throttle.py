"""Login throttling: ten failures lock an account for a while, whatever password comes next; many failures from one
address lock that address. Everything goes through the real login view."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.test import Client
from freezegun import freeze_time

from synergies.accounts import throttle
from synergies.accounts.tests.helpers import PASSWORD
from synergies.lib.models import AuditEntry
from synergies.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"
WRONG = "not-the-password"
LOCKED = "Trop de tentatives de connexion ont échoué\u00a0: ce compte est bloqué."
INVALID = "Adresse e-mail ou mot de passe incorrect."


def _attempt(client: Client, email: str, password: str, ip: str = "127.0.0.1") -> Any:
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, email: str, times: int, ip: str = "127.0.0.1") -> Any:
    response = None
    for _ in range(times):
        response = _attempt(client, email, WRONG, ip)
    return response


def _user(email: str) -> Any:
    return UserFactory(email=email)


def _logged_in(client: Client, response: Any) -> bool:
    return response.status_code == 302 and get_user(client).is_authenticated


def test_the_limit_is_ten_failures_by_default():
    assert settings.LOGIN_FAILURE_LIMIT == 10


def test_nine_failures_only_say_the_password_is_wrong(client, outsider):
    for _ in range(9):
        response = _attempt(client, outsider.email, WRONG)
        assert response.status_code == 200
        content = response.content.decode()
        assert INVALID in content
        assert LOCKED not in content

    assert throttle.current_lock(outsider.email) is None


def test_the_tenth_failure_already_answers_with_the_lockout_message_in_french(client, outsider):
    _fail(client, outsider.email, 9)

    response = _attempt(client, outsider.email, WRONG)

    assert response.status_code == 200
    content = response.content.decode()
    assert LOCKED in content
    assert "Réessayez dans 15 minutes" in content
    assert "«\u00a0Mot de passe oublié\u00a0»" in content
    assert INVALID not in content
    assert not get_user(client).is_authenticated


def test_a_locked_account_refuses_even_the_correct_password(client, outsider):
    _fail(client, outsider.email, 10)

    response = _attempt(client, outsider.email, PASSWORD)

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not get_user(client).is_authenticated


def test_the_lock_holds_whatever_the_case_or_spaces_of_the_address(client, outsider):
    _fail(client, "Outsider@Example.ORG", 5)
    _fail(client, "outsider@example.org", 5)

    response = _attempt(client, "  OUTSIDER@example.org ", PASSWORD)

    assert LOCKED in response.content.decode()
    assert not get_user(client).is_authenticated


def test_the_lock_holds_from_another_address_too(client, outsider):
    _fail(client, outsider.email, 10, ip="10.0.0.1")

    response = _attempt(Client(), outsider.email, PASSWORD, ip="10.0.0.2")

    assert LOCKED in response.content.decode()


def test_a_locked_account_does_not_lock_other_accounts(client, outsider):
    other = _user("other@example.org")
    _fail(client, outsider.email, 10)

    other_client = Client()
    response = _attempt(other_client, other.email, PASSWORD)

    assert _logged_in(other_client, response)


def test_the_correct_password_works_again_once_the_lockout_is_over(client, outsider):
    with freeze_time() as frozen:
        _fail(client, outsider.email, 10)
        frozen.tick(settings.LOGIN_LOCKOUT_SECONDS - 5)
        still_locked = _attempt(client, outsider.email, PASSWORD)
        assert LOCKED in still_locked.content.decode()
        assert "Réessayez dans 1 minute " in still_locked.content.decode()

        frozen.tick(10)
        response = _attempt(client, outsider.email, PASSWORD)

    assert _logged_in(client, response)


def test_the_lockout_ends_at_its_time_even_while_the_counter_is_still_cached(client, outsider, monkeypatch):
    """The lock is decided by its own deadline, not by the cache forgetting the entry."""
    _fail(client, outsider.email, 10)
    later = time.time() + settings.LOGIN_LOCKOUT_SECONDS + 1
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: later))

    response = _attempt(client, outsider.email, PASSWORD)

    assert _logged_in(client, response)


def test_a_lockout_starts_counting_afresh(client, outsider):
    with freeze_time() as frozen:
        _fail(client, outsider.email, 10)
        frozen.tick(settings.LOGIN_LOCKOUT_SECONDS + 1)

        response = _fail(client, outsider.email, 9)
        assert INVALID in response.content.decode()
        assert throttle.current_lock(outsider.email) is None

        response = _attempt(client, outsider.email, WRONG)
        assert LOCKED in response.content.decode()


def test_a_success_resets_the_counter(client, outsider):
    _fail(client, outsider.email, 9)
    response = _attempt(client, outsider.email, PASSWORD)
    assert _logged_in(client, response)
    client.logout()

    response = _fail(client, outsider.email, 9)

    assert INVALID in response.content.decode()
    assert LOCKED not in response.content.decode()
    assert throttle.current_lock(outsider.email) is None
    response = _attempt(client, outsider.email, PASSWORD)
    assert _logged_in(client, response)


def test_failures_for_an_unknown_address_lock_it_too(client):
    response = _fail(client, "nobody@example.org", 10)

    assert LOCKED in response.content.decode()
    entry = AuditEntry.objects.get(verb="login.lockout")
    assert entry.object_id == ""


def test_the_lockout_is_audited_once_against_the_account(client, outsider):
    _fail(client, outsider.email, 9)
    assert not AuditEntry.objects.filter(verb="login.lockout").exists()

    _fail(client, outsider.email, 1)
    _attempt(client, outsider.email, PASSWORD)
    _fail(client, outsider.email, 3)

    entry = AuditEntry.objects.get(verb="login.lockout")
    assert entry.subject == outsider
    assert entry.actor is None
    assert PASSWORD not in str(entry.changes) + entry.message


def test_an_address_trying_many_accounts_is_locked(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    victims = [_user(f"victim{i}@example.org") for i in range(4)]

    assert INVALID in _attempt(client, victims[0].email, WRONG, ip="192.0.2.7").content.decode()
    assert INVALID in _attempt(client, victims[1].email, WRONG, ip="192.0.2.7").content.decode()
    third = _attempt(client, victims[2].email, WRONG, ip="192.0.2.7")

    assert LOCKED in third.content.decode()
    attacker = Client()
    response = _attempt(attacker, victims[3].email, PASSWORD, ip="192.0.2.7")
    assert LOCKED in response.content.decode()
    assert not get_user(attacker).is_authenticated
    assert AuditEntry.objects.filter(verb="login.lockout").count() == 1


def test_an_address_lock_does_not_lock_the_accounts_it_tried_from_elsewhere(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    victims = [_user(f"victim{i}@example.org") for i in range(3)]
    for victim in victims:
        _attempt(client, victim.email, WRONG, ip="192.0.2.7")

    owner = Client()
    response = _attempt(owner, victims[0].email, PASSWORD, ip="198.51.100.4")

    assert _logged_in(owner, response)


def test_the_minutes_left_are_rounded_up_and_never_zero():
    assert throttle.Lock(0).minutes_left == 1
    assert throttle.Lock(59).minutes_left == 1
    assert throttle.Lock(60).minutes_left == 1
    assert throttle.Lock(61).minutes_left == 2
    assert throttle.Lock(900).minutes_left == 15


def test_register_failure_says_which_failure_locks(outsider):
    results = [throttle.register_failure(outsider.email, "203.0.113.9") for _ in range(10)]

    assert results == [False] * 9 + [True]
    lock = throttle.current_lock(outsider.email)
    assert lock is not None
    assert settings.LOGIN_LOCKOUT_SECONDS - 2 <= lock.seconds_left <= settings.LOGIN_LOCKOUT_SECONDS


def test_the_cache_keys_hold_no_address_in_clear():
    assert "outsider" not in throttle._account_key("outsider@example.org")
    assert "192.0.2.7" not in throttle._ip_key("192.0.2.7")
