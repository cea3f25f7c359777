"""Reading the referentials: the index, a version and its tree, a concept, what changed between two versions, a
version's change log and its exports.

Every page reads the whole version it shows in a fixed handful of queries (the tree is built in Python from one
query, see tree.py), so a 14 000-skill ESCO version costs the database what a 30-concept draft costs; what grows
with the data is only the HTML, which is why the largest trees are shown two levels deep until one searches them.
Released versions are public wherever the framework is; drafts exist only for those who follow the pôle
(rules.py), everyone else gets a 404 as if the draft did not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from synergies.poles.views.common import get_pole_for_user, pole_context
from synergies.skills import exports
from synergies.skills.diff import diff_versions
from synergies.skills.levels import PALIERS, Palier, palier_codes
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, Mapping, Node
from synergies.skills.panels import render_panels
from synergies.skills.tree import Branch, load_tree, search_tree
from synergies.skills.views.common import (
    framework_context,
    get_framework_for_user,
    get_node_for_user,
    get_version_for_user,
    version_context,
)
from synergies.skills.views.public_forms import DiffForm, SearchForm
from synergies.transmissions.subjects import transmissions_of

__all__ = [
    "concept_latest",
    "framework_index",
    "framework_latest",
    "pole_referential",
    "version_changes",
    "version_concept",
    "version_detail",
    "version_diff",
    "version_export",
]

LARGE_TREE = 400
"""Beyond this many concepts (ESCO), a version's page shows its first two levels until one searches it."""
CHANGES_PER_PAGE = 100
ANCESTRY_DEPTH = 8
"""Ancestors read in the node's own query (joins); a deeper concept costs one more query per extra level."""
BOOKLET_SECONDS = 60 * 60 * 24 * 30

EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle; charset=utf-8", "to_turtle"),
    "jsonld": ("application/ld+json", "to_jsonld"),
    "csv": ("text/csv; charset=utf-8", "to_csv"),
    "pdf": ("application/pdf", "booklet_pdf"),
}
"""Media type and the function of exports.py that writes the file, looked up when called."""

# SKOS mapping relations read from the other end: « A broadMatch B » says that B is narrower than A.
INVERSE_RELATION = {
    Mapping.Relation.BROAD: Mapping.Relation.NARROW,
    Mapping.Relation.NARROW: Mapping.Relation.BROAD,
}


def _index_crumbs(*more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Référentiels"), reverse("skills:index")), *more]


def _version_crumbs(version: FrameworkVersion, *more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    framework = version.framework
    label = _("Version %(number)s") % {"number": version.number}
    return _index_crumbs(
        (framework.name, framework.get_absolute_url()),
        (label, version.get_absolute_url() if more else None),
        *more,
    )


def _visible_versions(request: HttpRequest, framework: Framework) -> list[FrameworkVersion]:
    """The framework's versions the user may see, oldest first, each knowing its framework (no query per row)."""
    versions = list(FrameworkVersion.objects.visible_to(request.user, framework).order_by("created_at", "pk"))
    for version in versions:
        version.framework = framework
    return versions


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


@dataclass(frozen=True)
class Download:
    url: str
    label: str
    description: str
    media_type: str


def _downloads(version: FrameworkVersion) -> list[Download]:
    kwargs = {"framework": version.framework.slug, "number": version.number}
    described = {
        "ttl": (_("SKOS en Turtle (.ttl)"), _("pour les outils du web sémantique (RDF)")),
        "jsonld": (_("SKOS en JSON-LD (.jsonld)"), _("le même graphe RDF, lisible par les applications web")),
        "csv": (_("Tableau CSV (.csv)"), _("un concept par ligne, pour un tableur (UTF-8)")),
        "pdf": (_("Livret PDF (.pdf)"), _("le livret imprimable : concepts, paliers et correspondances")),
    }
    return [
        Download(
            url=reverse("skills:export", kwargs={**kwargs, "fmt": fmt}),
            label=label,
            description=description,
            media_type=EXPORT_FORMATS[fmt][0].split(";")[0],
        )
        for fmt, (label, description) in described.items()
    ]


# --- a concept --------------------------------------------------------------------------------------------------------


def version_concept(request: HttpRequest, framework: str, number: str, code: str) -> HttpResponse:
    node = get_node_for_user(request, framework, number, code)
    return _concept_page(request, node)


def concept_latest(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    """The concept's stable URI: the concept in the latest version that holds it — in force, else the newest
    superseded, else the draft for those who see drafts. A concept the version in force no longer holds was
    retired: its last version is shown with a banner, and the concepts in force that derive from it."""
    found = get_framework_for_user(request, framework)
    concept = get_object_or_404(Concept, framework=found, code=code)
    concept.framework = found
    versions = _visible_versions(request, found)
    holding = {
        node.version_id: node
        for node in Node.objects.filter(concept=concept, version__in=versions).select_related("parent__concept")
    }
    released = [v for v in versions if not v.is_draft and v.pk in holding]
    current = next((v for v in versions if v.status == FrameworkVersion.Status.ADOPTED), None)
    drafts = [v for v in versions if v.is_draft and v.pk in holding]
    shown = (current if current is not None and current.pk in holding else None) or (
        released[-1] if released else (drafts[-1] if drafts else None)
    )
    if shown is None:
        raise Http404
    node = holding[shown.pk]
    node.version = shown
    node.concept = concept
    retired_in = None
    heirs: list[Node] = []
    if current is not None and shown.pk != current.pk and not shown.is_draft:
        after = versions[versions.index(shown) + 1 :]
        retired_in = next((v for v in after if not v.is_draft and v.pk not in holding), None)
        heirs = list(
            Node.objects.filter(version=current, derived_from=concept).select_related("concept").order_by("concept")
        )
        for heir in heirs:
            heir.version = current
    return _concept_page(request, node, versions=versions, retired_in=retired_in, heirs=heirs, current=current)


@dataclass(frozen=True)
class Crosswalk:
    """A mapping as the page of one of its ends reads it: the other end, and the relation seen from here."""

    relation: str
    framework_code: str
    code: str
    label: str
    lang: str
    url: str
    rationale: str
    confidence: int
    validated_at: Any
    validator: str
    version_number: str


def _lang_of(node: Node) -> str:
    """ "en" when the node has only its English label (ESCO's skills), for screen readers to switch voice."""
    return "en" if not node.label and node.label_en else ""


def _ancestors(node: Node) -> list[Node]:
    """From the root down to the node's parent, read with the node in one query for all but the deepest trees."""
    paths, path = [], "parent"
    for _level in range(ANCESTRY_DEPTH):
        paths.append(f"{path}__concept")
        path += "__parent"
    current = Node.objects.select_related(*paths).get(pk=node.pk)
    chain: list[Node] = []
    seen = {node.pk}
    parent = current.parent
    while parent is not None and parent.pk not in seen:  # an import gone wrong may hold a loop: stop there
        seen.add(parent.pk)
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def _outgoing(node: Node, sees_drafts: bool) -> list[Crosswalk]:
    mappings = Mapping.objects.filter(source=node).select_related(
        "target__concept", "target__version__framework", "validated_by"
    )
    found = []
    for mapping in mappings:
        target = mapping.target
        found.append(
            Crosswalk(
                relation=mapping.get_relation_display(),
                framework_code=target.version.framework.code,
                code=target.concept.code,
                label=target.display_label,
                lang=_lang_of(target),
                url=target.get_absolute_url(),
                rationale=mapping.rationale,
                confidence=mapping.confidence,
                validated_at=mapping.validated_at,
                validator=mapping.validated_by.get_full_name() if sees_drafts and mapping.validated_by else "",
                version_number=target.version.number,
            )
        )
    return sorted(found, key=lambda c: (c.framework_code, c.code))


def _incoming(request: HttpRequest, node: Node) -> list[Crosswalk]:
    """The mappings of other frameworks' versions towards this concept (in any of its versions), from the versions
    the user may see; a mapping the source framework repeats from version to version is listed once, from its
    latest version."""
    mappings = (
        Mapping.objects.filter(target__concept_id=node.concept_id)
        .exclude(source__version__framework_id=node.version.framework_id)
        .select_related("source__concept", "source__version__framework__pole__basin")
        .prefetch_related(Prefetch("source__version__framework__pole__mandates"))
        .order_by("-source__version__created_at", "-source__version_id", "pk")
    )
    readable: dict[int, bool] = {}
    drafts: dict[int, bool] = {}
    found: dict[tuple[int, str, str], Crosswalk] = {}
    for mapping in mappings:
        source = mapping.source
        version = source.version
        framework = version.framework
        if framework.pk not in readable:
            readable[framework.pk] = request.user.has_perm("skills.view_framework", framework)
        if not readable[framework.pk]:
            continue
        if version.is_draft:
            if framework.pk not in drafts:
                drafts[framework.pk] = request.user.has_perm("skills.view_drafts", framework)
            if not drafts[framework.pk]:
                continue
        relation = INVERSE_RELATION.get(Mapping.Relation(mapping.relation), Mapping.Relation(mapping.relation))
        key = (framework.pk, source.concept.code, relation)
        if key in found:
            continue  # an older version's copy of a mapping already listed from a newer one
        found[key] = Crosswalk(
            relation=str(relation.label),
            framework_code=framework.code,
            code=source.concept.code,
            label=source.display_label,
            lang=_lang_of(source),
            url=source.get_absolute_url(),
            rationale=mapping.rationale,
            confidence=mapping.confidence,
            validated_at=mapping.validated_at,
            validator="",
            version_number=version.number,
        )
    return sorted(found.values(), key=lambda c: (c.framework_code, c.code))


@dataclass(frozen=True)
class HistoryRow:
    version: FrameworkVersion
    node: Node | None
    changes: list[Change]


def _concept_page(
    request: HttpRequest,
    node: Node,
    *,
    versions: list[FrameworkVersion] | None = None,
    retired_in: FrameworkVersion | None = None,
    heirs: list[Node] | None = None,
    current: FrameworkVersion | None = None,
) -> HttpResponse:
    version = node.version
    framework = version.framework
    node.concept.framework = framework
    context = version_context(request, version)
    sees_drafts = context["sees_drafts"]
    if versions is None:
        versions = _visible_versions(request, framework)
    ancestors = _ancestors(node)
    children = list(Node.objects.filter(parent=node).select_related("concept").order_by("position", "pk"))
    descriptors = {d.level: d for d in node.levels.all()}
    paliers = _palier_rows(descriptors) if framework.is_internal or descriptors else []
    lineage = list(node.derived_from.order_by("code"))
    history_nodes = {
        n.version_id: n for n in Node.objects.filter(concept_id=node.concept_id, version__in=versions).only(
            "pk", "version", "label", "label_en"
        )
    }  # fmt: skip
    change_lines = Change.objects.filter(concept_id=node.concept_id, version__in=versions).order_by("at", "pk")
    if sees_drafts:
        change_lines = change_lines.select_related("by")
    by_version: dict[int, list[Change]] = {}
    for change in change_lines:
        by_version.setdefault(change.version_id, []).append(change)
    history = [HistoryRow(v, history_nodes.get(v.pk), by_version.get(v.pk, [])) for v in versions]
    crumbs = _version_crumbs(
        version,
        *((f"{a.concept.code} {a.display_label}", _node_url(framework, version, a.concept.code)) for a in ancestors),
        (f"{node.concept.code} {node.display_label}", None),
    )
    context.update(
        {
            "node": node,
            "concept": node.concept,
            "crumbs": crumbs,
            "ancestors": ancestors,
            "children": children,
            "paliers": paliers,
            "outgoing": _outgoing(node, sees_drafts),
            "incoming": _incoming(request, node),
            "lineage": lineage,
            "heirs": heirs or [],
            "retired_in": retired_in,
            "current": current,
            "history": history,
        }
    )
    context["panels"] = render_panels(request, node, context)
    return render(request, "skills/concept_detail.html", context)


def _node_url(framework: Framework, version: FrameworkVersion, code: str) -> str:
    return reverse(
        "skills:version_concept", kwargs={"framework": framework.slug, "number": version.number, "code": code}
    )


@dataclass(frozen=True)
class PalierRow:
    palier: Palier | None
    code: str
    text: str
    text_en: str


def _palier_rows(descriptors: dict[str, Any]) -> list[PalierRow]:
    """Every palier of the scale with the concept's descriptor (blank when it has none), then any level code the
    scale does not know (an external framework's own levels)."""
    rows = []
    for palier in PALIERS:
        descriptor = descriptors.get(palier.code)
        rows.append(
            PalierRow(
                palier, palier.code, descriptor.text if descriptor else "", descriptor.text_en if descriptor else ""
            )
        )
    known = set(palier_codes())
    for level in sorted(set(descriptors) - known):
        rows.append(PalierRow(None, level, descriptors[level].text, descriptors[level].text_en))
    return rows


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


# --- the change log and the exports -----------------------------------------------------------------------------------


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


def version_export(request: HttpRequest, framework: str, number: str, fmt: str) -> HttpResponse:
    """A version as a file. A released version's booklet is kept in the cache (its content never changes; the key
    holds the content's fingerprint and status): rendering it takes seconds. A draft's is rendered each time."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    version = get_version_for_user(request, framework, number)
    content_type, name = EXPORT_FORMATS[fmt]
    export: Callable[[FrameworkVersion], bytes] = getattr(exports, name)
    if fmt == "pdf" and not version.is_draft:
        key = f"skills:booklet:{version.pk}:{version.content_hash}:{version.status}:{get_language()}"
        data = cache.get(key)
        if data is None:
            data = export(version)
            cache.set(key, data, BOOKLET_SECONDS)
    else:
        data = export(version)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(version, fmt)}"'
    return response
