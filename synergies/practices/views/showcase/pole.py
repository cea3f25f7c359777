"""The catalogue in a pôle's navigation: its practices at a glance, and the ways to propose and moderate them.

Visitors see what is published; the pôle's moderators also see how many records wait at each step of the workflow,
with a link to their queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from synergies.poles.views.common import get_pole_for_user, pole_context
from synergies.practices.models import Practice, Status
from synergies.practices.views.showcase.common import CARDS_ON_HOME, catalogue_crumbs, optional_url, with_cards


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int


def status_counts(practices: object) -> list[StatusCount]:
    counted = dict(practices.order_by().values_list("status").annotate(n=Count("pk")))  # type: ignore[attr-defined]
    return [StatusCount(status, counted.get(status.value, 0)) for status in Status]


def pole_section(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    practices = Practice.objects.of_pole(pole)
    published = practices.published().order_by("-published_at", "-pk")
    moderates = request.user.has_perm("practices.view_moderation_queue", pole)
    kwargs = {"basin": pole.basin.code, "code": pole.code}
    context = {
        **pole_context(request, pole),
        "title": _("Pratiques et outils du pôle"),
        "published_count": published.count(),
        "latest": list(with_cards(published)[:CARDS_ON_HOME]),
        "inspiring": list(with_cards(published.inspiring())[:CARDS_ON_HOME]),
        "status_counts": status_counts(practices) if moderates else [],
        "create_url": optional_url("practices:create", **kwargs) or optional_url("practices:create")
        if request.user.has_perm("practices.add_practice", pole)
        else "",
        "moderation_url": optional_url("practices:moderation", **kwargs) if moderates else "",
        "search_url": optional_url("practices:search"),
        "crumbs": catalogue_crumbs((pole.name, None)),
    }
    return render(request, "practices/showcase/pole.html", context)
