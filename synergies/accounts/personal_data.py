"""The one registry of personal data: every app declares what it holds about a user, how to export and erase it.

Apps register in their AppConfig.ready(); export and erasure then walk every source, so a new app that stores
personal data plugs in without this module knowing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from synergies.accounts.models import (
    Erasure,
    ErasureRequest,
    Invitation,
    RecoveryCode,
    RoleAssignment,
    TOTPDevice,
    User,
)
from synergies.lib import audit
from synergies.lib.models import AuditEntry


@dataclass(frozen=True)
class Source:
    key: str
    label: Promise | str
    export: Callable[[User], Any]
    erase: Callable[[User, Erasure], None] | None = None


_sources: dict[str, Source] = {}


def register(
    key: str,
    label: Promise | str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[User, Erasure], None] | None = None,
) -> None:
    """Declare a source; `erase` may be left out when the data is only reachable through the account itself."""
    _sources[key] = Source(key, label, export, erase)


def sources() -> list[Source]:
    return list(_sources.values())


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, grouped by source, ready for JSON."""
    return {
        "generated_at": timezone.now().isoformat(),
        "subject": {"id": user.pk, "email": user.email},
        "sources": [{"key": s.key, "label": str(s.label), "data": s.export(user)} for s in sources()],
    }


@transaction.atomic
def erase_user(user: User, *, by: User | None, reason: str = "") -> Erasure:
    """Pseudonymise the user everywhere (« Personne supprimée n° 123 »), keeping records that must last intact."""
    erasure = Erasure.objects.create(erased_by=by, reason=reason[:200])
    for source in sources():
        if source.erase is not None:
            source.erase(user, erasure)
    ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).update(
        status=ErasureRequest.Status.DONE, decided_at=timezone.now(), decided_by=by
    )
    audit.record(
        actor=by,
        verb="personal_data.erase",
        action=AuditEntry.Action.DELETE,
        target=erasure,
        message=erasure.pseudonym,
    )
    return erasure


@transaction.atomic
def request_erasure(user: User) -> ErasureRequest:
    pending = ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    request = ErasureRequest.objects.create(user=user)
    audit.record(actor=user, verb="personal_data.erasure_request", action=AuditEntry.Action.CREATE, target=request)
    return request


# --- What accounts itself holds ---------------------------------------------------------------------------------


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_active": user.is_active,
        "roles": [
            {"role": a.role, "scope": str(a.scope), "granted_at": a.granted_at.isoformat()}
            for a in user.role_assignments.all()
        ],
        "invitations": [
            {"sent_at": i.created_at.isoformat(), "expires_at": i.expires_at.isoformat(), "status": i.status_label}
            for i in user.invitations.all()
        ],
        "two_factor": {"enrolled": TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()},
        "erasure_requests": [
            {"requested_at": r.requested_at.isoformat(), "status": r.status} for r in user.erasure_requests.all()
        ],
    }


def _erase_account(user: User, erasure: Erasure) -> None:
    user.email = f"personne-supprimee-{erasure.pk}@invalid"
    user.full_name = erasure.pseudonym
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    RoleAssignment.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit.scrub(user, replacement=erasure.pseudonym)


def _export_activity(user: User) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(actor=user).order_by("created_at")
    return [{"date": e.created_at.isoformat(), "operation": e.verb, "object": e.object_repr} for e in entries]


register("account", _("Compte"), export=_export_account, erase=_erase_account)
# What the user did stays in the audit log, the record of public work; it then names the pseudonymised account.
register("activity", _("Journal de vos actions"), export=_export_activity)
