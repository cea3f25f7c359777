"""The one registry of personal data: every app declares what it holds about a user, how to export and erase it.

Apps register in their AppConfig.ready(); export and erasure then walk every source, so a new app that stores
personal data plugs in without this module knowing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
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
ERASED_EMAIL_PREFIX, ERASED_EMAIL_SUFFIX = "personne-supprimee-", "@invalid"
_field_labels: dict[str, Promise | str] = {}


def register(
    key: str,
    label: Promise | str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[User, Erasure], None] | None = None,
    field_labels: Mapping[str, Promise | str] | None = None,
) -> None:
    """Declare a source; `erase` may be left out when the data is only reachable through the account itself.

    `field_labels` name the export's keys for the person reading their data (the JSON keeps the keys).
    """
    _sources[key] = Source(key, label, export, erase)
    _field_labels.update(field_labels or {})


def field_label(key: str) -> str:
    return str(_field_labels.get(key, key))


def sources() -> list[Source]:
    return list(_sources.values())


def erased_accounts() -> models.Q:
    """Accounts already pseudonymised, which no later purge should erase again."""
    return models.Q(email__startswith=ERASED_EMAIL_PREFIX, email__endswith=ERASED_EMAIL_SUFFIX)


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


@transaction.atomic
def refuse_erasure(erasure_request: ErasureRequest, *, by: User, answer: str) -> ErasureRequest:
    """Refuse a request (e.g. a legal duty to keep the data), with the reason given to the person."""
    erasure_request.status = ErasureRequest.Status.REFUSED
    erasure_request.decided_at = timezone.now()
    erasure_request.decided_by = by
    erasure_request.answer = answer
    erasure_request.save(update_fields=["status", "decided_at", "decided_by", "answer"])
    audit.record(actor=by, verb="personal_data.erasure_refuse", target=erasure_request, message=answer)
    return erasure_request


# --- What accounts itself holds ---------------------------------------------------------------------------------


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_active": user.is_active,
        "roles": [
            {"role": a.get_role_display(), "scope": str(a.scope), "granted_at": a.granted_at.isoformat()}
            for a in user.role_assignments.all()
        ],
        "invitations": [
            {"sent_at": i.created_at.isoformat(), "expires_at": i.expires_at.isoformat(), "status": i.status_label}
            for i in user.invitations.all()
        ],
        "two_factor": {"enrolled": TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()},
        "erasure_requests": [
            {"requested_at": r.requested_at.isoformat(), "status": r.get_status_display()}
            for r in user.erasure_requests.all()
        ],
    }


def _scrub_admin_history(objects: list[models.Model], *, replacement: str) -> None:
    """The Django admin keeps its own history, naming each object it touched: it is scrubbed like the audit log."""
    for obj in objects:
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)).update(
            object_repr=replacement, change_message=""
        )


def _erase_account(user: User, erasure: Erasure) -> None:
    # Records whose display names the person (« Zoé Dupont — en attente », « zoe@example.org (2025-03-01) »).
    naming: list[models.Model] = [
        user,
        *Invitation.objects.filter(user=user),
        *RoleAssignment.objects.filter(user=user),
        *ErasureRequest.objects.filter(user=user),
    ]
    user.email = f"{ERASED_EMAIL_PREFIX}{erasure.pk}{ERASED_EMAIL_SUFFIX}"
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
    for obj in naming:
        audit.scrub(obj, replacement=erasure.pseudonym)
    _scrub_admin_history(naming, replacement=erasure.pseudonym)


def _export_activity(user: User) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(actor=user).order_by("created_at")
    return [{"date": e.created_at.isoformat(), "operation": e.verb, "object": e.object_repr} for e in entries]


register(
    "account",
    _("Compte"),
    export=_export_account,
    erase=_erase_account,
    field_labels={
        "email": _("Adresse e-mail"),
        "full_name": _("Nom complet"),
        "date_joined": _("Inscription"),
        "last_login": _("Dernière connexion"),
        "is_active": _("Compte actif"),
        "roles": _("Rôles"),
        "role": _("Rôle"),
        "scope": _("Périmètre"),
        "granted_at": _("Attribué le"),
        "invitations": _("Invitations"),
        "sent_at": _("Envoyée le"),
        "expires_at": _("Expire le"),
        "status": _("État"),
        "two_factor": _("Double authentification"),
        "enrolled": _("Activée"),
        "erasure_requests": _("Demandes d’effacement"),
        "requested_at": _("Demandée le"),
    },
)
# What the user did stays in the audit log, the record of public work; it then names the pseudonymised account.
register(
    "activity",
    _("Journal de vos actions"),
    export=_export_activity,
    field_labels={"date": _("Date"), "operation": _("Opération"), "object": _("Objet")},
)
