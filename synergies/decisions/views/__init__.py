"""The decisions' views: the register (public), proposals (members and secretariat)."""

from synergies.decisions.views.proposals import (
    consensus,
    meeting_positions,
    position,
    consensus_settings,
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
    "decision_correct",
    "decision_detail",
    "meeting_positions",
    "position",
    "consensus_settings",
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
