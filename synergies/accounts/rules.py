"""Predicates about who a user is; higher apps combine them with their own objects."""

from __future__ import annotations

from typing import Any

import rules

from synergies.accounts.models import Role


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_platform_admin", False))


@rules.predicate
def is_secretariat(user: Any) -> bool:
    """Holds the secretariat role of at least one basin."""
    return bool(user.is_authenticated and user.has_role(Role.SECRETARIAT))


@rules.predicate
def is_secretariat_of(user: Any, scope: Any) -> bool:
    """Holds the secretariat role of this very scope (a basin)."""
    return bool(user.is_authenticated and scope is not None and user.has_role(Role.SECRETARIAT, scope))


is_staff_member = is_platform_admin | is_secretariat

rules.add_perm("accounts.change_own_password", rules.is_authenticated)
rules.add_perm("accounts.view_invitations", is_staff_member)
rules.add_perm("accounts.decide_erasure", is_platform_admin)
rules.add_perm("accounts.view_audit_log", is_staff_member)
