"""Retention: what is kept no longer than needed (RGPD art. 5.1.e). Run daily by `manage.py purge_inactive`.

Finished background tasks go too: their arguments may hold addresses and messages (a visitor's message relayed to a
practice's contact), which the queue needs only until the task has run."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from synergies.accounts.models import Invitation, User
from synergies.accounts.personal_data import erase_user, erased_accounts
from synergies.lib import audit
from synergies.lib.models import AuditEntry


@dataclass
class RetentionPlan:
    invitations: list[Invitation] = field(default_factory=list)
    never_activated: list[User] = field(default_factory=list)
    dormant: list[User] = field(default_factory=list)
    tasks_finished_before: datetime.datetime | None = None
    task_results: int = 0  # how many finished tasks of the database queue ended before that


def old_task_results(cutoff: datetime.datetime) -> models.QuerySet[DBTaskResult]:
    """Finished tasks of the database queue (other backends keep no results here) that ended before ``cutoff``.

    Deleted by this filter, not by a list of ids: a busy queue may hold more of them than a statement takes."""
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


def plan(
    *, invitation_days: int | None = None, account_days: int | None = None, task_days: int | None = None
) -> RetentionPlan:
    """What would be purged now: invitations closed or expired long ago, accounts never activated, dormant accounts,
    finished background tasks."""
    now = timezone.now()
    task_cutoff = now - datetime.timedelta(days=task_days or settings.TASK_RETENTION_DAYS)
    invitation_cutoff = now - datetime.timedelta(days=invitation_days or settings.INVITATION_RETENTION_DAYS)
    account_cutoff = now - datetime.timedelta(days=account_days or settings.ACCOUNT_RETENTION_DAYS)
    invitations = Invitation.objects.filter(
        Q(expires_at__lt=invitation_cutoff) | Q(accepted_at__lt=invitation_cutoff) | Q(revoked_at__lt=invitation_cutoff)
    ).select_related("user")
    never_activated = (
        User.objects.filter(
            is_active=False,
            is_superuser=False,
            last_login__isnull=True,
            date_joined__lt=invitation_cutoff,
            password__startswith="!",
        )
        .exclude(invitations__expires_at__gte=invitation_cutoff)
        .exclude(erased_accounts())
    )
    dormant = User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(last_login__lt=account_cutoff) | Q(last_login__isnull=True, date_joined__lt=account_cutoff)
    )
    return RetentionPlan(
        list(invitations),
        list(never_activated.distinct()),
        list(dormant),
        task_cutoff,
        old_task_results(task_cutoff).count(),
    )


@transaction.atomic
def purge(retention: RetentionPlan) -> None:
    """Delete old invitations, never-activated accounts and finished tasks; erase (pseudonymise) dormant accounts."""
    Invitation.objects.filter(pk__in=[i.pk for i in retention.invitations]).delete()
    if retention.tasks_finished_before is not None:
        old_task_results(retention.tasks_finished_before).delete()
    for user in retention.never_activated:
        erase_user(user, by=None, reason="jamais activé")
    for user in retention.dormant:
        erase_user(user, by=None, reason="inactif")
    audit.record(
        actor=None,
        verb="retention.purge",
        action=AuditEntry.Action.DELETE,
        message=f"{len(retention.invitations)} invitation(s), {len(retention.never_activated)} compte(s) jamais "
        f"activé(s), {len(retention.dormant)} compte(s) inactif(s), {retention.task_results} tâche(s) terminée(s)",
    )
