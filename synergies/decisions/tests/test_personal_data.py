"""A member's positions, replaced ones included, are in their data export; erasure keeps them with the seat."""

from __future__ import annotations

from typing import Any

from synergies.accounts.personal_data import erase_user, export_user_data
from synergies.decisions import services
from synergies.decisions.models import Position, Round
from synergies.decisions.tests.conftest import Council


def decisions_data(user: Any) -> dict[str, Any]:
    return next(s["data"] for s in export_user_data(user)["sources"] if s["key"] == "decisions")


def test_a_members_positions_are_in_their_export_with_the_replaced_ones(
    written_round: Round, council: Council, member: Any, platform_admin: Any
) -> None:
    services.take_position(written_round, person=member.person, stance="agree", by=member)
    services.take_position(
        written_round, person=member.person, stance="reservation", text="Sous réserve du budget.", by=member
    )
    positions = decisions_data(member)["positions"]
    assert [(p["stance"], p["text"], p["replaced"]) for p in positions] == [
        ("d’accord", "", True),
        ("d’accord avec réserve", "Sous réserve du budget.", False),
    ]
    assert positions[0]["seat"] == "CPAS de Mons"
    assert decisions_data(platform_admin) == {"positions": []}


def test_erasure_keeps_the_positions_with_the_seat(
    written_round: Round, council: Council, member: Any, platform_admin: Any
) -> None:
    services.take_position(written_round, person=member.person, stance="object", text="Trop tôt.", by=member)
    erase_user(member, by=platform_admin)
    position = Position.objects.get(round=written_round, seat=council.employment)
    assert position.stance == "object"
    assert position.person is not None and position.person.first_name == "Personne supprimée"
