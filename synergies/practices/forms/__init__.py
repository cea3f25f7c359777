"""The catalogue's forms: the record editor (record.py) and the small forms of follow-up and moderation."""

from synergies.practices.forms.moderation import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    AttachmentForm,
    CommentForm,
    ModeratorForm,
    SynonymForm,
    TransitionForm,
)
from synergies.practices.forms.record import PracticeForm, RecordEditor, version_in_force
from synergies.practices.forms.rows import LinkFormSet, PartnerFormSet

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "AttachmentForm",
    "CommentForm",
    "LinkFormSet",
    "ModeratorForm",
    "PartnerFormSet",
    "PracticeForm",
    "RecordEditor",
    "SynonymForm",
    "TransitionForm",
    "version_in_force",
]
