"""Who may see and do what in a pôle: roles per pôle (secretariat, chair, member of a body, observer)."""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from synergies.accounts.rules import is_platform_admin, is_secretariat, is_secretariat_of
from synergies.poles.models import Pole, Seat


def _pole_of(obj: Any) -> Pole | None:
    if isinstance(obj, Pole):
        return obj
    if hasattr(obj, "pole"):
        return obj.pole
    if hasattr(obj, "body"):
        return obj.body.pole
    return None


def seats_of_user(user: Any, pole: Pole) -> Any:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Seat.objects.none()
    return Seat.objects.of_pole(pole).in_force(timezone.localdate()).held_by(person)


@rules.predicate
def is_pole_secretariat(user: Any, obj: Any) -> bool:
    pole = _pole_of(obj)
    return pole is not None and bool(is_secretariat_of(user, pole.basin))


@rules.predicate
def is_pole_member(user: Any, obj: Any) -> bool:
    """Holds (or substitutes in) a seat in force in any body of the pôle, observers included."""
    pole = _pole_of(obj)
    return pole is not None and seats_of_user(user, pole).exists()


@rules.predicate
def is_pole_chair(user: Any, obj: Any) -> bool:
    pole = _pole_of(obj)
    return (
        pole is not None
        and seats_of_user(user, pole).filter(role=Seat.Role.CHAIR, body__kind="steering_committee").exists()
    )


@rules.predicate
def is_public_pole(user: Any, obj: Any) -> bool:
    pole = _pole_of(obj)
    return pole is not None and pole.mandates.exists()


manages_pole = is_platform_admin | is_pole_secretariat

rules.add_perm("poles.view_pole", is_public_pole | manages_pole)
rules.add_perm("poles.view_members_area", manages_pole | is_pole_member)
rules.add_perm("poles.add_pole", is_platform_admin | is_secretariat)
rules.add_perm("poles.change_pole", manages_pole)
rules.add_perm("poles.manage_mandates", manages_pole)
rules.add_perm("poles.manage_seats", manages_pole)
rules.add_perm("poles.upload_document", manages_pole | is_pole_chair)
rules.add_perm("poles.view_overview", is_platform_admin | is_secretariat)
