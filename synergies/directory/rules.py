"""Who may see and change what in the directory."""

from __future__ import annotations

from typing import Any

import rules

from synergies.accounts.rules import is_platform_admin, is_secretariat, is_secretariat_of


@rules.predicate
def manages_basin_of(user: Any, obj: Any) -> bool:
    """Secretariat of the basin that holds this organisation or person."""
    return obj is not None and bool(is_secretariat_of(user, obj.basin))


@rules.predicate
def is_active_record(user: Any, obj: Any) -> bool:
    return obj is not None and bool(obj.is_active)


can_manage_directory = is_platform_admin | is_secretariat
can_manage_record = is_platform_admin | manages_basin_of

rules.add_perm("directory.view_organisation", is_active_record | can_manage_record)
rules.add_perm("directory.add_organisation", can_manage_directory)
rules.add_perm("directory.change_organisation", can_manage_record)
rules.add_perm("directory.import_organisations", can_manage_directory)
rules.add_perm("directory.view_people", can_manage_directory)
rules.add_perm("directory.add_person", can_manage_directory)
rules.add_perm("directory.view_person", can_manage_record)
rules.add_perm("directory.change_person", can_manage_record)
rules.add_perm("directory.invite_person", can_manage_record)
rules.add_perm("directory.erase_person", can_manage_record)
rules.add_perm("directory.view_erasure_requests", can_manage_directory)
