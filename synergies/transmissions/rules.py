"""Who may follow and who may drive a pôle's transmissions to the Instance (R6, R8, R9).

The public follows a public pôle's public transmissions once sent; its members follow them all; only the secretariat
(and platform admins) prepares, sends and records what the Instance answers.
"""

from __future__ import annotations

from typing import Any

import rules

from synergies.poles.rules import is_pole_member, is_public_pole, manages_pole
from synergies.transmissions.models import Transmission


@rules.predicate
def is_public_transmission(user: Any, obj: Any) -> bool:
    return isinstance(obj, Transmission) and obj.is_public and obj.status != Transmission.Status.PREPARED


follows_transmissions = manages_pole | is_pole_member

rules.add_perm("transmissions.view_transmissions", is_public_pole | manages_pole)
rules.add_perm("transmissions.view_all_transmissions", follows_transmissions)
rules.add_perm("transmissions.view_transmission", (is_public_pole & is_public_transmission) | follows_transmissions)
rules.add_perm("transmissions.manage_transmissions", manages_pole)
