"""Reading ESCO's CSV files: which files of the download are ESCO's, their encoding, their header and their rows.

Columns are found by their names, never by their order, which differs from one file to the next; every problem is
recorded with its file, line and column, and all are reported at once.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LANGUAGES = ("fr", "en")
MAX_PROBLEMS = 20

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
