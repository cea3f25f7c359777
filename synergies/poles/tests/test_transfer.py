"""Import and export of a pôle's composition, as the Instance keeps it: Excel workbooks and Excel-made CSV files."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation, Person
from synergies.lib.csvio import CsvError, Problem
from synergies.lib.models import AuditEntry
from synergies.poles import services, transfer
from synergies.poles.models import Pole, Seat
from synergies.testing.factories import (
    AffiliationFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = "Organe;Organisation;Représentant·e;Suppléant·e;Origine;Chambre;Rôle;Début;Fin;Désignation;Date de désignation;Compétent;Noms publiés"
ROWS = [
    "CoPil;Athénée royal de Binche;Anne Dupont;;Chambre Enseignement;;Présidente;01/03/2025;;IB-2025-04;20/02/2025;oui;oui",
    "Comité de pilotage;Le Forem Formation;Bruno Lambert;claire.martin@forem.example;chambre emploi-formation;"
    "Chambre Emploi-Formation Centre;membre;2025-03-01;;IB-2025-04;2025-02-20;oui;non",
    "comite de pilotage;Maison de l’emploi de Binche;Denis Petit;;INSTANCE;;vice-président;1/3/2025;28/02/2028;"
    "IB-2025-04;20/02/2025;;non",
    "Groupe numérique;;Eva Experte;;Personne ressource;;personne ressource;15/04/2025;31/12/2025;;;non;non",
]
EXPECTED = [
    # body, organisation, representative, substitute, origin, chamber, role, start, end, reference, designated,
    # competent, names public
    (
        "Comité de pilotage",
        "Athénée royal de Binche",
        "Anne Dupont",
        None,
        "chamber_education",
        "Chambre Enseignement Hainaut-Centre",
        "chair",
        D(2025, 3, 1),
        None,
        "IB-2025-04",
        D(2025, 2, 20),
        True,
        True,
    ),
    (
        "Comité de pilotage",
        "Le Forem Formation",
        "Bruno Lambert",
        "Claire Martin",
        "chamber_employment_training",
        "Chambre Emploi-Formation Centre",
        "member",
        D(2025, 3, 1),
        None,
        "IB-2025-04",
        D(2025, 2, 20),
        True,
        False,
    ),
    (
        "Comité de pilotage",
        "Maison de l’emploi de Binche",
        "Denis Petit",
        None,
        "instance",
        None,
        "vice_chair",
        D(2025, 3, 1),
        D(2028, 2, 28),
        "IB-2025-04",
        D(2025, 2, 20),
        True,
        False,
    ),
    (
        "Groupe numérique",
        None,
        "Eva Experte",
        None,
        "resource_person",
        None,
        "resource_person",
        D(2025, 4, 15),
        D(2025, 12, 31),
        "",
        None,
        False,
        False,
    ),
]


# --- the basin, its people and its pôle --------------------------------------------------------------------------


def _pole(basin: Basin, by: Any, code: str) -> Pole:
    pole = services.create_pole(
        {
            "basin": basin,
            "name": f"Compétences de base {code}",
            "code": code,
            "theme_kind": "transversal",
            "transversal_reference": "IB-2019-01",
            "transversal_date": D(2019, 1, 15),
        },
        by=by,
    )
    services.create_working_group(pole, {"name": "Groupe numérique"}, by=by)
    return pole


@pytest.fixture
def people(basin: Basin) -> dict[str, Any]:
    binche = Commune.objects.get(name="Binche")
    louviere = Commune.objects.get(name="La Louvière")
    school = OrganisationFactory.create(
        basin=basin, name="Athénée royal de Binche", type="secondary_school", enterprise_number="0403170701"
    )
    forem = OrganisationFactory.create(basin=basin, name="Le Forem Formation", acronym="Forem", type="forem_training")
    house = OrganisationFactory.create(basin=basin, name="Maison de l’emploi de Binche", type="employment_house")
    for organisation, commune in ((school, binche), (forem, louviere), (house, binche)):
        SiteFactory.create(organisation=organisation, commune=commune)

    def person(first: str, last: str, *, email: str = "", of: Organisation | None = None) -> Person:
        someone = PersonFactory.create(
            basin=basin, first_name=first, last_name=last, email=email or f"{first}.{last}@example.org".lower()
        )
        if of is not None:
            AffiliationFactory.create(person=someone, organisation=of, start_date=D(2020, 1, 1))
        return someone

    return {
        "school": school,
        "forem": forem,
        "house": house,
        "anne": person("Anne", "Dupont", of=school),
        "bruno": person("Bruno", "Lambert", of=forem),
        "claire": person("Claire", "Martin", email="claire.martin@forem.example", of=forem),
        "denis": person("Denis", "Petit", of=house),
        "eva": person("Eva", "Experte"),
        "marc_school": person("Marc", "Leroy", email="marc.leroy@athenee.example", of=school),
        "marc_house": person("Marc", "Leroy", email="marc.leroy@maison.example", of=house),
    }


@pytest.fixture
def pole(basin: Basin, secretary: Any, people: dict[str, Any]) -> Pole:
    return _pole(basin, secretary, "CB")


def excel_csv(*rows: str, header: str = HEADER) -> bytes:
    """A file as Excel in a Belgian locale saves it: semicolons, CRLF, Windows-1252."""
    return "\r\n".join([header, *rows, ""]).encode("cp1252")


def excel_workbook(*rows: list[Any], header: str = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header.split(";"))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def composition(pole: Pole) -> list[tuple[Any, ...]]:
    seats = Seat.objects.of_pole(pole).select_related("body", "organisation", "representative", "substitute", "chamber")
    return sorted(
        (
            (
                s.body.name,
                s.organisation.name if s.organisation else None,
                s.representative.full_name if s.representative else None,
                s.substitute.full_name if s.substitute else None,
                s.origin,
                s.chamber.name if s.chamber else None,
                s.role,
                s.start,
                s.end,
                s.designation_reference,
                s.designation_date,
                s.competent_in_theme,
                s.names_public,
            )
            for s in seats
        ),
        key=repr,
    )


def refusal(data: bytes, pole: Pole, by: Any, filename: str = "composition.csv") -> list[Problem]:
    with pytest.raises(CsvError) as caught:
        transfer.import_composition(data, pole=pole, by=by, filename=filename)
    return caught.value.problems


def as_text(row: list[Any]) -> str:
    return ";".join(v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v or "" for v in row)


def plain(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.column, p.message.replace("\xa0", " ")) for p in problems]


# --- importing ---------------------------------------------------------------------------------------------------


def test_a_semicolon_windows_1252_csv_and_an_xlsx_import_the_same_composition(
    basin: Basin, secretary: Any, pole: Pole
) -> None:
    data = excel_csv(*ROWS)
    assert "’".encode("cp1252") in data and "·".encode("cp1252") in data
    workbook = excel_workbook(
        # the school by its enterprise number, which Excel stored as a number
        [
            "CoPil",
            403170701,
            "Anne Dupont",
            None,
            "Chambre Enseignement",
            None,
            "président",
            D(2025, 3, 1),
            None,
            "IB-2025-04",
            D(2025, 2, 20),
            True,
            "OUI",
        ],
        [
            "Comité de pilotage",
            "Forem",
            "Lambert Bruno",
            "Claire Martin",
            "Chambre Emploi Formation",
            "Chambre Emploi-Formation Centre",
            "Membre",
            datetime.datetime(2025, 3, 1),
            None,
            "IB-2025-04",
            D(2025, 2, 20),
            "oui",
            "non",
        ],
        [
            "Comité de pilotage",
            "Maison de l'emploi de Binche",
            "denis.petit@example.org",
            None,
            "Instance",
            None,
            "Vice-Présidente",
            D(2025, 3, 1),
            D(2028, 2, 28),
            "IB-2025-04",
            D(2025, 2, 20),
            None,
            False,
        ],
        [
            "groupe numerique",
            None,
            "Eva Experte",
            None,
            "personne-ressource",
            None,
            "Personne ressource",
            D(2025, 4, 15),
            D(2025, 12, 31),
            None,
            None,
            "non",
            "non",
        ],
    )
    other = _pole(basin, secretary, "CB2")

    from_csv = transfer.import_composition(data, pole=pole, by=secretary, filename="composition.csv")
    from_xlsx = transfer.import_composition(workbook, pole=other, by=secretary, filename="Composition.XLSX")

    assert (from_csv.created, from_csv.updated, from_csv.file_format) == (4, 0, "csv")
    assert (from_xlsx.created, from_xlsx.updated, from_xlsx.file_format) == (4, 0, "xlsx")
    assert composition(pole) == composition(other) == sorted(EXPECTED, key=repr)


def test_a_utf8_comma_file_with_aliases_in_the_header_imports_too(secretary: Any, pole: Pole) -> None:
    text = (
        "Comité,Organisme,Représentant,Suppléante,Issu de,Fonction,Date de début,Référence,Désigné le\n"
        "CoPil,Athénée royal de Binche,Anne Dupont,,Chambre Enseignement,presidente,01/03/2025,IB-2025-04,20/02/2025\n"
    )

    report = transfer.import_composition(b"\xef\xbb\xbf" + text.encode(), pole=pole, by=secretary)

    assert report.created == 1
    seat = Seat.objects.get()
    assert (seat.role, seat.chamber.name if seat.chamber else None) == ("chair", "Chambre Enseignement Hainaut-Centre")
    assert (seat.competent_in_theme, seat.names_public) == (True, False)


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line_and_the_reason(secretary: Any, pole: Pole) -> None:
    rows = [*ROWS]
    rows[2] = rows[2].replace("1/3/2025", "31/02/2025")

    problems = refusal(excel_csv(*rows), pole, secretary)

    assert plain(problems) == [
        (4, "Début", "date « 31/02/2025 » invalide : écrivez-la JJ/MM/AAAA (p. ex. 01/03/2025) ou AAAA-MM-JJ.")
    ]
    assert str(problems[0]).startswith("Ligne 4, colonne «\xa0Début\xa0»")
    assert not Seat.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="pole.seat").exists()
    assert not AuditEntry.objects.filter(verb="pole.composition.import").exists()


def test_every_problem_of_the_file_is_reported_at_once_with_its_line_and_column(secretary: Any, pole: Pole) -> None:
    data = excel_csv(
        "Groupe mobilité;;Eva Experte;;Personne ressource;;membre;01/03/2025;;;;;",
        "CoPil;Athénée de Mons;Anne Dupont;;Instance;;membre;01/03/2025;;IB-1;01/02/2025;;",
        "CoPil;;Marc Leroy;;Personne ressource;;membre;01/03/2025;;IB-1;01/02/2025;;",
        "CoPil;Le Forem Formation;Bruno Lambert;Zoé Inconnue;Chambre Emploi-Formation;Chambre du Borinage;"
        "trésorier;01/03/25;;IB-1;01/02/2025;peut-être;",
        "CoPil;0403.170.702;;;Chambre des métiers;;;;;;;;",
        "CoPil;0202.039.221;;;Instance;;;01/03/2025;;;;;",
    )

    problems = plain(refusal(data, pole, secretary))

    assert [(line, column) for line, column, _ in problems] == [
        (2, "Organe"),
        (3, "Organisation"),
        (4, "Représentant·e"),
        (5, "Rôle"),
        (5, "Début"),
        (5, "Compétent"),
        (5, "Suppléant·e"),
        (5, "Chambre"),
        (6, "Origine"),
        (6, "Début"),
        (6, "Organisation"),
        (7, "Organisation"),
    ]
    messages = dict(((line, column), message) for line, column, message in problems)
    assert messages[2, "Organe"] == (
        "organe « Groupe mobilité » inconnu : un groupe de travail doit être créé dans le pôle avant l’import "
        "(organes existants : « Comité de pilotage », « Groupe numérique »)."
    )
    assert messages[3, "Organisation"].startswith("organisation « Athénée de Mons » introuvable")
    assert messages[4, "Représentant·e"].startswith("plusieurs personnes du bassin s’appellent « Marc Leroy »")
    assert messages[5, "Rôle"].startswith("rôle « trésorier » inconnu : écrivez « président·e »")
    assert messages[5, "Compétent"] == "« peut-être » : répondez « oui » ou « non »."
    assert messages[5, "Suppléant·e"].startswith("personne « Zoé Inconnue » introuvable")
    assert messages[5, "Chambre"].startswith("chambre « Chambre du Borinage » inconnue dans ce bassin")
    assert messages[6, "Origine"].startswith("origine « Chambre des métiers » inconnue")
    assert messages[6, "Début"] == "valeur obligatoire manquante."
    assert messages[6, "Organisation"] == (
        "Le numéro d'entreprise « 0403.170.702 » est invalide : ses deux derniers chiffres ne correspondent pas au "
        "contrôle modulo 97."
    )
    assert messages[7, "Organisation"] == "aucune organisation du bassin n’a le numéro d’entreprise « 0202.039.221 »."
    assert not Seat.objects.exists()


def test_the_service_s_refusals_are_reported_on_their_line(secretary: Any, pole: Pole) -> None:
    data = excel_csv(
        ROWS[0],
        # Bruno works at the Forem, not at the school
        "CoPil;Athénée royal de Binche;Bruno Lambert;;Instance;;membre;01/03/2025;;IB-2025-04;20/02/2025;;",
        # the Instance designates the committee's members
        "CoPil;Maison de l’emploi de Binche;Denis Petit;;Instance;;membre;01/03/2025;;;;;",
        "Groupe numérique;;Eva Experte;;Personne ressource;;membre;01/03/2025;;;;;",
        # the same person twice in a body over the same period
        "Groupe numérique;;Eva Experte;;Personne ressource;;membre;01/06/2025;;;;;",
        # a designation without the reference of the decision
        "Groupe numérique;Le Forem Formation;Bruno Lambert;;Instance;;membre;01/03/2025;;;20/02/2025;;",
    )

    problems = plain(refusal(data, pole, secretary))

    assert [(line, column) for line, column, _ in problems] == [
        (3, "Représentant·e"),
        (4, "Désignation"),
        (6, "Représentant·e"),
        (7, "Désignation"),
    ]
    assert problems[0][2] == (
        "Bruno Lambert n’est pas affilié·e à « Athénée royal de Binche » au 01/03/2025 : "
        "ajoutez d’abord l’affiliation dans l’annuaire."
    )
    assert problems[1][2].startswith("L’Instance désigne les membres du comité de pilotage")
    assert problems[2][2].startswith("Cette personne occupe déjà un siège de cet organe sur la même période")
    assert problems[3][2] == "Une désignation par l’Instance porte la référence de sa décision (R2)."
    assert not Seat.objects.exists()


def test_resolution_and_service_problems_are_reported_together(secretary: Any, pole: Pole) -> None:
    data = excel_csv(
        "CoPil;Athénée de Mons;Anne Dupont;;Instance;;membre;01/03/2025;;IB-1;01/02/2025;;",
        "CoPil;Athénée royal de Binche;Bruno Lambert;;Instance;;membre;01/03/2025;;IB-1;01/02/2025;;",
    )

    problems = plain(refusal(data, pole, secretary))

    assert [(line, column) for line, column, _ in problems] == [(2, "Organisation"), (3, "Représentant·e")]
    assert not Seat.objects.exists()


def test_the_same_seat_twice_in_the_file_is_refused(secretary: Any, pole: Pole) -> None:
    problems = plain(refusal(excel_csv(ROWS[0], ROWS[1], ROWS[0]), pole, secretary))

    assert problems == [(4, "", "même siège qu’à la ligne 2.")]


def test_a_shared_name_is_resolved_by_the_affiliation_to_the_organisation(
    secretary: Any, pole: Pole, people: dict[str, Any]
) -> None:
    data = excel_csv("CoPil;Maison de l’emploi de Binche;Marc Leroy;;Instance;;membre;01/03/2025;;IB-1;01/02/2025;;")

    transfer.import_composition(data, pole=pole, by=secretary)

    assert Seat.objects.get().representative == people["marc_house"]


def test_a_row_matching_an_existing_seat_updates_it_instead_of_adding_one(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)
    rows = [*ROWS]
    rows[1] = rows[1].replace("2025-03-01;;", "2025-03-01;31/12/2026;").replace(";oui;non", ";oui;oui")

    report = transfer.import_composition(excel_csv(*rows), pole=pole, by=secretary)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert Seat.objects.count() == 4
    seat = Seat.objects.get(representative__last_name="Lambert")
    assert (seat.end, seat.names_public) == (D(2026, 12, 31), True)
    assert AuditEntry.objects.filter(verb="pole.seat.update").count() == 1


def test_a_column_the_file_lacks_leaves_the_existing_values_alone(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)
    short_header = "Organe;Organisation;Représentant·e;Origine;Rôle;Début"
    short = ["CoPil;Le Forem Formation;Bruno Lambert;Chambre Emploi-Formation;secrétaire;01/03/2025"]

    report = transfer.import_composition(excel_csv(*short, header=short_header), pole=pole, by=secretary)

    assert (report.created, report.updated) == (0, 1)
    seat = Seat.objects.get(representative__last_name="Lambert")
    assert seat.role == "secretary"
    assert seat.substitute is not None and seat.substitute.full_name == "Claire Martin"
    assert seat.chamber is not None and seat.designation_reference == "IB-2025-04"


def test_an_import_is_recorded_in_the_audit_log(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary, filename="compo.csv")

    entry = AuditEntry.objects.get(verb="pole.composition.import")
    assert entry.actor == secretary
    assert entry.action == AuditEntry.Action.IMPORT
    assert "4 siège(s) ajouté(s), 0 mis à jour, 0 inchangé(s) (compo.csv)" in entry.message


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(secretary: Any, pole: Pole) -> None:
    problems = plain(refusal(excel_csv(*ROWS), pole, secretary, filename="composition.xlsx"))

    assert problems == [(1, "", "ce fichier n’est pas un classeur Excel (.xlsx) valide.")]


def test_a_file_with_a_header_and_no_rows_is_refused(secretary: Any, pole: Pole) -> None:
    problems = plain(refusal(excel_csv(), pole, secretary))

    assert problems == [(2, "", "aucune ligne à importer sous l’en-tête.")]


def test_an_expired_pole_s_composition_cannot_be_imported(secretary: Any, pole: Pole) -> None:
    MandateFactory.create(pole=pole, start=D(2020, 1, 1), end=D(2022, 12, 31))

    [problem] = refusal(excel_csv(*ROWS), pole, secretary)

    assert "sa composition ne peut plus être modifiée (R7)" in problem.message
    assert not Seat.objects.exists()


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Président·e", "chair"),
        ("président", "chair"),
        ("PRESIDENTE", "chair"),
        ("Vice-présidente", "vice_chair"),
        ("vice president", "vice_chair"),
        ("Secrétaire", "secretary"),
        ("membre", "member"),
        ("Personne-ressource", "resource_person"),
        ("observatrice", "observer"),
        ("Observateur·rice", "observer"),
    ],
)
def test_roles_are_read_whatever_their_gender_accents_or_case(word: str, code: str) -> None:
    assert transfer._parse_role(word) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Instance", "instance"),
        ("instance bassin", "instance"),
        ("Chambre Enseignement", "chamber_education"),
        ("CHAMBRE ENSEIGNEMENT", "chamber_education"),
        ("Chambre Emploi-Formation", "chamber_employment_training"),
        ("chambre emploi formation", "chamber_employment_training"),
        ("Personne ressource", "resource_person"),
        ("personne-ressource", "resource_person"),
    ],
)
def test_origins_are_read_whatever_their_accents_or_case(word: str, code: str) -> None:
    assert transfer._parse_origin(word) == code


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01/03/2025", D(2025, 3, 1)),
        ("1/3/2025", D(2025, 3, 1)),
        ("2025-03-01", D(2025, 3, 1)),
        ("01.03.2025", D(2025, 3, 1)),
    ],
)
def test_dates_are_read_the_belgian_way_or_iso(text: str, day: datetime.date) -> None:
    assert transfer._parse_date(text) == day


# --- exporting ---------------------------------------------------------------------------------------------------


def _seat_values(pole: Pole) -> list[Any]:
    return list(Seat.objects.of_pole(pole).order_by("pk").values())


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_without_changing_anything(secretary: Any, pole: Pole, file_format: str) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)
    # a seat held by one of two people of the same name, and an ended one, must survive the round trip too
    services.save_seat(
        Seat(
            body=pole.bodies.get(slug="groupe-numerique"),
            organisation=Organisation.objects.get(name="Athénée royal de Binche"),
            representative=Person.objects.get(email="marc.leroy@athenee.example"),
            origin="instance",
            role="observer",
            start=D(2024, 1, 1),
            end=D(2024, 12, 31),
        ),
        by=secretary,
    )
    before, audit_count = _seat_values(pole), AuditEntry.objects.count()
    data = b"".join(transfer.export_csv(pole)) if file_format == "csv" else transfer.export_xlsx(pole)

    report = transfer.import_composition(data, pole=pole, by=secretary, filename=f"export.{file_format}")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert _seat_values(pole) == before
    assert AuditEntry.objects.count() == audit_count + 1  # the import itself, and no seat change


def test_a_shared_name_is_exported_as_the_e_mail_address(secretary: Any, pole: Pole) -> None:
    data = excel_csv("CoPil;;marc.leroy@athenee.example;;Personne ressource;;membre;01/03/2025;;IB-1;01/02/2025;;")
    transfer.import_composition(data, pole=pole, by=secretary)

    [row] = transfer.export_rows(pole)

    assert row[:3] == ["Comité de pilotage", "", "marc.leroy@athenee.example"]


def test_the_export_lists_the_committee_first_in_the_import_s_columns(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)

    rows = transfer.export_rows(pole)

    assert [as_text(row) for row in rows] == [
        "Comité de pilotage;Athénée royal de Binche;Anne Dupont;;Chambre Enseignement;"
        "Chambre Enseignement Hainaut-Centre;président·e;01/03/2025;;IB-2025-04;20/02/2025;oui;oui",
        "Comité de pilotage;Maison de l’emploi de Binche;Denis Petit;;Instance;;vice-président·e;01/03/2025;"
        "28/02/2028;IB-2025-04;20/02/2025;oui;non",
        "Comité de pilotage;Le Forem Formation;Bruno Lambert;Claire Martin;Chambre Emploi-Formation;"
        "Chambre Emploi-Formation Centre;membre;01/03/2025;;IB-2025-04;20/02/2025;oui;non",
        "Groupe numérique;;Eva Experte;;Personne ressource;;personne ressource;15/04/2025;31/12/2025;;;non;non",
    ]
    assert [type(v) for v in rows[1][7:11]] == [datetime.date, datetime.date, str, datetime.date]


def test_an_export_on_a_day_lists_only_the_seats_in_force_that_day(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)

    assert len(transfer.export_rows(pole)) == 4
    assert [row[2] for row in transfer.export_rows(pole, day=D(2026, 1, 1))] == [
        "Anne Dupont",
        "Denis Petit",
        "Bruno Lambert",
    ]
    assert transfer.export_rows(pole, day=D(2025, 2, 28)) == []


def test_the_xlsx_export_opens_with_a_bold_frozen_header_and_real_dates(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)

    book = openpyxl.load_workbook(io.BytesIO(transfer.export_xlsx(pole)))
    sheet = book.worksheets[0]

    assert [cell.value for cell in sheet[1]] == HEADER.split(";")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Composition CB"
    assert sheet.max_row == 5
    assert sheet["H2"].is_date and sheet["H2"].value == datetime.datetime(2025, 3, 1)
    assert sheet["H2"].number_format == "DD/MM/YYYY"


def test_the_csv_export_opens_in_a_belgian_excel(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(*ROWS), pole=pole, by=secretary)

    text = b"".join(transfer.export_csv(pole)).decode("utf-8")

    assert text.startswith("\ufeff" + HEADER + "\r\n")
    assert "Comité de pilotage;Athénée royal de Binche;Anne Dupont;;Chambre Enseignement;" in text
    assert ";01/03/2025;;IB-2025-04;20/02/2025;oui;oui\r\n" in text


def test_the_export_s_query_count_does_not_grow_with_the_seats(secretary: Any, pole: Pole) -> None:
    transfer.import_composition(excel_csv(ROWS[0]), pole=pole, by=secretary)
    with CaptureQueriesContext(connection) as few:
        transfer.export_rows(pole)
    transfer.import_composition(excel_csv(*ROWS[1:]), pole=pole, by=secretary)
    with CaptureQueriesContext(connection) as many:
        transfer.export_rows(pole)

    assert len(transfer.export_rows(pole)) == 4
    assert len(many.captured_queries) == len(few.captured_queries) == 4
