"""What changed: between two versions of a framework, and in one version's change log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from synergies.skills.diff import diff_versions
from synergies.skills.models import Change, FrameworkVersion
from synergies.skills.views.common import (
    framework_context,
    get_framework_for_user,
    get_version_for_user,
    version_context,
)
from synergies.skills.views.public.common import _index_crumbs, _version_crumbs, _visible_versions
from synergies.skills.views.public_forms import DiffForm

CHANGES_PER_PAGE = 100


# --- comparing two versions -------------------------------------------------------------------------------------------


def _default_pair(versions: list[FrameworkVersion], sees_drafts: bool) -> dict[str, str] | None:
    """The draft against the version it was established from for those who see drafts, else the version in force
    against the one before it."""
    by_pk = {version.pk: version for version in versions}
    draft = next((v for v in versions if v.is_draft), None) if sees_drafts else None
    current = next((v for v in versions if v.status == FrameworkVersion.Status.ADOPTED), None)
    for newer in (draft, current):
        if newer is not None and newer.based_on_id in by_pk:
            return {"de": by_pk[newer.based_on_id].number, "a": newer.number}
    return None


def version_diff(request: HttpRequest, framework: str) -> HttpResponse:
    found = get_framework_for_user(request, framework)
    sees_drafts = request.user.has_perm("skills.view_drafts", found)
    versions = _visible_versions(request, found)
    asked = "de" in request.GET or "a" in request.GET
    data = request.GET if asked else _default_pair(versions, sees_drafts)
    form = DiffForm(data, versions=versions)
    pair = form.selected()
    diff = diff_versions(*pair) if pair is not None else None
    context = framework_context(request, found, diff=diff)
    context.update(
        {
            "form": form,
            "versions": versions,
            "crumbs": _index_crumbs((found.name, found.get_absolute_url()), (_("Comparer deux versions"), None)),
        }
    )
    return render(request, "skills/version_diff.html", context, status=400 if asked and not pair else 200)


def version_changes(request: HttpRequest, framework: str, number: str) -> HttpResponse:
    """The version's change log, oldest first: authors are named only to those who follow the pôle."""
    version = get_version_for_user(request, framework, number)
    context = version_context(request, version)
    changes = Change.objects.filter(version=version).select_related("concept").order_by("at", "pk")
    if context["sees_drafts"]:
        changes = changes.select_related("by")
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        {"page": page, "crumbs": _version_crumbs(version, (_("Journal des modifications"), None))}
    )  # fmt: skip
    return render(request, "skills/version_changes.html", context)
