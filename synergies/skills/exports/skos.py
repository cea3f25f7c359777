"""The SKOS exports of a version: Turtle and JSON-LD, one graph.

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
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from synergies.skills.exports.content import Snapshot, load
from synergies.skills.models import FrameworkVersion, Mapping

JSONLD_CONTEXT: dict[str, Any] = {
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "prov": str(PROV),
    "rdfs": str(RDFS),
}


_MAPPING_PROPERTIES: dict[str, URIRef] = {relation.value: SKOS[relation.value] for relation in Mapping.Relation}


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
    # Named both ways: SKOS tools read the scheme's prefLabel, Dublin Core ones its title.
    names = [("fr", framework.name)] + ([("en", framework.name_en)] if framework.name_en else [])
    for language, name in names:
        label = Literal(f"{name} {version.number}", lang=language)
        graph.add((scheme, SKOS.prefLabel, label))
        graph.add((scheme, DCTERMS.title, Literal(name, lang=language)))
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
