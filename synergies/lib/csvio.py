"""Reading and writing the CSV files that Belgian offices really produce and open.

Reading accepts UTF-8 (with or without BOM) and Windows-1252, comma, semicolon or tab separators, and reports each
problem with its line and column, in French. Writing produces UTF-8 with a BOM and semicolons, which Excel in a
French or Belgian locale opens without a wizard.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}


class CsvError(Exception):
    """The file as a whole cannot be read; nothing was imported."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError([Problem(line, "", _("encodage non reconnu (ni UTF-8 ni Windows-1252)."))]) from exc


def sniff_delimiter(text: str, columns: Sequence[Column] = ()) -> str:
    """The separator that splits the header into the most known columns, then the most frequent one.

    Counting alone fails on a semicolon file whose header names hold commas (« Adresse (rue, numéro) »).
    """
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    keys = {key for column in columns for key in column.header_keys()}

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(normalise_header(cell) in keys for cell in cells), counts[delimiter]

    best = max(DELIMITERS, key=score)
    return best if counts[best] else ";"


def normalise_header(name: str) -> str:
    """Lower case, without accents, spaces or punctuation, so « Numéro d'entreprise » matches numero_entreprise."""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text if c.isalnum())


@dataclass
class Column:
    """A column of an import: its canonical name, accepted header spellings, and a parser raising ValidationError."""

    name: str
    label: str
    aliases: Sequence[str] = ()
    required: bool = False
    parse: Callable[[str], Any] = str.strip

    def header_keys(self) -> set[str]:
        return {normalise_header(n) for n in (self.name, self.label, *self.aliases)}


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParseResult:
    rows: list[ParsedRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse(data: bytes, columns: Sequence[Column]) -> ParseResult:
    """Decode, split and parse every row; collect every problem rather than stopping at the first."""
    text = decode(data)
    if not text.strip():
        raise CsvError([Problem(1, "", _("le fichier est vide."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, columns), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CsvError([Problem(1, "", _("ligne d'en-tête illisible (%(error)s).") % {"error": exc})]) from exc
    unreadable: list[Problem] = []

    def records() -> Iterator[tuple[int, Sequence[str]]]:
        line = reader.line_num
        try:
            for record in reader:
                start, line = line + 1, reader.line_num
                yield start, record
        except csv.Error as exc:
            unreadable.append(Problem(line + 1, "", _("ligne illisible (%(error)s).") % {"error": exc}))

    result = parse_rows(header, records(), columns)
    result.problems.extend(unreadable)
    return result


def parse_rows(
    header: Sequence[str],
    records: Iterable[tuple[int, Sequence[str]]],
    columns: Sequence[Column],
    *,
    header_line: int = 1,
) -> ParseResult:
    """Match the header to the columns, then parse each record, given with the line it starts on.

    Shared by every tabular format (CSV here, spreadsheets in lib.xlsxio), so that they report alike. Header problems
    raise CsvError at once; row problems are collected.
    """
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        key = normalise_header(raw)
        if not key:
            continue
        match = next((c for c in columns if key in c.header_keys()), None)
        if match is None:
            problems.append(Problem(header_line, raw.strip(), _("colonne inconnue.")))
        elif match.name in positions:
            problems.append(Problem(header_line, raw.strip(), _("colonne présente deux fois.")))
        else:
            positions[match.name] = index
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(Problem(header_line, column.label, _("colonne obligatoire absente.")))
    if problems:
        raise CsvError(problems)

    rows: list[ParsedRow] = []
    for start, record in records:
        if not any(cell.strip() for cell in record):
            continue
        row = ParsedRow(line=start)
        for column in columns:
            if column.name not in positions:
                continue
            position = positions[column.name]
            raw = record[position].strip() if position < len(record) else ""
            if raw.startswith("'") and FORMULA.match(raw[1:]):
                raw = raw[1:]
            if not raw:
                if column.required:
                    problems.append(Problem(start, column.label, _("valeur obligatoire manquante.")))
                row.values[column.name] = None
                continue
            try:
                row.values[column.name] = column.parse(raw)
            except ValidationError as exc:
                problems.extend(Problem(start, column.label, message) for message in exc.messages)
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            problems.append(Problem(start, "", _("plus de valeurs que de colonnes dans l'en-tête.")))
        rows.append(row)
    return ParseResult(rows=rows, problems=problems)


FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s./()+-]*$))")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (« =HYPERLINK(…) ») gets a leading apostrophe; phone numbers
    (« +32 65 … ») and negative numbers are left as they are. `parse` removes the apostrophe again."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def write(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[bytes]:
    """Stream a CSV in UTF-8 with BOM, semicolon-separated, one encoded chunk per row, safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush() -> bytes:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk.encode("utf-8")

    writer.writerow(header)
    yield b"\xef\xbb\xbf" + flush()
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        yield flush()
