"""The ESCO import (the `synergies.skills.esco` package): the bundled extract of ESCO 1.2.0, and each kind of bad input refused.

The expected counts and parents are computed here from the CSV files with the standard library, so that a bug of the
importer cannot hide behind numbers it produced itself.
"""

from __future__ import annotations

import csv
import datetime
import io
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from synergies.lib.models import AuditEntry
from synergies.lib.text import fold
from synergies.skills import esco
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, Node

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
SKILL = "http://data.europa.eu/esco/skill/"
DESIGN_EXAMPLES = {
    "4ff6df71-6988-4300-8966-9fabb2b59186": "understand written French",
    "19ba11f3-9c99-41fd-a7c9-f77e6a026186": "carry out calculations",
    "ba93b71b-c433-4a01-8246-ed2daa85a9a2": "conduct web searches",
    "60c78287-22eb-4103-9c8c-28deaa460da0": "work in teams",
    "001115fb-569f-4ee6-8381-c6807ef2527f": "show initiative",
}
SKILL_HEADER = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description,broaderConceptUri"
)
GROUP_HEADER = "conceptType,conceptUri,preferredLabel,altLabels,status,description,code"


@cache
def rows(name: str) -> list[dict[str, str]]:
    with (esco.BUNDLED / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def collection_rows() -> list[dict[str, str]]:
    return [row for path in sorted(esco.BUNDLED.glob("*SkillsCollection_en.csv")) for row in rows(path.name)]


def expected_parents() -> dict[str, str | None]:
    """Each concept's parent as the files say: the previous level of the hierarchy for a group, the first broader
    concept for a skill."""
    parents: dict[str, str | None] = {}
    for row in rows("skillsHierarchy_en.csv"):
        path = [row[f"Level {n} URI"] for n in range(4) if row[f"Level {n} URI"]]
        for depth, uri in enumerate(path):
            parents[uri] = path[depth - 1] if depth else None
    for row in collection_rows():
        parents.setdefault(row["conceptUri"], row["broaderConceptUri"].split(" | ")[0])
    return parents


@pytest.fixture
def imported() -> esco.ImportReport:
    return esco.import_esco(esco.BUNDLED)


def write_csv(directory: Path, name: str, header: str, *lines: str, encoding: str = "utf-8") -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_bytes(("\n".join([header, *lines]) + "\n").encode(encoding))
    return path


def skill_line(uuid: str, label: str, broader: str = "", alt: str = "") -> str:
    return f"KnowledgeSkillCompetence,{SKILL}{uuid},skill/competence,transversal,{label},released,{alt},About {label}.,{broader}"


def refused(directory: Path) -> str:
    with pytest.raises(ValidationError) as excinfo:
        esco.import_esco(directory)
    assert not Framework.objects.exists() and not Concept.objects.exists(), "nothing is written"
    return "\n".join(excinfo.value.messages)


# --- the bundled extract ----------------------------------------------------------------------------------------------


def test_the_bundled_files_are_the_official_extract_with_its_readme() -> None:
    names = sorted(p.name for p in esco.BUNDLED.iterdir())
    assert names == [
        "README.md",
        "digCompSkillsCollection_en.csv",
        "languageSkillsCollection_en.csv",
        "skillGroups_en.csv",
        "skillsHierarchy_en.csv",
        "transversalSkillsCollection_en.csv",
    ]
    readme = (esco.BUNDLED / "README.md").read_text(encoding="utf-8")
    assert "© " in readme and "2011/833/UE" in readme and "https://esco.ec.europa.eu/" in readme


def test_the_import_creates_every_group_and_skill_of_the_files(imported: esco.ImportReport) -> None:
    skills = {row["conceptUri"] for row in collection_rows()}
    groups = {row["conceptUri"] for row in rows("skillGroups_en.csv")}
    for row in rows("skillsHierarchy_en.csv"):
        groups.update(row[f"Level {n} URI"] for n in range(4) if row[f"Level {n} URI"])

    version = imported.version
    assert (len(groups), len(skills)) == (640, 478)
    assert imported.created and imported.counts == {"group": len(groups), "skill": len(skills)}
    assert set(version.nodes.filter(kind=Node.Kind.SKILL).values_list("concept__uri", flat=True)) == skills
    assert set(version.nodes.filter(kind=Node.Kind.GROUP).values_list("concept__uri", flat=True)) == groups
    assert imported.rows == sum(len(rows(p.name)) for p in esco.BUNDLED.glob("*.csv")) == 1759
    assert imported.files == [
        "skillGroups_en.csv",
        "digCompSkillsCollection_en.csv",
        "languageSkillsCollection_en.csv",
        "transversalSkillsCollection_en.csv",
        "skillsHierarchy_en.csv",
    ]
    assert imported.warnings == [] and imported.ignored == []


def test_the_esco_framework_is_external_and_its_version_in_force(imported: esco.ImportReport) -> None:
    version = imported.version
    framework = version.framework
    assert (framework.slug, framework.code, framework.kind, framework.pole) == ("esco", "ESCO", "external", None)
    assert (
        framework.name == "ESCO — classification européenne des aptitudes, compétences, certifications et professions"
    )
    assert framework.homepage == "https://esco.ec.europa.eu/" and "2011/833/UE" in framework.licence
    assert (version.number, version.status) == ("1.2.0", FrameworkVersion.Status.ADOPTED)
    assert len(version.content_hash) == 64
    assert Change.objects.get(version=version).operation == Change.Operation.IMPORT
    assert AuditEntry.objects.filter(verb="skills.esco.import", action=AuditEntry.Action.IMPORT).count() == 1


@pytest.mark.parametrize(("uuid", "label"), sorted(DESIGN_EXAMPLES.items()))
def test_the_design_example_uris_resolve(imported: esco.ImportReport, uuid: str, label: str) -> None:
    node = imported.version.nodes.select_related("concept").get(concept__uri=SKILL + uuid)

    assert (node.concept.code, node.label_en, node.kind) == (uuid, label, Node.Kind.SKILL)
    assert node.concept.resolved_uri == SKILL + uuid


def test_every_concept_hangs_under_the_parent_the_files_give(imported: esco.ImportReport) -> None:
    expected = expected_parents()
    found = dict(imported.version.nodes.values_list("concept__uri", "parent__concept__uri"))

    assert found == expected
    assert sorted(imported.version.nodes.filter(parent=None).values_list("concept__code", flat=True)) == [
        "K",
        "L",
        "S",
        "T",
    ]


def test_groups_carry_esco_codes_and_skills_their_uuid(imported: esco.ImportReport) -> None:
    version = imported.version
    group = version.nodes.select_related("concept", "parent__concept").get(concept__code="S1.2")
    assert group.kind == Node.Kind.GROUP and group.parent is not None and group.parent.concept.code == "S1"
    assert version.nodes.get(concept__code="00").concept.uri == "http://data.europa.eu/esco/isced-f/00"
    assert [n.concept.code for n in version.nodes.filter(parent__concept__code="S").order_by("position")][:3] == [
        "S1",
        "S2",
        "S3",
    ]
    skill = version.nodes.select_related("concept").get(label_en="work in teams")
    assert skill.concept.code == skill.concept.uri.rsplit("/", 1)[1] == "60c78287-22eb-4103-9c8c-28deaa460da0"


def test_a_skill_keeps_its_other_broaders_collections_and_types(imported: esco.ImportReport) -> None:
    version = imported.version
    shared = version.nodes.get(concept__uri=SKILL + "bc0b0b5d-f6be-405a-b224-b6902a4dbe97")
    assert shared.extra["collections"] == ["digComp", "transversal"]
    assert shared.extra["also_broader"] == [SKILL + "574257ea-7b64-4100-b7b6-e27c233fe143"]
    initiative = version.nodes.get(concept__code="001115fb-569f-4ee6-8381-c6807ef2527f")
    assert initiative.extra == {
        "status": "released",
        "skill_type": "skill/competence",
        "reuse_level": "transversal",
        "collections": ["transversal"],
    }
    assert (
        initiative.definition_en
        == "Be proactive and take the first step in an action without waiting for what others say or do."
    )
    assert "take the initiative" in initiative.alt_label_list and "show initiative" not in initiative.alt_label_list
    assert initiative.label == "" and initiative.display_label == "show initiative"
    assert initiative.search_text == fold(
        " ".join([initiative.concept.code, "", "show initiative", initiative.alt_labels, "", initiative.definition_en])
    )
    multi = [r for r in collection_rows() if len(r["broaderConceptUri"].split(" | ")) > 1]
    assert version.nodes.exclude(extra__also_broader=None).filter(kind=Node.Kind.SKILL).count() == len(
        {r["conceptUri"] for r in multi}
    )


def test_group_alt_labels_split_on_new_lines_and_skill_alt_labels_on_bars(imported: esco.ImportReport) -> None:
    row = next(r for r in rows("skillGroups_en.csv") if "\n" in r["altLabels"])
    group = imported.version.nodes.get(concept__uri=row["conceptUri"])
    assert group.alt_label_list == [a for a in row["altLabels"].split("\n") if a != row["preferredLabel"]]
    hungarian = imported.version.nodes.get(label_en="write Hungarian")
    assert hungarian.alt_label_list == ["correspond in written Hungarian", "show competency in written Hungarian"]


def test_the_import_takes_a_bounded_number_of_queries(django_assert_max_num_queries: Any) -> None:
    # About 1,100 concepts: batches of rows, never a query per row.
    with django_assert_max_num_queries(80):
        report = esco.import_esco(esco.BUNDLED)
    assert report.total == 1118


# --- importing again --------------------------------------------------------------------------------------------------


def test_importing_the_same_number_again_changes_nothing(imported: esco.ImportReport) -> None:
    nodes, concepts = Node.objects.count(), Concept.objects.count()

    again = esco.import_esco(esco.BUNDLED)

    assert not again.created and again.version == imported.version and again.counts == imported.counts
    assert (Node.objects.count(), Concept.objects.count(), FrameworkVersion.objects.count()) == (nodes, concepts, 1)
    assert "version déjà importée" in again.summary()


def test_a_new_number_supersedes_the_version_in_force_and_keeps_the_concepts(
    imported: esco.ImportReport, tmp_path: Path
) -> None:
    write_csv(tmp_path, "transversalSkillsCollection_en.csv", SKILL_HEADER, skill_line(
        "001115fb-569f-4ee6-8381-c6807ef2527f", "show initiative"
    ))  # fmt: skip

    report = esco.import_esco(tmp_path, number="1.2.1", released_on=datetime.date(2025, 12, 1))

    previous = imported.version
    previous.refresh_from_db()
    assert previous.status == FrameworkVersion.Status.SUPERSEDED and previous.superseded_on is not None
    assert report.superseded == previous and report.version.based_on == previous
    assert report.version.released_on == datetime.date(2025, 12, 1)
    node = report.version.nodes.get()
    assert node.concept == previous.nodes.get(concept__code="001115fb-569f-4ee6-8381-c6807ef2527f").concept
    assert "La version 1.2.0 est remplacée." in report.summary()


def test_an_older_number_cannot_replace_the_version_in_force(imported: esco.ImportReport) -> None:
    with pytest.raises(ValidationError) as excinfo:
        esco.import_esco(esco.BUNDLED, number="1.1.2")

    assert excinfo.value.messages == [
        f"ESCO 1.1.2 est antérieure à la version en vigueur (1.2.0){NBSP}: une version plus ancienne ne peut la "
        "remplacer."
    ]
    assert FrameworkVersion.objects.count() == 1


def test_a_failure_while_writing_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(esco, "release", fail)

    with pytest.raises(RuntimeError):
        esco.import_esco(esco.BUNDLED)

    assert not FrameworkVersion.objects.exists() and not Node.objects.exists() and not Concept.objects.exists()


# --- other files ------------------------------------------------------------------------------------------------------


def test_french_files_fill_the_french_labels_beside_the_english_ones(tmp_path: Path) -> None:
    uuid = "60c78287-22eb-4103-9c8c-28deaa460da0"
    write_csv(tmp_path, "transversalSkillsCollection_en.csv", SKILL_HEADER, skill_line(uuid, "work in teams"))
    write_csv(
        tmp_path,
        "transversalSkillsCollection_fr.csv",
        SKILL_HEADER,
        skill_line(uuid, "travailler en équipe", alt="collaborer | coopérer"),
    )

    report = esco.import_esco(tmp_path)

    node = report.version.nodes.get()
    assert (node.label, node.label_en) == ("travailler en équipe", "work in teams")
    assert (node.definition, node.definition_en) == ("About travailler en équipe.", "About work in teams.")
    assert node.alt_label_list == ["collaborer", "coopérer"] and report.languages == ["fr", "en"]


def test_the_full_download_format_is_read_by_column_name(tmp_path: Path) -> None:
    group, skill, other = f"{SKILL}aaaaaaaa-0000-4000-8000-000000000001", f"{SKILL}bbbbbbbb-0000-4000-8000-000000000002", f"{SKILL}cccccccc-0000-4000-8000-000000000003"  # fmt: skip
    write_csv(tmp_path, "skillGroups_en.csv", GROUP_HEADER, f"SkillGroup,{group},communication,,released,Talking.,S1")
    write_csv(
        tmp_path,
        "skills_en.csv",
        "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
        "scopeNote,definition,inScheme,description",
        f'KnowledgeSkillCompetence,{skill},skill/competence,cross-sector,listen actively,"hear\nattend",,released,,'
        f'Excludes reading.,,,"Give attention,\nwith care."',
        f"KnowledgeSkillCompetence,{other},knowledge,sector-specific,phonetics,,,released,,,,,Sounds.",
    )
    write_csv(
        tmp_path,
        "broaderRelationsSkillPillar_en.csv",
        "conceptType,conceptUri,broaderType,broaderUri",
        f"KnowledgeSkillCompetence,{skill},SkillGroup,{group}",
        f"KnowledgeSkillCompetence,{other},KnowledgeSkillCompetence,{skill}",
        f"KnowledgeSkillCompetence,{SKILL}dddddddd-0000-4000-8000-000000000004,SkillGroup,{group}",
    )
    (tmp_path / "occupations_en.csv").write_text("conceptUri\n", encoding="utf-8")

    report = esco.import_esco(tmp_path)

    nodes = {n.concept.code: n for n in report.version.nodes.select_related("concept", "parent__concept")}
    listen = nodes["bbbbbbbb-0000-4000-8000-000000000002"]
    assert listen.parent == nodes["S1"] and nodes["cccccccc-0000-4000-8000-000000000003"].parent == listen
    assert listen.alt_label_list == ["hear", "attend"] and listen.definition_en == "Give attention,\nwith care."
    assert listen.extra["scope_note"] == "Excludes reading." and listen.extra["reuse_level"] == "cross-sector"
    assert report.ignored == ["occupations_en.csv"] and report.counts == {"group": 1, "skill": 2}
    assert report.warnings == [
        f"1 relation «{NBSP}plus large{NBSP}» ignorée{NBSP}: elle concerne un concept absent des fichiers importés."
    ]


def test_a_broader_concept_missing_from_the_files_leaves_the_concept_at_the_root(tmp_path: Path) -> None:
    missing = f"{SKILL}91860993-1a8b-4473-91f3-600aa1924bd0"
    write_csv(
        tmp_path,
        "transversalSkillsCollection_en.csv",
        "\ufeff" + SKILL_HEADER,  # a byte order mark, as spreadsheets write
        skill_line("001115fb-569f-4ee6-8381-c6807ef2527f", "show initiative", broader=missing),
    )

    report = esco.import_esco(tmp_path)

    node = report.version.nodes.get()
    assert node.parent is None and node.extra["also_broader"] == [missing]
    assert report.warnings == [
        f"«{NBSP}show initiative{NBSP}» ({SKILL}001115fb-569f-4ee6-8381-c6807ef2527f){NBSP}: le concept plus large "
        f"{missing} est absent des fichiers\u202f; le concept est placé à la racine."
    ]


# --- bad input --------------------------------------------------------------------------------------------------------


def test_a_header_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    write_csv(tmp_path, "skillGroups_en.csv", "conceptType,uri,label", "SkillGroup,x,y")

    assert refused(tmp_path) == (
        f"skillGroups_en.csv, ligne 1{NBSP}: colonnes obligatoires absentes de l’en-tête{NBSP}: conceptUri, "
        "preferredLabel."
    )


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "transversalSkillsCollection_en.csv",
        SKILL_HEADER,
        skill_line("001115fb-569f-4ee6-8381-c6807ef2527f", "show initiative"),
        skill_line("60c78287-22eb-4103-9c8c-28deaa460da0", "travailler en équipe"),
        encoding="cp1252",
    )

    assert refused(tmp_path) == (
        f"transversalSkillsCollection_en.csv, ligne 3{NBSP}: le fichier n’est pas encodé en UTF-8 (octet 0xE9)"
        f"\u202f; enregistrez-le en UTF-8."
    )


def test_an_invalid_concept_uri_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "transversalSkillsCollection_en.csv",
        SKILL_HEADER,
        skill_line("001115fb-569f-4ee6-8381-c6807ef2527f", "show initiative"),
        "KnowledgeSkillCompetence,https://example.org/skill/1,skill/competence,transversal,hack,released,,,",
    )

    assert refused(tmp_path) == (
        f"transversalSkillsCollection_en.csv, ligne 3, colonne conceptUri{NBSP}: «{NBSP}https://example.org/skill/1"
        f"{NBSP}» n’est pas une URI ESCO (http://data.europa.eu/esco/…)."
    )


def test_an_empty_directory_or_one_without_esco_files_is_refused(tmp_path: Path) -> None:
    assert "Aucun fichier ESCO reconnu" in refused(tmp_path)
    (tmp_path / "occupations.csv").write_text("conceptUri\n", encoding="utf-8")
    assert "Aucun fichier ESCO reconnu" in refused(tmp_path)
    assert "n’existe pas" in refused(tmp_path / "absent")


def test_files_of_another_language_are_refused(tmp_path: Path) -> None:
    write_csv(tmp_path, "skillGroups_de.csv", GROUP_HEADER)

    assert refused(tmp_path) == (
        f"skillGroups_de.csv{NBSP}: langue «{NBSP}de{NBSP}» non prise en charge{NBSP}: seuls les fichiers _fr et _en "
        "sont importés."
    )


def test_a_cycle_in_the_broader_relations_is_refused_naming_its_concepts(tmp_path: Path) -> None:
    a, b, c = (f"aaaaaaaa-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
    write_csv(
        tmp_path,
        "transversalSkillsCollection_en.csv",
        SKILL_HEADER,
        skill_line(a, "alpha", broader=SKILL + b),
        skill_line(b, "beta", broader=SKILL + c),
        skill_line(c, "gamma", broader=SKILL + a),
    )

    message = refused(tmp_path)

    assert message.startswith(
        f"transversalSkillsCollection_en.csv{NBSP}: les relations «{NBSP}plus large{NBSP}» forment un cycle"
    )
    assert (
        f"«{NBSP}alpha{NBSP}» ({SKILL}{a}) → «{NBSP}beta{NBSP}» ({SKILL}{b}) → «{NBSP}gamma{NBSP}» ({SKILL}{c}) → «{NBSP}alpha"
        in message
    )


def test_a_concept_broader_than_itself_is_a_cycle(tmp_path: Path) -> None:
    a = "aaaaaaaa-0000-4000-8000-000000000001"
    write_csv(tmp_path, "transversalSkillsCollection_en.csv", SKILL_HEADER, skill_line(a, "alpha", broader=SKILL + a))

    assert "forment un cycle" in refused(tmp_path)


def test_an_unterminated_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "transversalSkillsCollection_en.csv",
        SKILL_HEADER,
        skill_line("001115fb-569f-4ee6-8381-c6807ef2527f", "show initiative"),
        'KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/1,skill/competence,transversal,"open',
    )

    assert refused(tmp_path).startswith(f"transversalSkillsCollection_en.csv, ligne 3{NBSP}: ligne illisible")


# --- the commands -----------------------------------------------------------------------------------------------------


def test_the_command_imports_and_prints_a_french_summary() -> None:
    out = io.StringIO()

    call_command("import_esco", str(esco.BUNDLED), "--number", "1.2.0", stdout=out)

    text = out.getvalue()
    assert text.startswith(f"ESCO 1.2.0 importée{NBSP}: 640 groupes, 478 aptitudes et connaissances, en ")
    assert f"5 fichiers lus (1759 lignes), langues{NBSP}: en." in text
    assert FrameworkVersion.objects.get().number == "1.2.0"


def test_the_command_reports_bad_input_as_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Aucun fichier ESCO reconnu"):
        call_command("import_esco", str(tmp_path), stdout=io.StringIO())


def test_load_frameworks_imports_esco_from_the_bundled_files_by_default() -> None:
    out = io.StringIO()

    call_command("load_frameworks", stdout=out)
    call_command("load_frameworks", stdout=out)

    assert Framework.objects.external().count() == 10
    assert Node.objects.filter(version__framework__slug="esco").count() == 1118
    assert "version déjà importée" in out.getvalue()
