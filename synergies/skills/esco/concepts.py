"""What the ESCO files say of each concept, read file by file and checked: its labels in each language, its
broader concepts, its code. A cycle in the broader relations is refused here, before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.skills.esco.hierarchy import _refuse_cycles
from synergies.skills.esco.reading import LANGUAGES, EscoFile, Problems, Row, Table, find_files, read_table
from synergies.skills.models import Node

HIERARCHY_LEVELS = range(4)
URI = re.compile(r"^https?://data\.europa\.eu/esco/[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~%-]+)+$")
MULTI = re.compile(r"\n| \| ")
CONCEPT_TYPES = {"SkillGroup": Node.Kind.GROUP, "KnowledgeSkillCompetence": Node.Kind.SKILL}
# Where a broader relation comes from, in order of precedence for the choice of the parent.
FROM_HIERARCHY, FROM_PILLAR, FROM_COLLECTION = 0, 1, 2
LABEL_LIMIT = 300


@dataclass
class EscoConcept:
    uri: str
    kind: str
    file: str
    line: int
    code: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    scope_notes: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    broader: list[tuple[int, str]] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    skill_type: str = ""
    reuse_level: str = ""
    status: str = ""

    @property
    def name(self) -> str:
        return self.labels.get("en") or self.labels.get("fr") or self.uri

    def add_broader(self, uri: str, origin: int) -> None:
        """Kept once, with its origin; a concept said broader than itself is kept too, to be refused as a cycle."""
        if uri and all(uri != known for _, known in self.broader):
            self.broader.append((origin, uri))

    @property
    def broader_uris(self) -> list[str]:
        return [uri for _, uri in sorted(self.broader, key=lambda item: item[0])]


@dataclass
class Parsed:
    """What the files say, checked: the concepts by URI, and what the report tells."""

    concepts: dict[str, EscoConcept]
    files: list[str]
    ignored: list[str]
    languages: list[str]
    rows: int
    lines: int
    warnings: list[str]


def _split(value: str) -> list[str]:
    return [part.strip() for part in MULTI.split(value) if part.strip()]


def _uuid_or_last_segment(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.concepts: dict[str, EscoConcept] = {}
        self.warnings: list[str] = []
        self.skipped_relations = 0

    def check_uri(self, file: EscoFile, line: int, column: str, value: str, *, required: bool = True) -> bool:
        if not value:
            if required:
                self.problems.add(file, _("URI manquante."), line=line, column=column)
            return False
        if not URI.match(value):
            self.problems.add(
                file,
                _("« %(value)s » n’est pas une URI ESCO (http://data.europa.eu/esco/…).") % {"value": value},
                line=line,
                column=column,
            )
            return False
        return True

    def concept(self, file: EscoFile, line: int, uri: str, kind: str) -> EscoConcept | None:
        concept = self.concepts.get(uri)
        if concept is None:
            concept = self.concepts[uri] = EscoConcept(uri=uri, kind=kind, file=file.name, line=line)
        elif concept.kind != kind:
            self.problems.add(
                file,
                _(
                    "%(uri)s est ici un concept de nature « %(kind)s », mais « %(other)s » dans %(file)s, ligne %(line)s."
                )
                % {
                    "uri": uri,
                    "kind": Node.Kind(kind).label,
                    "other": Node.Kind(concept.kind).label,
                    "file": concept.file,
                    "line": concept.line,
                },
                line=line,
            )
            return None
        return concept

    def kind_of(self, file: EscoFile, line: int, row: Row, default: str) -> str | None:
        value = row["conceptType"]
        if not value:
            return default
        kind = CONCEPT_TYPES.get(value)
        if kind is None:
            self.warnings.append(
                _(
                    "%(file)s, ligne %(line)s : concept de type « %(type)s » ignoré (seuls les groupes et les "
                    "aptitudes sont importés)."
                )
                % {"file": file.name, "line": line, "type": value}
            )
        return kind

    def texts(self, concept: EscoConcept, file: EscoFile, line: int, row: Row) -> None:
        language = file.language
        label = row["preferredLabel"]
        if not label:
            self.problems.add(file, _("intitulé vide."), line=line, column="preferredLabel")
        elif len(label) > LABEL_LIMIT:
            self.problems.add(
                file,
                _("intitulé de %(length)s caractères, au plus %(limit)s.")
                % {"length": len(label), "limit": LABEL_LIMIT},
                line=line,
                column="preferredLabel",
            )
        concept.labels.setdefault(language, label)
        definition = row["description"] or row["definition"]
        if definition:
            concept.definitions.setdefault(language, definition)
        if row["scopeNote"]:
            concept.scope_notes.setdefault(language, row["scopeNote"])
        alternatives = concept.alt_labels.setdefault(language, [])
        for alt in _split(row["altLabels"]):
            if alt not in alternatives:
                alternatives.append(alt)
        concept.status = concept.status or row["status"]

    def read_concepts(self, table: Table, default_kind: str) -> None:
        file = table.file
        for line, row in table.rows():
            uri = row["conceptUri"]
            if not self.check_uri(file, line, "conceptUri", uri):
                continue
            kind = self.kind_of(file, line, row, default_kind)
            if kind is None:
                continue
            concept = self.concept(file, line, uri, kind)
            if concept is None:
                continue
            self.texts(concept, file, line, row)
            if file.kind == "skillGroups" and row["code"]:
                concept.code = concept.code or row["code"]
            if kind == Node.Kind.SKILL:
                concept.skill_type = concept.skill_type or row["skillType"]
                concept.reuse_level = concept.reuse_level or row["reuseLevel"]
            if file.collection and file.collection not in concept.collections:
                concept.collections.append(file.collection)
            for broader in _split(row["broaderConceptUri"]):
                if self.check_uri(file, line, "broaderConceptUri", broader):
                    concept.add_broader(broader, FROM_COLLECTION)

    def read_hierarchy(self, table: Table) -> None:
        file = table.file
        for line, row in table.rows():
            path: list[EscoConcept] = []
            for level in HIERARCHY_LEVELS:
                column = f"Level {level} URI"
                uri = row[column]
                if not uri:
                    break
                if not self.check_uri(file, line, column, uri):
                    path = []
                    break
                concept = self.concept(file, line, uri, Node.Kind.GROUP)
                if concept is None:
                    path = []
                    break
                label = row[f"Level {level} preferred term"]
                if label:
                    concept.labels.setdefault(file.language, label)
                code = row[f"Level {level} code"]
                if code and not concept.code:
                    concept.code = code
                if path:
                    concept.add_broader(path[-1].uri, FROM_HIERARCHY)
                path.append(concept)
            if path:
                deepest = path[-1]
                if row["Description"]:
                    deepest.definitions.setdefault(file.language, row["Description"])
                if row["Scope note"]:
                    deepest.scope_notes.setdefault(file.language, row["Scope note"])
                if not deepest.labels.get(file.language):
                    self.problems.add(
                        file, _("intitulé vide."), line=line, column=f"Level {len(path) - 1} preferred term"
                    )

    def read_relations(self, table: Table) -> None:
        file = table.file
        for line, row in table.rows():
            uri, broader = row["conceptUri"], row["broaderUri"]
            valid = self.check_uri(file, line, "conceptUri", uri)
            valid = self.check_uri(file, line, "broaderUri", broader) and valid
            if not valid:
                continue
            concept = self.concepts.get(uri)
            if concept is None:
                self.skipped_relations += 1  # a relation of a concept the files given do not describe
                continue
            concept.add_broader(broader, FROM_PILLAR)


def parse_directory(directory: str | Path) -> Parsed:
    """Read and check every ESCO file of the directory; a French ValidationError lists every problem found."""
    directory = Path(directory)
    problems = Problems()
    if not directory.is_dir():
        raise ValidationError(
            _("Le dossier %(directory)s n’existe pas.") % {"directory": directory}, code="no_directory"
        )
    files, ignored = find_files(directory)
    if not files:
        raise ValidationError(
            _(
                "Aucun fichier ESCO reconnu dans %(directory)s : on attend les fichiers CSV du téléchargement "
                "officiel (skills_fr.csv, skillGroups_fr.csv, skillsHierarchy_fr.csv, "
                "transversalSkillsCollection_fr.csv… ou leurs versions _en)."
            )
            % {"directory": directory},
            code="no_esco_file",
        )
    for file in files:
        if file.language not in LANGUAGES:
            problems.add(
                file,
                _("langue « %(language)s » non prise en charge : seuls les fichiers _fr et _en sont importés.")
                % {"language": file.language},
            )
    problems.raise_if_any()

    reader = _Reader(problems)
    rows = lines = 0
    for file in files:
        table = read_table(file, problems)
        if table is None:
            continue
        rows += len(table.records)
        lines += table.lines
        if file.kind == "skillsHierarchy":
            reader.read_hierarchy(table)
        elif file.kind == "broaderRelationsSkillPillar":
            reader.read_relations(table)
        else:
            reader.read_concepts(table, Node.Kind.GROUP if file.kind == "skillGroups" else Node.Kind.SKILL)
    problems.raise_if_any()

    concepts = reader.concepts
    if not concepts:
        raise ValidationError(
            _("Les fichiers ESCO de %(directory)s ne décrivent aucun groupe ni aucune aptitude.")
            % {"directory": directory},
            code="no_concept",
        )
    _assign_codes(concepts, problems)
    _refuse_cycles(concepts, problems)
    problems.raise_if_any()
    warnings = reader.warnings
    if reader.skipped_relations:
        warnings.append(
            ngettext(
                "%(count)s relation « plus large » ignorée : elle concerne un concept absent des fichiers importés.",
                "%(count)s relations « plus large » ignorées : elles concernent des concepts absents des fichiers "
                "importés.",
                reader.skipped_relations,
            )
            % {"count": reader.skipped_relations}
        )
    return Parsed(
        concepts=concepts,
        files=[file.name for file in files],
        ignored=ignored,
        languages=sorted({file.language for file in files}, key=LANGUAGES.index),
        rows=rows,
        lines=lines,
        warnings=warnings,
    )


def _assign_codes(concepts: dict[str, EscoConcept], problems: Problems) -> None:
    """ESCO's code for groups, the UUID for the others: one code per concept, never shared."""
    owners: dict[str, EscoConcept] = {}
    for concept in concepts.values():
        if not concept.code or concept.kind != Node.Kind.GROUP:
            concept.code = _uuid_or_last_segment(concept.uri)
        other = owners.setdefault(concept.code, concept)
        if other is not concept:
            problems.add(
                concept.file,
                _("le code « %(code)s » serait celui de %(first)s et de %(second)s.")
                % {"code": concept.code, "first": other.uri, "second": concept.uri},
            )
