"""A concept's page: in one version, or at its stable URI (the latest version that holds it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from synergies.skills.levels import PALIERS, Palier, palier_codes
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, Mapping, Node
from synergies.skills.panels import render_panels
from synergies.skills.views.common import get_framework_for_user, get_node_for_user, version_context
from synergies.skills.views.public.common import _version_crumbs, _visible_versions

ANCESTRY_DEPTH = 8
"""Ancestors read in the node's own query (joins); a deeper concept costs one more query per extra level."""

# SKOS mapping relations read from the other end: « A broadMatch B » says that B is narrower than A.
INVERSE_RELATION = {
    Mapping.Relation.BROAD: Mapping.Relation.NARROW,
    Mapping.Relation.NARROW: Mapping.Relation.BROAD,
}


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
