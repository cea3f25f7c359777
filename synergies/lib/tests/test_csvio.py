"""lib.csvio: the CSV files Belgian offices really produce, read line by line with French problems."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from synergies.lib import csvio
from synergies.lib.csvio import Column, CsvError, Problem

BOM = b"\xef\xbb\xbf"


def _year(raw: str) -> int:
    if not raw.isdigit() or len(raw) != 4:
        raise ValidationError("« %(value)s » n'est pas une année.", params={"value": raw})
    return int(raw)


COLUMNS = [
    Column("name", "Nom", aliases=("dénomination",), required=True),
    Column("city", "Localité", aliases=("commune", "ville")),
    Column("email", "E-mail", aliases=("courriel",)),
    Column("year", "Année", parse=_year),
]


def _parse(text: str, encoding: str = "utf-8") -> csvio.ParseResult:
    return csvio.parse(text.encode(encoding), COLUMNS)


def _header_problems(data: bytes) -> list[Problem]:
    with pytest.raises(CsvError) as caught:
        csvio.parse(data, COLUMNS)
    return caught.value.problems


# --- encodings ---------------------------------------------------------------------------------------------------


def test_a_utf8_file_without_bom_is_read_with_its_accents():
    result = _parse("Nom;Localité\nÉcole;Théâtre\n")

    assert result.ok
    assert [(row.line, row.values) for row in result.rows] == [(2, {"name": "École", "city": "Théâtre"})]


def test_a_utf8_bom_does_not_stick_to_the_first_column_name():
    result = csvio.parse(BOM + "Nom;Localité\nÉcole;Théâtre\n".encode(), COLUMNS)

    assert result.ok
    assert result.rows[0].values == {"name": "École", "city": "Théâtre"}


def test_a_windows_1252_file_is_decoded_without_mojibake():
    data = "Nom;Localité\r\nÉcole;Théâtre\r\nŒuvres sociales;Quévy\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    result = csvio.parse(data, COLUMNS)

    assert result.ok
    assert [(row.line, row.values) for row in result.rows] == [
        (2, {"name": "École", "city": "Théâtre"}),
        (3, {"name": "Œuvres sociales", "city": "Quévy"}),
    ]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_with_their_line():
    data = "Nom;Localité\nÉcole;Mons\n".encode("cp1252") + b"Caf\x81;Binche\n"

    problems = _header_problems(data)

    assert problems == [Problem(3, "", "encodage non reconnu (ni UTF-8 ni Windows-1252).")]


# --- separators and quoting --------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_the_separator_is_recognised_from_the_header(separator):
    text = separator.join(["Nom", "Localité", "Année"]) + "\n" + separator.join(["École", "Mons", "2024"]) + "\n"

    result = _parse(text)

    assert result.ok
    assert result.rows[0].values == {"name": "École", "city": "Mons", "year": 2024}


def test_a_comma_inside_a_semicolon_file_stays_in_its_cell():
    result = _parse("Nom;Localité\nDupont, Durand et associés;Mons\n")

    assert result.rows[0].values == {"name": "Dupont, Durand et associés", "city": "Mons"}


def test_quoted_fields_keep_their_separators_and_newlines_and_later_lines_keep_their_numbers():
    text = 'Nom;Localité\n"École; du\nsoir";"Mons, Borinage"\nAutre;Binche\n;Dour\n'

    result = _parse(text)

    assert [(row.line, row.values) for row in result.rows] == [
        (2, {"name": "École; du\nsoir", "city": "Mons, Borinage"}),
        (4, {"name": "Autre", "city": "Binche"}),
        (5, {"name": None, "city": "Dour"}),
    ]
    assert result.problems == [Problem(5, "Nom", "valeur obligatoire manquante.")]


def test_quoted_fields_with_comma_separator_and_doubled_quotes_are_read():
    text = 'Nom,Localité\n"Le ""Bon"" Départ, asbl",Mons\n'

    result = _parse(text)

    assert result.rows[0].values == {"name": 'Le "Bon" Départ, asbl', "city": "Mons"}


def test_a_header_whose_quoted_names_contain_commas_is_still_read_as_semicolon_separated():
    columns = [Column("name", "Nom", required=True), Column("address", "Adresse (rue, numéro, boîte)")]
    data = 'Nom;"Adresse (rue, numéro, boîte)"\nÉcole;"Rue Haute, 12, bte 3"\n'.encode()

    result = csvio.parse(data, columns)

    assert result.ok
    assert result.rows[0].values == {"name": "École", "address": "Rue Haute, 12, bte 3"}


def test_an_unclosed_quote_is_reported_instead_of_swallowing_the_following_lines():
    text = 'Nom;Localité\nÉcole;Mons\n"Atelier;Binche\nCentre;Dour\n'

    result = _parse(text)

    assert not result.ok
    assert [(p.line, p.column) for p in result.problems] == [(3, "")]
    assert result.problems[0].message.startswith("ligne illisible")


# --- line numbers ------------------------------------------------------------------------------------------------


def test_blank_lines_are_skipped_but_still_counted_in_line_numbers():
    result = _parse("Nom\r\nÉcole\r\n\r\n;\r\nAtelier\r\n")

    assert [(row.line, row.values["name"]) for row in result.rows] == [(2, "École"), (5, "Atelier")]
    assert result.ok


# --- header problems ---------------------------------------------------------------------------------------------


def test_header_names_match_whatever_their_case_accents_spaces_or_alias():
    result = _parse("  NOM ;localite;Courriel\nÉcole;Mons;info@ecole.be\n")

    assert result.ok
    assert result.rows[0].values == {"name": "École", "city": "Mons", "email": "info@ecole.be"}


def test_an_unknown_column_is_refused_with_its_header_label():
    problems = _header_problems("Nom;Couleur préférée\nÉcole;bleu\n".encode())

    assert problems == [Problem(1, "Couleur préférée", "colonne inconnue.")]


def test_a_column_given_twice_under_two_spellings_is_refused():
    problems = _header_problems("Nom;E-mail;Courriel\nÉcole;a@b.be;c@d.be\n".encode())

    assert problems == [Problem(1, "Courriel", "colonne présente deux fois.")]


def test_a_missing_required_column_is_refused_with_its_label():
    problems = _header_problems("Localité;Année\nMons;2024\n".encode())

    assert problems == [Problem(1, "Nom", "colonne obligatoire absente.")]


def test_every_header_problem_is_reported_at_once():
    with pytest.raises(CsvError) as caught:
        csvio.parse(b"Ville;Couleur;Commune\nMons;bleu;Dour\n", COLUMNS)

    assert caught.value.problems == [
        Problem(1, "Couleur", "colonne inconnue."),
        Problem(1, "Commune", "colonne présente deux fois."),
        Problem(1, "Nom", "colonne obligatoire absente."),
    ]
    assert "Ligne 1, colonne «\xa0Couleur\xa0»\xa0: colonne inconnue." in str(caught.value)


def test_unnamed_header_cells_are_ignored():
    result = _parse("Nom;;Localité;\nÉcole;x;Mons;\n")

    assert result.ok
    assert result.rows[0].values == {"name": "École", "city": "Mons"}


# --- row problems ------------------------------------------------------------------------------------------------


def test_a_missing_required_value_is_reported_with_its_line_and_column_and_other_rows_are_still_read():
    result = _parse("Nom;Localité\nÉcole;Mons\n   ;Binche\nAtelier;Dour\n")

    assert not result.ok
    assert result.problems == [Problem(3, "Nom", "valeur obligatoire manquante.")]
    assert [row.line for row in result.rows] == [2, 3, 4]
    assert result.rows[1].values == {"name": None, "city": "Binche"}


def test_a_missing_optional_value_and_a_short_row_give_none():
    result = _parse("Nom;Localité;Année\nÉcole;;\nAtelier\n")

    assert result.ok
    assert [row.values for row in result.rows] == [
        {"name": "École", "city": None, "year": None},
        {"name": "Atelier", "city": None, "year": None},
    ]


def test_values_beyond_the_header_are_reported_on_their_line():
    result = _parse("Nom;Localité\nÉcole;Mons\nAtelier;Dour;en trop\n")

    assert result.problems == [Problem(3, "", "plus de valeurs que de colonnes dans l'en-tête.")]
    assert str(result.problems[0]) == "Ligne 3\xa0: plus de valeurs que de colonnes dans l'en-tête."


def test_empty_cells_beyond_the_header_are_not_a_problem():
    result = _parse("Nom;Localité\nÉcole;Mons;;\n")

    assert result.ok


def test_a_value_the_column_parser_refuses_is_reported_with_the_line_and_column_label():
    result = _parse("Nom;Année\nÉcole;2024\nAtelier;l'an dernier\n")

    assert result.rows[0].values == {"name": "École", "year": 2024}
    assert result.problems == [Problem(3, "Année", "« l'an dernier » n'est pas une année.")]
    assert str(result.problems[0]) == "Ligne 3, colonne «\xa0Année\xa0»\xa0: « l'an dernier » n'est pas une année."


def test_problems_of_every_row_are_collected_rather_than_stopping_at_the_first():
    result = _parse("Nom;Année\n;2024\nÉcole;20x4\nAtelier;2023;trop\n")

    assert [(p.line, p.column) for p in result.problems] == [(2, "Nom"), (3, "Année"), (4, "")]


# --- whole-file problems -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", BOM, b"  \r\n\r\n", BOM + b"\n\n"], ids=["empty", "bom", "blank", "bom-blank"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(CsvError) as caught:
        csvio.parse(data, COLUMNS)

    assert caught.value.problems == [Problem(1, "", "le fichier est vide.")]


def test_a_file_with_only_a_header_gives_no_rows_and_no_problem():
    result = _parse("Nom;Localité\n")

    assert result.ok
    assert result.rows == []


# --- writing -----------------------------------------------------------------------------------------------------


def test_written_files_start_with_a_utf8_bom_and_use_semicolons():
    data = b"".join(csvio.write(["Nom", "Localité"], [["École", "Mons"], ["Atelier", None]]))

    assert data.startswith(BOM)
    assert data[len(BOM) :].decode("utf-8") == "Nom;Localité\r\nÉcole;Mons\r\nAtelier;\r\n"


def test_writing_streams_one_chunk_per_row_after_the_header():
    chunks = list(csvio.write(["Nom"], ([name] for name in ["A", "B", "C"])))

    assert len(chunks) == 4
    assert chunks[0] == BOM + b"Nom\r\n"
    assert chunks[3] == b"C\r\n"


def test_what_is_written_reads_back_identically():
    rows: list[list[str | None]] = [
        ["École; du soir", "Mons", "2024"],
        ['Le "Bon" Départ', "La Louvière", None],
        ["Atelier\nsur deux lignes", "Binche, Estinnes", "1999"],
        ["Œuvres sociales", None, "2001"],
    ]
    data = b"".join(csvio.write(["Nom", "Localité", "Année"], rows))

    result = csvio.parse(data, COLUMNS)

    assert result.ok
    assert [row.values for row in result.rows] == [
        {"name": "École; du soir", "city": "Mons", "year": 2024},
        {"name": 'Le "Bon" Départ', "city": "La Louvière", "year": None},
        {"name": "Atelier\nsur deux lignes", "city": "Binche, Estinnes", "year": 1999},
        {"name": "Œuvres sociales", "city": None, "year": 2001},
    ]
    assert [row.line for row in result.rows] == [2, 3, 4, 6]


def test_a_header_with_commas_in_its_names_round_trips():
    columns = [Column("name", "Nom", required=True), Column("address", "Adresse (rue, numéro, boîte)")]
    data = b"".join(csvio.write(["Nom", "Adresse (rue, numéro, boîte)"], [["École", "Rue Haute, 12, bte 3"]]))

    result = csvio.parse(data, columns)

    assert result.ok
    assert result.rows[0].values == {"name": "École", "address": "Rue Haute, 12, bte 3"}


def test_formulas_are_neutralised_on_export_and_restored_on_import() -> None:
    from synergies.lib.csvio import Column, parse, write

    data = b"".join(write(["Nom", "Tel"], [['=HYPERLINK("http://x")', "+32 65 12 34 56"], ["@SUM(A1)", "-12"]]))
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert ";+32 65 12 34 56" in text and ";-12" in text
    result = parse(data, [Column("name", "Nom"), Column("tel", "Tel")])
    assert [row.values["name"] for row in result.rows] == ['=HYPERLINK("http://x")', "@SUM(A1)"]
