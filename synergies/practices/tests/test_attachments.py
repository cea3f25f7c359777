"""Files attached to a practice: checked by their content and size, served as downloads to whoever may read the
practice, added and removed by its editors with a trace in the history and the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from synergies.lib.models import AuditEntry
from synergies.practices.forms import ATTACHMENT_MAX_BYTES
from synergies.practices.models import Attachment, Practice, Status
from synergies.practices.services.attachments import add_attachment, remove_attachment
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_editor import latest_revision
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_url(practice: Practice) -> str:
    return reverse("practices:attachment_add", kwargs={"slug": practice.slug})


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def draft(pole: Any, contributor_organisation: Any) -> Practice:
    return make_practice(pole, status=Status.DRAFT, holder=contributor_organisation)


def test_an_editor_attaches_a_pdf_and_the_history_and_the_log_say_so(
    draft: Practice, contributor_client: Client, contributor: Any
) -> None:
    response = contributor_client.post(
        add_url(draft), {"title": "Guide de l’animateur", "file": upload("guide.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.title, attachment.filename, attachment.content_type) == (
        "Guide de l’animateur",
        "guide.pdf",
        "application/pdf",
    )
    assert attachment.size == len(PDF) and attachment.uploaded_by == contributor
    assert "guide" not in attachment.file.name  # stored under a random name
    assert latest_revision(draft).note == "Pièce jointe ajoutée\u00a0: Guide de l’animateur"
    assert AuditEntry.objects.filter(verb="practices.attachment_add").exists()


def test_the_title_defaults_to_the_file_name(draft: Practice, contributor_client: Client) -> None:
    contributor_client.post(add_url(draft), {"file": upload("affiche.png", PNG, "image/png")})
    assert Attachment.objects.get().title == "affiche.png"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", HTML, "Ce type de fichier n’est pas accepté"),
        ("programme.pdf", EXE, "Ce type de fichier n’est pas accepté"),
        ("notes.txt", b"juste du texte", "Ce type de fichier n’est pas accepté"),
        ("gros.pdf", PDF + b"0" * ATTACHMENT_MAX_BYTES, "le maximum est"),
    ],
)
def test_an_oversize_or_mislabelled_file_is_refused_by_its_content(
    draft: Practice, contributor_client: Client, name: str, content: bytes, message: str
) -> None:
    response = contributor_client.post(add_url(draft), {"title": "Fichier", "file": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert draft.revisions.count() == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("member", 404),
        ("other_secretary", 404),
        ("contributor", 200),
        ("secretary", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_attach_a_file_to_a_draft(
    draft: Practice, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    if who != "anonymous":
        log_in(client, request.getfixturevalue(who))
    assert client.get(add_url(draft)).status_code == expected
    response = client.post(add_url(draft), {"file": upload("guide.pdf", PDF)})
    assert response.status_code == (302 if expected == 200 else expected)
    assert Attachment.objects.exists() is (expected == 200)


def test_contributors_cannot_attach_a_file_once_the_record_is_submitted(
    pole: Any, contributor_organisation: Any, contributor_client: Client, secretary_client: Client
) -> None:
    practice = make_practice(pole, status=Status.SUBMITTED, holder=contributor_organisation)
    assert contributor_client.post(add_url(practice), {"file": upload("guide.pdf", PDF)}).status_code == 403
    assert secretary_client.post(add_url(practice), {"file": upload("guide.pdf", PDF)}).status_code == 302


def test_a_file_is_downloaded_by_whoever_may_read_the_practice_and_never_rendered(
    pole: Any, contributor_organisation: Any, contributor: Any, client: Client, outsider_client: Client
) -> None:
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor_organisation)
    attachment = add_attachment(
        practice, by=contributor, upload=upload("guide.pdf", PDF), content_type="application/pdf"
    )
    download = reverse("practices:attachment", kwargs={"slug": practice.slug, "pk": attachment.pk})
    assert client.get(download).status_code == 404
    assert outsider_client.get(download).status_code == 404
    editor = log_in(Client(), contributor)
    response = editor.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == PDF
    Practice.objects.filter(pk=practice.pk).update(status=Status.PUBLISHED)
    assert client.get(download).status_code == 200


def test_a_file_of_another_practice_is_not_found_under_this_one(
    pole: Any, practice: Practice, contributor: Any, contributor_client: Client
) -> None:
    other = make_practice(pole, title="Autre fiche")
    attachment = add_attachment(other, by=None, upload=upload("x.pdf", PDF), content_type="application/pdf")
    wrong = reverse("practices:attachment", kwargs={"slug": practice.slug, "pk": attachment.pk})
    assert contributor_client.get(wrong).status_code == 404


def test_an_editor_removes_a_file_and_it_leaves_the_storage(
    draft: Practice, contributor: Any, contributor_client: Client, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = add_attachment(draft, by=contributor, upload=upload("x.pdf", PDF), content_type="application/pdf")
    stored = media / attachment.file.name
    assert stored.exists()
    remove = reverse("practices:attachment_delete", kwargs={"slug": draft.slug, "pk": attachment.pk})
    assert contributor_client.get(remove).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert contributor_client.post(remove).status_code == 302
    assert not Attachment.objects.exists() and not stored.exists()
    assert latest_revision(draft).note == "Pièce jointe retirée\u00a0: x.pdf"
    assert AuditEntry.objects.filter(verb="practices.attachment_remove").exists()


@pytest.mark.parametrize(("who", "expected"), [("outsider", 404), ("other_secretary", 404), ("anonymous", 302)])
def test_others_cannot_remove_a_file(
    draft: Practice, client: Client, request: pytest.FixtureRequest, who: str, expected: int
) -> None:
    attachment = add_attachment(draft, by=None, upload=upload("x.pdf", PDF), content_type="application/pdf")
    if who != "anonymous":
        log_in(client, request.getfixturevalue(who))
    remove = reverse("practices:attachment_delete", kwargs={"slug": draft.slug, "pk": attachment.pk})
    assert client.post(remove).status_code == expected
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_services_write_nothing_for_a_read_only_pole(draft: Practice, contributor: Any) -> None:
    from django.core.exceptions import ValidationError

    attachment = add_attachment(draft, by=contributor, upload=upload("x.pdf", PDF), content_type="application/pdf")
    draft.pole.mandates.update(end="2025-03-02")
    with pytest.raises(ValidationError):
        remove_attachment(attachment, by=contributor)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_follow_up_page_lists_the_files_with_their_download_link(
    draft: Practice, contributor: Any, contributor_client: Client
) -> None:
    attachment = add_attachment(
        draft, by=contributor, upload=upload("x.pdf", PDF), content_type="application/pdf", title="Fiche <b>outil</b>"
    )
    page = contributor_client.get(reverse("practices:review", kwargs={"slug": draft.slug})).content.decode()
    assert reverse("practices:attachment", kwargs={"slug": draft.slug, "pk": attachment.pk}) in page
    assert "Fiche &lt;b&gt;outil&lt;/b&gt;" in page
