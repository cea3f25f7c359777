"""What the editors' and moderators' pages share: finding a practice for a user, whom they may name as holder,
and the records they follow."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from synergies.directory.models import Organisation
from synergies.lib.views import require_perm
from synergies.poles.models import Pole
from synergies.practices.models import Practice
from synergies.practices.rules import organisations_of

PAGE_SIZE = 25


def get_practice_for_user(request: HttpRequest, slug: str, perm: str = "practices.view_practice") -> Practice:
    """The practice, or 404 when it does not exist or the user may not see it, or 403 when they may not `perm` it."""
    practice = get_object_or_404(Practice.objects.select_related("pole__basin", "holder"), slug=slug)
    if not request.user.has_perm("practices.view_practice", practice):
        raise Http404
    require_perm(request, perm, practice)
    return practice


def holders_for(user: Any, pole: Pole, practice: Practice | None = None) -> Any:
    """Moderators name any organisation of the basin as holder; contributors, only the ones they work for (and the
    record's current holder, which they keep)."""
    if user.has_perm("practices.moderate_practice", pole):
        return Organisation.objects.in_basin(pole.basin).active().order_by("name")
    wanted = organisations_of(user)
    if practice is not None:
        wanted.add(practice.holder_id)
    return Organisation.objects.filter(pk__in=wanted).order_by("name")


def catalogue_crumbs(*trail: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    """The breadcrumb from the catalogue's home; the last step (the page itself) has no address."""
    return [(_("Pratiques et outils"), reverse("practices:index")), *trail]


def practice_crumbs(practice: Practice, *trail: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    return catalogue_crumbs(
        (practice.title, reverse("practices:practice", kwargs={"slug": practice.slug})),
        *trail,
    )


def pole_crumbs(pole: Pole, *trail: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    return catalogue_crumbs(
        (pole.name, reverse("practices:pole", kwargs={"basin": pole.basin.code, "code": pole.code})), *trail
    )
