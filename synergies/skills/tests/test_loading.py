"""Frameworks as data (the `synergies.skills.loading` package): the external frameworks' files, their loading, and bad files refused."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from synergies.lib.models import AuditEntry
from synergies.lib.text import fold
from synergies.skills import exports, loading
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, LevelDescriptor, Node

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
WRONG_TYPOGRAPHY = (" :", " ;", " ?", " !", "« ", " »", "'")
EXPECTED = {
    # file: (slug, number, {kind: count})
    "digcomp-2.2.json": ("digcomp", "2.2", {"domain": 5, "competence": 21}),
    "lifecomp.json": ("lifecomp", "2020", {"domain": 3, "competence": 9}),
    "entrecomp.json": ("entrecomp", "2016", {"domain": 3, "competence": 15}),
    "clea.json": ("clea", "2015", {"domain": 7}),
    "key-competences-2018.json": ("key-competences-2018", "2018", {"competence": 8}),
    "cecr.json": ("cecr", "2020", {"group": 3, "level": 7}),
    "laslliam.json": ("laslliam", "2022", {"level": 4}),
    "piaac.json": ("piaac", "2023", {"domain": 3, "group": 1, "level": 6}),
    "lfco.json": ("lfco", "2014", {"competence": 3}),
}


def counts_by_kind(version: FrameworkVersion) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in version.nodes.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def node(version: FrameworkVersion, code: str) -> Node:
    return version.nodes.select_related("parent__concept", "concept").get(concept__code=code)


def write(tmp_path: Path, data: Any, name: str = "cadre.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def minimal(**concept: Any) -> dict[str, Any]:
    return {
        "framework": {"slug": "essai", "code": "ESSAI", "name": "Cadre d’essai", "publisher": "Éditeur"},
        "version": {"number": "1.0", "released_on": "2024-05-01"},
        "concepts": [{"code": "1", "kind": "domain", "label": "Domaine", **concept}],
    }


def messages_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return "\n".join(excinfo.value.messages)


# --- the data files ---------------------------------------------------------------------------------------------------


def test_the_data_directory_holds_exactly_the_nine_external_frameworks() -> None:
    assert sorted(p.name for p in loading.FRAMEWORKS_DIR.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_data_file_loads_with_the_official_structure(name: str) -> None:
    slug, number, counts = EXPECTED[name]

    version = loading.load_framework_file(loading.FRAMEWORKS_DIR / name)

    assert (version.framework.slug, version.number) == (slug, number)
    assert version.status == FrameworkVersion.Status.ADOPTED
    assert version.framework.kind == Framework.Kind.EXTERNAL and version.framework.pole is None
    assert counts_by_kind(version) == counts
    nodes = list(version.nodes.select_related("concept"))
    assert all(n.label and n.label_en for n in nodes), "French and English labels"
    assert all(
        n.search_text
        == fold(f"{n.concept.code} {n.label} {n.label_en} {n.alt_labels} {n.definition} {n.definition_en}")
        for n in nodes
    )
    assert version.content_hash == exports.content_hash(version)


def test_digcomp_keeps_the_official_numbering_under_its_five_areas() -> None:
    version = loading.load_framework_file(loading.FRAMEWORKS_DIR / "digcomp-2.2.json")

    areas = {n.concept.code: n for n in version.nodes.filter(parent=None).select_related("concept")}
    assert sorted(areas) == ["1", "2", "3", "4", "5"]
    per_area = {
        code: sorted(c.concept.code for c in area.children.select_related("concept")) for code, area in areas.items()
    }
    assert per_area == {
        "1": ["1.1", "1.2", "1.3"],
        "2": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
        "3": ["3.1", "3.2", "3.3", "3.4"],
        "4": ["4.1", "4.2", "4.3", "4.4"],
        "5": ["5.1", "5.2", "5.3", "5.4"],
    }
    browsing = node(version, "1.1")
    assert browsing.label_en == "Browsing, searching and filtering data, information and digital content"
    assert [c.concept.code for c in areas["2"].children.order_by("position")] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
    ]
    assert node(version, "5.4").position == 3


def test_cecr_groups_its_levels_by_type_of_user_with_pre_a1() -> None:
    version = loading.load_framework_file(loading.FRAMEWORKS_DIR / "cecr.json")

    assert [n.concept.code for n in node(version, "A").children.order_by("position")] == ["Pre-A1", "A1", "A2"]
    parent = node(version, "B2").parent
    assert parent is not None and parent.concept.code == "B"
    assert node(version, "C").label == "C — utilisateur expérimenté"


def test_piaac_puts_its_proficiency_levels_under_one_group() -> None:
    version = loading.load_framework_file(loading.FRAMEWORKS_DIR / "piaac.json")

    group = node(version, "NIV")
    assert group.kind == Node.Kind.GROUP and group.label == "Niveaux de compétence (littératie et numératie)"
    assert [n.concept.code for n in group.children.order_by("position")] == ["<1", "1", "2", "3", "4", "5"]
    assert node(version, "2").extra == {"score_min": 226, "score_max": 275}
    assert {n.concept.code for n in version.nodes.filter(kind=Node.Kind.DOMAIN)} == {"LIT", "NUM", "APS"}


def test_french_texts_of_the_data_files_follow_french_typography() -> None:
    bad: list[str] = []

    def walk(name: str, value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(name, v, k)
        elif isinstance(value, list):
            for v in value:
                walk(name, v, key)
        elif isinstance(value, str) and not key.endswith("_en") and key not in ("homepage", "uri", "slug"):
            bad.extend(f"{name} {key}: {wrong!r} in {value[:60]!r}" for wrong in WRONG_TYPOGRAPHY if wrong in value)

    for path in loading.FRAMEWORKS_DIR.glob("*.json"):
        walk(path.name, json.loads(path.read_text(encoding="utf-8")))
    assert bad == []


def test_loading_every_framework_twice_changes_nothing() -> None:
    first = loading.load_external_frameworks()
    nodes, concepts, changes = Node.objects.count(), Concept.objects.count(), Change.objects.count()

    second = loading.load_external_frameworks()

    assert [v.pk for v in second] == [v.pk for v in first] and len(first) == 9
    assert (Node.objects.count(), Concept.objects.count(), Change.objects.count()) == (nodes, concepts, changes)
    assert FrameworkVersion.objects.count() == 9
    assert AuditEntry.objects.filter(verb="skills.framework.load").count() == 9


def test_the_load_frameworks_command_loads_them_without_esco() -> None:
    out = io.StringIO()

    call_command("load_frameworks", "--no-esco", stdout=out)

    assert Framework.objects.external().count() == 9
    assert not Framework.objects.filter(slug="esco").exists()
    assert f"DigComp 2.2{NBSP}: 26 concepts." in out.getvalue()


# --- loading a file ---------------------------------------------------------------------------------------------------


def test_a_file_writes_every_field_of_its_concepts(tmp_path: Path) -> None:
    data = minimal(
        label_en="Domain",
        definition="Une définition.",
        definition_en="A definition.",
        alt_labels=["Autre nom", "Encore un"],
        examples=["Premier exemple", "Second exemple"],
        uri="https://example.org/cadre/1",
        extra={"source": "p. 12"},
        levels={"P1": {"fr": "Premier palier", "en": "First step"}, "P3": {"fr": "Troisième"}},
        children=[
            {"code": "1.1", "kind": "competence", "label": "Première"},
            {"code": "1.2", "kind": "competence", "label": "Seconde"},
        ],
    )

    version = loading.load_framework_file(write(tmp_path, data))

    domain = node(version, "1")
    assert (domain.label, domain.label_en, domain.definition, domain.definition_en) == (
        "Domaine", "Domain", "Une définition.", "A definition."
    )  # fmt: skip
    assert domain.alt_labels == "Autre nom\nEncore un" and domain.example_list == ["Premier exemple", "Second exemple"]
    assert domain.concept.uri == "https://example.org/cadre/1" and domain.extra == {"source": "p. 12"}
    assert {(d.level, d.text, d.text_en) for d in LevelDescriptor.objects.filter(node=domain)} == {
        ("P1", "Premier palier", "First step"),
        ("P3", "Troisième", ""),
    }
    assert [
        (n.concept.code, n.position, n.parent_id) for n in version.nodes.exclude(pk=domain.pk).order_by("position")
    ] == [
        ("1.1", 0, domain.pk),
        ("1.2", 1, domain.pk),
    ]
    assert "autre nom" in domain.search_text and domain.search_text.startswith("1 domaine")
    assert version.released_on == datetime.date(2024, 5, 1) and version.framework.publisher == "Éditeur"
    change = Change.objects.get(version=version)
    assert change.operation == Change.Operation.IMPORT and "3 concepts" in change.summary


def test_a_new_version_of_a_framework_supersedes_the_one_in_force(tmp_path: Path) -> None:
    first = loading.load_framework_file(write(tmp_path, minimal(), "v1.json"))
    data = minimal(label="Domaine renommé")
    data["version"] = {"number": "2.0"}

    second = loading.load_framework_file(write(tmp_path, data, "v2.json"))

    first.refresh_from_db()
    assert first.status == FrameworkVersion.Status.SUPERSEDED and first.superseded_on is not None
    assert second.status == FrameworkVersion.Status.ADOPTED and second.based_on == first
    assert node(second, "1").concept_id == node(first, "1").concept_id, "a code is one concept across versions"
    assert node(first, "1").label == "Domaine" and node(second, "1").label == "Domaine renommé"
    assert second.released_on is None


def test_building_nodes_takes_one_query_per_batch_of_rows_not_one_per_node(
    tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    # SQLite caps the parameters of a statement, so a batch holds about 70 nodes there and 500 on PostgreSQL.
    children = [
        {"code": f"1.{i}", "kind": "competence", "label": f"Compétence {i}",
         "children": [{"code": f"1.{i}.{j}", "kind": "descriptor", "label": f"Descripteur {j}"} for j in range(5)]}
        for i in range(600)
    ]  # fmt: skip
    framework = Framework.objects.create(slug="grand", code="G", name="Grand cadre", kind=Framework.Kind.EXTERNAL)
    version = FrameworkVersion.objects.create(framework=framework, number="1")

    with django_assert_max_num_queries(3601 // 50):
        count = loading.build_nodes(
            version, [{"code": "1", "kind": "domain", "label": "Domaine", "children": children}], framework=framework
        )

    assert count == 1 + 600 + 3000 == version.nodes.count()
    assert Concept.objects.filter(framework=framework).count() == count


def test_external_frameworks_are_loaded_in_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, minimal(), "a-bon.json")
    broken = minimal()
    broken["framework"]["slug"] = "autre"
    broken["concepts"][0]["kind"] = "chapitre"
    write(tmp_path, broken, "b-mauvais.json")
    monkeypatch.setattr(loading, "FRAMEWORKS_DIR", tmp_path)

    with pytest.raises(ValidationError, match=r"b-mauvais\.json"):
        loading.load_external_frameworks()

    assert not Framework.objects.exists() and not Concept.objects.exists()


# --- bad files --------------------------------------------------------------------------------------------------------


def test_a_concept_without_a_code_is_refused_with_its_json_path(tmp_path: Path) -> None:
    data = minimal(children=[{"code": "1.1", "kind": "competence", "label": "A"}])
    data["concepts"] += [
        {"code": "2", "kind": "domain", "label": "B"},
        {"code": "3", "kind": "domain", "label": "C", "children": [{"kind": "competence", "label": "Sans code"}]},
    ]

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(write(tmp_path, data))

    assert excinfo.value.messages == [f"cadre.json{NBSP}: concepts[2].children[0]{NBSP}: code manquant."]


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    data = minimal(children=[{"code": "1", "kind": "competence", "label": "Doublon"}])

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(write(tmp_path, data))

    assert f"concepts[0].children[0].code{NBSP}: le code «{NBSP}1{NBSP}» est déjà celui de concepts[0]." in messages_of(
        excinfo
    )


def test_an_unknown_kind_or_palier_is_refused(tmp_path: Path) -> None:
    data = minimal(kind="chapitre", levels={"P9": {"fr": "Hors échelle"}})

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(write(tmp_path, data))

    text = messages_of(excinfo)
    assert f"concepts[0].kind{NBSP}: nature «{NBSP}chapitre{NBSP}» inconnue" in text
    assert f"concepts[0].levels.P9{NBSP}: palier inconnu (paliers possibles{NBSP}: P0, P1, P2, P3, P4)." in text


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    data = minimal(label="", alt_labels="pas une liste", homepage="x")
    data["framework"]["homepage"] = "pas une adresse"
    data["version"]["released_on"] = "01/05/2024"

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(write(tmp_path, data))

    text = messages_of(excinfo)
    for expected in (
        f"framework.homepage{NBSP}: «{NBSP}pas une adresse{NBSP}» n’est pas une adresse web valide.",
        f"version.released_on{NBSP}: «{NBSP}01/05/2024{NBSP}» n’est pas une date AAAA-MM-JJ.",
        f"concepts[0].label{NBSP}: valeur manquante.",
        f"concepts[0].alt_labels{NBSP}: une liste de chaînes de caractères est attendue.",
        f"concepts[0].homepage{NBSP}: clé inconnue.",
    ):
        assert expected in text
    assert all(m.startswith(f"cadre.json{NBSP}: ") for m in excinfo.value.messages)


def test_a_file_that_is_not_json_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "casse.json"
    path.write_text('{\n  "framework": {,\n}', encoding="utf-8")

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(path)

    assert excinfo.value.messages[0].startswith(f"casse.json, ligne 2, colonne 17{NBSP}: JSON invalide")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(minimal(label="Élève"), ensure_ascii=False).encode("cp1252"))

    with pytest.raises(ValidationError) as excinfo:
        loading.read_data_file(path)

    assert excinfo.value.messages == [f"latin1.json{NBSP}: le fichier n’est pas encodé en UTF-8."]


def test_an_external_framework_needs_a_slug(tmp_path: Path) -> None:
    data = minimal()
    del data["framework"]["slug"]
    path = write(tmp_path, data)
    assert loading.read_data_file(path)["framework"]["code"] == "ESSAI"  # a pôle's seed has none

    with pytest.raises(ValidationError) as excinfo:
        loading.load_framework_file(path)

    assert f"framework.slug{NBSP}: valeur manquante" in messages_of(excinfo)
    assert not Framework.objects.exists()


def test_the_seed_referential_is_a_valid_data_file() -> None:
    data = loading.read_data_file(loading.DATA_DIR / "cb-seed.json")

    assert [c["code"] for c in data["concepts"]] == ["SB", "SE", "VIE"]
