"""Backups: `manage.py backup` then `manage.py restore` gives back the very same database, table by table, on SQLite
and on PostgreSQL; a tampered archive, a file that is no backup, or a backup of another engine is refused."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from synergies.basins.reference import load_reference_data
from synergies.directory.models import Organisation
from synergies.lib import backup
from synergies.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Restoring replaces MEDIA_ROOT: never let it be the project's own var/media."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def populated(transactional_db: Any) -> dict[str, Any]:
    load_reference_data()
    organisations = [
        OrganisationFactory(name=f"Centre de formation n° {n} « Les Ateliers »", description="Émile & Zoé")
        for n in range(5)
    ]
    UserFactory(email="someone@example.org", full_name="Quelqu’un")
    return {"organisation": organisations[2]}


def _rewrite(archive: Path, target: Path, change: Any) -> Path:
    """Copy `archive` to `target`, passing its manifest through `change` on the way."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            handle = source.extractfile(member) if member.isfile() else None
            if member.name == backup.MANIFEST:
                assert handle is not None
                manifest = json.loads(handle.read())
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
            else:
                copy.addfile(member, handle)
    return target


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)


def test_a_backup_restored_after_a_wipe_gives_back_the_same_database(populated, tmp_path):
    before = backup.summarise()
    organisation = populated["organisation"]
    archive = tmp_path / "synergies.tar.gz"

    output = _backup(archive)

    assert archive.is_file()
    assert "Sauvegarde vérifiée" in output
    assert f"{len(before)} tables" in output
    _wipe()
    assert not Organisation.objects.exists()
    assert backup.summarise() != before

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert "Restauration vérifiée" in out.getvalue()
    after = backup.summarise()
    assert after == before
    assert backup.compare(before, after) == []
    restored = Organisation.objects.get(pk=organisation.pk)
    assert restored.name == organisation.name == "Centre de formation n° 2 « Les Ateliers »"
    assert restored.description == "Émile & Zoé"
    assert Organisation.objects.count() == 5


def test_the_summary_covers_every_table_with_its_row_count(populated):
    summary = backup.summarise()

    assert summary["directory_organisation"].rows == 5
    assert summary["accounts_user"].rows == 1
    assert summary["basins_basin"].rows == 10
    assert len(summary["directory_organisation"].sha256) == 64


def test_the_summary_changes_when_one_value_changes(populated):
    before = backup.summarise()
    Organisation.objects.filter(pk=populated["organisation"].pk).update(name="Autre nom")

    after = backup.summarise()

    assert backup.compare(before, after) == [
        f"directory_organisation: expected 5 rows ({before['directory_organisation'].sha256[:12]}), "
        f"found 5 rows ({after['directory_organisation'].sha256[:12]})"
    ]


def test_the_manifest_describes_the_archive(populated, tmp_path):
    archive = tmp_path / "b.tar.gz"
    _backup(archive)

    manifest = backup.read_manifest(archive)

    assert manifest["format"] == backup.FORMAT_VERSION
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["directory_organisation"]["rows"] == 5
    assert {name: backup.TableSummary(**v) for name, v in manifest["tables"].items()} == backup.summarise()
    with tarfile.open(archive, "r:gz") as content:
        assert manifest["database_file"] in content.getnames()
    assert not list(tmp_path.glob("*.partial"))


def test_uploaded_files_travel_with_the_backup(populated, tmp_path, media_root):
    (media_root / "uploads").mkdir()
    (media_root / "uploads" / "statuts.pdf").write_bytes(b"%PDF-1.7 test")
    archive = tmp_path / "with-media.tar.gz"
    _backup(archive)
    (media_root / "uploads" / "statuts.pdf").unlink()
    (media_root / "uploads" / "later.txt").write_text("written after the backup")

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    assert (media_root / "uploads" / "statuts.pdf").read_bytes() == b"%PDF-1.7 test"
    assert not (media_root / "uploads" / "later.txt").exists()


def test_a_tampered_archive_fails_to_restore_naming_the_table(populated, tmp_path):
    archive = tmp_path / "good.tar.gz"
    _backup(archive)

    def tamper(manifest: dict[str, Any]) -> None:
        manifest["tables"]["directory_organisation"]["sha256"] = "0" * 64

    tampered = _rewrite(archive, tmp_path / "tampered.tar.gz", tamper)

    with pytest.raises(CommandError, match="directory_organisation"):
        call_command("restore", str(tampered), yes=True, stdout=io.StringIO())


def test_a_tampered_sqlite_archive_is_refused_before_the_database_is_touched(populated, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("only a SQLite archive can be checked before restoring")
    archive = tmp_path / "good.tar.gz"
    _backup(archive)

    def tamper(manifest: dict[str, Any]) -> None:
        manifest["tables"]["directory_organisation"]["rows"] = 6

    tampered = _rewrite(archive, tmp_path / "tampered.tar.gz", tamper)
    Organisation.objects.filter(pk=populated["organisation"].pk).update(name="Changé depuis la sauvegarde")
    live = backup.summarise()

    with pytest.raises(CommandError, match="directory_organisation"):
        call_command("restore", str(tampered), yes=True, stdout=io.StringIO())

    assert backup.summarise() == live


@pytest.mark.parametrize(
    "content", [b"", b"just some text\n", b"%PDF-1.7 not an archive", b"\x1f\x8b\x08\x00broken gzip"]
)
def test_a_file_that_is_not_a_backup_gives_a_clear_error(populated, tmp_path, content):
    path = tmp_path / "not-a-backup.tar.gz"
    path.write_bytes(content)
    live = backup.summarise()

    with pytest.raises(CommandError, match="Not a Synergies backup"):
        call_command("restore", str(path), yes=True, stdout=io.StringIO())

    assert backup.summarise() == live


def test_an_archive_without_manifest_is_not_a_backup(populated, tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        data = b"hello"
        info = tarfile.TarInfo("readme.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match="Not a Synergies backup"):
        call_command("restore", str(path), yes=True, stdout=io.StringIO())


def test_a_missing_file_gives_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Not a Synergies backup"):
        call_command("restore", str(tmp_path / "nowhere.tar.gz"), yes=True, stdout=io.StringIO())


def test_an_unknown_format_version_is_refused(populated, tmp_path):
    archive = tmp_path / "good.tar.gz"
    _backup(archive)
    future = _rewrite(archive, tmp_path / "future.tar.gz", lambda m: m.update(format=99))

    with pytest.raises(CommandError, match="Unknown backup format 99"):
        call_command("restore", str(future), yes=True, stdout=io.StringIO())


def test_a_backup_of_another_engine_is_refused_and_nothing_changes(populated, tmp_path):
    archive = tmp_path / "good.tar.gz"
    _backup(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = _rewrite(archive, tmp_path / "foreign.tar.gz", lambda m: m.update(engine=other))
    Organisation.objects.filter(pk=populated["organisation"].pk).update(name="Changé depuis la sauvegarde")
    live = backup.summarise()

    with pytest.raises(CommandError, match=f"This backup is for {other}, the database is {connection.vendor}"):
        call_command("restore", str(foreign), yes=True, stdout=io.StringIO())

    assert backup.summarise() == live
    assert Organisation.objects.get(pk=populated["organisation"].pk).name == "Changé depuis la sauvegarde"


def test_restore_asks_for_confirmation_and_stops_without_a_yes(populated, tmp_path, monkeypatch):
    archive = tmp_path / "good.tar.gz"
    _backup(archive)
    _wipe()
    questions: list[str] = []

    def answer(question: str) -> str:
        questions.append(question)
        return "non"

    monkeypatch.setattr("builtins.input", answer)

    with pytest.raises(CommandError, match="Restauration annulée"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert "Tapez «\u00a0oui\u00a0»" in questions[0]
    assert not Organisation.objects.exists()


def test_restore_goes_ahead_when_the_answer_is_oui(populated, tmp_path, monkeypatch):
    archive = tmp_path / "good.tar.gz"
    _backup(archive)
    before = backup.summarise()
    _wipe()
    monkeypatch.setattr("builtins.input", lambda question: " Oui ")

    call_command("restore", str(archive), stdout=io.StringIO())

    assert backup.summarise() == before


def test_the_backup_can_leave_uploads_out(populated, tmp_path, media_root):
    (media_root / "file.txt").write_text("x")
    archive = tmp_path / "no-media.tar.gz"

    call_command("backup", str(archive), no_media=True, stdout=io.StringIO())

    with tarfile.open(archive, "r:gz") as content:
        assert not [name for name in content.getnames() if name.startswith("media")]
