"""The index of the referentials, the pôle's section, and a version's page with its tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _

from synergies.poles.views.common import get_pole_for_user, pole_context
from synergies.skills.levels import PALIERS
from synergies.skills.models import Framework, FrameworkVersion
from synergies.skills.tree import Branch, load_tree, search_tree
from synergies.skills.views.common import get_framework_for_user, get_version_for_user, version_context
from synergies.skills.views.public.common import _version_crumbs, _visible_versions
from synergies.skills.views.public.downloads import _downloads
from synergies.skills.views.public_forms import SearchForm
from synergies.transmissions.subjects import transmissions_of

LARGE_TREE = 400
"""Beyond this many concepts (ESCO), a version's page shows its first two levels until one searches it."""


# --- the index and the pôle's section ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    framework: Framework
    current: FrameworkVersion | None


def framework_index(request: HttpRequest) -> HttpResponse:
    """The pôles' referentials the user may read, then the external frameworks they are mapped to.

    Visibility is the rule `skills.view_framework`, asked framework by framework; the pôles' mandates (what makes a
    pôle public) are prefetched so that asking costs no query per pôle."""
    candidates = Framework.objects.select_related("pole__basin").prefetch_related("pole__mandates")
    frameworks = [f for f in candidates if request.user.has_perm("skills.view_framework", f)]
    current = {
        version.framework_id: version
        for version in FrameworkVersion.objects.current()
        .filter(framework__in=[f.pk for f in frameworks])
        .annotate(concept_count=Count("nodes"))
    }
    for framework in frameworks:
        if framework.pk in current:
            current[framework.pk].framework = framework
    rows = [IndexRow(f, current.get(f.pk)) for f in frameworks]
    internal = sorted(
        (row for row in rows if row.framework.is_internal),
        key=lambda row: (row.framework.pole.basin.name, row.framework.pole.name) if row.framework.pole else ("", ""),
    )
    external = sorted((row for row in rows if not row.framework.is_internal), key=lambda row: row.framework.name)
    return render(
        request,
        "skills/framework_index.html",
        {"internal": internal, "external": external, "crumbs": [(_("Référentiels"), None)]},
    )


def pole_referential(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    """The pôle's « Référentiel » section: its referential when it has one, else the way to create it."""
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    framework = Framework.objects.filter(pole=pole).first()
    if framework is not None:
        return redirect(framework)
    return render(
        request,
        "skills/pole_referential.html",
        {**pole_context(request, pole), "can_create": request.user.has_perm("skills.create_referential", pole)},
    )


# --- a version --------------------------------------------------------------------------------------------------------


def framework_latest(request: HttpRequest, framework: str) -> HttpResponse:
    """The framework's « latest » address: the version in force, or the draft for those who see drafts while none
    is. The page names the version's own address as canonical, since this one will show the next version."""
    found = get_framework_for_user(request, framework)
    versions = FrameworkVersion.objects.visible_to(request.user, found).select_related(
        "decision__pole__basin", "based_on"
    )
    version = versions.current().first() or versions.drafts().first()
    if version is None:
        raise Http404
    version.framework = found
    return _version_page(request, version, canonical=True)


def version_detail(request: HttpRequest, framework: str, number: str) -> HttpResponse:
    version = get_version_for_user(request, framework, number)
    return _version_page(request, version)


@dataclass(frozen=True)
class VersionRow:
    version: FrameworkVersion
    previous: FrameworkVersion | None


def _version_rows(versions: list[FrameworkVersion]) -> list[VersionRow]:
    """Each version with the one to compare it with: the version it was established from, else the one before."""
    by_pk = {version.pk: version for version in versions}
    rows = []
    for index, version in enumerate(versions):
        previous = by_pk.get(version.based_on_id) if version.based_on_id else None
        if previous is None and index > 0:
            previous = versions[index - 1]
        rows.append(VersionRow(version, previous))
    return rows


def _successor(version: FrameworkVersion, versions: list[FrameworkVersion]) -> FrameworkVersion | None:
    """The version that replaced a superseded one: the first released version after it."""
    if version.status != FrameworkVersion.Status.SUPERSEDED:
        return None
    later = [
        v
        for v in versions
        if v.created_at > version.created_at or (v.created_at == version.created_at and v.pk > version.pk)
    ]
    return next((v for v in later if not v.is_draft), None)


def _count(roots: Iterable[Branch]) -> int:
    return sum(root.size + 1 for root in roots)


@dataclass(frozen=True)
class Step:
    """One step of walking the tree in document order: open a concept's sub-list, show a leaf, or close."""

    kind: str
    branch: Branch | None = None
    url: str = ""


def concept_url_maker(version: FrameworkVersion) -> Callable[[str], str]:
    """The address of a concept's page in `version`, built from one `reverse` rather than one per concept (most of
    what rendering a large tree would cost); the code is quoted as `reverse` quotes it."""
    placeholder = "0"
    pattern = reverse(
        "skills:version_concept",
        kwargs={"framework": version.framework.slug, "number": version.number, "code": placeholder},
    )
    prefix, suffix = pattern[: -len(placeholder) - 1], pattern[-1:]
    return lambda code: prefix + quote(code, safe=RFC3986_SUBDELIMS + "~:@") + suffix


def tree_steps(roots: Iterable[Branch], url_of: Callable[[str], str]) -> list[Step]:
    """The tree flattened for one template loop; iterative, so no tree is too deep to show."""
    steps: list[Step] = []
    pending: list[Branch | None] = list(reversed(list(roots)))
    while pending:
        branch = pending.pop()
        if branch is None:
            steps.append(Step("close"))
        elif branch.children:
            steps.append(Step("open", branch, url_of(branch.code)))
            pending.append(None)
            pending.extend(reversed(branch.children))
        else:
            steps.append(Step("leaf", branch, url_of(branch.code)))
    return steps


def _version_page(request: HttpRequest, version: FrameworkVersion, *, canonical: bool = False) -> HttpResponse:
    framework = version.framework
    context = version_context(request, version)
    versions = _visible_versions(request, framework)
    roots = load_tree(version)
    total = _count(roots)
    form = SearchForm(request.GET or None)
    query = form.query
    matches = 0
    if query:
        roots, matches = search_tree(roots, query)
    decision = version.decision
    transmissions = []
    if decision is not None and framework.pole is not None:
        transmissions = list(transmissions_of(decision).visible_to(request.user, framework.pole))
    has_draft = any(v.is_draft for v in versions)
    has_current = any(v.status == FrameworkVersion.Status.ADOPTED for v in versions)
    context.update(
        {
            "crumbs": _version_crumbs(version),
            "canonical": request.build_absolute_uri(version.get_absolute_url()) if canonical else "",
            "versions": _version_rows(versions)[::-1],
            "successor": _successor(version, versions),
            "decision": decision,
            "transmissions": transmissions,
            "roots": roots,
            "steps": tree_steps(roots, concept_url_maker(version)) if query or total <= LARGE_TREE else [],
            "total": total,
            "large": total > LARGE_TREE and not query,
            "form": form,
            "query": query,
            "matches": matches,
            "paliers": PALIERS if framework.is_internal else (),
            "downloads": _downloads(version),
            "can_start": context["can_edit"] and framework.is_internal and has_current and not has_draft,
        }
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "skills/version_detail.html", context, status=status)
