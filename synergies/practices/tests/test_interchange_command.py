"""`manage.py import_practices` and `export_practices`: output, exit status, the pôle chosen, nothing written on a
problem."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from synergies.poles.models import Pole
from synergies.practices.interchange.columns import HEADER
from synergies.practices.models import Practice, Status
from synergies.practices.tests.factories import make_public_pole
from synergies.practices.tests.factories_interchange import counts, csv_bytes, holder, row

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path: Path, pole: Pole) -> Path:
    holder(pole.basin)
    path = tmp_path / "pratiques.csv"
    path.write_bytes(csv_bytes([row(), row(external_id="E-2", organisations="CISP Les Mots | Atelier Neuf")]))
    return path


def test_the_command_imports_into_the_only_pole_with_a_referential_and_summarises(good_file: Path) -> None:
    out, _err = run("import_practices", str(good_file))

    assert "créées\u00a0: 2" in out and "inchangées\u00a0: 0" in out
    assert "Atelier Neuf" in out
    assert Practice.objects.filter(status=Status.DRAFT).count() == 2


def test_a_second_run_reports_everything_unchanged(good_file: Path) -> None:
    run("import_practices", str(good_file))

    out, _err = run("import_practices", str(good_file))

    assert "créées\u00a0: 0" in out and "inchangées\u00a0: 2" in out


def test_publish_and_by_attribute_and_publish_the_records(good_file: Path, secretary: Any) -> None:
    run("import_practices", str(good_file), "--publish", "--by", secretary.email)

    assert set(Practice.objects.values_list("status", "created_by")) == {(Status.PUBLISHED, secretary.pk)}


def test_by_must_be_allowed_to_import(good_file: Path, contributor: Any) -> None:
    with pytest.raises(CommandError):
        run("import_practices", str(good_file), "--by", contributor.email)
    assert not Practice.objects.exists()


def test_a_dry_run_writes_nothing(good_file: Path) -> None:
    out, _err = run("import_practices", str(good_file), "--dry-run")

    assert "Essai" in out and "créées\u00a0: 2" in out
    assert not Practice.objects.exists()


def test_problems_are_printed_one_a_line_and_the_command_fails(tmp_path: Path, pole: Pole) -> None:
    holder(pole.basin)
    path = tmp_path / "mauvais.csv"
    path.write_bytes(csv_bytes([row(kind="atelier"), row(external_id="2", skills="CB-LIT-99")]))
    before = counts()
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_practices", str(path), stdout=io.StringIO(), stderr=err)

    assert caught.value.returncode == 1
    assert "2 problème(s)" in str(caught.value)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Ligne 2, colonne «\u00a0kind\u00a0»\u00a0:")
    assert lines[1].startswith("Ligne 3, colonne «\u00a0skills\u00a0»\u00a0:")
    assert counts() == before


def test_progress_is_printed_every_thousand_rows(tmp_path: Path, pole: Pole) -> None:
    holder(pole.basin)
    path = tmp_path / "grand.csv"
    path.write_bytes(csv_bytes([row(external_id=f"G-{n}") for n in range(1200)]))

    _out, err = run("import_practices", str(path))

    assert "1000/1200 lignes vérifiées" in err and "1200/1200 lignes écrites" in err


def test_with_several_poles_the_command_asks_which(good_file: Path, pole: Pole) -> None:
    make_public_pole(pole.basin, name="Numérique", code="NUM")

    with pytest.raises(CommandError, match="--pole"):
        run("import_practices", str(good_file))
    run("import_practices", str(good_file), "--pole", f"{pole.basin.code}/{pole.code.lower()}")
    assert Practice.objects.filter(pole=pole).count() == 2


def test_an_unknown_pole_or_file_is_an_error(good_file: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run("import_practices", str(good_file), "--pole", "nulle-part/XX")
    with pytest.raises(CommandError):
        run("import_practices", str(tmp_path / "absent.csv"))


def test_export_writes_csv_and_xlsx_that_import_back_unchanged(good_file: Path, tmp_path: Path) -> None:
    run("import_practices", str(good_file))
    exported = tmp_path / "export.csv"
    workbook = tmp_path / "export.xlsx"

    run("export_practices", "--output", str(exported))
    run("export_practices", "--format", "xlsx", "--output", str(workbook))

    assert exported.read_bytes().startswith(("\ufeff" + ";".join(HEADER)).encode())
    out, _err = run("import_practices", str(exported))
    assert "inchangées\u00a0: 2" in out
    sheet = openpyxl.load_workbook(workbook).active
    assert [c.value for c in sheet[1]] == list(HEADER) and sheet.max_row == 3


def test_export_to_standard_output(good_file: Path) -> None:
    run("import_practices", str(good_file))

    out, _err = run("export_practices", "--statut", "draft")

    assert out.startswith("\ufeff" + ";".join(HEADER)) and out.count("\r\n") == 3
