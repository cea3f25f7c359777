"""Reading and writing Excel workbooks (.xlsx), for the offices that keep their lists in Excel rather than in CSV.

Reading takes the first worksheet and hands its rows to `csvio.parse_rows`, so the same `Column` specs serve both
formats and problems are reported alike, with the spreadsheet's own row numbers. Cells Excel stores as numbers,
dates or booleans become the text a person would have typed (« 01/03/2025 », « 403170701 », « oui »), which the
column parsers accept.

Writing produces a sheet people can work in straight away: bold, frozen header, sized columns, real dates.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from synergies.lib.csvio import Column, CsvError, ParseResult, Problem, parse_rows

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 8, 60
FORBIDDEN_IN_TITLES = str.maketrans("", "", "[]:*?/\\")


def looks_like_spreadsheet(data: bytes) -> bool:
    """A zip container (.xlsx, but also .ods or .docx) or a legacy OLE file (.xls): not a text file in any case."""
    return data.startswith((ZIP_SIGNATURE, OLE_SIGNATURE))


def _refuse(message: str) -> CsvError:
    return CsvError([Problem(1, "", message)])


def _open(data: bytes) -> Any:
    """The workbook, or a French refusal when the bytes are not a workbook openpyxl can read."""
    if data.startswith(OLE_SIGNATURE):
        raise _refuse(
            _("ce fichier est au format Excel 97-2003 (.xls) : enregistrez-le au format .xlsx ou CSV, puis réessayez.")
        )
    not_xlsx = _("ce fichier n’est pas un classeur Excel (.xlsx) valide.")
    if not data.startswith(ZIP_SIGNATURE):
        raise _refuse(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(not_xlsx) from exc
    if "content.xml" in names and "mimetype" in names:
        raise _refuse(
            _("ce fichier est au format OpenDocument (.ods) : enregistrez-le au format .xlsx ou CSV, puis réessayez.")
        )
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(_("ce classeur est trop volumineux une fois décompressé."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError… on a damaged workbook
        raise _refuse(not_xlsx) from exc


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would have typed in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """Every row of the first worksheet as text, with its row number; raise CsvError if the file is not a workbook."""
    workbook = _open(data)
    try:
        if not workbook.worksheets:
            raise _refuse(_("ce classeur ne contient aucune feuille de calcul."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some producers write a wrong size; read what is really there
        return [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    except CsvError:
        raise
    except Exception as exc:  # the sheets are parsed lazily, so a damaged one fails only here
        raise _refuse(_("ce fichier n’est pas un classeur Excel (.xlsx) valide.")) from exc
    finally:
        workbook.close()


def parse(data: bytes, columns: Sequence[Column]) -> ParseResult:
    """Parse the first worksheet like a CSV file: its first non-empty row is the header."""
    rows = read_rows(data)
    filled = iter([(number, cells) for number, cells in rows if any(cells)])
    first = next(filled, None)
    if first is None:
        raise _refuse(_("la première feuille du classeur est vide."))
    header_line, header = first
    return parse_rows(header, filled, columns, header_line=header_line)


def _cell_value(value: Any) -> tuple[Any, str | None]:
    """What to store in a cell, and its number format: dates stay dates, text never becomes a formula."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    if value is None or isinstance(value, bool | int | float):
        return value, None
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)), None


def _width(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    lines = str(value or "").splitlines() or [""]
    return max(len(line) for line in lines)


def write(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "") -> bytes:
    """A one-sheet workbook: a bold, frozen header row, columns sized to their content, dates as real dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", title).translate(FORBIDDEN_IN_TITLES)[:31].strip("' ") or "Feuille1"
    widths = [len(name) for name in header]
    bold = Font(bold=True)
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=ILLEGAL_CHARACTERS_RE.sub("", str(name)))
        cell.font = bold
        cell.data_type = "s"
    for row_number, row in enumerate(rows, start=2):
        for column, raw in enumerate(row, start=1):
            value, number_format = _cell_value(raw)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # « =… » typed in a name stays text, never a formula
            if number_format:
                cell.number_format = number_format
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _width(raw))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
