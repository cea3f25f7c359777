"""What every export starts from: the version read in one go (`load`), its fingerprint, the names of its files.

`content_hash` is the SHA-256 of the canonical form (`lib.hashchain.canonical`) of what the exports publish, keyed by
codes and official URIs rather than primary keys or the site's address: the same content gives the same hash whatever
order it was entered in, on whichever database and server.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from synergies.lib.hashchain import canonical
from synergies.skills.levels import palier_codes
from synergies.skills.models import Concept, Framework, FrameworkVersion, LevelDescriptor, Mapping, Node

HASH_FORMAT = 1
"""Bumped whenever the canonical form changes, so that a stored hash can be told from one of another form."""


# --- loading ----------------------------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """A version and all its content, in tree order (depth first, siblings by position then code)."""

    version: FrameworkVersion
    nodes: list[Node]
    depth: dict[int, int]
    children: dict[int | None, list[Node]]
    levels: dict[int, list[LevelDescriptor]]
    mappings: dict[int, list[Mapping]]
    derived_from: dict[int, list[Concept]]
    by_pk: dict[int, Node] = field(default_factory=dict)

    @property
    def framework(self) -> Framework:
        return self.version.framework

    @property
    def roots(self) -> list[Node]:
        return self.children.get(None, [])

    def parent_of(self, node: Node) -> Node | None:
        return self.by_pk.get(node.parent_id) if node.parent_id is not None else None


def load(version: FrameworkVersion) -> Snapshot:
    """Everything the exports need, in five queries: the version (with its framework, pôle and decision), its nodes
    with their concepts, their level descriptors, their mappings with their targets, and their lineage."""
    version = FrameworkVersion.objects.select_related("framework__pole__basin", "decision__pole__basin").get(
        pk=version.pk
    )
    framework = version.framework
    nodes = list(Node.objects.filter(version=version).select_related("concept"))
    for node in nodes:
        # Every node's concept belongs to the version's framework: say so rather than join it once per row.
        node.concept.framework = framework
        node.version = version
    by_pk = {node.pk: node for node in nodes}

    levels: dict[int, list[LevelDescriptor]] = defaultdict(list)
    for descriptor in LevelDescriptor.objects.filter(node__version=version):
        levels[descriptor.node_id].append(descriptor)
    order = {code: index for index, code in enumerate(palier_codes())}
    for descriptors in levels.values():
        descriptors.sort(key=lambda d: (order.get(d.level, len(order)), d.level))

    mappings: dict[int, list[Mapping]] = defaultdict(list)
    for mapping in Mapping.objects.filter(source__version=version).select_related(
        "target__concept", "target__version__framework"
    ):
        mapping.target.concept.framework = mapping.target.version.framework
        mappings[mapping.source_id].append(mapping)
    for found in mappings.values():
        found.sort(key=lambda m: (m.relation, m.target.concept.resolved_uri))

    derived_from: dict[int, list[Concept]] = defaultdict(list)
    links = Node.derived_from.through.objects.filter(node__version=version).select_related("concept__framework")
    for link in links:
        derived_from[link.node_id].append(link.concept)
    for concepts in derived_from.values():
        concepts.sort(key=lambda c: c.resolved_uri)

    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        # A parent outside the version cannot be exported under it: the node is shown as a root rather than lost.
        children[node.parent_id if node.parent_id in by_pk else None].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.concept.code))

    ordered: list[Node] = []
    depth: dict[int, int] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1) for root in reversed(children.get(None, []))]
    while stack:
        node, level = stack.pop()
        if node.pk in seen:
            continue
        seen.add(node.pk)
        ordered.append(node)
        depth[node.pk] = level
        stack.extend((child, level + 1) for child in reversed(children.get(node.pk, [])))

    return Snapshot(
        version=version,
        nodes=ordered,
        depth=depth,
        children=dict(children),
        levels=dict(levels),
        mappings=dict(mappings),
        derived_from=dict(derived_from),
        by_pk=by_pk,
    )


# --- fingerprint ------------------------------------------------------------------------------------------------------


def _identity(concept: Concept) -> str:
    """A concept's official URI, or « <framework slug>/<code> » for one Synergies mints: a minted URI starts with
    SITE_URL, and a fingerprint must not change when the site moves (or differ between staging and production)."""
    return concept.uri or f"{concept.framework.slug}/{concept.code}"


def canonical_content(snapshot: Snapshot) -> dict[str, Any]:
    """What the version states and its exports publish, keyed by codes and concept identities: nothing that depends
    on primary keys, on entry order or on the site's address. Lineage counts as content (it is published); `extra`
    (importers' bookkeeping, never exported) does not."""
    nodes: dict[str, Any] = {}
    mappings: dict[str, dict[str, Any]] = {}
    for node in snapshot.nodes:
        parent = snapshot.parent_of(node)
        nodes[node.concept.code] = {
            "parent": parent.concept.code if parent else None,
            "position": node.position,
            "kind": node.kind,
            "label": node.label,
            "label_en": node.label_en,
            "definition": node.definition,
            "definition_en": node.definition_en,
            "examples": node.example_list,
            "alt_labels": node.alt_label_list,
            "levels": {d.level: {"text": d.text, "text_en": d.text_en} for d in snapshot.levels.get(node.pk, [])},
            "derived_from": sorted(_identity(c) for c in snapshot.derived_from.get(node.pk, [])),
        }
        for mapping in snapshot.mappings.get(node.pk, []):
            mappings.setdefault(node.concept.code, {})[_identity(mapping.target.concept)] = {
                "relation": mapping.relation,
                "rationale": mapping.rationale,
                "confidence": mapping.confidence,
            }
    return {
        "format": HASH_FORMAT,
        "framework": snapshot.framework.slug,
        "version": snapshot.version.number,
        "nodes": nodes,
        "mappings": mappings,
    }


def content_hash(version: FrameworkVersion) -> str:
    """SHA-256 (hex) of the version's canonical content: the fingerprint recorded when a version is released."""
    return hashlib.sha256(canonical(canonical_content(load(version)))).hexdigest()


# --- names ------------------------------------------------------------------------------------------------------------


def filename(version: FrameworkVersion, ext: str) -> str:
    """« referentiel-cb-1.1.ttl »: the dots of a version number are kept, which `slugify` would drop."""
    number = re.sub(r"[^0-9a-z.]+", "-", version.number.lower()).strip("-.") or "version"
    return f"referentiel-{slugify(version.framework.code) or 'x'}-{number}.{ext.lstrip('.')}"
