"""The seed referential « Compétences de base » (`data/cb-seed.json`) and the demo's version 1.0 (`data/cb-demo-1.0.json`),
checked as data against DESIGN.md §5.

Every new pôle starts from the seed and the demo replays its history, so their content is a contract: the codes and
labels the steering committee discusses, definitions and paliers in both languages, French typography, crosswalks that
point at real ESCO skills. The files are read with the standard library only, so that a bug of the loader cannot hide
an error of the data, nor the other way round.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from synergies.skills.levels import palier_codes

DATA = Path(__file__).parents[1] / "data"
ESCO_DIR = DATA / "esco-1.2.0"

# DESIGN.md §5, transcribed: families, then their domains in order, then each domain's competences in order (their codes
# are the domain's code followed by -01, -02…).
DESIGN: list[tuple[str, str, list[tuple[str, str, list[str]]]]] = [
    (
        "SB",
        "Savoirs de base",
        [
            (
                "CB-LIT",
                "Littératie",
                [
                    "Écouter et comprendre",
                    "S’exprimer et interagir à l’oral",
                    "Lire",
                    "Écrire",
                    "Littératie technique",
                    "Décrire et reformuler",
                ],
            ),
            (
                "CB-NUM",
                "Numératie",
                [
                    "Nombres",
                    "Opérations et problèmes",
                    "Mesures, temps, argent",
                    "Espace",
                    "Données, tableaux, graphiques",
                    "Expliquer un raisonnement",
                ],
            ),
            (
                "CB-DIG",
                "Numérique",
                [
                    "Information et données",
                    "Communiquer, collaborer, e-services",
                    "Créer des contenus",
                    "Sécurité et bien-être numériques",
                    "Utiliser les appareils et résoudre des problèmes",
                ],
            ),
        ],
    ),
    (
        "SE",
        "Savoir-être",
        [
            (
                "CB-APP",
                "Apprendre à apprendre",
                ["Réflexivité", "Curiosité et motivation", "Gérer ses apprentissages", "Esprit critique"],
            ),
            (
                "CB-SOC",
                "Relationnel",
                ["Règles de vie collective", "Coopérer en équipe", "Communiquer avec empathie", "Gérer les conflits"],
            ),
            (
                "CB-PER",
                "Personnel",
                [
                    "Autonomie et organisation",
                    "Initiative",
                    "Autorégulation et confiance",
                    "Adaptabilité",
                    "Fiabilité",
                ],
            ),
        ],
    ),
    (
        "VIE",
        "Vie et citoyenneté",
        [
            (
                "CB-VIE",
                "Vie et citoyenneté",
                [
                    "Santé, sécurité, gestes et postures",
                    "Éco-gestes",
                    "Budget et finances",
                    "Citoyenneté et démarches",
                    "S’orienter",
                ],
            ),
        ],
    ),
]

# The domains whose every competence describes the five paliers; the others describe them for some competences.
FULLY_LEVELLED = ("CB-LIT", "CB-NUM", "CB-DIG")

RELATIONS = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"}
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
# The codes of each external framework a mapping may name (ESCO is named by URI): DigComp 2.2's 21 competences in its
# 5 areas, LifeComp's 9, EntreComp's 15, CléA's 7 domains, the 8 key competences of 2018.
TARGET_CODES: dict[str, set[str]] = {
    "digcomp": {f"{area}.{n}" for area, size in ((1, 3), (2, 6), (3, 4), (4, 4), (5, 4)) for n in range(1, size + 1)},
    "lifecomp": {f"{area}{n}" for area in "PSL" for n in (1, 2, 3)},
    "entrecomp": {f"{area}.{n}" for area in (1, 2, 3) for n in range(1, 6)},
    "clea": {str(n) for n in range(1, 8)},
    "key-competences-2018": {f"KC{n}" for n in range(1, 9)},
}

# Keys whose strings are French; "labels" and "definitions" of the demo file map codes to French strings.
FRENCH_KEYS = {"name", "description", "notes", "label", "definition", "examples", "fr", "rationale", "reason"}
FRENCH_MAPS = {"labels", "definitions"}


@cache
def seed() -> dict[str, Any]:
    return json.loads((DATA / "cb-seed.json").read_text(encoding="utf-8"))


@cache
def demo() -> dict[str, Any]:
    return json.loads((DATA / "cb-demo-1.0.json").read_text(encoding="utf-8"))


@cache
def esco_uris() -> frozenset[str]:
    """Every concept URI of the bundled ESCO files: the `conceptUri` column and the `Level n URI` columns of the
    hierarchy."""
    assert ESCO_DIR.is_dir(), f"ESCO files missing: {ESCO_DIR}"
    uris: set[str] = set()
    for path in sorted(ESCO_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                uris.update(v.strip() for k, v in row.items() if k and (k == "conceptUri" or k.endswith(" URI")) and v)
    return frozenset(uris)


def walk(concepts: list[dict[str, Any]], parent: dict[str, Any] | None = None) -> Iterator[tuple[dict, dict | None]]:
    """Each concept of a tree with its parent, in document order."""
    for concept in concepts:
        yield concept, parent
        yield from walk(concept.get("children", []), concept)


def seed_concepts() -> dict[str, dict[str, Any]]:
    return {concept["code"]: concept for concept, _ in walk(seed()["concepts"])}


def seed_parents() -> dict[str, str | None]:
    return {concept["code"]: parent["code"] if parent else None for concept, parent in walk(seed()["concepts"])}


def competences() -> list[dict[str, Any]]:
    return [concept for concept, _ in walk(seed()["concepts"]) if concept["kind"] == "competence"]


def all_competences() -> list[dict[str, Any]]:
    """The seed's competences and the ones the demo's 1.0 had besides."""
    return competences() + [extra["concept"] for extra in demo()["extra"]]


def target_of(mapping: dict[str, Any]) -> tuple[str, str]:
    return mapping["framework"], mapping.get("uri") or mapping.get("code") or ""


def french_strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in FRENCH_KEYS:
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from french_strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in FRENCH_MAPS:
                yield from (text for text in v.values())
            else:
                yield from french_strings(v, k)


def typography_faults(text: str) -> list[str]:
    """What breaks French typography in a text: straight quotes or apostrophes, and the spaces around « » : ; ? !
    that are missing or are not the no-break ones."""
    faults = []
    if "'" in text or '"' in text:
        faults.append("guillemet ou apostrophe droits")
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == ":" and before != "\u00a0":
            faults.append("« : » sans espace insécable avant")
        elif char in ";?!" and before != "\u202f":
            faults.append(f"« {char} » sans espace fine insécable avant")
        elif char == "«" and after != "\u00a0":
            faults.append("« sans espace insécable après")
        elif char == "»" and before != "\u00a0":
            faults.append("» sans espace insécable avant")
    if text != text.strip() or "  " in text:
        faults.append("espaces en trop")
    return faults


def mapping_faults(concept: dict[str, Any]) -> list[str]:
    faults = []
    for mapping in concept.get("mappings", []):
        framework, target = target_of(mapping)
        where = f"{concept['code']} → {framework} {target}"
        if framework == "esco":
            if not target.startswith(ESCO_SKILL) or "code" in mapping:
                faults.append(f"{where}: an ESCO target is a skill URI")
        elif framework not in TARGET_CODES:
            faults.append(f"{where}: unknown framework")
        elif target not in TARGET_CODES[framework] or "uri" in mapping:
            faults.append(f"{where}: unknown code")
        if mapping.get("relation") not in RELATIONS:
            faults.append(f"{where}: relation {mapping.get('relation')!r}")
        confidence = mapping.get("confidence")
        if not isinstance(confidence, int) or isinstance(confidence, bool) or not 0 <= confidence <= 100:
            faults.append(f"{where}: confidence {confidence!r}")
        rationale = mapping.get("rationale", "")
        if not rationale.endswith(".") or re.search(r"\.\s+[A-ZÀ-Ý]", rationale):
            faults.append(f"{where}: the rationale is one sentence")
    return faults


# --- the seed ---------------------------------------------------------------------------------------------------------


def test_seed_names_the_framework_and_its_version():
    framework, version = seed()["framework"], seed()["version"]

    assert (framework["code"], framework["name"], framework["name_en"]) == ("CB", "Compétences de base", "Basic skills")
    assert 2 <= len([p for p in framework["description"].split("\n\n") if p.strip()]) <= 4
    assert version["number"] == "1.1"
    assert version["notes"].strip()


def test_seed_has_every_family_domain_and_competence_of_the_design_in_order_with_its_label():
    expected: list[tuple[str, str, str, str | None]] = []
    for family, family_label, domains in DESIGN:
        expected.append(("family", family, family_label, None))
        for domain, domain_label, labels in domains:
            expected.append(("domain", domain, domain_label, family))
            expected += [("competence", f"{domain}-{n:02d}", label, domain) for n, label in enumerate(labels, 1)]

    found = [(c["kind"], c["code"], c["label"], p["code"] if p else None) for c, p in walk(seed()["concepts"])]

    assert found == expected
    assert len([row for row in found if row[0] == "competence"]) == 35


def test_every_concept_of_the_seed_has_a_kind_matching_its_depth_and_a_unique_code():
    codes = [concept["code"] for concept, _ in walk(seed()["concepts"])]
    kinds = {None: "family", "family": "domain", "domain": "competence"}

    assert len(codes) == len(set(codes))
    for concept, parent in walk(seed()["concepts"]):
        assert concept["kind"] == kinds[parent["kind"] if parent else None], concept["code"]
        if concept["kind"] == "competence":
            assert not concept.get("children"), concept["code"]


def test_every_concept_has_french_and_english_labels_and_definitions():
    missing = [
        (concept["code"], field)
        for concept, _ in walk(seed()["concepts"])
        for field in ("label", "label_en", "definition", "definition_en")
        if not concept.get(field, "").strip()
    ]

    assert missing == []


def test_every_competence_gives_two_or_three_examples():
    counts = {c["code"]: len([e for e in c.get("examples", []) if e.strip()]) for c in all_competences()}

    assert {code: n for code, n in counts.items() if not 2 <= n <= 3} == {}


def test_basic_knowledge_competences_describe_every_palier_in_both_languages():
    incomplete = [
        c["code"]
        for c in competences()
        if c["code"].startswith(FULLY_LEVELLED)
        and (
            list(c.get("levels", {})) != palier_codes()
            or not all(level.get("fr", "").strip() and level.get("en", "").strip() for level in c["levels"].values())
        )
    ]

    assert incomplete == []


def test_other_domains_describe_the_paliers_of_at_least_two_competences():
    for _, _, domains in DESIGN:
        for domain, _, _ in domains:
            levelled = [c["code"] for c in competences() if c["code"].startswith(domain + "-") and c.get("levels")]
            assert len(levelled) >= 2, domain


def test_level_descriptors_name_the_five_paliers_and_say_something_different_at_each():
    for competence in competences():
        levels = competence.get("levels")
        if not levels:
            continue
        assert list(levels) == palier_codes(), competence["code"]
        for language in ("fr", "en"):
            texts = [levels[code][language] for code in palier_codes()]
            assert all(text.strip() for text in texts), competence["code"]
            assert len(set(texts)) == len(texts), competence["code"]


@pytest.mark.parametrize("name", ["cb-seed.json", "cb-demo-1.0.json"])
def test_french_text_follows_french_typography(name):
    data = seed() if name == "cb-seed.json" else demo()

    texts = list(french_strings(data))
    faults = [(text[:60], fault) for text in texts for fault in typography_faults(text)]

    assert len(texts) > 20
    assert faults == []


def test_typography_check_catches_straight_apostrophes_and_plain_spaces():
    assert typography_faults("L'atelier") == ["guillemet ou apostrophe droits"]
    assert typography_faults("Trois familles : SB") == ["« : » sans espace insécable avant"]
    assert typography_faults("Pourquoi ?") == ["« ? » sans espace fine insécable avant"]
    assert typography_faults("le pôle « Compétences de base »") == [
        "« sans espace insécable après",
        "» sans espace insécable avant",
    ]
    assert typography_faults("Le pôle «\u00a0CB\u00a0»\u00a0: pourquoi\u202f? L’atelier\u202f!") == []


def test_every_esco_uri_exists_in_the_bundled_esco_files():
    uris = esco_uris()
    unknown = [
        (concept["code"], mapping["uri"])
        for concept in all_competences()
        for mapping in concept.get("mappings", [])
        if mapping["framework"] == "esco" and mapping["uri"] not in uris
    ]

    assert unknown == []


def test_the_esco_examples_of_the_design_are_mapped():
    examples = {
        "CB-LIT-03": "4ff6df71-6988-4300-8966-9fabb2b59186",
        "CB-NUM-02": "19ba11f3-9c99-41fd-a7c9-f77e6a026186",
        "CB-DIG-01": "ba93b71b-c433-4a01-8246-ed2daa85a9a2",
        "CB-SOC-02": "60c78287-22eb-4103-9c8c-28deaa460da0",
        "CB-PER-02": "001115fb-569f-4ee6-8381-c6807ef2527f",
    }
    concepts = seed_concepts()

    for code, uuid in examples.items():
        assert ("esco", ESCO_SKILL + uuid) in {target_of(m) for m in concepts[code]["mappings"]}, code
    assert ("digcomp", "1.1") in {target_of(m) for m in concepts["CB-DIG-01"]["mappings"]}


def test_most_competences_are_mapped_towards_esco():
    mapped = [c["code"] for c in competences() if any(m["framework"] == "esco" for m in c.get("mappings", []))]

    assert len(mapped) >= 30


def test_every_digital_competence_is_mapped_towards_digcomp():
    unmapped = [
        c["code"]
        for c in competences()
        if c["code"].startswith("CB-DIG-") and not any(m["framework"] == "digcomp" for m in c["mappings"])
    ]

    assert unmapped == []


def test_mappings_name_known_targets_relations_and_confidences_with_a_one_sentence_rationale():
    faults = [fault for concept in all_competences() for fault in mapping_faults(concept)]

    assert faults == []


def test_the_mapping_check_refuses_unknown_codes_relations_and_confidences():
    concept = {
        "code": "X",
        "mappings": [
            {"framework": "digcomp", "code": "6.1", "relation": "sameAs", "confidence": 120, "rationale": "Non"},
            {"framework": "esco", "code": "1.1", "relation": "closeMatch", "confidence": 80, "rationale": "Oui."},
        ],
    }

    assert len(mapping_faults(concept)) == 5


def test_no_concept_points_two_mappings_to_the_same_target():
    duplicated = []
    for concept in all_competences():
        targets = [target_of(m) for m in concept.get("mappings", [])]
        duplicated += [(concept["code"], t) for t in set(targets) if targets.count(t) > 1]

    assert duplicated == []


def test_no_concept_is_both_narrower_than_and_related_to_the_same_target():
    both = []
    for concept in all_competences():
        relations: dict[tuple[str, str], set[str]] = {}
        for mapping in concept.get("mappings", []):
            relations.setdefault(target_of(mapping), set()).add(mapping["relation"])
        both += [(concept["code"], t) for t, found in relations.items() if {"broadMatch", "relatedMatch"} <= found]

    assert both == []


# --- the demo's version 1.0 -------------------------------------------------------------------------------------------


def test_demo_is_the_version_before_the_seed():
    assert demo()["number"] == "1.0"
    assert tuple(map(int, demo()["number"].split("."))) < tuple(map(int, seed()["version"]["number"].split(".")))


def test_demo_refers_only_to_concepts_of_the_seed():
    concepts = seed_concepts()
    data = demo()

    assert set(data["labels"]) == set(data["labels_en"])
    assert set(data["definitions"]) == set(data["definitions_en"])
    for code in [*data["omit"], *data["labels"], *data["definitions"], *data["parents"]]:
        assert code in concepts, code
    for code, parent in data["parents"].items():
        seed_parent = seed_parents()[code]
        assert seed_parent is not None, code
        assert concepts[parent]["kind"] == concepts[seed_parent]["kind"], code


def test_demo_states_of_1_0_differ_from_the_seed():
    concepts, parents, data = seed_concepts(), seed_parents(), demo()

    for field in ("label", "definition"):
        for code, text in [*data[f"{field}s"].items(), *data[f"{field}s_en"].items()]:
            assert text.strip(), (field, code)
            assert text not in (concepts[code][field], concepts[code][f"{field}_en"]), (field, code)
    for code, parent in data["parents"].items():
        assert parent != parents[code], code


def test_demo_extra_concepts_are_complete_competences_absent_from_the_seed_and_not_omitted():
    concepts, parents, data = seed_concepts(), seed_parents(), demo()

    for extra in data["extra"]:
        concept = extra["concept"]
        assert concept["code"] not in concepts
        assert concept["code"] not in data["omit"]
        assert concept["kind"] == "competence"
        assert concepts[extra["parent"]]["kind"] == "domain"
        assert parents[extra["after"]] == extra["parent"] and extra["after"] not in data["omit"]
        assert all(concept.get(f, "").strip() for f in ("label", "label_en", "definition", "definition_en"))
        assert concept["mappings"]


def test_demo_changes_cover_exactly_the_differences_with_the_seed():
    data = demo()
    differences = (
        {("absent", code) for code in data["omit"]}
        | {("label", code) for code in data["labels"]}
        | {("definition", code) for code in data["definitions"]}
        | {("parent", code) for code in data["parents"]}
        | {("extra", extra["concept"]["code"]) for extra in data["extra"]}
    )

    explained: set[tuple[str, str]] = set()
    for change in data["changes"]:
        op = change["op"]
        assert change["reason"].strip(), change
        if op == "add":
            required, allowed = {("absent", change["code"])}, set()
        elif op == "rename":
            required, allowed = {("label", change["code"])}, {("definition", change["code"])}
        elif op == "edit":
            required, allowed = set(), {("label", change["code"]), ("definition", change["code"])}
        elif op == "move":
            required, allowed = {("parent", change["code"])}, set()
        elif op == "merge":
            required = {("extra", code) for code in change["codes"]}
            allowed = {("label", change["into"]), ("definition", change["into"])}
        elif op == "split":
            required = {("absent", code) for code in change["into"]}
            allowed = {("label", change["code"]), ("definition", change["code"])}
        else:
            pytest.fail(f"unknown change {op}")
        assert required <= differences, change
        assert (required | allowed) & differences, change
        explained |= (required | allowed) & differences

    assert explained == differences


def test_demo_merge_and_split_join_the_right_concepts():
    """The 1.0 competences merged or split in 1.1 sit in the same domain as what they became."""
    parents = seed_parents()
    extras = {extra["concept"]["code"]: extra["parent"] for extra in demo()["extra"]}

    for change in demo()["changes"]:
        if change["op"] == "merge":
            assert {extras[code] for code in change["codes"]} == {parents[change["into"]]}
        if change["op"] == "split":
            assert {parents[code] for code in change["into"]} == {parents[change["code"]]}
