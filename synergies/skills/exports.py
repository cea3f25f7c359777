"""Exports of one version of a referential: SKOS (Turtle, JSON-LD), CSV, a printable booklet (PDF), and the
fingerprint of its content.

Every export reads the version through `load`, a fixed handful of queries whatever the size of the referential, so
a 2 000-skill ESCO version costs the database what a 30-concept draft costs.

The SKOS graph describes the version as a `skos:ConceptScheme` whose URI is the version's page, and each node as the
`skos:Concept` of its concept's stable URI (`Concept.resolved_uri`): the URI stays the same from one version to the
next, so a consumer merging two versions sees one concept described twice, each time `skos:inScheme` of its version.
The choices SKOS leaves open:

- `skos:notation` is a plain literal (the code, « CB-LIT-03 »). A typed literal (a datatype per framework) is what
  the SKOS reference suggests for notations of several systems, but every SPARQL query and every JSON consumer would
  have to name the datatype to match a code; within one scheme the code is unique, and the scheme says whose it is.
- Level descriptors are `skos:scopeNote`s « P2 — … »@fr (and @en): SKOS has no property for proficiency levels, and
  a scope note (« what the concept covers, at which step ») is read by every SKOS tool. Giving each palier a resource
  of its own would need a vocabulary no consumer knows, for text that is only ever displayed.
- A node's lineage (`Node.derived_from`: the concepts it was split from or merged from) is `prov:wasDerivedFrom`,
  whose meaning is exactly that; `dct:source` already says, on the scheme, which decision adopted the version.
- Mapping rationales and confidences stay out of the graph: SKOS mappings are plain triples, and annotating them
  would need reification, which few consumers read. The booklet shows them and the content hash covers them.

`content_hash` is the SHA-256 of the canonical form (`lib.hashchain.canonical`) of what the exports publish, keyed by
codes and official URIs rather than primary keys or the site's address: the same content gives the same hash whatever
order it was entered in, on whichever database and server.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.text import slugify
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from synergies.lib import csvio
from synergies.lib.hashchain import canonical
from synergies.lib.pdf import render_pdf
from synergies.skills.levels import PALIERS, Palier, palier_codes
from synergies.skills.models import Concept, Framework, FrameworkVersion, LevelDescriptor, Mapping, Node

__all__ = [
    "CSV_HEADER",
    "JSONLD_CONTEXT",
    "Snapshot",
    "booklet_context",
    "booklet_pdf",
    "content_hash",
    "csv_rows",
    "filename",
    "load",
    "skos_graph",
    "to_csv",
    "to_jsonld",
    "to_turtle",
]

HASH_FORMAT = 1
"""Bumped whenever the canonical form changes, so that a stored hash can be told from one of another form."""

JSONLD_CONTEXT: dict[str, Any] = {
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "prov": str(PROV),
    "rdfs": str(RDFS),
}

SEPARATOR = " | "
CSV_HEADER: tuple[str, ...] = (
    "code",
    "parent",
    "kind",
    "depth",
    "label",
    "label_en",
    "definition",
    "definition_en",
    "examples",
    *palier_codes(),
    "mappings",
)

_MAPPING_PROPERTIES: dict[str, URIRef] = {relation.value: SKOS[relation.value] for relation in Mapping.Relation}


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


# --- SKOS -------------------------------------------------------------------------------------------------------------


def _scheme_uri(version: FrameworkVersion) -> URIRef:
    return URIRef(settings.SITE_URL + version.get_absolute_url())


def _looks_like_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://\S+", text.strip()))


def _graph_of(snapshot: Snapshot) -> Graph:
    graph = Graph()
    for prefix, namespace in JSONLD_CONTEXT.items():
        graph.bind(prefix, Namespace(namespace), override=True)
    version, framework = snapshot.version, snapshot.framework
    scheme = _scheme_uri(version)

    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal(framework.name, lang="fr")))
    if framework.name_en:
        graph.add((scheme, DCTERMS.title, Literal(framework.name_en, lang="en")))
    if framework.description:
        graph.add((scheme, DCTERMS.description, Literal(framework.description, lang="fr")))
    graph.add((scheme, OWL.versionInfo, Literal(version.number)))
    graph.add((scheme, DCTERMS.isVersionOf, URIRef(framework.scheme_uri)))
    if version.released_on:
        graph.add((scheme, DCTERMS.issued, Literal(version.released_on.isoformat(), datatype=XSD.date)))
    pole = framework.pole
    if pole is not None:
        # A pôle is an agent with a page of its own: the publisher is that page, labelled.
        publisher = URIRef(settings.SITE_URL + pole.get_absolute_url())
        graph.add((scheme, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, DCTERMS.Agent))
        graph.add((publisher, RDFS.label, Literal(framework.publisher or pole.name, lang="fr")))
    elif framework.publisher:
        graph.add((scheme, DCTERMS.publisher, Literal(framework.publisher)))
    if framework.licence:
        if _looks_like_url(framework.licence):
            graph.add((scheme, DCTERMS.license, URIRef(framework.licence.strip())))
        else:
            graph.add((scheme, DCTERMS.rights, Literal(framework.licence, lang="fr")))
    if version.decision is not None and version.decision.is_public:
        # A register entry kept from the public stays unlinked from an open-data file.
        graph.add((scheme, DCTERMS.source, URIRef(settings.SITE_URL + version.decision.get_absolute_url())))

    for node in snapshot.nodes:
        concept = URIRef(node.concept.resolved_uri)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.notation, Literal(node.concept.code)))
        parent = snapshot.parent_of(node)
        if parent is None:
            graph.add((concept, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, concept))
        else:
            broader = URIRef(parent.concept.resolved_uri)
            graph.add((concept, SKOS.broader, broader))
            graph.add((broader, SKOS.narrower, concept))
        for text, lang, prop in (
            (node.label, "fr", SKOS.prefLabel),
            (node.label_en, "en", SKOS.prefLabel),
            (node.definition, "fr", SKOS.definition),
            (node.definition_en, "en", SKOS.definition),
        ):
            if text.strip():
                graph.add((concept, prop, Literal(text.strip(), lang=lang)))
        for alt in node.alt_label_list:
            graph.add((concept, SKOS.altLabel, Literal(alt, lang="fr")))
        for example in node.example_list:
            graph.add((concept, SKOS.example, Literal(example, lang="fr")))
        for descriptor in snapshot.levels.get(node.pk, []):
            graph.add((concept, SKOS.scopeNote, Literal(f"{descriptor.level} — {descriptor.text}", lang="fr")))
            if descriptor.text_en:
                graph.add((concept, SKOS.scopeNote, Literal(f"{descriptor.level} — {descriptor.text_en}", lang="en")))
        for mapping in snapshot.mappings.get(node.pk, []):
            match = _MAPPING_PROPERTIES.get(mapping.relation)
            if match is not None:
                graph.add((concept, match, URIRef(mapping.target.concept.resolved_uri)))
        for origin in snapshot.derived_from.get(node.pk, []):
            graph.add((concept, PROV.wasDerivedFrom, URIRef(origin.resolved_uri)))
    return graph


def skos_graph(version: FrameworkVersion) -> Graph:
    """The version as a SKOS concept scheme (see the module's docstring for the modelling choices)."""
    return _graph_of(load(version))


def to_turtle(version: FrameworkVersion) -> bytes:
    return skos_graph(version).serialize(format="turtle", encoding="utf-8")


def to_jsonld(version: FrameworkVersion) -> bytes:
    """JSON-LD compacted with an inline context (skos, dct, owl, xsd, prov, rdfs): readable as plain JSON, and
    parsed without fetching anything."""
    return skos_graph(version).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2, encoding="utf-8")


# --- CSV --------------------------------------------------------------------------------------------------------------


def _csv_rows(snapshot: Snapshot) -> Iterator[list[Any]]:
    for node in snapshot.nodes:
        parent = snapshot.parent_of(node)
        texts = {d.level: d.text for d in snapshot.levels.get(node.pk, [])}
        yield [
            node.concept.code,
            parent.concept.code if parent else "",
            node.kind,
            snapshot.depth[node.pk],
            node.label,
            node.label_en,
            node.definition,
            node.definition_en,
            SEPARATOR.join(node.example_list),
            *(texts.get(code, "") for code in palier_codes()),
            SEPARATOR.join(f"{m.relation} {m.target.concept.resolved_uri}" for m in snapshot.mappings.get(node.pk, [])),
        ]


def csv_rows(version: FrameworkVersion) -> list[list[Any]]:
    """One row per node under `CSV_HEADER`, in tree order; `depth` counts from 1 for the roots (a family)."""
    return list(_csv_rows(load(version)))


def to_csv(version: FrameworkVersion) -> bytes:
    """The CSV as the house writes it for spreadsheets (lib.csvio): UTF-8 with BOM, semicolons, formulas defused."""
    return b"".join(csvio.write(CSV_HEADER, csv_rows(version)))


# --- booklet ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crosswalk:
    relation: str
    code: str
    label: str
    framework: str
    uri: str
    rationale: str


@dataclass(frozen=True)
class Entry:
    """One concept of the booklet, with what the template shows of it."""

    node: Node
    depth: int
    anchor: str
    in_contents: bool
    levels: list[tuple[Palier, str]]
    crosswalks: list[Crosswalk]

    @property
    def heading(self) -> int:
        """h2 for the roots (families), h3 below, h4 from the third level on (the competences)."""
        return min(self.depth + 1, 4)


def _entries(snapshot: Snapshot) -> list[Entry]:
    entries = []
    for node in snapshot.nodes:
        texts = {d.level: d.text for d in snapshot.levels.get(node.pk, [])}
        depth = snapshot.depth[node.pk]
        entries.append(
            Entry(
                node=node,
                depth=depth,
                anchor=f"concept-{node.pk}",
                in_contents=depth <= 2 and bool(snapshot.children.get(node.pk)),
                levels=[(palier, texts.get(palier.code, "")) for palier in PALIERS] if texts else [],
                crosswalks=[
                    Crosswalk(
                        relation=str(Mapping.Relation(m.relation).label),
                        code=m.target.concept.code,
                        label=m.target.display_label,
                        framework=m.target.version.framework.name,
                        uri=m.target.concept.resolved_uri,
                        rationale=m.rationale,
                    )
                    for m in snapshot.mappings.get(node.pk, [])
                ],
            )
        )
    return entries


def booklet_context(version: FrameworkVersion) -> dict[str, Any]:
    """What `skills/pdf/booklet.html` renders, loaded in the same fixed number of queries as the other exports."""
    snapshot = load(version)
    entries = _entries(snapshot)
    return {
        "version": snapshot.version,
        "framework": snapshot.framework,
        "pole": snapshot.framework.pole,
        "decision": snapshot.version.decision,
        "is_draft": snapshot.version.is_draft,
        "entries": entries,
        "contents": [entry for entry in entries if entry.in_contents],
        "paliers": PALIERS,
        "has_levels": any(entry.levels for entry in entries),
    }


def booklet_pdf(version: FrameworkVersion) -> bytes:
    """The printable booklet: cover, contents by family and domain, then every concept with its paliers and its
    crosswalks."""
    return render_pdf("skills/pdf/booklet.html", booklet_context(version))


# --- names ------------------------------------------------------------------------------------------------------------


def filename(version: FrameworkVersion, ext: str) -> str:
    """« referentiel-cb-1.1.ttl »: the dots of a version number are kept, which `slugify` would drop."""
    number = re.sub(r"[^0-9a-z.]+", "-", version.number.lower()).strip("-.") or "version"
    return f"referentiel-{slugify(version.framework.code) or 'x'}-{number}.{ext.lstrip('.')}"
