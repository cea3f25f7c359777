"""Who may read, write and moderate the catalogue.

Visitors read what is published. Contributors (people working today for the holder or a partner organisation) create
records for their organisations and edit them while they are drafts or sent back for changes; moderators — the
basin's secretariat and the members it delegates for the pôle — review, publish, send back, edit and archive any
record of the pôle's catalogue. Only the secretariat delegates moderation, imports files and edits the synonyms.
The label « pratique inspirante » is no one's permission: the register grants it.
"""

from __future__ import annotations

from typing import Any

import rules

from synergies.accounts.rules import is_platform_admin, is_secretariat
from synergies.poles.models import Pole
from synergies.poles.rules import manages_pole
from synergies.practices.models import Moderator, Practice
from synergies.practices.models.practices import workplaces
from synergies.practices.models.vocabulary import EDITABLE_BY_CONTRIBUTORS, PUBLIC_STATUSES, Status


def _pole(obj: Any) -> Pole | None:
    if isinstance(obj, Pole):
        return obj
    return getattr(obj, "pole", None)


def organisations_of(user: Any) -> set[int]:
    return set(workplaces(user).values_list("organisation_id", flat=True))


@rules.predicate
def is_public_record(user: Any, practice: Any) -> bool:
    return isinstance(practice, Practice) and practice.status in PUBLIC_STATUSES


@rules.predicate
def is_editor(user: Any, practice: Any) -> bool:
    """Works today for the holder or a partner of the record, or created it."""
    if not isinstance(practice, Practice) or not user.is_authenticated:
        return False
    if practice.created_by_id == user.pk:
        return True
    mine = organisations_of(user)
    return practice.holder_id in mine or practice.partners.filter(organisation_id__in=mine).exists()


@rules.predicate
def is_contributor(user: Any) -> bool:
    return bool(organisations_of(user))


@rules.predicate
def is_delegated_moderator(user: Any, obj: Any) -> bool:
    pole = _pole(obj)
    return pole is not None and user.is_authenticated and Moderator.objects.filter(pole=pole, user=user).exists()


@rules.predicate
def is_open_to_contributors(user: Any, practice: Any) -> bool:
    return isinstance(practice, Practice) and practice.status in EDITABLE_BY_CONTRIBUTORS


@rules.predicate
def is_archived(user: Any, practice: Any) -> bool:
    return isinstance(practice, Practice) and practice.status == Status.ARCHIVED


moderates = manages_pole | is_delegated_moderator

rules.add_perm("practices.view_practice", is_public_record | is_editor | moderates)
rules.add_perm("practices.add_practice", is_contributor | moderates)
rules.add_perm("practices.change_practice", ~is_archived & ((is_editor & is_open_to_contributors) | moderates))
rules.add_perm("practices.follow_practice", is_editor | moderates)
rules.add_perm("practices.moderate_practice", moderates)
rules.add_perm("practices.view_moderation_queue", moderates)
rules.add_perm("practices.manage_moderators", manages_pole)
rules.add_perm("practices.import_practices", manages_pole)
rules.add_perm("practices.edit_synonyms", is_platform_admin | is_secretariat)

# The permission each workflow transition needs (the record's state decides the rest, see services.workflow).
TRANSITION_PERMS = {
    "submit": "practices.follow_practice",
    "withdraw": "practices.follow_practice",
    "confirm": "practices.follow_practice",
    "reopen": "practices.follow_practice",
    "archive": "practices.follow_practice",
    "start_review": "practices.moderate_practice",
    "request_changes": "practices.moderate_practice",
    "publish": "practices.moderate_practice",
    "ask_for_review": "practices.moderate_practice",
    "restore": "practices.moderate_practice",
}
rules.add_perm("practices.propose_label", manages_pole & is_public_record)
