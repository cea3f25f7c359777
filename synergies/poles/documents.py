"""Documents of a body: each upload is a new version; none is ever overwritten."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.poles.models import Body, BodyDocument, DocumentVersion


@transaction.atomic
def add_version(
    body: Body, *, document: BodyDocument | None, title: str, upload: Any, content_type: str, note: str, by: Any
) -> DocumentVersion:
    if document is None:
        document = BodyDocument.objects.create(body=body, title=title)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=upload.name[-200:],
        content_type=content_type,
        note=note,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    version.file.save(upload.name, upload, save=False)
    version.save()
    audit.record(
        actor=by,
        verb="pole.document.upload",
        action=AuditEntry.Action.CREATE,
        target=body,
        changes={document.title: [number - 1 or None, number]},
    )
    return version
