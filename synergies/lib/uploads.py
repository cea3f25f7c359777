"""Checks for files people upload: size, and a content type read from the bytes themselves, not the name.

Files are stored under a random name and served only as attachments with `nosniff`, so an upload can never be
rendered as a page (see `serve_upload`).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# (signature, offset, content type)
SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"RIFF", 0, "image/webp"),
    (b"PK\x03\x04", 0, "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/x-ole-storage"),
]
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def sniff(head: bytes, filename: str) -> str:
    """The content type of a file from its first bytes; zip containers are named by their office extension."""
    for signature, offset, content_type in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            if content_type == "application/zip":
                extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
                return OFFICE_TYPES.get(extension, content_type)
            return content_type
    lowered = head[:1024].lstrip().lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        return "text/html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def validate_upload(upload: Any, *, allowed: Iterable[str], max_bytes: int) -> str:
    """Raise a French ValidationError unless the file is small enough and really of an allowed type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo ; le maximum est %(max)s Mo.")
            % {"size": number_format(upload.size / 1e6, 1), "max": number_format(max_bytes / 1e6, 1)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)  # the type is in the first bytes, wherever a previous reader left the file
    head = upload.read(2048)
    upload.seek(position)
    content_type = sniff(head, upload.name or "")
    allowed = set(allowed)
    if content_type == "text/html" or content_type not in allowed:
        raise ValidationError(
            _("Ce type de fichier n’est pas accepté (%(type)s). Formats acceptés : %(allowed)s.")
            % {"type": content_type, "allowed": ", ".join(sorted(mimetypes.guess_extension(t) or t for t in allowed))},
            code="bad_type",
        )
    return content_type


def serve_upload(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file, always as a download, never interpreted by the browser."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def serve_stored(field_file: Any, *, filename: str, content_type: str) -> FileResponse:
    """A stored file (a FileField's value) as a download; 404 when there is none or it is missing from storage."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return serve_upload(handle, filename=filename, content_type=content_type)
