"""Uploads: the type is read from the bytes, not the name; markup never passes; the size is capped with a French
message; a stored file is only ever served as a download the browser will not interpret."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import RequestFactory

from synergies.lib.security import SecurityHeadersMiddleware
from synergies.lib.uploads import OFFICE_TYPES, serve_upload, sniff, validate_upload

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
DOCUMENTS = {"application/pdf", OFFICE_TYPES[".docx"], OFFICE_TYPES[".odt"]}
MEGABYTE = 1_000_000


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- sniffing ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PDF, "statuts.pdf", "application/pdf"),
        (PNG, "logo.png", "image/png"),
        (JPEG, "photo.jpg", "image/jpeg"),
        (GIF, "anim.gif", "image/gif"),
        (WEBP, "photo.webp", "image/webp"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16, "vieux.doc", "application/x-ole-storage"),
    ],
)
def test_sniff_recognises_common_files_by_their_first_bytes(content, name, expected):
    assert sniff(content, name) == expected


@pytest.mark.parametrize("name", ["statuts.txt", "statuts", "image.png", "statuts.exe"])
def test_sniff_ignores_a_misleading_name(name):
    assert sniff(PDF, name) == "application/pdf"
    assert sniff(PNG, name) == "image/png"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rapport.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("RAPPORT.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("compte-rendu.odt", "application/vnd.oasis.opendocument.text"),
        ("archive.zip", "application/zip"),
        ("sans-extension", "application/zip"),
    ],
)
def test_a_zip_container_is_named_by_its_office_extension(name, expected):
    assert sniff(_docx(), name) == expected


def test_a_riff_file_that_is_not_webp_is_not_an_image():
    assert sniff(WAV, "son.webp") != "image/webp"


@pytest.mark.parametrize(
    "content",
    [
        HTML,
        b"   \n<html><body>hi</body></html>",
        b"<SCRIPT>alert(1)</SCRIPT>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<?xml version="1.0"?><svg/>',
        b"\xef\xbb\xbf<!doctype html>",
        b"Bonjour\n<iframe src=https://evil.example>",
    ],
)
def test_markup_is_recognised_whatever_the_case_or_the_leading_blanks(content):
    assert sniff(content, "document.pdf") == "text/html"


def test_plain_text_and_binary_junk_are_told_apart():
    assert sniff("Procès-verbal de la réunion".encode(), "pv.txt") == "text/plain"
    assert sniff(b"\x00\xff\xfe\x80garbage", "x.bin") == "application/octet-stream"


# --- validation --------------------------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_and_left_readable_from_the_start():
    upload = _upload("statuts.pdf", PDF, "application/pdf")

    assert validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE) == "application/pdf"
    assert upload.read() == PDF


def test_a_docx_is_accepted_as_a_word_document():
    upload = _upload("rapport.docx", _docx())

    assert validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE) == OFFICE_TYPES[".docx"]


def test_an_html_file_renamed_pdf_is_refused_in_french():
    upload = _upload("statuts.pdf", HTML, "application/pdf")

    with pytest.raises(ValidationError) as caught:
        validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE)

    assert caught.value.code == "bad_type"
    message = caught.value.messages[0]
    assert message.startswith("Ce type de fichier n’est pas accepté (text/html). Formats acceptés\u00a0: ")
    assert ".pdf" in message


def test_markup_is_refused_even_when_text_is_allowed():
    upload = _upload("notes.txt", HTML, "text/plain")

    with pytest.raises(ValidationError) as caught:
        validate_upload(upload, allowed={"text/plain", "text/html"}, max_bytes=MEGABYTE)

    assert caught.value.code == "bad_type"


def test_an_image_where_documents_are_expected_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("photo.pdf", PNG), allowed=DOCUMENTS, max_bytes=MEGABYTE)

    assert "(image/png)" in caught.value.messages[0]


def test_an_executable_renamed_docx_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(_upload("rapport.docx", b"MZ\x90\x00" + b"\x00" * 60), allowed=DOCUMENTS, max_bytes=MEGABYTE)


def test_a_file_too_large_is_refused_in_french_before_being_read():
    upload = _upload("gros.pdf", PDF + b"\x00" * (2 * MEGABYTE))

    with pytest.raises(ValidationError) as caught:
        validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE)

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["Le fichier pèse 2,0 Mo\u202f; le maximum est 1,0 Mo."]


def test_a_file_exactly_at_the_limit_is_accepted():
    content = PDF + b"\x00" * (MEGABYTE - len(PDF))

    assert validate_upload(_upload("juste.pdf", content), allowed=DOCUMENTS, max_bytes=MEGABYTE) == "application/pdf"


def test_validation_reads_the_type_from_the_start_and_puts_the_file_back_where_it_was():
    upload = _upload("statuts.pdf", PDF)
    upload.read(3)

    assert validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE) == "application/pdf"

    assert upload.tell() == 3


def test_markup_cannot_hide_behind_a_file_already_partly_read():
    upload = _upload("statuts.pdf", b"<html>" + PDF)
    upload.read(6)

    with pytest.raises(ValidationError):
        validate_upload(upload, allowed=DOCUMENTS, max_bytes=MEGABYTE)


# --- serving -----------------------------------------------------------------------------------------------------


def test_an_upload_is_served_as_an_attachment_with_nosniff_and_a_sandbox():
    response = serve_upload(io.BytesIO(PDF), filename="statuts.pdf", content_type="application/pdf")

    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(cast(Iterable[bytes], response.streaming_content)) == PDF


def test_a_filename_with_accents_or_quotes_stays_an_attachment():
    response = serve_upload(io.BytesIO(PDF), filename='procès "verbal".pdf', content_type="application/pdf")

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "inline" not in disposition


def test_the_site_policy_does_not_replace_the_sandbox_of_a_served_upload():
    def view(request: object) -> HttpResponseBase:
        return serve_upload(io.BytesIO(PDF), filename="statuts.pdf", content_type="application/pdf")

    response = SecurityHeadersMiddleware(cast(Any, view))(RequestFactory().get("/fichiers/1/"))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
