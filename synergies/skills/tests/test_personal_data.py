"""Who shaped the referential is in their data export; erasure keeps the change log under the pseudonym."""

from __future__ import annotations

from typing import Any

from synergies.accounts.personal_data import erase_user, export_user_data
from synergies.skills import services
from synergies.skills.models import Change, FrameworkVersion
from synergies.skills.tests.conftest import node


def skills_data(user: Any) -> dict[str, Any]:
    return next(s["data"] for s in export_user_data(user)["sources"] if s["key"] == "skills")


def test_the_changes_a_person_made_to_a_draft_are_in_their_export(
    referential: FrameworkVersion, secretary: Any, platform_admin: Any
) -> None:
    target = node(referential, "CB-LIT-01")
    services.update_concept(target, {"label": "Écouter, comprendre"}, reason="Plus court.", by=secretary)

    changes = skills_data(secretary)["referential_changes"]
    assert [c["reason"] for c in changes][-1] == "Plus court."
    assert "CB-LIT-01" in changes[-1]["summary"]
    assert not any(c["reason"] == "Plus court." for c in skills_data(platform_admin)["referential_changes"])


def test_erasing_the_author_keeps_the_change_log_pointing_at_the_pseudonymised_account(
    referential: FrameworkVersion, secretary: Any, platform_admin: Any
) -> None:
    target = node(referential, "CB-LIT-01")
    services.update_concept(target, {"label": "Écouter, comprendre"}, reason="Plus court.", by=secretary)
    erase_user(secretary, by=platform_admin)

    change = Change.objects.get(version=referential, reason="Plus court.")
    assert change.by_id == secretary.pk and change.by is not None
    change.by.refresh_from_db()
    assert "secretariat@example.org" not in change.by.email
