"""Importing the interchange CSV: what a clean file writes, that a second run changes nothing, and that any bad input
is refused whole, with every problem listed by line and column."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from synergies.basins.models import Commune
from synergies.directory.models import Organisation
from synergies.lib import search
from synergies.poles.models import Pole
from synergies.practices.interchange import exporting
from synergies.practices.interchange.columns import HEADER
from synergies.practices.interchange.importer import ImportRefused, import_practices
from synergies.practices.models import Practice, Revision, Status
from synergies.practices.services.indexing import INDEX
from synergies.practices.services.records import snapshot
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_interchange import counts, csv_bytes, holder, row

pytestmark = pytest.mark.django_db


def refused(data: bytes, pole: Pole, **options: Any) -> list[tuple[int, str, str]]:
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        import_practices(data, pole, by=None, **options)
    assert counts() == before
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_a_clean_file_creates_drafts_with_their_relations_and_a_first_revision(pole: Pole, secretary: Any) -> None:
    organisation = holder(pole.basin)
    partner = holder(pole.basin, name="Lire et Écrire Centre", acronym="LEEC")
    data = csv_bytes([row(organisations="cisp les mots | LEEC")])

    report = import_practices(data, pole, by=secretary)

    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    practice = Practice.objects.get(external_id="EPALE-001")
    assert practice.status == Status.DRAFT
    assert practice.holder == organisation
    assert [p.organisation for p in practice.partners.all()] == [partner]
    assert sorted(t.concept.code for t in practice.skills.all()) == ["CB-LIT-03", "CB-LIT-04"]
    assert sorted(c.nis_code for c in practice.communes.all()) == ["53053", "58001"]
    assert practice.publics == ["ALPHA", "FLE"]
    assert practice.duration_hours == Decimal("24.5")
    assert practice.evidence_level == 2
    assert practice.created_by == secretary
    assert practice.revision == 1
    first = Revision.objects.get(practice=practice)
    assert first.snapshot == snapshot(practice)
    assert first.author == secretary


def test_empty_optional_cells_take_the_record_defaults(pole: Pole) -> None:
    holder(pole.basin)
    blank = dict.fromkeys(["publics", "skills", "communes", "modality", "duration_hours", "evidence_level"], "")
    data = csv_bytes([row(**blank, url="", contact_email="", licence="", language="", description="")])

    import_practices(data, pole, by=None)

    practice = Practice.objects.get()
    assert (practice.modality, practice.evidence_level, practice.licence, practice.language) == (
        "presentiel",
        1,
        "CC-BY-4.0",
        "fr",
    )
    assert practice.duration_hours is None


def test_importing_the_same_file_twice_creates_nothing_new_and_reports_unchanged(pole: Pole) -> None:
    holder(pole.basin)
    data = csv_bytes([row(), row(external_id="EPALE-002", title="Calcul au marché"), row(external_id="")])
    first = import_practices(data, pole, by=None)
    before = counts()

    second = import_practices(data, pole, by=None)

    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    # The row without an external identifier cannot be recognised: it always creates.
    assert (second.created, second.updated, second.unchanged) == (1, 0, 2)
    assert counts()["revisions"] == before["revisions"] + 1


def test_a_changed_row_updates_its_record_with_one_new_revision(pole: Pole) -> None:
    holder(pole.basin)
    import_practices(csv_bytes([row()]), pole, by=None)

    report = import_practices(csv_bytes([row(title="Atelier de lecture du lundi", skills="CB-LIT-03")]), pole, by=None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    practice = Practice.objects.get()
    assert practice.title == "Atelier de lecture du lundi"
    assert [t.concept.code for t in practice.skills.all()] == ["CB-LIT-03"]
    assert practice.revision == 2
    assert Revision.objects.filter(practice=practice).count() == 2


def test_an_update_keeps_secondary_skills_and_partner_roles_the_file_cannot_express(pole: Pole) -> None:
    organisation = holder(pole.basin)
    practice = make_practice(pole, holder=organisation, status=Status.PUBLISHED, external_id="X-1")
    practice.skills.update(is_main=False)
    exported = b"".join(exporting.csv_chunks(Practice.objects.all(), with_contact=True))

    report = import_practices(exported.replace(b"Atelier de lecture", b"Atelier du soir"), pole, by=None)

    assert report.updated == 1
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert not practice.skills.get().is_main


def test_export_then_import_changes_nothing(pole: Pole) -> None:
    organisation = holder(pole.basin)
    partner = holder(pole.basin, name="Forem Mons")
    make_practice(
        pole,
        holder=organisation,
        external_id="A-1",
        skills=("CB-LIT-03", "CB-NUM-02"),
        communes=("58001", "53053"),
        publics=["DE", "ALPHA"],
        duration_hours=Decimal("12.5"),
        url="https://example.org/a",
        contact_email="a@example.org",
        description="- une liste\n- =SOMME(A1:A2)\n\nEt une ligne ; avec « guillemets ».",
        title='=HYPERLINK("http://mal.example")',
    )
    second = make_practice(pole, holder=partner, external_id="A-2", status=Status.DRAFT, title="Brouillon")
    Practice.objects.filter(pk=second.pk).update(evidence_level=4)
    make_practice(pole, holder=organisation, external_id="A-3", duration_hours=Decimal("3"))
    from synergies.practices.models import Partner

    Partner.objects.create(practice=Practice.objects.get(external_id="A-3"), organisation=partner, role="accueil")
    exported = b"".join(exporting.csv_chunks(Practice.objects.all(), with_contact=True))
    before = {p.pk: snapshot(p) for p in Practice.objects.all()}
    revisions = Revision.objects.count()

    report = import_practices(exported, pole, by=None)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert {p.pk: snapshot(p) for p in Practice.objects.all()} == before
    assert Revision.objects.count() == revisions
    assert b"".join(exporting.csv_chunks(Practice.objects.all(), with_contact=True)) == exported


def test_unknown_organisations_are_created_once_unverified_in_the_basin(pole: Pole) -> None:
    data = csv_bytes(
        [
            row(organisations="Maison de l’emploi de Binche | ASBL Nouvelle"),
            row(external_id="B-2", organisations="asbl nouvelle"),
        ]
    )

    report = import_practices(data, pole, by=None)

    assert report.organisations_created == 2
    created = Organisation.objects.get(name="ASBL Nouvelle")
    assert (created.basin, created.is_verified, created.type) == (pole.basin, False, "expert")
    assert Practice.objects.get(external_id="B-2").holder == created


def test_an_ambiguous_organisation_name_is_a_problem(pole: Pole) -> None:
    holder(pole.basin, name="CPAS de Mons")
    holder(pole.basin, name="Cpas de Mons", acronym="")

    problems = refused(csv_bytes([row(organisations="CPAS de Mons")]), pole)

    assert problems[0][:2] == (2, "organisations")
    assert "plusieurs organisations" in problems[0][2]


def test_communes_may_be_given_by_their_codes_from_before_2019(pole: Pole) -> None:
    holder(pole.basin)

    import_practices(csv_bytes([row(communes="55022|56011")]), pole, by=None)

    assert sorted(c.name for c in Practice.objects.get().communes.all()) == ["Binche", "La Louvière"]


def test_publish_publishes_new_records_and_indexes_them(pole: Pole) -> None:
    holder(pole.basin)

    import_practices(csv_bytes([row()]), pole, by=None, publish=True)

    practice = Practice.objects.get()
    assert practice.status == Status.PUBLISHED
    assert practice.published_at is not None and practice.review_due is not None
    assert [hit.object_id for hit in search.search(INDEX, "lecture").hits] == [practice.pk]


def test_publish_publishes_an_updated_draft_and_leaves_published_ones_alone(pole: Pole) -> None:
    organisation = holder(pole.basin)
    draft = make_practice(pole, holder=organisation, status=Status.DRAFT, external_id="D-1", title="Atelier")
    published = make_practice(pole, holder=organisation, external_id="P-1", title="Atelier")
    exported = b"".join(exporting.csv_chunks(Practice.objects.order_by("pk"), with_contact=True))
    published_at = published.published_at

    report = import_practices(exported, pole, by=None, publish=True)

    assert (report.updated, report.unchanged) == (1, 1)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert published.published_at == published_at


def test_without_publish_new_records_are_not_indexed(pole: Pole) -> None:
    holder(pole.basin)

    import_practices(csv_bytes([row()]), pole, by=None)

    assert search.search(INDEX, "lecture").total == 0


def test_an_archived_record_is_not_overwritten(pole: Pole) -> None:
    make_practice(pole, holder=holder(pole.basin), status=Status.ARCHIVED, external_id="EPALE-001")

    problems = refused(csv_bytes([row()]), pole)

    assert problems[0][:2] == (2, "external_id")


def test_unknown_codes_are_all_listed_with_their_line_and_column(pole: Pole, other_basin: Any) -> None:
    holder(pole.basin)
    Commune.objects.create(
        basin=other_basin, name="Namur", slug="namur", nis_code="92094", postal_code="5000", sub_area="Namur"
    )
    data = csv_bytes(
        [
            row(),
            row(
                external_id="E-2",
                kind="atelier",
                publics="ALPHA|XYZ",
                skills="CB-LIT-99|CB-LIT",
                communes="99999|92094",
                modality="en ligne",
                licence="GPL",
                language="klingon",
            ),
            row(external_id="E-3", duration_hours="deux", evidence_level="7", url="pas une adresse", contact_email="@"),
        ]
    )

    problems = refused(data, pole)

    columns = [(line, column) for line, column, _message in problems]
    assert columns == [
        (3, "kind"),
        (3, "publics"),
        (3, "modality"),
        (3, "licence"),
        (3, "language"),
        (3, "skills"),
        (3, "skills"),
        (3, "communes"),
        (3, "communes"),
        (4, "duration_hours"),
        (4, "evidence_level"),
        (4, "url"),
        (4, "contact_email"),
    ]
    messages = dict(((line, column), message) for line, column, message in problems)
    assert "XYZ" in messages[(3, "publics")]
    assert "n’est pas du bassin" in messages[(3, "communes")]


def test_empty_required_cells_overlong_values_and_repeated_identifiers_are_problems(pole: Pole) -> None:
    holder(pole.basin)
    data = csv_bytes([row(), row(title="", summary="x" * 601, organisations=""), row(title="T" * 201)])

    problems = refused(data, pole)

    assert [(line, column) for line, column, _m in problems] == [
        (3, "title"),
        (3, "summary"),
        (3, "organisations"),
        (3, "external_id"),
        (4, "title"),
        (4, "external_id"),
    ]
    assert problems[3][2] == "même identifiant externe qu’à la ligne 2."


def test_a_missing_and_an_unknown_column_are_reported_with_the_problems_of_the_rows(pole: Pole) -> None:
    holder(pole.basin)
    header = [name for name in HEADER if name != "summary"] + ["remarques"]
    data = csv_bytes([row(kind="atelier")], header=header)

    problems = refused(data, pole)

    assert (1, "remarques") in [(line, column) for line, column, _m in problems]
    assert (1, "summary", "colonne absente.") in problems
    assert (2, "kind") in [(line, column) for line, column, _m in problems]


def test_a_broken_row_is_reported_by_its_line(pole: Pole) -> None:
    holder(pole.basin)
    good = csv_bytes([row()]).decode()
    data = (good + "EPALE-002,Titre seul\r\n" + 'E-3,"guillemet jamais fermé\r\n').encode()

    problems = refused(data, pole)

    assert problems[0][0] == 3 and "incomplète" in problems[0][2]
    assert any(line == 4 and "illisible" in message for line, _c, message in problems)


def test_too_many_cells_is_a_problem(pole: Pole) -> None:
    holder(pole.basin)
    data = (csv_bytes([row()]).decode().rstrip("\r\n") + ",en trop\r\n").encode()

    problems = refused(data, pole)

    assert problems[0][0] == 2


def test_a_file_that_is_neither_utf8_nor_windows_1252_is_refused(pole: Pole) -> None:
    data = csv_bytes([row()]) + "Ligne\x81cassée".encode("latin-1")

    problems = refused(data, pole)

    assert "encodage" in problems[0][2]


def test_a_spreadsheet_or_a_binary_file_is_refused(pole: Pole) -> None:
    assert "classeur" in refused(b"PK\x03\x04rest of a zip", pole)[0][2]
    assert "octets nuls" in refused(b"a\x00b", pole)[0][2]
    assert "vide" in refused(b"  \r\n", pole)[0][2]
    assert "aucune pratique" in refused(csv_bytes([]), pole)[0][2]


def test_a_windows_1252_file_with_semicolons_imports(pole: Pole) -> None:
    holder(pole.basin, name="École de la Providence")
    data = csv_bytes([row(organisations="Ecole de la providence", title="Lire à Écaussinnes")], delimiter=";")

    import_practices(data.decode().encode("cp1252"), pole, by=None)

    assert Practice.objects.get().title == "Lire à Écaussinnes"


def test_a_file_with_a_bom_and_semicolons_reports_every_problem(pole: Pole) -> None:
    holder(pole.basin)
    data = csv_bytes([row(kind="x"), row(external_id="Z", skills="NOPE")], delimiter=";", bom=True)

    problems = refused(data, pole)

    assert [(line, column) for line, column, _m in problems] == [(2, "kind"), (3, "skills")]


def test_a_dry_run_says_what_would_happen_and_writes_nothing(pole: Pole) -> None:
    holder(pole.basin)
    before = counts()

    report = import_practices(
        csv_bytes([row(), row(external_id="N", organisations="Inconnue")]), pole, by=None, dry_run=True
    )

    assert (report.created, report.organisations_created, report.new_organisations) == (2, 1, ["Inconnue"])
    assert counts() == before
    assert not Organisation.objects.filter(name="Inconnue").exists()


def test_progress_is_reported_for_checking_and_writing(pole: Pole) -> None:
    holder(pole.basin)
    heard: list[tuple[str, int, int]] = []

    import_practices(
        csv_bytes([row(external_id=f"P-{n}") for n in range(3)]), pole, by=None, progress=lambda *a: heard.append(a)
    )

    assert ("validated", 3, 3) in heard
    assert heard[-1] == ("written", 3, 3)


def test_titles_already_taken_get_numbered_slugs(pole: Pole) -> None:
    organisation = holder(pole.basin)
    make_practice(pole, holder=organisation, title="Atelier de lecture à voix haute")

    import_practices(csv_bytes([row(external_id=""), row(external_id="")]), pole, by=None)

    slugs = sorted(Practice.objects.values_list("slug", flat=True))
    assert slugs == [
        "atelier-de-lecture-a-voix-haute",
        "atelier-de-lecture-a-voix-haute-2",
        "atelier-de-lecture-a-voix-haute-3",
    ]
