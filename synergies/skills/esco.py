"""The import of ESCO's skills pillar from the official CSV download (https://esco.ec.europa.eu/).

What is read: `skills_<lang>.csv`, `skillGroups_<lang>.csv`, `skillsHierarchy_<lang>.csv`,
`broaderRelationsSkillPillar_<lang>.csv` and every `<name>SkillsCollection_<lang>.csv` (transversal, digComp,
language, green…), in French and in English: a directory may hold both, each language filling its own labels
(`label`/`definition` from `_fr`, `label_en`/`definition_en` from `_en`). Other files of the download are listed as
ignored. Columns are found by their names, never by their order, which differs from one file to the next.

How ESCO becomes a tree: the skills hierarchy gives each group its parent (level 0 → 1 → 2 → 3); a skill's parent is
its first broader concept (from the pillar's broader relations, then from the collections' `broaderConceptUri`),
the other broaders are kept in `extra["also_broader"]`. A broader concept that is not among the imported ones is a
warning, not an error (an extract is still usable); a cycle in the broader relations is an error, since no tree can
hold it. A concept's code is its ESCO code for groups (S1.2, K06, L, T, ISCED-F codes), the UUID of its URI
otherwise; its URI is ESCO's own.

Everything is checked before anything is written, and the whole import is one transaction: a bad file imports
nothing. The tree is written by `loading.build_nodes`, a few bulk inserts per level of the tree, so the full ESCO
(~14,000 skills) imports in seconds; re-importing a number already imported changes nothing (a released version is
frozen), a new number supersedes the version in force.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.skills.loading import DATA_DIR, build_nodes, external_framework, release
from synergies.skills.models import Change, FrameworkVersion, Node
from synergies.skills.services.common import log_change, user_of

__all__ = ["BUNDLED", "ESCO_FRAMEWORK", "ImportReport", "import_esco", "parse_directory"]

BUNDLED = DATA_DIR / "esco-1.2.0"
LANGUAGES = ("fr", "en")
MAX_PROBLEMS = 20

ESCO_FRAMEWORK: dict[str, str] = {
    "slug": "esco",
    "code": "ESCO",
    "name": "ESCO — classification européenne des aptitudes, compétences, certifications et professions",
    "name_en": "ESCO — European Skills, Competences, Qualifications and Occupations",
    "publisher": "Commission européenne",
    "homepage": "https://esco.ec.europa.eu/",
    "licence": "© Union européenne, réutilisation autorisée (décision 2011/833/UE)",
    "description": (
        "La classification multilingue des aptitudes, compétences, certifications et professions de la Commission "
        "européenne. Synergies en importe le pilier des aptitudes et connaissances : les groupes de la hiérarchie "
        "(aptitudes, connaissances, langues, aptitudes transversales) et les aptitudes des collections, chacune avec "
        "son URI officielle, vers lesquelles le référentiel du pôle établit ses correspondances."
    ),
}

FILE_NAME = re.compile(
    r"^(?P<kind>skills|skillGroups|skillsHierarchy|broaderRelationsSkillPillar|(?P<collection>[A-Za-z0-9]+)"
    r"SkillsCollection)_(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z]+)?)\.csv$"
)
COLLECTION = "collection"
# The order files are read in: groups and skills first, then what places them in the tree.
KIND_ORDER = ("skillGroups", "skills", COLLECTION, "skillsHierarchy", "broaderRelationsSkillPillar")
REQUIRED: dict[str, tuple[str, ...]] = {
    "skills": ("conceptUri", "preferredLabel"),
    "skillGroups": ("conceptUri", "preferredLabel"),
    COLLECTION: ("conceptUri", "preferredLabel"),
    "skillsHierarchy": ("Level 0 URI", "Level 1 URI", "Level 2 URI", "Level 3 URI"),
    "broaderRelationsSkillPillar": ("conceptUri", "broaderUri"),
}
HIERARCHY_LEVELS = range(4)
URI = re.compile(r"^https?://data\.europa\.eu/esco/[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~%-]+)+$")
MULTI = re.compile(r"\n| \| ")
CONCEPT_TYPES = {"SkillGroup": Node.Kind.GROUP, "KnowledgeSkillCompetence": Node.Kind.SKILL}
# Where a broader relation comes from, in order of precedence for the choice of the parent.
FROM_HIERARCHY, FROM_PILLAR, FROM_COLLECTION = 0, 1, 2
LABEL_LIMIT = 300


@functools.cache
def _key(name: str) -> str:
    """Column names compared without case or spaces: « Level 0 URI » is level0uri."""
    return re.sub(r"\s+", "", name).casefold()


# --- the files --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscoFile:
    path: Path
    kind: str
    language: str
    collection: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def find_files(directory: Path) -> tuple[list[EscoFile], list[str]]:
    """The ESCO files of the directory, in reading order, and the names of the other CSV files (ignored: the
    download's occupations, qualifications, relations between occupations and skills…)."""
    found: list[EscoFile] = []
    ignored: list[str] = []
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        match = FILE_NAME.match(path.name)
        if match is None:
            if path.suffix.lower() == ".csv":
                ignored.append(path.name)
            continue
        collection = match["collection"] or ""
        found.append(EscoFile(path, COLLECTION if collection else match["kind"], match["language"].lower(), collection))
    found.sort(key=lambda f: (KIND_ORDER.index(f.kind), f.name))
    return found, ignored


class Problems:
    """The problems found in the files, all reported at once (up to MAX_PROBLEMS)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, file: EscoFile | str, message: str, *, line: int | None = None, column: str = "") -> None:
        name = file.name if isinstance(file, EscoFile) else file
        if line is not None and column:
            where = _("%(file)s, ligne %(line)s, colonne %(column)s") % {"file": name, "line": line, "column": column}
        elif line is not None:
            where = _("%(file)s, ligne %(line)s") % {"file": name, "line": line}
        else:
            where = name
        self.messages.append(f"{where} : {message}")

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_PROBLEMS]
        if len(self.messages) > MAX_PROBLEMS:
            shown.append(_("… et %(count)s autres problèmes.") % {"count": len(self.messages) - MAX_PROBLEMS})
        raise ValidationError(shown, code="invalid_esco")


@dataclass
class Table:
    """A CSV file read: its columns by normalised name, its records with the line each starts on."""

    file: EscoFile
    columns: dict[str, int]
    records: list[tuple[int, list[str]]]
    lines: int

    def rows(self) -> Iterator[tuple[int, Row]]:
        for line, record in self.records:
            yield line, Row(self, record)


class Row:
    __slots__ = ("record", "table")

    def __init__(self, table: Table, record: list[str]) -> None:
        self.table = table
        self.record = record

    def __getitem__(self, name: str) -> str:
        index = self.table.columns.get(_key(name))
        if index is None or index >= len(self.record):
            return ""
        return self.record[index].strip()


def read_table(file: EscoFile, problems: Problems) -> Table | None:
    """The file's records, or None once its problem (encoding, quoting, header) is recorded."""
    data = file.path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(
            file,
            _("le fichier n’est pas encodé en UTF-8 (octet 0x%(byte)02X) ; enregistrez-le en UTF-8.")
            % {"byte": data[exc.start]},
            line=data[: exc.start].count(b"\n") + 1,
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.add(file, _("le fichier est vide."))
        return None
    except csv.Error as exc:
        problems.add(file, _("ligne d’en-tête illisible (%(error)s).") % {"error": exc}, line=1)
        return None
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(_key(name), index)
    missing = [name for name in REQUIRED[file.kind] if _key(name) not in columns]
    if missing:
        problems.add(
            file,
            ngettext(
                "colonne obligatoire absente de l’en-tête : %(columns)s.",
                "colonnes obligatoires absentes de l’en-tête : %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)},
            line=1,
        )
        return None
    records: list[tuple[int, list[str]]] = []
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in record):
                records.append((start, record))
    except csv.Error as exc:
        problems.add(file, _("ligne illisible (%(error)s).") % {"error": exc}, line=line + 1)
        return None
    return Table(file, columns, records, text.count("\n") + (0 if text.endswith("\n") else 1))


# --- the concepts -----------------------------------------------------------------------------------------------------


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


def _refuse_cycles(concepts: dict[str, EscoConcept], problems: Problems) -> None:
    """A depth-first walk of the broader relations between imported concepts; the first cycle met is refused, named
    concept by concept."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour: dict[str, int] = dict.fromkeys(concepts, WHITE)
    for start in concepts:
        if colour[start] != WHITE:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(concepts[start].broader_uris))]
        path = [start]
        colour[start] = GREY
        while stack:
            uri, broader = stack[-1]
            following = next((b for b in broader if b in concepts and colour[b] != BLACK), None)
            if following is None:
                colour[uri] = BLACK
                stack.pop()
                path.pop()
                continue
            if colour[following] == GREY:
                cycle = [*path[path.index(following) :], following]
                names = " → ".join(f"« {concepts[u].name} » ({u})" for u in cycle)
                problems.add(
                    concepts[following].file,
                    _("les relations « plus large » forment un cycle : %(cycle)s. Un concept ne peut être plus large "
                      "que lui-même ; corrigez les fichiers.") % {"cycle": names},
                )  # fmt: skip
                return
            colour[following] = GREY
            path.append(following)
            stack.append((following, iter(concepts[following].broader_uris)))


# --- the tree ---------------------------------------------------------------------------------------------------------


def _natural(code: str) -> list[tuple[int, int, str]]:
    """S1.2 before S1.10; ISCED-F codes keep their string order (0011 after 001)."""
    return [(0, int(part), part) if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part]


def _sort_key(concept: EscoConcept) -> tuple[int, Any]:
    if concept.kind == Node.Kind.GROUP:
        return (0, _natural(concept.code))
    return (1, (concept.name.casefold(), concept.code))


def build_tree(parsed: Parsed) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The concepts as the nested data `loading.build_nodes` writes, and their count per kind. Warnings about
    broader concepts missing from the files are added to `parsed.warnings`."""
    concepts = parsed.concepts
    children: dict[str | None, list[EscoConcept]] = defaultdict(list)
    extras: dict[str, dict[str, Any]] = {}
    for concept in concepts.values():
        broader = concept.broader_uris
        parent = next((uri for uri in broader if uri in concepts), None)
        for uri in broader:
            if uri not in concepts:
                parsed.warnings.append(
                    (
                        _("« %(name)s » (%(uri)s) : le concept plus large %(broader)s est absent des fichiers.")
                        if parent
                        else _(
                            "« %(name)s » (%(uri)s) : le concept plus large %(broader)s est absent des fichiers ; "
                            "le concept est placé à la racine."
                        )
                    )
                    % {"name": concept.name, "uri": concept.uri, "broader": uri}
                )
        children[parent].append(concept)
        extra: dict[str, Any] = {"status": concept.status} if concept.status else {}
        if concept.kind == Node.Kind.SKILL:
            extra.update(
                skill_type=concept.skill_type, reuse_level=concept.reuse_level, collections=concept.collections
            )
        elif concept.collections:
            extra["collections"] = concept.collections
        also = [uri for uri in broader if uri != parent]
        if also:
            extra["also_broader"] = also
        note = concept.scope_notes.get("fr") or concept.scope_notes.get("en")
        if note:
            extra["scope_note"] = note
        extras[concept.uri] = extra
    for siblings in children.values():
        siblings.sort(key=_sort_key)

    def subtree(concept: EscoConcept) -> dict[str, Any]:
        labels = {concept.labels.get(language, "") for language in LANGUAGES}
        alternatives: list[str] = []
        for language in LANGUAGES:
            for alt in concept.alt_labels.get(language, []):
                if alt not in labels and alt not in alternatives:
                    alternatives.append(alt)
        return {
            "code": concept.code,
            "kind": concept.kind,
            "uri": concept.uri,
            "label": concept.labels.get("fr", ""),
            "label_en": concept.labels.get("en", ""),
            "definition": concept.definitions.get("fr", ""),
            "definition_en": concept.definitions.get("en", ""),
            "alt_labels": alternatives,
            "extra": extras[concept.uri],
            "children": [subtree(child) for child in children.get(concept.uri, [])],
        }

    counts = {Node.Kind.GROUP.value: 0, Node.Kind.SKILL.value: 0}
    for concept in concepts.values():
        counts[concept.kind] += 1
    # Recursion depth is the tree's depth (about ten for ESCO), not its size.
    return [subtree(root) for root in children.get(None, [])], counts


# --- the import -------------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    version: FrameworkVersion
    created: bool
    counts: dict[str, int]
    files: list[str]
    languages: list[str]
    rows: int
    lines: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    superseded: FrameworkVersion | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        counts = {
            "groups": self.counts.get(Node.Kind.GROUP, 0),
            "skills": self.counts.get(Node.Kind.SKILL, 0),
            "number": self.version.number,
            "seconds": f"{self.seconds:.2f}".replace(".", ","),
        }
        if not self.created:
            return (
                _("ESCO %(number)s : version déjà importée (%(groups)s groupes, %(skills)s aptitudes et connaissances) ; rien n’a changé.")
                % counts
            )  # fmt: skip
        text = (
            _("ESCO %(number)s importée : %(groups)s groupes, %(skills)s aptitudes et connaissances, en %(seconds)s s.")
            % counts
        )
        details = _("%(files)s fichiers lus (%(rows)s lignes), langues : %(languages)s.") % {
            "files": len(self.files),
            "rows": self.rows,
            "languages": ", ".join(self.languages),
        }
        lines = [text, details]
        if self.superseded is not None:
            lines.append(_("La version %(number)s est remplacée.") % {"number": self.superseded.number})
        return "\n".join(lines)


def _counts_of(version: FrameworkVersion) -> dict[str, int]:
    counts = {Node.Kind.GROUP.value: 0, Node.Kind.SKILL.value: 0}
    for row in Node.objects.filter(version=version).values("kind").annotate(count=Count("pk")).order_by():
        counts[row["kind"]] = row["count"]
    return counts


def _as_tuple(number: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in number.split(".")) if re.fullmatch(r"\d+(\.\d+)*", number) else None


def _check_newer(number: str, current: FrameworkVersion | None) -> None:
    if current is None:
        return
    new, old = _as_tuple(number), _as_tuple(current.number)
    if new is not None and old is not None and new < old:
        raise ValidationError(
            _(
                "ESCO %(number)s est antérieure à la version en vigueur (%(current)s) : une version plus ancienne ne "
                "peut la remplacer."
            )
            % {"number": number, "current": current.number},
            code="older_version",
        )


def import_esco(
    directory: str | Path,
    *,
    number: str = "1.2.0",
    by: Any = None,
    released_on: datetime.date | None = None,
) -> ImportReport:
    """Import the ESCO CSV files of `directory` as version `number` of the ESCO framework, in one transaction."""
    started = time.perf_counter()
    number = (number or "").strip()
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,19}", number):
        raise ValidationError(
            _("« %(number)s » n’est pas un numéro de version ESCO (par exemple 1.2.0).") % {"number": number},
            code="invalid_number",
        )
    parsed = parse_directory(directory)
    with transaction.atomic():
        framework = external_framework(ESCO_FRAMEWORK)
        existing = framework.versions.filter(number=number).first()
        if existing is not None and not existing.is_draft:
            return ImportReport(
                version=existing,
                created=False,
                counts=_counts_of(existing),
                files=parsed.files,
                languages=parsed.languages,
                rows=parsed.rows,
                lines=parsed.lines,
                seconds=time.perf_counter() - started,
                warnings=parsed.warnings,
                ignored=parsed.ignored,
            )
        if existing is not None:
            raise ValidationError(
                _("Un brouillon de la version %(number)s d’ESCO existe : supprimez-le avant d’importer.")
                % {"number": number},
                code="draft_exists",
            )
        previous = framework.versions.current().first()
        _check_newer(number, previous)
        tree, counts = build_tree(parsed)
        notes = _(
            "Import des fichiers CSV officiels d’ESCO %(number)s (%(languages)s) : %(groups)s groupes, %(skills)s "
            "aptitudes et connaissances."
        ) % {
            "number": number,
            "languages": ", ".join(parsed.languages),
            "groups": counts[Node.Kind.GROUP],
            "skills": counts[Node.Kind.SKILL],
        }
        version = FrameworkVersion.objects.create(
            framework=framework, number=number, notes=notes, based_on=previous, created_by=user_of(by)
        )
        total = build_nodes(version, tree, framework=framework)
        log_change(
            version,
            Change.Operation.IMPORT,
            summary=_("Import d’ESCO %(number)s : %(count)s concepts") % {"number": number, "count": total},
            reason=_("Version publiée par la Commission européenne."),
            by=by,
            details={"files": parsed.files, "counts": counts, "warnings": len(parsed.warnings)},
        )
        release(version, released_on=released_on)
        audit.record(
            actor=by,
            verb="skills.esco.import",
            action=AuditEntry.Action.IMPORT,
            target=version,
            changes={"nodes": [None, total], "superseded": [None, str(previous) if previous else None]},
            message=", ".join(parsed.files),
        )
    return ImportReport(
        version=version,
        created=True,
        counts=counts,
        files=parsed.files,
        languages=parsed.languages,
        rows=parsed.rows,
        lines=parsed.lines,
        seconds=time.perf_counter() - started,
        warnings=parsed.warnings,
        ignored=parsed.ignored,
        superseded=previous,
    )
