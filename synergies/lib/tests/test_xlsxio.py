"""lib.xlsxio: Excel workbooks read into the same rows and problems as CSV files, and written ready to work in."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from synergies.lib import csvio, xlsxio
from synergies.lib.csvio import Column, CsvError, Problem


def _year(raw: str) -> int:
    if not raw.isdigit() or len(raw) != 4:
        raise ValidationError("« %(value)s » n'est pas une année.", params={"value": raw})
    return int(raw)


def _date(raw: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        raise ValidationError("date invalide.") from None


COLUMNS = [
    Column("name", "Nom", aliases=("dénomination",), required=True),
    Column("city", "Localité", aliases=("commune",)),
    Column("year", "Année", parse=_year),
    Column("start", "Début", parse=_date),
]


def workbook(*rows: list[Any], sheets: int = 1) -> bytes:
    """An .xlsx as Excel saves it: typed cells, and possibly further sheets that must be ignored."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"Autre {n}").append(["Couleur", "bleu"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes) -> list[Problem]:
    with pytest.raises(CsvError) as caught:
        xlsxio.parse(data, COLUMNS)
    return caught.value.problems


# --- reading -----------------------------------------------------------------------------------------------------


def test_the_first_sheet_is_read_with_the_same_columns_as_a_csv_file():
    data = workbook(["Nom", "Commune", "Année"], ["École", "Mons", "2024"], ["Atelier", "Binche", None], sheets=2)

    result = xlsxio.parse(data, COLUMNS)

    assert result.ok
    assert [(row.line, row.values) for row in result.rows] == [
        (2, {"name": "École", "city": "Mons", "year": 2024}),
        (3, {"name": "Atelier", "city": "Binche", "year": None}),
    ]


def test_a_workbook_and_a_csv_file_with_the_same_content_give_the_same_rows():
    csv_result = csvio.parse("Nom;Localité;Année\nÉcole;Mons;2024\n".encode("cp1252"), COLUMNS)
    xlsx_result = xlsxio.parse(workbook(["Nom", "Localité", "Année"], ["École", "Mons", 2024]), COLUMNS)

    assert xlsx_result == csv_result


def test_dates_and_numbers_become_the_text_a_person_would_have_typed():
    data = workbook(
        ["Nom", "Année", "Début"],
        ["Date", 2024.0, datetime.date(2025, 3, 1)],
        ["Date et heure", 2025, datetime.datetime(2025, 12, 31, 0, 0)],
    )

    result = xlsxio.parse(data, COLUMNS)

    assert result.ok
    assert [row.values for row in result.rows] == [
        {"name": "Date", "year": 2024, "start": datetime.date(2025, 3, 1)},
        {"name": "Date et heure", "year": 2025, "start": datetime.date(2025, 12, 31)},
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  École  ", "École"),
        (403170701, "403170701"),
        (403170701.0, "403170701"),
        (12.5, "12.5"),
        (True, "oui"),
        (False, "non"),
        (datetime.date(2025, 3, 1), "01/03/2025"),
        (datetime.datetime(2025, 3, 1), "01/03/2025"),
        (datetime.datetime(2025, 3, 1, 14, 30), "01/03/2025 14:30"),
        (datetime.time(9, 5), "09:05"),
    ],
)
def test_each_kind_of_cell_value_has_a_text_form(value, text):
    assert xlsxio.cell_text(value) == text


def test_problems_carry_the_row_number_of_the_sheet_like_csv_problems():
    data = workbook(["Nom", "Année"], ["École", "2024"], [None, "vingt"], [], ["Atelier", "24"])

    result = xlsxio.parse(data, COLUMNS)

    assert [row.line for row in result.rows] == [2, 3, 5]
    assert result.problems == [
        Problem(3, "Nom", "valeur obligatoire manquante."),
        Problem(3, "Année", "« vingt » n'est pas une année."),
        Problem(5, "Année", "« 24 » n'est pas une année."),
    ]


def test_the_header_is_the_first_filled_row_and_keeps_its_row_number():
    data = workbook([], [None, None], ["Nom", "Localité"], ["École", "Mons"])

    result = xlsxio.parse(data, COLUMNS)

    assert [(row.line, row.values) for row in result.rows] == [(4, {"name": "École", "city": "Mons"})]


def test_header_problems_are_refused_as_in_a_csv_file():
    problems = refusal(workbook([None, "Localité", "Couleur"], [None, "Mons", "bleu"]))

    assert problems == [Problem(1, "Couleur", "colonne inconnue."), Problem(1, "Nom", "colonne obligatoire absente.")]


def test_values_beyond_the_header_are_reported():
    result = xlsxio.parse(workbook(["Nom"], ["École", None, "oubli"]), COLUMNS)

    assert result.problems == [Problem(2, "", "plus de valeurs que de colonnes dans l'en-tête.")]


def test_an_empty_first_sheet_is_refused():
    assert [p.message for p in refusal(workbook([], [None]))] == ["la première feuille du classeur est vide."]


def test_a_workbook_whose_declared_size_is_wrong_is_still_read_in_full():
    data = workbook(["Nom"], ["École"], ["Atelier"])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(rb'<dimension ref="A1:A3"\s*/>', b'<dimension ref="A1"/>', content)
                assert count == 1
            target.writestr(item, content)

    result = xlsxio.parse(buffer.getvalue(), COLUMNS)

    assert [row.values["name"] for row in result.rows] == ["École", "Atelier"]


# --- refusals ----------------------------------------------------------------------------------------------------


NOT_XLSX = "ce fichier n’est pas un classeur Excel (.xlsx) valide."


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Nom;Localit\xe9\r\n\xc9cole;Mons\r\n",
        b"%PDF-1.7 not a workbook",
        b"PK\x03\x04 but no zip behind the signature",
        _zip({"word/document.xml": b"<document/>", "[Content_Types].xml": b"<Types/>"}),
        workbook(["Nom"], ["École"])[:-200],
    ],
    ids=["empty", "csv", "pdf", "fake-signature", "docx-like-zip", "truncated"],
)
def test_bytes_that_are_not_a_real_workbook_are_refused_in_french(data):
    assert refusal(data) == [Problem(1, "", NOT_XLSX)]


def test_a_legacy_xls_file_is_refused_with_what_to_do():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512

    [problem] = refusal(data)

    assert "Excel 97-2003 (.xls)" in problem.message
    assert "enregistrez-le au format .xlsx ou CSV" in problem.message


def test_an_opendocument_spreadsheet_is_refused_with_what_to_do():
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"})

    [problem] = refusal(data)

    assert "OpenDocument (.ods)" in problem.message


def test_a_workbook_that_would_unpack_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(xlsxio, "MAX_UNCOMPRESSED_BYTES", 1000)

    [problem] = refusal(workbook(["Nom"], ["École"]))

    assert problem.message == "ce classeur est trop volumineux une fois décompressé."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04...", True),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", True),
        (b"Nom;Localit\xe9", False),
        (b"", False),
    ],
)
def test_a_spreadsheet_is_recognised_by_its_first_bytes(data, expected):
    assert xlsxio.looks_like_spreadsheet(data) is expected


# --- writing -----------------------------------------------------------------------------------------------------


def _written(*rows: list[Any], header: list[str] | None = None, title: str = "Export") -> Any:
    data = xlsxio.write(header or ["Nom", "Début", "Nombre"], rows, title=title)
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def test_the_written_header_row_is_bold_and_frozen():
    sheet = _written(["École", None, 3])

    assert [cell.value for cell in sheet[1]] == ["Nom", "Début", "Nombre"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"


def test_dates_are_written_as_real_dates_shown_the_belgian_way():
    sheet = _written(["École", datetime.date(2025, 3, 1), 3])

    assert sheet["B2"].is_date
    assert sheet["B2"].value == datetime.datetime(2025, 3, 1)
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].value == 3


def test_columns_are_sized_to_their_content_within_bounds():
    sheet = _written(["Institut provincial d’enseignement", None, 1], ["x" * 200, datetime.date(2025, 3, 1), 2])

    assert sheet.column_dimensions["A"].width == xlsxio.MAX_WIDTH
    assert sheet.column_dimensions["B"].width == len("01/03/2025") + 2
    assert sheet.column_dimensions["C"].width == len("Nombre") + 2


def test_text_that_looks_like_a_formula_is_written_as_text():
    sheet = _written(['=HYPERLINK("https://example.org","cliquez")', None, None])

    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("https://example.org","cliquez")'


def test_characters_excel_cannot_store_are_dropped_rather_than_failing():
    sheet = _written(["École\x01 du soir\x1f", None, None])

    assert sheet["A2"].value == "École du soir"


def test_the_sheet_title_is_cleaned_of_forbidden_characters():
    sheet = _written(["École"], header=["Nom"], title="Composition [CB]: 2025/2026 — version longue")

    assert sheet.title == "Composition CB 20252026 — versi"


def test_what_is_written_reads_back_to_the_same_values():
    data = xlsxio.write(["Nom", "Localité", "Année", "Début"], [["École", "Mons", 2024, datetime.date(2025, 3, 1)]])

    result = xlsxio.parse(data, COLUMNS)

    assert result.ok
    assert result.rows[0].values == {
        "name": "École",
        "city": "Mons",
        "year": 2024,
        "start": datetime.date(2025, 3, 1),
    }
