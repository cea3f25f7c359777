"""Every write to the referentials goes through these functions (DESIGN §7.4)."""

from synergies.skills.services.common import check_editable, pending_proposal
from synergies.skills.services.editing import (
    add_concept,
    ancestors_of,
    merge_concepts,
    move_concept,
    retire_concept,
    split_concept,
    suggest_code,
    update_concept,
)
from synergies.skills.services.mappings import add_mapping, remove_mapping, resolve_target, validate_mapping
from synergies.skills.services.versions import (
    adopt_version,
    check_proposable,
    create_referential,
    discard_draft,
    next_number,
    propose_adoption,
    referential_slug,
    start_version,
)

__all__ = [
    "add_concept",
    "add_mapping",
    "adopt_version",
    "ancestors_of",
    "check_editable",
    "check_proposable",
    "create_referential",
    "discard_draft",
    "merge_concepts",
    "move_concept",
    "next_number",
    "pending_proposal",
    "propose_adoption",
    "referential_slug",
    "remove_mapping",
    "resolve_target",
    "retire_concept",
    "split_concept",
    "start_version",
    "suggest_code",
    "update_concept",
    "validate_mapping",
]
