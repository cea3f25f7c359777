"""The exports of a referential version: SKOS in Turtle and JSON-LD, CSV, the booklet, and the content hash."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from synergies.basins.models import Basin
from synergies.lib import csvio
from synergies.poles.models import Pole
from synergies.skills import exports
from synergies.skills.models import Concept, Framework, FrameworkVersion, Mapping, Node
from synergies.skills.tests.factories import add_mapping, add_node, make_framework, make_version, release
from synergies.testing.factories import BodyFactory, PoleFactory
from synergies.transmissions.tests.factories import write_decision

pytestmark = pytest.mark.django_db

ESCO = "http://data.europa.eu/esco/skill/"
READ = ESCO + "4ff6df71-6988-4300-8966-9fabb2b59186"
CALCULATE = ESCO + "19ba11f3-9c99-41fd-a7c9-f77e6a026186"
TEAMWORK = ESCO + "60c78287-22eb-4103-9c8c-28deaa460da0"

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not rdflib's XSD: pytest's collection pokes at it
PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

# code, parent, kind, label, fields
TREE: list[tuple[str, str | None, str, str, dict[str, Any]]] = [
    ("SB", None, "family", "Savoirs de base", {"label_en": "Basic knowledge", "position": 0}),
    ("SE", None, "family", "Savoir-être", {"position": 1}),
    ("CB-LIT", "SB", "domain", "Littératie", {"label_en": "Literacy", "position": 0}),
    ("CB-NUM", "SB", "domain", "Numératie", {"position": 1}),
    ("CB-SOC", "SE", "domain", "Relationnel", {"position": 0}),
    ("CB-LIT-01", "CB-LIT", "competence", "Écouter et comprendre", {"position": 0}),
    (
        "CB-LIT-03",
        "CB-LIT",
        "competence",
        "Lire",
        {
            "position": 1,
            "label_en": "Reading",
            "definition": "Comprendre des textes écrits de la vie courante et professionnelle.",
            "definition_en": "Understand written texts of daily and working life.",
            "examples": "Lire un horaire de bus\nLire une consigne de sécurité\n",
            "alt_labels": "Compréhension écrite",
            "levels": {
                "P0": "Reconnaît des lettres et des logos familiers.",
                "P1": "Lit des mots et des phrases simples.",
                "P2": ("Lit un court texte fonctionnel.", "Reads a short functional text."),
                "P3": "Lit un texte suivi et en dégage l’essentiel.",
                "P4": "Lit des documents longs et complexes.",
            },
        },
    ),
    ("CB-LIT-04", "CB-LIT", "competence", "Écrire", {"position": 2, "definition": "Produire des écrits utiles."}),
    ("CB-NUM-01", "CB-NUM", "competence", "Nombres", {"position": 0}),
    (
        "CB-NUM-02",
        "CB-NUM",
        "competence",
        "Opérations et problèmes",
        {
            "position": 1,
            "label_en": "Operations and problem solving",
            "levels": {
                "P1": ("Additionne des petits nombres.", "Adds small numbers."),
                "P2": ("Résout un problème à une étape.", "Solves a one-step problem."),
            },
        },
    ),
    ("CB-NUM-03", "CB-NUM", "competence", "Mesures, temps, argent", {"position": 2}),
    ("CB-SOC-02", "CB-SOC", "competence", "Coopérer en équipe", {"position": 0, "levels": {"P2": "Coopère."}}),
    ("CB-SOC-04", "CB-SOC", "competence", "Gérer les conflits", {"position": 1}),
]
TREE_ORDER = [
    "SB",
    "CB-LIT",
    "CB-LIT-01",
    "CB-LIT-03",
    "CB-LIT-04",
    "CB-NUM",
    "CB-NUM-01",
    "CB-NUM-02",
    "CB-NUM-03",
    "SE",
    "CB-SOC",
    "CB-SOC-02",
    "CB-SOC-04",
]
MAPPINGS = [
    ("CB-LIT-03", READ, Mapping.Relation.EXACT),
    ("CB-NUM-02", CALCULATE, Mapping.Relation.CLOSE),
    ("CB-NUM-03", CALCULATE, Mapping.Relation.RELATED),
    ("CB-SOC-02", TEAMWORK, Mapping.Relation.EXACT),
    ("CB-SOC-04", TEAMWORK, Mapping.Relation.RELATED),
]


@dataclass
class Built:
    version: FrameworkVersion
    nodes: dict[str, Node]

    @property
    def framework(self) -> Framework:
        return self.version.framework


@pytest.fixture
def pole(basin: Basin) -> Pole:
    return PoleFactory.create(basin=basin, name="Compétences de base", code="CB")


@pytest.fixture
def esco() -> dict[str, Node]:
    """A sliver of ESCO, an external framework: English labels only, official URIs."""
    framework = make_framework(
        slug="esco-test",
        code="ESCO",
        name="ESCO",
        publisher="Commission européenne",
        licence="https://creativecommons.org/licenses/by/4.0/",
    )
    version = make_version(framework, "1.2")
    group = add_node(version, "S1", "", kind=Node.Kind.GROUP, label_en="communication", uri=ESCO + "S1")
    nodes = {"S1": group}
    for uri, label in ((READ, "understand written French"), (CALCULATE, "carry out calculations")):
        nodes[uri] = add_node(version, uri.rsplit("/", 1)[1], "", parent=group, kind="skill", label_en=label, uri=uri)
    nodes[TEAMWORK] = add_node(version, TEAMWORK.rsplit("/", 1)[1], "travailler en équipe", kind="skill", uri=TEAMWORK)
    release(version)
    return nodes


def build(
    framework: Framework, esco: dict[str, Node], *, number: str = "1.0", reverse: bool = False, **fields: Any
) -> Built:
    """The referential of TREE, entered level by level — in the reverse order when `reverse`."""
    version = make_version(framework, number, **fields)
    nodes: dict[str, Node] = {}
    for kind in ("family", "domain", "competence"):
        rows = [row for row in TREE if row[2] == kind]
        for code, parent, _kind, label, extra in reversed(rows) if reverse else rows:
            nodes[code] = add_node(version, code, label, parent=nodes[parent] if parent else None, kind=kind, **extra)
    for source, target, relation in reversed(MAPPINGS) if reverse else MAPPINGS:
        add_mapping(nodes[source], esco[target], relation, rationale=f"{source} et {target} se recouvrent.")
    split_from = Concept.objects.get_or_create(framework=framework, code="CB-LIT-02")[0]
    nodes["CB-LIT-04"].derived_from.add(split_from)
    return Built(version, nodes)


@pytest.fixture
def referential(pole: Pole, esco: dict[str, Node]) -> Built:
    framework = make_framework(pole, slug="cb-test", name_en="Basic skills", licence="Licence ouverte — Pôle CB")
    return build(framework, esco)


@pytest.fixture
def released(referential: Built, pole: Pole) -> Built:
    decision = write_decision(pole, BodyFactory.create(pole=pole), decided_on=datetime.date(2026, 2, 26))
    release(referential.version, on=datetime.date(2026, 3, 2), decision=decision)
    return referential


def uri(built: Built, code: str) -> URIRef:
    return URIRef(built.nodes[code].concept.resolved_uri)


def scheme_of(version: FrameworkVersion) -> URIRef:
    return URIRef(settings.SITE_URL + version.get_absolute_url())


def ask(graph: Graph, query: str) -> bool:
    return bool(graph.query(PREFIXES + query).askAnswer)


# --- SKOS -------------------------------------------------------------------------------------------------------------


def test_turtle_and_jsonld_parse_back_into_the_same_graph(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)
    from_turtle = Graph().parse(data=exports.to_turtle(referential.version), format="turtle")
    from_jsonld = Graph().parse(data=exports.to_jsonld(referential.version), format="json-ld")

    assert len(graph) > 100
    assert isomorphic(from_turtle, graph)
    assert isomorphic(from_jsonld, from_turtle)


def test_jsonld_is_compacted_with_an_inline_context(referential: Built) -> None:
    document = json.loads(exports.to_jsonld(referential.version))

    assert document["@context"]["skos"] == str(SKOS)
    assert {"dct", "owl", "xsd"} <= set(document["@context"])
    concept = next(item for item in document["@graph"] if item.get("skos:notation") == "CB-LIT-03")
    assert concept["skos:exactMatch"] == {"@id": READ}


def test_the_scheme_says_which_version_of_which_framework_it_is(released: Built, pole: Pole) -> None:
    version = released.version
    graph = exports.skos_graph(version)
    scheme = scheme_of(version)
    decision = version.decision
    assert decision is not None

    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert set(graph.objects(scheme, DCTERMS.title)) == {
        Literal("Compétences de base", lang="fr"),
        Literal("Basic skills", lang="en"),
    }
    assert set(graph.objects(scheme, SKOS.prefLabel)) == {
        Literal("Compétences de base 1.0", lang="fr"),
        Literal("Basic skills 1.0", lang="en"),
    }
    assert graph.value(scheme, OWL.versionInfo) == Literal("1.0")
    assert graph.value(scheme, DCTERMS.isVersionOf) == URIRef(released.framework.scheme_uri)
    assert graph.value(scheme, DCTERMS.issued) == Literal("2026-03-02", datatype=XSD_DATE)
    assert graph.value(scheme, DCTERMS.source) == URIRef(settings.SITE_URL + decision.get_absolute_url())
    assert graph.value(scheme, DCTERMS.publisher) == URIRef(settings.SITE_URL + pole.get_absolute_url())
    assert graph.value(scheme, DCTERMS.rights) == Literal("Licence ouverte — Pôle CB", lang="fr")
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == {uri(released, "SB"), uri(released, "SE")}


def test_a_draft_has_neither_issue_date_nor_adopting_decision(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)
    scheme = scheme_of(referential.version)

    assert graph.value(scheme, DCTERMS.issued) is None
    assert graph.value(scheme, DCTERMS.source) is None


def test_a_decision_kept_from_the_public_is_not_linked_from_the_scheme(referential: Built, pole: Pole) -> None:
    decision = write_decision(pole, BodyFactory.create(pole=pole), is_public=False)
    release(referential.version, decision=decision)

    assert exports.skos_graph(referential.version).value(scheme_of(referential.version), DCTERMS.source) is None


def test_an_empty_version_still_exports(pole: Pole) -> None:
    version = make_version(make_framework(pole))
    graph = Graph().parse(data=exports.to_turtle(version), format="turtle")

    assert (scheme_of(version), RDF.type, SKOS.ConceptScheme) in graph
    assert read_csv(exports.to_csv(version)) == [list(exports.CSV_HEADER)]
    assert "aucun concept" in booklet_html(version)
    assert exports.booklet_pdf(version).startswith(b"%PDF")


def test_an_external_framework_keeps_its_official_uris_and_licence(esco: dict[str, Node]) -> None:
    version = esco[READ].version
    graph = exports.skos_graph(version)
    scheme = scheme_of(version)

    assert set(graph.subjects(RDF.type, SKOS.Concept)) == {
        URIRef(ESCO + "S1"),
        URIRef(READ),
        URIRef(CALCULATE),
        URIRef(TEAMWORK),
    }
    assert graph.value(scheme, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(scheme, DCTERMS.publisher) == Literal("Commission européenne")
    assert set(graph.objects(URIRef(READ), SKOS.prefLabel)) == {Literal("understand written French", lang="en")}
    assert set(graph.objects(URIRef(TEAMWORK), SKOS.prefLabel)) == {Literal("travailler en équipe", lang="fr")}


def test_a_concept_carries_its_code_labels_notes_levels_and_crosswalks(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)
    reading = uri(referential, "CB-LIT-03")

    assert graph.value(reading, SKOS.notation) == Literal("CB-LIT-03")
    assert set(graph.objects(reading, SKOS.prefLabel)) == {Literal("Lire", lang="fr"), Literal("Reading", lang="en")}
    assert set(graph.objects(reading, SKOS.altLabel)) == {Literal("Compréhension écrite", lang="fr")}
    assert set(graph.objects(reading, SKOS.example)) == {
        Literal("Lire un horaire de bus", lang="fr"),
        Literal("Lire une consigne de sécurité", lang="fr"),
    }
    assert Literal("Understand written texts of daily and working life.", lang="en") in set(
        graph.objects(reading, SKOS.definition)
    )
    notes = set(graph.objects(reading, SKOS.scopeNote))
    assert Literal("P2 — Lit un court texte fonctionnel.", lang="fr") in notes
    assert Literal("P2 — Reads a short functional text.", lang="en") in notes
    assert len(notes) == 6
    assert graph.value(reading, SKOS.exactMatch) == URIRef(READ)
    assert graph.value(uri(referential, "CB-NUM-02"), SKOS.closeMatch) == URIRef(CALCULATE)
    assert graph.value(uri(referential, "CB-SOC-04"), SKOS.relatedMatch) == URIRef(TEAMWORK)
    split_from = Concept.objects.get(framework=referential.framework, code="CB-LIT-02")
    assert graph.value(uri(referential, "CB-LIT-04"), PROV.wasDerivedFrom) == URIRef(split_from.resolved_uri)


def test_every_concept_has_exactly_one_pref_label_per_language_it_has(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)
    duplicated = graph.query(
        PREFIXES
        + """SELECT ?c ?lang WHERE { ?c a skos:Concept ; skos:prefLabel ?label BIND (LANG(?label) AS ?lang) }
        GROUP BY ?c ?lang HAVING (COUNT(?label) > 1)"""
    )
    without_french = graph.query(
        PREFIXES
        + """SELECT ?c WHERE { ?c a skos:Concept
        FILTER NOT EXISTS { ?c skos:prefLabel ?label FILTER (LANG(?label) = "fr") } }"""
    )

    assert list(duplicated) == []
    assert list(without_french) == []
    assert not ask(graph, "ASK { ?c skos:prefLabel ?label ; skos:altLabel ?label }")
    assert len(set(graph.objects(uri(referential, "CB-LIT"), SKOS.prefLabel))) == 2


def test_every_concept_is_in_the_scheme_and_top_concepts_have_no_broader(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)
    scheme = scheme_of(referential.version)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))

    assert concepts == {uri(referential, code) for code in TREE_ORDER}
    assert all((concept, SKOS.inScheme, scheme) in graph for concept in concepts)
    tops = set(graph.subjects(SKOS.topConceptOf, scheme))
    assert tops == set(graph.objects(scheme, SKOS.hasTopConcept)) == {uri(referential, "SB"), uri(referential, "SE")}
    assert not ask(graph, "ASK { ?c skos:topConceptOf ?s ; skos:broader ?b }")
    assert all(graph.value(concept, SKOS.broader) is not None for concept in concepts - tops)


def test_broader_and_narrower_come_in_inverse_pairs(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)

    assert not ask(graph, "ASK { ?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a } }")
    assert not ask(graph, "ASK { ?a skos:narrower ?b FILTER NOT EXISTS { ?b skos:broader ?a } }")
    assert set(graph.objects(uri(referential, "CB-NUM"), SKOS.narrower)) == {
        uri(referential, code) for code in ("CB-NUM-01", "CB-NUM-02", "CB-NUM-03")
    }


HIERARCHY_AND_ASSOCIATION_CLASH = """ASK { ?a skos:broader+ ?b .
    { ?a skos:related|skos:relatedMatch ?b } UNION { ?b skos:related|skos:relatedMatch ?a } }"""
EXACT_AND_OTHER_MATCH_CLASH = """ASK { ?a skos:exactMatch ?b .
    { ?a skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?b }
    UNION { ?b skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?a } }"""


def test_no_concept_is_both_broader_and_related_to_another(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)

    assert not ask(graph, HIERARCHY_AND_ASSOCIATION_CLASH)
    graph.add((uri(referential, "CB-LIT-03"), SKOS.related, uri(referential, "SB")))
    assert ask(graph, HIERARCHY_AND_ASSOCIATION_CLASH), "the check sees a clash two levels up"


def test_exact_matches_are_disjoint_from_broad_narrow_and_related_matches(referential: Built) -> None:
    graph = exports.skos_graph(referential.version)

    assert not ask(graph, EXACT_AND_OTHER_MATCH_CLASH)
    graph.add((uri(referential, "CB-LIT-03"), SKOS.narrowMatch, URIRef(READ)))
    assert ask(graph, EXACT_AND_OTHER_MATCH_CLASH), "the check sees a clash"


def test_concept_uris_are_the_same_in_two_versions_of_the_framework(released: Built) -> None:
    first = released.version
    second = make_version(released.framework, "1.1", based_on=first)
    copies: dict[int, Node] = {}
    for node in exports.load(first).nodes:  # parents before children
        parent = copies[node.parent_id] if node.parent_id else None
        copies[node.pk] = add_node(second, node.concept.code, node.label, parent=parent, kind=node.kind)

    def concepts(version: FrameworkVersion) -> set[Any]:
        return set(exports.skos_graph(version).subjects(RDF.type, SKOS.Concept))

    assert concepts(first) == concepts(second)
    assert len(concepts(second)) == len(TREE)
    assert scheme_of(first) != scheme_of(second)
    assert exports.skos_graph(second).value(scheme_of(second), DCTERMS.isVersionOf) == URIRef(
        released.framework.scheme_uri
    )


# --- CSV --------------------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def test_csv_lists_the_nodes_under_its_header_in_tree_order(referential: Built) -> None:
    header, *rows = read_csv(exports.to_csv(referential.version))
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}

    assert header == list(exports.CSV_HEADER)
    assert [row[0] for row in rows] == TREE_ORDER
    assert [by_code[code]["depth"] for code in ("SB", "CB-LIT", "CB-LIT-03")] == ["1", "2", "3"]
    reading = by_code["CB-LIT-03"]
    assert reading["parent"] == "CB-LIT"
    assert reading["kind"] == "competence"
    assert reading["label_en"] == "Reading"
    assert reading["examples"] == "Lire un horaire de bus | Lire une consigne de sécurité"
    assert reading["P2"] == "Lit un court texte fonctionnel."
    assert reading["mappings"] == f"exactMatch {READ}"
    assert by_code["CB-NUM-03"]["P0"] == ""
    assert by_code["SB"]["parent"] == ""


def test_csv_reads_back_through_the_house_reader(referential: Built) -> None:
    data = exports.to_csv(referential.version)
    columns = [csvio.Column(name=name, label=name) for name in exports.CSV_HEADER]
    result = csvio.parse(data, columns)

    assert result.ok
    assert [row.values["code"] for row in result.rows] == TREE_ORDER
    assert result.rows[3].values["definition"] == "Comprendre des textes écrits de la vie courante et professionnelle."


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(referential: Built) -> None:
    add_node(
        referential.version,
        "CB-SOC-09",
        '=HYPERLINK("http://example.org/x","clic")',
        parent=referential.nodes["CB-SOC"],
        label_en="+cmd|' /C calc'!A0",
        definition="@SUM(1+1)",
        definition_en="-2",
    )
    header, *rows = read_csv(exports.to_csv(referential.version))
    row = dict(zip(header, rows[-1], strict=True))

    assert row["code"] == "CB-SOC-09"
    assert row["label"] == '\'=HYPERLINK("http://example.org/x","clic")'
    assert row["label_en"] == "'+cmd|' /C calc'!A0"
    assert row["definition"] == "'@SUM(1+1)"
    assert row["definition_en"] == "-2", "a negative number is left as it is"
    parsed = csvio.parse(exports.to_csv(referential.version), [csvio.Column(n, n) for n in exports.CSV_HEADER])
    assert parsed.rows[-1].values["label"] == '=HYPERLINK("http://example.org/x","clic")'


# --- booklet ----------------------------------------------------------------------------------------------------------


def booklet_html(version: FrameworkVersion) -> str:
    return render_to_string("skills/pdf/booklet.html", exports.booklet_context(version))


def test_the_booklet_of_a_draft_is_a_pdf_marked_as_a_draft(referential: Built) -> None:
    pdf = exports.booklet_pdf(referential.version)
    html = booklet_html(referential.version)

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
    assert html.count("BROUILLON") >= 2
    assert "Pôle de synergies «\u00a0Compétences de base\u00a0»" in html
    assert "Document de travail\u00a0:" in html
    assert "Décision d’adoption" not in html


def test_the_booklet_of_an_adopted_version_names_its_decision_and_hash(released: Built) -> None:
    html = booklet_html(released.version)
    decision = released.version.decision
    assert decision is not None

    assert "BROUILLON" not in html
    assert "En vigueur depuis le" in html
    assert decision.reference in html
    assert released.version.content_hash in html


def test_the_booklet_shows_paliers_crosswalks_and_a_contents_of_families_and_domains(referential: Built) -> None:
    context = exports.booklet_context(referential.version)
    html = render_to_string("skills/pdf/booklet.html", context)

    assert [entry.node.concept.code for entry in context["contents"]] == ["SB", "CB-LIT", "CB-NUM", "SE", "CB-SOC"]
    assert [entry.node.concept.code for entry in context["entries"]] == TREE_ORDER
    reading = next(entry for entry in context["entries"] if entry.node.concept.code == "CB-LIT-03")
    assert [palier.code for palier, _text in reading.levels] == ["P0", "P1", "P2", "P3", "P4"]
    assert reading.crosswalks[0].relation == "correspondance exacte"
    assert reading.crosswalks[0].label == "understand written French"
    assert reading.crosswalks[0].framework == "ESCO"
    assert "P2 — fonctionnel" in html
    assert "Correspondance exacte" in html
    assert "Concept associé" in html
    assert "Lire une consigne de sécurité" in html
    assert "non décrit" in html, "a palier left blank says so"
    assert 'href="#' + reading.anchor not in html, "competences stay out of the contents"


# --- fingerprint and queries ------------------------------------------------------------------------------------------


def test_content_hash_is_the_same_whatever_order_the_content_was_entered_in(pole: Pole, esco: dict[str, Node]) -> None:
    with transaction.atomic():
        first = build(make_framework(pole, slug="cb-test"), esco)
        first_hash = exports.content_hash(first.version)
        first_pks = {code: node.pk for code, node in first.nodes.items()}
        transaction.set_rollback(True)
    second = build(make_framework(pole, slug="cb-test"), esco, reverse=True)

    assert {code: node.pk for code, node in second.nodes.items()} != first_pks
    assert exports.content_hash(second.version) == first_hash
    assert len(first_hash) == 64


def test_content_hash_does_not_depend_on_the_address_of_the_site(referential: Built) -> None:
    before = exports.content_hash(referential.version)
    with override_settings(SITE_URL="https://synergies.example.be"):
        moved = exports.content_hash(referential.version)
        broader = exports.skos_graph(referential.version).value(uri(referential, "CB-LIT-03"), SKOS.broader)

    assert moved == before
    assert str(broader) == "https://synergies.example.be/referentiels/cb-test/concepts/CB-LIT/"


def test_content_hash_changes_when_a_definition_changes(referential: Built) -> None:
    before = exports.content_hash(referential.version)
    node = referential.nodes["CB-LIT-04"]
    node.definition = "Produire des écrits utiles à la vie courante."
    node.save()

    assert exports.content_hash(referential.version) != before


def test_content_hash_changes_when_a_crosswalk_changes(referential: Built) -> None:
    before = exports.content_hash(referential.version)
    Mapping.objects.filter(source=referential.nodes["CB-NUM-02"]).update(relation=Mapping.Relation.BROAD)

    assert exports.content_hash(referential.version) != before


def test_release_records_the_content_hash(released: Built) -> None:
    version = FrameworkVersion.objects.get(pk=released.version.pk)

    assert version.status == FrameworkVersion.Status.ADOPTED
    assert version.content_hash == exports.content_hash(version)


def grow(framework: Framework, size: int) -> FrameworkVersion:
    """A version of `size` nodes: families of domains of competences, each competence with levels, a crosswalk
    towards the first competence of an external framework, and a lineage."""
    target = add_node(make_version(make_framework(code="EXT")), "EXT-1", "Cible externe")
    version = make_version(framework)
    family = domain = None
    for index in range(size):
        if index % 10 == 0:
            family = add_node(version, f"F{index}", f"Famille {index}", kind="family")
            continue
        if index % 5 == 1:
            domain = add_node(version, f"D{index}", f"Domaine {index}", parent=family, kind="domain")
            continue
        node = add_node(
            version,
            f"C{index}",
            f"Compétence {index}",
            parent=domain,
            definition="Une définition.",
            examples="Un exemple\nUn autre",
            levels={"P1": "Débute.", "P2": ("Avance.", "Moves on.")},
        )
        add_mapping(node, target)
        node.derived_from.add(Concept.objects.create(framework=framework, code=f"OLD-{index}"))
    return version


EXPORTS: dict[str, Callable[[FrameworkVersion], Any]] = {
    "skos": exports.skos_graph,
    "csv": exports.csv_rows,
    "hash": exports.content_hash,
    "booklet": lambda version: render_to_string("skills/pdf/booklet.html", exports.booklet_context(version)),
}


@pytest.mark.parametrize("export", list(EXPORTS))
@pytest.mark.parametrize("size", [10, 60])
def test_the_number_of_queries_does_not_grow_with_the_number_of_nodes(
    export: str, size: int, pole: Pole, django_assert_num_queries: Any
) -> None:
    version = grow(make_framework(pole), size)
    fresh = FrameworkVersion.objects.get(pk=version.pk)

    with django_assert_num_queries(5):
        EXPORTS[export](fresh)


def test_filename_names_the_framework_and_the_version(referential: Built) -> None:
    version = referential.version
    version.number = "1.1"

    assert exports.filename(version, "ttl") == "referentiel-cb-1.1.ttl"
    assert exports.filename(version, ".csv") == "referentiel-cb-1.1.csv"
