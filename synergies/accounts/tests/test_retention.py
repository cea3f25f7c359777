"""Retention (`manage.py purge_inactive`): old invitations go, accounts never activated and dormant accounts are
erased by pseudonymisation; superusers and recent accounts stay; --dry-run only lists."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from synergies.accounts import retention, services
from synergies.accounts.models import Erasure, Invitation, User
from synergies.lib.models import AuditEntry
from synergies.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _user(email: str, *, joined: int, last_login: int | None, **extra: Any) -> User:
    user: Any = UserFactory(email=email, **extra)
    User.objects.filter(pk=user.pk).update(
        date_joined=_days_ago(joined), last_login=_days_ago(last_login) if last_login is not None else None
    )
    return User.objects.get(pk=user.pk)


def _invitation(email: str, by: User, *, sent: int, **dates: int) -> Invitation:
    """An invitation sent `sent` days ago; dates given in days ago (expires_at may be negative: in the future)."""
    invitation = services.invite_user(email=email, full_name="Invité", by=by)
    values = {"created_at": _days_ago(sent), **{name: _days_ago(days) for name, days in dates.items()}}
    Invitation.objects.filter(pk=invitation.pk).update(**values)
    User.objects.filter(pk=invitation.user_id).update(date_joined=_days_ago(sent))
    return Invitation.objects.get(pk=invitation.pk)


def _accepted(invitation: Invitation) -> Invitation:
    """The account of an accepted invitation is active and in use."""
    user = invitation.user
    user.is_active = True
    user.set_password("correct-horse-battery")
    user.last_login = _days_ago(2)
    user.save()
    return invitation


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_inactive", *args, stdout=out)
    return out.getvalue().replace("\u00a0", " ")


def _erased(user: User) -> bool:
    user = User.objects.get(pk=user.pk)
    return user.full_name.startswith("Personne supprimée n°") and not user.is_active


@pytest.fixture
def world(platform_admin: User) -> dict[str, Any]:
    old = settings.ACCOUNT_RETENTION_DAYS + 30
    old_invitation = settings.INVITATION_RETENTION_DAYS + 10
    return {
        "expired_long_ago": _invitation("expired@example.org", platform_admin, sent=200, expires_at=186),
        "accepted_long_ago": _accepted(
            _invitation("accepted@example.org", platform_admin, sent=200, expires_at=186, accepted_at=old_invitation)
        ),
        "revoked_long_ago": _invitation(
            "revoked@example.org", platform_admin, sent=200, expires_at=186, revoked_at=old_invitation
        ),
        "pending": _invitation("pending@example.org", platform_admin, sent=2, expires_at=-12),
        "expired_recently": _invitation("recent@example.org", platform_admin, sent=20, expires_at=6),
        "dormant": _user("dormant@example.org", joined=old + 100, last_login=old),
        "never_logged_in": _user("ghost@example.org", joined=old, last_login=None),
        "regular": _user("regular@example.org", joined=old + 100, last_login=30),
        "newcomer": _user("newcomer@example.org", joined=3, last_login=None),
        "old_superuser": _user(
            "root@example.org", joined=old * 3, last_login=old * 2, is_superuser=True, is_staff=True
        ),
    }


def test_a_dry_run_lists_what_would_go_and_changes_nothing(world, platform_admin):
    users_before = {u.pk: (u.email, u.full_name, u.is_active) for u in User.objects.all()}
    invitations_before = Invitation.objects.count()

    output = _run("--dry-run")

    assert "Invitations à supprimer : 3" in output
    for key in ("expired_long_ago", "accepted_long_ago", "revoked_long_ago"):
        assert f"invitation n° {world[key].pk} du " in output
    for key in ("pending", "expired_recently"):
        assert f"invitation n° {world[key].pk} du " not in output
    assert "Comptes jamais activés à effacer : 2" in output
    assert f"compte n° {world['expired_long_ago'].user_id}, créé le " in output
    assert f"compte n° {world['revoked_long_ago'].user_id}, créé le " in output
    assert "Comptes inactifs à effacer : 2" in output
    assert f"compte n° {world['dormant'].pk}, dernière connexion : {world['dormant'].last_login:%d/%m/%Y}" in output
    assert f"compte n° {world['never_logged_in'].pk}, dernière connexion : jamais" in output
    assert "Simulation : rien n’a été modifié." in output
    assert "Purge effectuée" not in output
    assert {u.pk: (u.email, u.full_name, u.is_active) for u in User.objects.all()} == users_before
    assert Invitation.objects.count() == invitations_before
    assert not Erasure.objects.exists()
    assert not AuditEntry.objects.filter(verb__in=["retention.purge", "personal_data.erase"]).exists()


def test_the_listing_shows_no_address_or_name(world):
    output = _run("--dry-run")

    assert "@example.org" not in output
    assert "Invité" not in output


def test_the_purge_deletes_old_invitations_and_keeps_recent_ones(world):
    output = _run()

    assert "Purge effectuée." in output
    remaining = set(Invitation.objects.values_list("pk", flat=True))
    assert remaining == {world["pending"].pk, world["expired_recently"].pk}


def test_the_purge_erases_accounts_never_activated_after_the_retention(world):
    _run()

    for key, email in (("expired_long_ago", "expired@example.org"), ("revoked_long_ago", "revoked@example.org")):
        never_activated = User.objects.get(pk=world[key].user_id)
        assert _erased(never_activated)
        assert never_activated.email != email
    assert Erasure.objects.filter(reason="jamais activé").count() == 2
    assert User.objects.get(pk=world["accepted_long_ago"].user_id).email == "accepted@example.org"


def test_the_purge_erases_dormant_accounts(world):
    _run()

    assert _erased(world["dormant"])
    assert _erased(world["never_logged_in"])
    assert Erasure.objects.filter(reason="inactif").count() == 2
    assert not User.objects.filter(email__in=["dormant@example.org", "ghost@example.org"]).exists()


def test_the_purge_keeps_recent_and_active_accounts(world):
    _run()

    for key in ("regular", "newcomer"):
        user = User.objects.get(pk=world[key].pk)
        assert user.is_active
        assert user.email == world[key].email
    for key in ("pending", "expired_recently", "accepted_long_ago"):
        assert User.objects.get(pk=world[key].user_id).email == world[key].user.email


def test_superusers_are_never_purged(world, platform_admin):
    inactive_root = _user("inactive-root@example.org", joined=5000, last_login=None, is_superuser=True, is_active=False)
    inactive_root.set_unusable_password()
    inactive_root.save()

    _run()

    for user in (world["old_superuser"], inactive_root, platform_admin):
        refreshed = User.objects.get(pk=user.pk)
        assert refreshed.email == user.email
        assert refreshed.is_superuser


def test_the_purge_is_audited_with_counts_only(world):
    _run()

    entry = AuditEntry.objects.get(verb="retention.purge")
    assert entry.actor is None
    assert entry.message == (
        "3 invitation(s), 2 compte(s) jamais activé(s), 2 compte(s) inactif(s), 0 tâche(s) terminée(s)"
    )
    assert AuditEntry.objects.filter(verb="personal_data.erase").count() == 4


def test_running_the_purge_again_erases_nobody_twice(world):
    _run()
    pseudonyms = dict(User.objects.values_list("pk", "full_name"))

    output = _run()

    assert "Invitations à supprimer : 0" in output
    assert "Comptes jamais activés à effacer : 0" in output
    assert "Comptes inactifs à effacer : 0" in output
    assert Erasure.objects.count() == 4
    assert dict(User.objects.values_list("pk", "full_name")) == pseudonyms


def test_an_account_re_invited_recently_is_not_purged(platform_admin):
    first = _invitation("late@example.org", platform_admin, sent=400, expires_at=380)
    services.invite_user(email="late@example.org", full_name="Invité", by=platform_admin)

    _run()

    user = User.objects.get(pk=first.user_id)
    assert user.email == "late@example.org"
    assert Invitation.objects.filter(user=user).count() == 1


def test_the_retention_periods_can_be_given_on_the_command_line(platform_admin):
    user = _user("year@example.org", joined=500, last_login=400)

    assert "Comptes inactifs à effacer : 0" in _run("--dry-run")
    assert "Comptes inactifs à effacer : 1" in _run("--dry-run", "--account-days", "365")

    _run("--account-days", "365")
    assert _erased(user)


def test_the_plan_uses_the_settings_by_default(settings, platform_admin):
    settings.ACCOUNT_RETENTION_DAYS = 10
    user = _user("short@example.org", joined=30, last_login=11)

    assert retention.plan().dormant == [user]


def _task(status: str, *, finished: int | None, enqueued: int = 400) -> DBTaskResult:
    """A task of the database queue, enqueued and finished (or not) so many days ago."""
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1, "Jeanne Coach", "jeanne@example.org", "Bonjour"], "kwargs": {}},
        task_path="synergies.practices.tasks.relay_contact_message",
        backend_name="default",
        queue_name="default",
        run_after=_days_ago(enqueued),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=_days_ago(enqueued), finished_at=_days_ago(finished) if finished is not None else None
    )
    return result


def test_the_purge_deletes_finished_tasks_after_their_retention_and_keeps_the_others():
    old = settings.TASK_RETENTION_DAYS + 1
    gone = [_task(TaskResultStatus.SUCCESSFUL, finished=old), _task(TaskResultStatus.FAILED, finished=old)]
    kept = [
        _task(TaskResultStatus.SUCCESSFUL, finished=settings.TASK_RETENTION_DAYS - 1),
        _task(TaskResultStatus.READY, finished=None),
        _task(TaskResultStatus.RUNNING, finished=None),
    ]

    assert "Tâches d’arrière-plan terminées à supprimer : 2" in _run("--dry-run")
    assert DBTaskResult.objects.count() == 5
    _run()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {task.pk for task in kept}
    assert not DBTaskResult.objects.filter(pk__in=[task.pk for task in gone]).exists()
    assert "Tâches d’arrière-plan terminées à supprimer : 1" in _run("--dry-run", "--task-days", "1")
