"""Who may read and who may shape the referentials.

External frameworks (ESCO, DigComp…) are open to all. A pôle's referential is read like the pôle: its adopted and
superseded versions by everyone once the pôle is public, its drafts by its members and its secretariat; only the
secretariat (and platform admins) drafts, edits and proposes versions for adoption — the adoption itself belongs to
the committee, through the register.
"""

from __future__ import annotations

from typing import Any

import rules

from synergies.poles.rules import is_pole_member, is_public_pole, manages_pole
from synergies.skills.models import Framework


@rules.predicate
def is_external(user: Any, obj: Any) -> bool:
    return isinstance(obj, Framework) and not obj.is_internal


follows_pole = manages_pole | is_pole_member

rules.add_perm("skills.view_framework", is_external | is_public_pole | follows_pole)
rules.add_perm("skills.view_drafts", ~is_external & follows_pole)
rules.add_perm("skills.manage_framework", ~is_external & manages_pole)
rules.add_perm("skills.create_referential", manages_pole)
