"""Files attached to a practice: added and removed by its editors, each change in the audit log and the history.

The file's content type is the one read from its bytes by the form (`validate_upload`), never the uploader's
claim; it is stored under a random name (`attachment_path`) and only ever served as a download.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.poles.services import check_writable
from synergies.practices.models import Attachment, Practice
from synergies.practices.services.records import save_revision, user_of


def _display_name(name: str) -> str:
    """What the download is called: the uploader's file name without any path."""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "fichier"


@transaction.atomic
def add_attachment(practice: Practice, *, by: Any, upload: Any, content_type: str, title: str = "") -> Attachment:
    check_writable(practice.pole)
    filename = _display_name(getattr(upload, "name", "") or "")
    attachment = Attachment(
        practice=practice,
        title=(title.strip() or filename)[:200],
        filename=filename,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user_of(by),
    )
    attachment.file.save(filename, upload, save=False)
    attachment.save()
    save_revision(practice, by=by, note=_("Pièce jointe ajoutée : %(title)s") % {"title": attachment.title})
    audit.record(
        actor=user_of(by),
        verb="practices.attachment_add",
        action=AuditEntry.Action.CREATE,
        target=practice,
        changes={"attachment": [None, attachment.title]},
        message=f"{attachment.filename} ({content_type}, {attachment.size})",
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any) -> None:
    """Forget the attachment and delete its file once the removal is committed (a rollback keeps both)."""
    practice = attachment.practice
    check_writable(practice.pole)
    title, stored = attachment.title, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    save_revision(practice, by=by, note=_("Pièce jointe retirée : %(title)s") % {"title": title})
    audit.record(
        actor=user_of(by),
        verb="practices.attachment_remove",
        action=AuditEntry.Action.DELETE,
        target=practice,
        changes={"attachment": [title, None]},
    )
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
