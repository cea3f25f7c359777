"""Who may see and do what with proposals and the register (R6).

The public sees the public register of a public pôle; members of the pôle see every decision and the proposals,
and take their own positions; the secretariat of the pôle's basin (and platform admins) run everything else.
Whether a member may speak for a seat in a given round (eligible seat, substitute rules) is checked by the service.
"""

from __future__ import annotations

import rules

from synergies.poles.rules import is_pole_member, is_public_pole, manages_pole

rules.add_perm("decisions.view_register", is_public_pole | manages_pole)
rules.add_perm("decisions.view_all_decisions", manages_pole | is_pole_member)
rules.add_perm("decisions.view_proposals", manages_pole | is_pole_member)
rules.add_perm("decisions.take_position", is_pole_member)
rules.add_perm("decisions.manage_proposals", manages_pole)
rules.add_perm("decisions.correct_decision", manages_pole)
