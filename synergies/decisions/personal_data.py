"""What the decisions hold about a person, declared to the accounts registry of personal data (RGPD).

Positions are taken in a seat's name and belong to the history of a round: erasure pseudonymises the person in the
directory, the positions stay with the seat (and the register's hash chain never covered names).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from synergies.accounts import personal_data
from synergies.accounts.models import User
from synergies.decisions.models import Position


def _export(user: User) -> dict[str, Any]:
    positions = Position.objects.filter(person__user=user).select_related("round__proposal", "seat__organisation")
    return {
        "positions": [
            {
                "proposal": p.round.proposal.title,
                "round": p.round.number,
                "seat": p.seat.holder_name(),
                "stance": str(p.get_stance_display()),
                "text": p.text,
                "taken_at": p.created_at.isoformat(),
                "replaced": p.superseded_at is not None,
            }
            for p in positions.order_by("created_at", "pk")
        ]
    }


def register() -> None:
    personal_data.register(
        "decisions",
        _("Décisions"),
        export=_export,
        field_labels={
            "positions": _("Positions"),
            "proposal": _("Proposition"),
            "round": _("Tour"),
            "seat": _("Siège"),
            "stance": _("Position"),
            "taken_at": _("Prise le"),
            "replaced": _("Remplacée par une position ultérieure"),
        },
    )
