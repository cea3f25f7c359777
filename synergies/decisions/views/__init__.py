"""The decisions' views: the register (public), proposals (members and secretariat)."""

from synergies.decisions.views.proposals import (
    consensus,
    consensus_settings,
    meeting_positions,
    position,
    proposal_create,
    proposal_detail,
    proposal_document,
    proposal_edit,
    proposal_list,
    proposal_postpone,
    proposal_withdraw,
    round_close,
    round_open,
)
from synergies.decisions.views.register import decision_correct, decision_detail, register, register_export

__all__ = [
    "consensus",
    "consensus_settings",
    "decision_correct",
    "decision_detail",
    "meeting_positions",
    "position",
    "proposal_create",
    "proposal_detail",
    "proposal_document",
    "proposal_edit",
    "proposal_list",
    "proposal_postpone",
    "proposal_withdraw",
    "register",
    "register_export",
    "round_close",
    "round_open",
]
