"""Who may read, write and moderate a record, both ways for every role."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.practices.models import Practice, Status
from synergies.practices.notifications import editor_emails
from synergies.practices.services.moderators import delegate_moderation, revoke_moderation
from synergies.practices.services.records import update_practice
from synergies.practices.tests.factories import make_practice

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "contributor", "other_secretary", "secretary", "platform_admin")


@pytest.fixture
def users(
    outsider: Any, member: Any, contributor: Any, other_secretary: Any, secretary: Any, platform_admin: Any
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "member": member,
        "contributor": contributor,
        "other_secretary": other_secretary,
        "secretary": secretary,
        "platform_admin": platform_admin,
    }


def allowed(users: dict[str, Any], perm: str, obj: Any) -> set[str]:
    return {name for name in ROLES if users[name].has_perm(perm, obj)}


MODERATORS = {"secretary", "platform_admin"}


def draft_of(practice: Practice, status: str) -> Practice:
    practice.status = status
    practice.save()
    return practice


def test_everyone_reads_a_published_record(users: dict[str, Any], practice: Practice) -> None:
    assert allowed(users, "practices.view_practice", practice) == set(ROLES)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ARCHIVED])
def test_an_unpublished_record_is_read_by_its_editors_and_moderators_only(
    users: dict[str, Any], practice: Practice, status: str
) -> None:
    assert allowed(users, "practices.view_practice", draft_of(practice, status)) == {"contributor", *MODERATORS}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED])
def test_editors_change_their_record_while_it_is_theirs_to_change(
    users: dict[str, Any], practice: Practice, status: str
) -> None:
    assert allowed(users, "practices.change_practice", draft_of(practice, status)) == {"contributor", *MODERATORS}


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED, Status.TO_REVISE])
def test_once_submitted_only_moderators_change_the_record(
    users: dict[str, Any], practice: Practice, status: str
) -> None:
    assert allowed(users, "practices.change_practice", draft_of(practice, status)) == MODERATORS


def test_no_one_changes_an_archived_record(users: dict[str, Any], practice: Practice) -> None:
    """Platform admins are superusers, whom Django grants every permission: the service refuses them too."""
    assert allowed(users, "practices.change_practice", draft_of(practice, Status.ARCHIVED)) <= {"platform_admin"}
    with pytest.raises(ValidationError, match="archivée"):
        update_practice(practice, by=users["platform_admin"], fields={"title": "Autre titre"})
    practice.refresh_from_db()
    assert practice.title == "Atelier de lecture"


def test_a_partner_organisation_s_staff_edits_too(
    users: dict[str, Any], pole: Any, contributor_organisation: Any
) -> None:
    from synergies.practices.services.records import PartnerRole, Relations, update_practice

    practice = make_practice(pole, status=Status.DRAFT)
    assert "contributor" not in allowed(users, "practices.change_practice", practice)
    update_practice(practice, by=None, fields={}, relations=Relations(partners=[PartnerRole(contributor_organisation)]))
    assert "contributor" in allowed(users, "practices.change_practice", practice)


@pytest.mark.parametrize(
    ("starts", "ends", "works_there"),
    [(-30, None, True), (-30, 30, True), (-30, 0, True), (-60, -1, False), (1, None, False)],
)
def test_an_affiliation_makes_an_editor_while_the_directory_dates_it_in_force(
    pole: Any, contributor: Any, contributor_organisation: Any, starts: int, ends: int | None, works_there: bool
) -> None:
    today = timezone.localdate()
    affiliation = contributor.person.affiliations.get()
    affiliation.start_date = today + datetime.timedelta(days=starts)
    affiliation.end_date = None if ends is None else today + datetime.timedelta(days=ends)
    affiliation.save()
    practice = make_practice(pole, status=Status.DRAFT, holder=contributor_organisation)
    assert contributor.has_perm("practices.change_practice", practice) is works_there
    assert contributor.has_perm("practices.add_practice", pole) is works_there
    assert (practice in Practice.objects.followed_by(contributor)) is works_there
    assert (contributor.email in editor_emails(practice)) is works_there


def test_people_working_for_an_organisation_may_propose_practices(users: dict[str, Any], pole: Any) -> None:
    assert allowed(users, "practices.add_practice", pole) == {"contributor", *MODERATORS}


def test_a_delegated_member_moderates_until_the_delegation_is_revoked(
    users: dict[str, Any], pole: Any, practice: Practice, secretary: Any, member: Any
) -> None:
    assert "member" not in allowed(users, "practices.moderate_practice", practice)
    moderator = delegate_moderation(pole, member, by=secretary)
    assert allowed(users, "practices.moderate_practice", practice) == {"member", *MODERATORS}
    assert allowed(users, "practices.view_moderation_queue", pole) == {"member", *MODERATORS}
    assert "member" not in allowed(users, "practices.manage_moderators", pole)
    revoke_moderation(moderator, by=secretary)
    assert "member" not in allowed(users, "practices.moderate_practice", practice)


def test_the_queryset_shows_each_user_what_the_rules_let_them_read(
    users: dict[str, Any], pole: Any, practice: Practice
) -> None:
    draft = make_practice(pole, status=Status.DRAFT, title="Brouillon d’un autre")
    for name in ROLES:
        visible = set(Practice.objects.visible_to(users[name]))
        expected = {p for p in (practice, draft) if users[name].has_perm("practices.view_practice", p)}
        assert visible == expected, name


def test_only_the_secretariat_proposes_a_label_and_only_for_a_published_record(
    users: dict[str, Any], practice: Practice
) -> None:
    assert allowed(users, "practices.propose_label", practice) == MODERATORS
    # A superuser holds every permission; for them the service refuses a draft (test_labels).
    assert allowed(users, "practices.propose_label", draft_of(practice, Status.DRAFT)) <= {"platform_admin"}


def test_synonyms_are_the_secretariats(users: dict[str, Any]) -> None:
    assert allowed(users, "practices.edit_synonyms", None) == {"other_secretary", *MODERATORS}
