"""accounts.rules: who is a platform admin, who holds a secretariat, and of which basin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from synergies.accounts import rules as account_rules

pytestmark = pytest.mark.django_db

EVERYONE = ["platform_admin", "secretary", "other_secretary", "contributor", "outsider", "anonymous"]


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


def _user(request, name):
    return request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [(name, name == "platform_admin") for name in EVERYONE],
)
def test_only_the_platform_admin_is_a_platform_admin(request, name, expected):
    assert account_rules.is_platform_admin(_user(request, name)) is expected


def test_a_deactivated_superuser_is_no_platform_admin(platform_admin):
    platform_admin.is_active = False

    assert not account_rules.is_platform_admin(platform_admin)


@pytest.mark.parametrize(
    ("name", "expected"),
    [(name, name in {"secretary", "other_secretary"}) for name in EVERYONE],
)
def test_only_secretaries_hold_a_secretariat(request, name, expected):
    assert account_rules.is_secretariat(_user(request, name)) is expected


@pytest.mark.parametrize(
    ("name", "scope", "expected"),
    [
        ("secretary", "basin", True),
        ("secretary", "other_basin", False),
        ("other_secretary", "other_basin", True),
        ("other_secretary", "basin", False),
        ("platform_admin", "basin", False),
        ("contributor", "basin", False),
        ("outsider", "basin", False),
        ("anonymous", "basin", False),
    ],
)
def test_a_secretary_is_secretariat_of_her_own_basin_only(request, name, scope, expected):
    user = _user(request, name)

    assert account_rules.is_secretariat_of(user, request.getfixturevalue(scope)) is expected


def test_no_one_is_secretariat_of_nothing(secretary):
    assert not account_rules.is_secretariat_of(secretary, None)


def test_a_deactivated_secretary_is_no_longer_secretariat(secretary, basin):
    secretary.is_active = False

    assert not account_rules.is_secretariat(secretary)
    assert not account_rules.is_secretariat_of(secretary, basin)


@pytest.mark.parametrize(
    ("name", "expected"),
    [(name, name in {"platform_admin", "secretary", "other_secretary"}) for name in EVERYONE],
)
def test_staff_members_are_the_platform_admin_and_secretaries(request, name, expected):
    user = _user(request, name)

    assert account_rules.is_staff_member(user) is expected
    assert user.has_perm("accounts.view_invitations") is expected


@pytest.mark.parametrize(("name", "expected"), [(name, name != "anonymous") for name in EVERYONE])
def test_anyone_logged_in_may_change_their_own_password(request, name, expected):
    assert _user(request, name).has_perm("accounts.change_own_password") is expected
