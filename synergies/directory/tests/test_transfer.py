"""CSV import and export of organisations, with files shaped as Belgian offices produce them."""

from collections.abc import Callable
from typing import Any

import pytest

from synergies.basins.models import Basin, Commune
from synergies.directory import services, transfer
from synergies.directory.models import Organisation
from synergies.directory.tests.utils import plain
from synergies.lib import csvio
from synergies.lib.models import AuditEntry
from synergies.testing.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db

HEADER = "Nom;Sigle;Type;Numéro d'entreprise;Site web;E-mail;Téléphone;Communes;Description"


def excel_csv(*rows: str, header: str = HEADER) -> bytes:
    """A file as Excel in a Belgian locale saves it: semicolons, CRLF, Windows-1252."""
    return "\r\n".join([header, *rows, ""]).encode("cp1252")


def problems_of(excinfo: Any) -> list[str]:
    return [plain(str(p)) for p in excinfo.value.problems]


def test_an_excel_file_in_windows_1252_imports_with_its_accents_intact(basin: Basin, secretary: Any) -> None:
    data = excel_csv(
        "École technique de Binche;ETB;École secondaire qualifiante (technique, professionnel);0403.170.701;"
        "www.etb.example;Secretariat@ETB.example;064 33 33 33;Binche, Estinnes;Électricité, mécanique & soudure",
        "Les Mots Partagés;;Lire et Écrire, association d'alphabétisation;;;;;La Louvière;Alphabétisation à Haine",
        "CPAS de Le Rœulx;;CPAS;BE 0202.039.221;;;;Le Rœulx;",
        "Maison de l’emploi de Lens;;Maison de l'emploi;;;;;7870;Accueil « tout public »",
    )
    assert b"\r\n" in data
    assert "É".encode("cp1252") in data
    report = transfer.import_organisations(data, basin=basin, by=secretary)

    assert len(report.created) == 4
    assert report.updated == []
    school = Organisation.objects.get(name="École technique de Binche")
    assert school.acronym == "ETB"
    assert school.type == "secondary_school"
    assert school.enterprise_number == "0403170701"
    assert school.website == "https://www.etb.example"
    assert school.email == "secretariat@etb.example"
    assert school.description == "Électricité, mécanique & soudure"
    assert school.basin == basin
    assert [(s.commune.name, s.is_main) for s in school.sites.select_related("commune")] == [
        ("Binche", True),
        ("Estinnes", False),
    ]
    literacy = Organisation.objects.get(name="Les Mots Partagés")
    assert literacy.type == "literacy"
    assert literacy.description == "Alphabétisation à Haine"
    assert literacy.enterprise_number is None
    cpas = Organisation.objects.get(name="CPAS de Le Rœulx")
    assert cpas.enterprise_number == "0202039221"
    assert cpas.communes()[0].name == "Le Rœulx"
    house = Organisation.objects.get(name="Maison de l’emploi de Lens")
    assert house.description == "Accueil « tout public »"
    assert house.communes()[0].name == "Lens"
    entry = AuditEntry.objects.get(verb="organisation.import")
    assert entry.actor == secretary
    assert "4 créée(s), 0 mise(s) à jour" in entry.message


def test_a_utf8_file_with_bom_and_commas_imports(basin: Basin, secretary: Any) -> None:
    text = (
        "Nom,Type,Communes,Description\n"
        'Tremplin Formation,CISP,Chapelle-lez-Herlaimont,"Formation, orientation"\n'
        "Maison de l’emploi de Lens,Maison de l'emploi,Lens,\n"
    )
    report = transfer.import_organisations(b"\xef\xbb\xbf" + text.encode("utf-8"), basin=basin, by=secretary)
    assert sorted(o.name for o in report.created) == ["Maison de l’emploi de Lens", "Tremplin Formation"]
    tremplin = Organisation.objects.get(name="Tremplin Formation")
    assert tremplin.type == "cisp"
    assert tremplin.description == "Formation, orientation"
    assert Organisation.objects.get(name__startswith="Maison").type == "employment_house"


def test_header_spellings_are_recognised_whatever_the_case_and_accents(basin: Basin, secretary: Any) -> None:
    data = "RAISON SOCIALE;catégorie;BCE;Courriel;Localité\r\nFonds Construction;Fonds sectoriel de formation;1000000021;;Mons\r\n"
    transfer.import_organisations(data.encode("cp1252"), basin=basin, by=secretary)
    organisation = Organisation.objects.get()
    assert organisation.name == "Fonds Construction"
    assert organisation.type == "sector_fund"
    assert organisation.enterprise_number == "1000000021"
    assert organisation.communes()[0].name == "Mons"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("La Louvière", "La Louvière"),
        ("la louviere", "La Louvière"),
        ("LA LOUVIÈRE", "La Louvière"),
        ("7100", "La Louvière"),
        ("58001", "La Louvière"),
        ("55022", "La Louvière"),
        ("56011", "Binche"),
        ("52063", "Seneffe"),
        ("55085", "Seneffe"),
        ("7190", "Écaussinnes"),
        ("ecaussinnes", "Écaussinnes"),
        ("Le Roeulx", "Le Rœulx"),
    ],
)
def test_communes_are_found_by_name_postal_code_and_current_or_old_nis_code(
    basin: Basin, secretary: Any, written: str, expected: str
) -> None:
    transfer.import_organisations(excel_csv(f"ALE;;ALE;;;;;{written};"), basin=basin, by=secretary)
    assert [c.name for c in Organisation.objects.get().communes()] == [expected]


def test_several_communes_may_be_separated_by_commas_slashes_or_pipes(basin: Basin, secretary: Any) -> None:
    data = 'Nom;Type;Communes\r\nEPN;EPN;"Mons, 7000 / Dour|Boussu"\r\n'.encode("cp1252")
    transfer.import_organisations(data, basin=basin, by=secretary)
    assert [c.name for c in Organisation.objects.get().communes()] == ["Mons", "Boussu", "Dour"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Inconnue;;Boulangerie;;;;;;", "Ligne 3, colonne « Type » : type « Boulangerie » inconnu."),
        ("Mauvais numéro;;CISP;0403.170.702;;;;;", "Ligne 3, colonne « Numéro d'entreprise » : Le numéro d'entreprise"),
        ("Format;;CISP;12345;;;;;", "Ligne 3, colonne « Numéro d'entreprise » : « 12345 » n'est pas un numéro"),
        ("Commune;;CISP;;;;;Paris;", "Ligne 3, colonne « Communes » : commune « Paris » inconnue."),
        ("Courriel;;CISP;;;pas-une-adresse;;;", "Ligne 3, colonne « E-mail » : adresse e-mail « pas-une-adresse »"),
        ("Site;;CISP;;pas une url;;;;", "Ligne 3, colonne « Site web » : adresse web « pas une url » invalide."),
        (";;CISP;;;;;;", "Ligne 3, colonne « Nom » : valeur obligatoire manquante."),
        ("Sans type;;;;;;;;", "Ligne 3, colonne « Type » : valeur obligatoire manquante."),
        ("Trop;;CISP;;;;;;;en trop", "Ligne 3 : plus de valeurs que de colonnes dans l'en-tête."),
        (
            "Sigle;" + "X" * 31 + ";CISP;;;;;;",
            "Ligne 3, colonne « Sigle » : texte trop long (31 caractères, maximum 30).",
        ),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_line_and_the_reason_in_french(
    basin: Basin, secretary: Any, row: str, expected: str
) -> None:
    data = excel_csv("Bonne organisation;;CISP;;;;;Mons;", row)
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(data, basin=basin, by=secretary)
    problems = problems_of(excinfo)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems
    assert excinfo.value.problems[0].line == 3
    assert Organisation.objects.count() == 0
    assert not AuditEntry.objects.filter(verb__startswith="organisation").exists()


def test_a_name_given_twice_in_the_file_imports_nothing_and_names_both_lines(basin: Basin, secretary: Any) -> None:
    data = excel_csv("École de Mons;;CISP;;;;;;", "ECOLE DE MONS;;CPAS;;;;;;")
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(data, basin=basin, by=secretary)
    assert problems_of(excinfo) == ["Ligne 3, colonne « Nom » : même nom qu’à la ligne 2."]
    assert Organisation.objects.count() == 0


def test_every_problem_of_the_file_is_reported_at_once_in_line_order(basin: Basin, secretary: Any) -> None:
    data = excel_csv(
        "Un;;CISP;0403170701;;;;;",
        "Deux;;Boulangerie;;;;;;",
        "Trois;;CISP;0403.170.701;;;;Atlantis;",
        "un;;CPAS;;;;;;",
    )
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(data, basin=basin, by=secretary)
    problems = problems_of(excinfo)
    assert problems == [
        "Ligne 3, colonne « Type » : type « Boulangerie » inconnu.",
        "Ligne 4, colonne « Numéro d'entreprise » : même numéro qu’à la ligne 2.",
        "Ligne 4, colonne « Communes » : commune « Atlantis » inconnue.",
        "Ligne 5, colonne « Nom » : même nom qu’à la ligne 2.",
    ]
    assert Organisation.objects.count() == 0


def test_line_numbers_count_physical_lines_across_multi_line_cells_and_blank_lines(
    basin: Basin, secretary: Any
) -> None:
    data = excel_csv('Un;;CISP;;;;;;"première ligne\r\ndeuxième ligne"', ";;;;;;;;", "Deux;;Inconnu;;;;;;")
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(data, basin=basin, by=secretary)
    assert problems_of(excinfo) == ["Ligne 5, colonne « Type » : type « Inconnu » inconnu."]


def test_an_enterprise_number_used_in_another_basin_is_refused(
    basin: Basin, other_basin: Basin, secretary: Any
) -> None:
    OrganisationFactory.create(basin=other_basin, name="Entreprise namuroise", enterprise_number="0403170701")
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(excel_csv("Copie;;Entreprise;0403.170.701;;;;;"), basin=basin, by=secretary)
    assert problems_of(excinfo) == [
        "Ligne 2, colonne « Numéro d'entreprise » : numéro déjà utilisé par « Entreprise namuroise » dans un autre bassin."
    ]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Ligne 1 : le fichier est vide."),
        (b"   \r\n  ", "Ligne 1 : le fichier est vide."),
        ("Nom;Couleur\r\nA;bleu\r\n".encode("cp1252"), "Ligne 1, colonne « Couleur » : colonne inconnue."),
        ("Nom;Sigle\r\nA;B\r\n".encode("cp1252"), "Ligne 1, colonne « Type » : colonne obligatoire absente."),
        ("Nom;Type;Nom\r\nA;CISP;B\r\n".encode("cp1252"), "Ligne 1, colonne « Nom » : colonne présente deux fois."),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_whole(basin: Basin, secretary: Any, data: bytes, expected: str) -> None:
    with pytest.raises(csvio.CsvError) as excinfo:
        transfer.import_organisations(data, basin=basin, by=secretary)
    assert expected in problems_of(excinfo)
    assert Organisation.objects.count() == 0


def test_a_row_matching_an_existing_name_or_number_updates_it(
    basin: Basin, secretary: Any, commune: Callable[[str], Commune]
) -> None:
    by_name = OrganisationFactory.create(name="Alpha Borinage", type="literacy")
    SiteFactory.create(organisation=by_name, commune=commune("Frameries"))
    by_number = OrganisationFactory.create(name="Ancien nom SA", type="company", enterprise_number="0877123488")
    data = excel_csv(
        "ALPHA BORINAGE;AB;Lire et Écrire, association d'alphabétisation;;;;;;Nouvelle description",
        "Nouveau nom SA;;Entreprise;0877.123.488;;;;Manage;",
    )
    report = transfer.import_organisations(data, basin=basin, by=secretary)
    assert report.created == []
    assert {o.pk for o in report.updated} == {by_name.pk, by_number.pk}
    by_name.refresh_from_db()
    by_number.refresh_from_db()
    assert by_name.acronym == "AB"
    assert by_name.name == "ALPHA BORINAGE"
    assert by_name.description == "Nouvelle description"
    assert [c.name for c in by_name.communes()] == ["Frameries"], "an empty Communes cell keeps the sites"
    assert by_number.name == "Nouveau nom SA"
    assert [c.name for c in by_number.communes()] == ["Manage"]
    assert Organisation.objects.count() == 2


def test_an_organisation_of_another_basin_with_the_same_name_is_not_updated(
    basin: Basin, other_basin: Basin, secretary: Any
) -> None:
    namur = OrganisationFactory.create(basin=other_basin, name="CPAS", type="cpas", description="Namur")
    report = transfer.import_organisations(excel_csv("CPAS;;CPAS;;;;;Mons;Mons"), basin=basin, by=secretary)
    assert len(report.created) == 1
    namur.refresh_from_db()
    assert namur.description == "Namur"


def test_exporting_then_reimporting_the_directory_updates_instead_of_duplicating(
    basin: Basin, secretary: Any, commune: Callable[[str], Commune]
) -> None:
    services.create_organisation(
        {
            "basin": basin,
            "name": "Institut technique des Métiers du Centre",
            "acronym": "ITMC",
            "type": "secondary_school",
            "enterprise_number": "0403170701",
            "website": "https://itmc.example/",
            "email": "info@itmc.example",
            "phone": "064 22 22 22",
            "description": "Filières « électricité » ; « mécanique ».\nDeuxième ligne.",
        },
        by=secretary,
        communes=[commune("La Louvière"), commune("Le Rœulx")],
    )
    services.create_organisation(
        {"basin": basin, "name": "Les Mots Partagés", "type": "literacy"}, by=secretary, communes=[commune("Binche")]
    )
    before = {o.pk: (o.name, o.slug, o.enterprise_number, o.website, o.description) for o in Organisation.objects.all()}
    exported = b"".join(
        csvio.write(transfer.HEADER, transfer.export_rows(Organisation.objects.for_listing().order_by("name")))
    )

    report = transfer.import_organisations(exported, basin=basin, by=secretary)

    assert report.created == []
    assert len(report.updated) == 2
    after = {o.pk: (o.name, o.slug, o.enterprise_number, o.website, o.description) for o in Organisation.objects.all()}
    assert after == before
    itmc = Organisation.objects.get(acronym="ITMC")
    assert [c.name for c in itmc.communes()] == ["La Louvière", "Le Rœulx"]
    assert not AuditEntry.objects.filter(verb="organisation.update").exists(), "nothing changed, nothing to log"


def test_the_export_rows_follow_the_import_header(basin: Basin, commune: Callable[[str], Commune]) -> None:
    organisation = OrganisationFactory.create(
        name="CPAS de Quévy", type="cpas", enterprise_number="0202039221", email="info@cpas.example"
    )
    SiteFactory.create(organisation=organisation, commune=commune("Quévy"))
    [row] = list(transfer.export_rows(Organisation.objects.for_listing()))
    assert dict(zip(transfer.HEADER, row, strict=True)) == {
        "Nom": "CPAS de Quévy",
        "Sigle": "",
        "Type": "CPAS",
        "Numéro d'entreprise": "0202.039.221",
        "Site web": "",
        "E-mail": "info@cpas.example",
        "Téléphone": "",
        "Communes": "Quévy",
        "Description": "",
    }
