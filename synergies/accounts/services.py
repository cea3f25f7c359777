"""Account writes: invitations and their acceptance, roles. Each is one transaction with an audit entry."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.accounts import tasks
from synergies.accounts.models import Invitation, RoleAssignment, User
from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.tasks import enqueue_on_commit


@transaction.atomic
def invite_user(
    *,
    email: str,
    full_name: str,
    by: User,
    role: str = "",
    scope: models.Model | None = None,
    audit_scope: models.Model | None = None,
) -> Invitation:
    """Create (or reuse) an inactive account for `email` and e-mail it a one-time link to set a password."""
    email = User.objects.normalize_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.has_usable_password() and user.is_active:
        raise ValidationError(_("Cette personne a déjà un compte actif."), code="already_active")
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name, is_active=False)
    user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        user=user,
        invited_by=by,
        role=role,
        content_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        object_id=str(scope.pk) if scope is not None else "",
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    audit.record(
        actor=by,
        verb="invitation.create",
        action=AuditEntry.Action.CREATE,
        target=user,
        changes={"email": [None, email], "role": [None, role or None], "scope": [None, str(scope) if scope else None]},
        scope=audit_scope or scope,
    )
    enqueue_on_commit(tasks.send_invitation_email, invitation.pk)
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User) -> None:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise ValidationError(_("Cette invitation a déjà été acceptée."), code="accepted")
    locked.revoked_at = invitation.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(actor=by, verb="invitation.revoke", target=invitation.user)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, password: str) -> User:
    """Set the password, activate the account and grant the role the invitation carried."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Ce lien d'invitation n'est plus valable."), code="unusable")
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if invitation.role and invitation.content_type_id:
        RoleAssignment.objects.get_or_create(
            user=user,
            role=invitation.role,
            content_type_id=invitation.content_type_id,
            object_id=invitation.object_id,
            defaults={"granted_by": invitation.invited_by},
        )
    audit.record(
        actor=user, verb="invitation.accept", target=user, changes={"is_active": [False, True]}, scope=invitation.scope
    )
    return user


@transaction.atomic
def grant_role(user: User, role: str, scope: models.Model, *, by: User | None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        content_type=ContentType.objects.get_for_model(scope),
        object_id=str(scope.pk),
        defaults={"granted_by": by},
    )
    if created:
        audit.record(
            actor=by, verb="role.grant", target=user, changes={"role": [None, f"{role} @ {scope}"]}, scope=scope
        )
    user.__dict__.pop("role_scopes", None)
    return assignment


@transaction.atomic
def revoke_role(user: User, role: str, scope: models.Model, *, by: User | None) -> None:
    deleted, _count = RoleAssignment.objects.filter(
        user=user, role=role, content_type=ContentType.objects.get_for_model(scope), object_id=str(scope.pk)
    ).delete()
    if deleted:
        audit.record(
            actor=by, verb="role.revoke", target=user, changes={"role": [f"{role} @ {scope}", None]}, scope=scope
        )
    user.__dict__.pop("role_scopes", None)


def request_password_reset(email: str) -> None:
    """Queue a reset e-mail for each active account with this address; say nothing about which exist."""
    users = User.objects.filter(email__iexact=User.objects.normalize_email(email), is_active=True)
    for user in users:
        if user.has_usable_password():
            enqueue_on_commit(tasks.send_password_reset_email, user.pk)
