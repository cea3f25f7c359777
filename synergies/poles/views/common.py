"""What every view of a pôle shares: finding the pôle for a user, the navigation context."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from synergies.directory.services import secretariat_basins as staff_basins
from synergies.lib.views import require_perm
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.sections import sections_for


def get_pole_for_user(request: HttpRequest, basin: str, code: str, perm: str) -> Pole:
    """The pôle, or 404 when it does not exist or is an unpublished proposal the user may not see, or 403."""
    pole = get_object_or_404(
        Pole.objects.select_related("basin", "theme").prefetch_related("mandates__evaluation"),
        basin__code=basin,
        code=code.upper(),
    )
    if not request.user.has_perm("poles.view_pole", pole):
        raise Http404
    require_perm(request, perm, pole)
    return pole


def pole_context(request: HttpRequest, pole: Pole) -> dict[str, Any]:
    """What every page of a pôle shows in its navigation."""
    return {
        "pole": pole,
        "can_manage": request.user.has_perm("poles.change_pole", pole),
        "is_member": request.user.has_perm("poles.view_members_area", pole),
        "sections": sections_for(request, pole),
    }


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


__all__ = [
    "add_errors",
    "get_pole_for_user",
    "group_by_body",
    "pole_context",
    "require_perm",
    "seats_for_display",
    "staff_basins",
]
