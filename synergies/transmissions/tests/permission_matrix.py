"""Who may reach the transmissions' pages (see synergies/testing/permissions.py).

`world.transmission` is a public transmission, sent, of a public decision of the world's pôle: everyone follows it;
`world.prepared_transmission` is still being prepared: only the secretariat and the pôle's members see it.
"""

from __future__ import annotations

from typing import Any

from synergies.testing.permissions import ALLOW, LOGIN, NOT_FOUND, Rule, everyone, staff_only
from synergies.transmissions.models import Transmission
from synergies.transmissions.tests.factories import make_transmission, write_decision

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
SENT = lambda w: {**POLE(w), "reference": w.transmission.reference}  # noqa: E731
PREPARED = lambda w: {**POLE(w), "reference": w.prepared_transmission.reference}  # noqa: E731

# A prepared transmission is not found by those who may not follow it (it does not exist for the public yet).
STAFF_ON_PREPARED = {**staff_only(), "outsider": NOT_FOUND, "contributor": NOT_FOUND, "other_secretary": NOT_FOUND}

EXPECTATIONS = [
    Rule("transmissions:list", everyone(ALLOW), kwargs=POLE),
    Rule("transmissions:prepare", staff_only(), kwargs=POLE),
    Rule(
        "transmissions:settings",
        staff_only(),
        kwargs=POLE,
        method="post",
        data=lambda w: {"recipient_email": "instance@example.org", "response_days": "45", "reminder_days": "7"},
    ),
    Rule("transmissions:detail", everyone(ALLOW), kwargs=SENT),
    Rule("transmissions:pdf", everyone(ALLOW), kwargs=SENT),
    Rule("transmissions:edit", STAFF_ON_PREPARED, kwargs=PREPARED),
    Rule("transmissions:send", STAFF_ON_PREPARED, kwargs=PREPARED),
    Rule("transmissions:acknowledge", staff_only(), kwargs=SENT),
    Rule("transmissions:respond", staff_only(), kwargs=SENT),
]

assert STAFF_ON_PREPARED["anonymous"] == LOGIN


def extend_world(world: Any, users: dict[str, Any]) -> None:
    world.decision_for_transmission = write_decision(world.pole, world.committee, title="Décision transmise")
    world.transmission = make_transmission(world.decision_for_transmission, status=Transmission.Status.SENT)
    world.decision_in_preparation = write_decision(world.pole, world.committee, title="Décision à transmettre")
    world.prepared_transmission = make_transmission(world.decision_in_preparation, status=Transmission.Status.PREPARED)
