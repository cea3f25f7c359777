"""What every view of a pôle shares: finding the pôle for a user, the navigation context."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from synergies.accounts.models import Role
from synergies.basins.models import Basin
from synergies.poles.models import Body, Pole, Seat


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def get_pole_for_user(request: HttpRequest, basin: str, code: str, perm: str) -> Pole:
    """The pôle, or 404 when it does not exist or is an unpublished proposal the user may not see, or 403."""
    pole = get_object_or_404(
        Pole.objects.select_related("basin", "theme").prefetch_related("mandates__evaluation"),
        basin__code=basin,
        code=code.upper(),
    )
    if not request.user.has_perm("poles.view_pole", pole):
        raise Http404
    require(request, perm, pole)
    return pole


def pole_context(request: HttpRequest, pole: Pole) -> dict[str, Any]:
    """What every page of a pôle shows in its navigation."""
    return {
        "pole": pole,
        "can_manage": request.user.has_perm("poles.change_pole", pole),
        "is_member": request.user.has_perm("poles.view_members_area", pole),
    }


def staff_basins(user: Any) -> Any:
    if user.is_platform_admin:
        return Basin.objects.all()
    return Basin.objects.filter(pk__in=user.scope_ids(Role.SECRETARIAT, Basin))


def seats_for_display(pole: Pole, day: datetime.date) -> list[Seat]:
    return list(
        Seat.objects.of_pole(pole)
        .in_force(day)
        .for_composition()
        .order_by("body__kind", "body__name", "role", "organisation__name")
    )


def group_by_body(bodies: list[Body], seats: list[Seat]) -> list[tuple[Body, list[Seat]]]:
    grouped: dict[int, list[Seat]] = {body.pk: [] for body in bodies}
    for seat in seats:
        grouped.setdefault(seat.body_id, []).append(seat)
    return [(body, grouped[body.pk]) for body in bodies]


def add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
