"""The interchange pages: who may import (and who may not), the problems table, the background job and its progress
page, the exports (CSV and XLSX) for visitors and moderators, and the empty model."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from synergies.poles.models import Pole
from synergies.practices.interchange import jobs
from synergies.practices.interchange.columns import HEADER
from synergies.practices.models import ImportJob, Practice, Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_interchange import counts, csv_bytes, holder, row
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


def import_url(pole: Pole) -> str:
    return reverse("practices:import", kwargs={"basin": pole.basin.code, "code": pole.code})


def export_url(pole: Pole, query: str = "") -> str:
    return reverse("practices:export", kwargs={"basin": pole.basin.code, "code": pole.code}) + query


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def upload(data: bytes, name: str = "pratiques.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_secretariat_sees_the_import_page(secretary_client: Client, pole: Pole) -> None:
    response = secretary_client.get(import_url(pole))

    assert response.status_code == 200
    assert b'name="publish"' in response.content
    assert "external_id" in response.content.decode()


@pytest.mark.parametrize("who", ["contributor_client", "outsider_client", "other_secretary_client"])
def test_others_may_not_import(request: Any, who: str, pole: Pole) -> None:
    client = request.getfixturevalue(who)
    holder(pole.basin)
    before = counts()

    assert client.get(import_url(pole)).status_code == 403
    assert client.post(import_url(pole), {"file": upload(csv_bytes([row()]))}).status_code == 403
    assert counts() == before


def test_a_delegated_moderator_may_not_import(pole: Pole, member: Any, secretary: Any) -> None:
    from synergies.practices.services.moderators import delegate_moderation

    delegate_moderation(pole, member, by=secretary)

    assert log_in(Client(), member).get(import_url(pole)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, pole: Pole) -> None:
    response = client.get(import_url(pole))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_small_file_imports_at_once_and_shows_its_result(
    secretary_client: Client, secretary: Any, pole: Pole
) -> None:
    holder(pole.basin)

    response = secretary_client.post(import_url(pole), {"file": upload(csv_bytes([row()])), "publish": "on"})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.created, job.created_by) == (ImportJob.Status.DONE, 1, secretary)
    assert Practice.objects.get().status == Status.PUBLISHED
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "Import terminé" in page and "1 fiche créée" in page
    assert "import-progress.js" not in page
    assert not job.file


def test_a_bad_file_lists_its_problems_and_writes_nothing(secretary_client: Client, pole: Pole) -> None:
    holder(pole.basin)
    before = counts()
    data = csv_bytes([row(kind="atelier"), row(external_id="X", skills="CB-ZZZ-01", communes="12345")])

    response = secretary_client.post(import_url(pole), {"file": upload(data)})

    assert response.status_code == 400
    assert counts() == before
    page = response.content.decode()
    assert "3 problèmes" in page
    assert (
        "<td>2</td><td>kind</td>" in page
        and "<td>3</td><td>skills</td>" in page
        and "<td>3</td><td>communes</td>" in page
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "pratiques.xlsx"),
        (b"%PDF-1.7 ...", "pratiques.csv"),
        (b"<html><script>", "a.csv"),
    ],
)
def test_uploads_that_are_not_text_are_refused_by_their_content(
    secretary_client: Client, pole: Pole, data: bytes, name: str
) -> None:
    response = secretary_client.post(import_url(pole), {"file": upload(data, name)})

    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_an_oversized_upload_is_refused(secretary_client: Client, pole: Pole, monkeypatch: Any) -> None:
    from synergies.practices.interchange import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 100)

    response = secretary_client.post(import_url(pole), {"file": upload(csv_bytes([row()]))})

    assert response.status_code == 400 and "maximum" in response.content.decode()


def test_a_large_file_is_imported_by_a_background_job_with_a_progress_page(
    secretary_client: Client, pole: Pole, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    holder(pole.basin)
    monkeypatch.setattr(jobs, "BACKGROUND_ABOVE_ROWS", 2)
    data = csv_bytes([row(external_id=f"L-{n}") for n in range(5)])

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = secretary_client.post(import_url(pole), {"file": upload(data)})
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, Practice.objects.count()) == (ImportJob.Status.QUEUED, 0)
    waiting = secretary_client.get(job.get_absolute_url())
    assert b"<progress" in waiting.content and b'aria-live="polite"' in waiting.content
    assert b"import-progress.js" in waiting.content
    assert secretary_client.get(job.get_absolute_url() + "?format=json").json()["finished"] is False

    for callback in queued:
        callback()  # the immediate task backend runs the job now

    job.refresh_from_db()
    assert (job.status, job.created, Practice.objects.count()) == (ImportJob.Status.DONE, 5, 5)
    state = secretary_client.get(job.get_absolute_url() + "?format=json").json()
    assert (state["finished"], state["percent"]) == (True, 100)
    assert not job.file


def test_a_background_job_with_problems_keeps_them_for_its_page(
    secretary_client: Client, pole: Pole, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(jobs, "BACKGROUND_ABOVE_ROWS", 1)
    data = csv_bytes([row(organisations="Nouvelle ASBL", kind="?"), row(external_id="2", kind="?")])

    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(import_url(pole), {"file": upload(data)})

    job = ImportJob.objects.get()
    assert (job.status, job.problem_count) == (ImportJob.Status.FAILED, 2)
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "2 problèmes" in page and "<td>3</td><td>kind</td>" in page
    assert counts()["practices"] == 0


def test_the_live_progress_is_read_from_the_cache_while_the_job_runs(pole: Pole, secretary: Any) -> None:
    from django.core.cache import cache

    job = ImportJob.objects.create(pole=pole, created_by=secretary, status=ImportJob.Status.RUNNING, total_rows=4000)
    cache.set(f"practices:import-job:{job.pk}", {"validated": 4000, "written": 1000, "total": 4000})

    progress = jobs.live_progress(job)

    assert jobs.percent(progress) == 62


def test_a_job_page_is_only_for_those_who_import(pole: Pole, secretary: Any, contributor_client: Client) -> None:
    job = ImportJob.objects.create(pole=pole, created_by=secretary)

    assert contributor_client.get(job.get_absolute_url()).status_code == 403


def test_visitors_export_the_published_records_without_contact_addresses(client: Client, pole: Pole) -> None:
    organisation = holder(pole.basin)
    make_practice(pole, holder=organisation, title="Publiée", contact_email="secret@example.org")
    make_practice(pole, holder=organisation, title="Brouillon", status=Status.DRAFT)

    response = client.get(export_url(pole, "?statut=tous"))

    body = content(response).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff" + ";".join(HEADER))
    assert "Publiée" in body and "Brouillon" not in body
    assert "secret@example.org" not in body


def test_moderators_export_any_state_with_contact_addresses(secretary_client: Client, pole: Pole) -> None:
    organisation = holder(pole.basin)
    make_practice(pole, holder=organisation, title="Publiée", contact_email="secret@example.org")
    make_practice(pole, holder=organisation, title="Brouillon", status=Status.DRAFT)

    everything = content(secretary_client.get(export_url(pole, "?statut=tous"))).decode()
    drafts = content(secretary_client.get(export_url(pole, "?statut=draft"))).decode()

    assert "Publiée" in everything and "Brouillon" in everything and "secret@example.org" in everything
    assert "Brouillon" in drafts and "Publiée" not in drafts


def test_formula_looking_cells_are_neutralised_in_the_csv_export(client: Client, pole: Pole) -> None:
    make_practice(pole, holder=holder(pole.basin), title='=HYPERLINK("http://mal.example")', summary="@SOMME(A1)")

    body = content(client.get(export_url(pole))).decode()

    assert ";'=HYPERLINK(" in body.replace('"', "") and ";'@SOMME(A1)" in body


def test_the_xlsx_export_opens_with_its_columns_and_keeps_formulas_as_text(client: Client, pole: Pole) -> None:
    make_practice(pole, holder=holder(pole.basin), title="=1+1", external_id="X-9", duration_hours="2.5")

    response = client.get(export_url(pole, "?format=xlsx"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == list(HEADER)
    values = {name: cell for name, cell in zip(HEADER, sheet[2], strict=True)}
    assert (values["title"].value, values["title"].data_type) == ("=1+1", "s")
    assert values["duration_hours"].value == 2.5
    assert values["external_id"].value == "X-9"


def test_an_unknown_export_format_is_not_found(client: Client, pole: Pole) -> None:
    assert client.get(export_url(pole, "?format=pdf")).status_code == 404


def test_the_export_of_a_pole_nobody_may_see_is_not_found(client: Client, pole: Pole) -> None:
    assert client.get(reverse("practices:export", kwargs={"basin": pole.basin.code, "code": "ZZ"})).status_code == 404


def test_the_empty_model_is_just_the_header(client: Client) -> None:
    response = client.get(reverse("practices:import_template"))

    assert response.content == ("\ufeff" + ";".join(HEADER) + "\r\n").encode()


def test_the_export_reads_a_constant_number_of_queries(
    client: Client, pole: Pole, django_assert_max_num_queries: Any
) -> None:
    organisation = holder(pole.basin)
    make_practice(pole, holder=organisation)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            content(client.get(export_url(pole)))
        return len(captured)

    few = queries()
    for n in range(5):
        make_practice(pole, holder=organisation, title=f"Atelier {n}", skills=("CB-LIT-03", "CB-NUM-02"))
    assert queries() == few
