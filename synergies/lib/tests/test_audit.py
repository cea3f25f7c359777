"""lib.audit: snapshots, diffs and the entries services record in the audit log."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from synergies.accounts.models import Role, RoleAssignment, User
from synergies.basins.models import Basin, Commune, CommuneAlias
from synergies.lib import audit
from synergies.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_snapshot_holds_every_concrete_field_with_foreign_keys_as_their_display(reference_data):
    alias = CommuneAlias.objects.get(nis_code="55022")

    assert audit.snapshot(alias) == {"commune": "La Louvière", "nis_code": "55022", "valid_until": "2018-12-31"}


def test_a_snapshot_can_be_limited_to_some_fields_and_shows_an_empty_foreign_key_as_none(basin):
    user = User.objects.create_user("role@example.org", full_name="Rita Rôle")
    assignment = RoleAssignment.objects.create(
        user=user, role=Role.SECRETARIAT, content_type=ContentType.objects.get_for_model(Basin), object_id=basin.pk
    )

    assert audit.snapshot(assignment, ["user", "role", "granted_by"]) == {
        "user": "Rita Rôle",
        "role": "secretariat",
        "granted_by": None,
    }


def test_a_snapshot_is_taken_at_call_time_so_before_and_after_differ(reference_data):
    commune = Commune.objects.get(nis_code="55050")
    before = audit.snapshot(commune, ["name", "postal_code", "basin"])
    commune.postal_code = "7191"
    commune.basin = Basin.objects.get(code="namur")

    after = audit.snapshot(commune, ["name", "postal_code", "basin"])

    assert before == {"name": "Écaussinnes", "postal_code": "7190", "basin": "Hainaut-Centre"}
    assert audit.diff(before, after) == {"postal_code": ["7190", "7191"], "basin": ["Hainaut-Centre", "Namur"]}


def test_a_diff_lists_changed_added_and_removed_fields_only():
    before = {"name": "École", "phone": "065 00 00 00", "fax": "065 11 11 11"}
    after = {"name": "École", "phone": "065 22 22 22", "email": "info@ecole.be"}

    assert audit.diff(before, after) == {
        "phone": ["065 00 00 00", "065 22 22 22"],
        "fax": ["065 11 11 11", None],
        "email": [None, "info@ecole.be"],
    }


def test_a_diff_of_identical_snapshots_is_empty():
    assert audit.diff({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}) == {}


def test_recording_stores_the_actor_the_target_and_the_changes(basin, platform_admin):
    entry = audit.record(
        actor=platform_admin,
        verb="basin.update",
        target=basin,
        changes={"name": ["Centre", "Hainaut-Centre"]},
        message="Nom officiel",
    )

    entry.refresh_from_db()
    assert entry.actor == platform_admin
    assert entry.verb == "basin.update"
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.content_type == ContentType.objects.get_for_model(Basin)
    assert entry.object_id == str(basin.pk)
    assert entry.object_repr == "Hainaut-Centre"
    assert entry.subject == basin
    assert entry.changes == {"name": ["Centre", "Hainaut-Centre"]}
    assert entry.message == "Nom officiel"


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_an_anonymous_write_is_recorded_without_an_actor(basin, actor):
    entry = audit.record(actor=actor, verb="basin.view", action=AuditEntry.Action.OTHER, target=basin)

    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.action == "other"


def test_changes_that_json_cannot_hold_are_stored_as_plain_values(basin, platform_admin):
    changes: dict[Any, Any] = {
        "when": [None, datetime.date(2025, 3, 1)],
        "amount": [decimal.Decimal("1.50"), None],
        "basin": [None, basin],
        "tags": {"b", "a"},
        3: "numeric key",
    }

    entry = audit.record(actor=platform_admin, verb="basin.import", action=AuditEntry.Action.IMPORT, changes=changes)

    entry.refresh_from_db()
    assert entry.changes == {
        "when": [None, "2025-03-01"],
        "amount": ["1.50", None],
        "basin": [None, "Hainaut-Centre"],
        "tags": ["a", "b"],
        "3": "numeric key",
    }


def test_an_entry_without_target_has_no_object():
    entry = audit.record(actor=None, verb="maintenance", action=AuditEntry.Action.OTHER)

    assert entry.content_type is None
    assert entry.object_id == ""
    assert entry.object_repr == ""
    assert entry.changes == {}


def test_a_long_object_display_is_cut_to_the_column_size(reference_data, platform_admin):
    commune = Commune.objects.get(nis_code="53053")
    commune.name = "M" * 300

    entry = audit.record(actor=platform_admin, verb="commune.update", target=commune)

    entry.refresh_from_db()
    assert entry.object_repr == "M" * 200


def test_the_entries_of_one_object_are_found_newest_first(basin, other_basin, platform_admin):
    first = audit.record(actor=platform_admin, verb="basin.first", target=basin)
    audit.record(actor=platform_admin, verb="basin.other", target=other_basin)
    second = audit.record(actor=platform_admin, verb="basin.second", target=basin)

    assert list(AuditEntry.objects.for_object(basin)) == [second, first]
    assert str(second).endswith("basin.second Hainaut-Centre")
