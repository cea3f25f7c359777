from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader

from synergies.accounts.models import Role
from synergies.basins.models import Basin
from synergies.directory.models import Organisation
from synergies.directory.types import TYPES, World
from synergies.lib.models import AuditEntry, AuditEntryQuerySet
from synergies.lib.views import require_perm
from synergies.portal.forms import AuditFilterForm


def home(request: HttpRequest) -> HttpResponse:
    basin = Basin.objects.filter(code=settings.DEFAULT_BASIN).first()
    if basin is None:
        return basin_list(request)
    return basin_home(request, basin.code)


def basin_list(request: HttpRequest) -> HttpResponse:
    basins = Basin.objects.annotate(n_organisations=Count("organisations", distinct=True))
    return render(request, "portal/basin_list.html", {"basins": basins})


def basin_home(request: HttpRequest, code: str) -> HttpResponse:
    basin = get_object_or_404(Basin, code=code)
    by_type = dict(Organisation.objects.active().in_basin(basin).values_list("type").annotate(n=Count("id")).order_by())
    worlds = [
        {"world": world, "count": sum(n for t, n in by_type.items() if TYPES[t].world == world)} for world in World
    ]
    communes = basin.communes.order_by("sub_area", "name")
    sub_areas: dict[str, list] = {}
    for commune in communes:
        sub_areas.setdefault(commune.sub_area, []).append(commune)
    context = {
        "basin": basin,
        "worlds": worlds,
        "total": sum(by_type.values()),
        "sub_areas": sub_areas,
        "chambers": basin.chambers.all(),
        "latest": Organisation.objects.active().in_basin(basin).order_by("-created_at")[:6],
    }
    return render(request, "portal/basin_home.html", context)


def get_audit_entries_for_user(user: Any) -> AuditEntryQuerySet:
    """Platform admins read the whole log; a secretariat reads the entries filed under its basins."""
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if user.is_platform_admin:
        return entries
    return entries.in_scopes(user.role_scope_pairs(Role.SECRETARIAT))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_perm(request, "accounts.view_audit_log")
    form = AuditFilterForm(request.GET)
    entries = form.apply(get_audit_entries_for_user(request.user)).order_by("-created_at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/legal_notice.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database may be what failed."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
