from synergies.practices.models.imports import ImportJob
from synergies.practices.models.moderation import Comment, Moderator, Revision
from synergies.practices.models.practices import Partner, Practice, PracticeQuerySet, PracticeSkill
from synergies.practices.models.resources import Attachment, Link
from synergies.practices.models.vocabulary import (
    EvidenceLevel,
    Kind,
    Licence,
    Modality,
    Palier,
    Public,
    Status,
)

__all__ = [
    "Attachment",
    "Comment",
    "EvidenceLevel",
    "ImportJob",
    "Kind",
    "Licence",
    "Link",
    "Modality",
    "Moderator",
    "Palier",
    "Partner",
    "Practice",
    "PracticeQuerySet",
    "PracticeSkill",
    "Public",
    "Revision",
    "Status",
]
