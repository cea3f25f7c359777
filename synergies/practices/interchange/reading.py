"""Reading an interchange file into rows, with every problem of its form: encoding, header, broken rows, cells.

Decoding, separator sniffing and cell parsing are `lib.csvio`'s; what this module adds is a stricter header (all
sixteen columns, no unknown one, any order) and rows with too few cells, and it carries on past a bad header so that
the importer hears about every problem of the file at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from synergies.lib import csvio, xlsxio
from synergies.practices.interchange.columns import COLUMNS, HEADER

Problem = csvio.Problem


@dataclass
class Table:
    rows: list[csvio.ParsedRow]
    problems: list[Problem]


def _refused(message: str, line: int = 1) -> Table:
    return Table(rows=[], problems=[Problem(line, "", message)])


def _check_header(header: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """The header with only its known columns kept (others blanked), and what is wrong with it."""
    by_key = {csvio.normalise_header(name): name for name in HEADER}
    kept: list[str] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for position, raw in enumerate(header, start=1):
        name = by_key.get(csvio.normalise_header(raw))
        if name is None:
            label = raw.strip() or _("n° %(position)s") % {"position": position}
            problems.append(
                Problem(
                    1, label, _("colonne inconnue ; colonnes attendues : %(names)s.") % {"names": ", ".join(HEADER)}
                )
            )
            kept.append("")
        elif name in seen:
            problems.append(Problem(1, raw.strip(), _("colonne présente deux fois.")))
            kept.append("")
        else:
            seen.add(name)
            kept.append(name)
    problems.extend(Problem(1, name, _("colonne absente.")) for name in HEADER if name not in seen)
    return kept, problems


def read(data: bytes) -> Table:
    """Every row of the file parsed, and every problem found in it, by line and column."""
    if xlsxio.looks_like_spreadsheet(data):
        return _refused(_("ce fichier est un classeur, pas un fichier CSV : enregistrez-le au format « CSV UTF-8 »."))
    if b"\x00" in data:
        return _refused(_("ce fichier n’est pas un fichier texte (octets nuls) : enregistrez-le au format CSV."))
    try:
        text = csvio.decode(data)
    except csvio.CsvError as exc:
        return Table(rows=[], problems=exc.problems)
    if not text.strip():
        return _refused(_("le fichier est vide."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csvio.sniff_delimiter(text, COLUMNS), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        return _refused(_("ligne d’en-tête illisible (%(error)s).") % {"error": exc})
    kept, problems = _check_header(header)
    present = [column for column in COLUMNS if column.name in kept]
    width = len(header)

    def records() -> Iterator[tuple[int, Sequence[str]]]:
        line = reader.line_num
        try:
            for record in reader:
                start, line = line + 1, reader.line_num
                if len(record) < width and any(cell.strip() for cell in record):
                    problems.append(
                        Problem(
                            start,
                            "",
                            _("ligne incomplète : %(found)s valeurs au lieu de %(expected)s.")
                            % {"found": len(record), "expected": width},
                        )
                    )
                yield start, record
        except csv.Error as exc:
            problems.append(Problem(line + 1, "", _("ligne illisible (%(error)s).") % {"error": exc}))

    parsed = csvio.parse_rows(kept, records(), present)
    problems.extend(parsed.problems)
    if not parsed.rows and not problems:
        problems.append(Problem(2, "", _("le fichier ne contient aucune pratique.")))
    return Table(rows=parsed.rows, problems=problems)
