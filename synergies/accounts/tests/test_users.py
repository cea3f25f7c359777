"""accounts.models: the e-mail-identified User, its manager, and the roles it holds within a scope."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from synergies.accounts import services
from synergies.accounts.models import Role, RoleAssignment, User
from synergies.accounts.tests.helpers import PASSWORD
from synergies.basins.models import Basin
from synergies.lib.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"


# --- the manager -------------------------------------------------------------------------------------------------


def test_a_new_user_s_email_is_trimmed_and_lowered():
    user = User.objects.create_user(" Alice.Dupont@Example.ORG ", "un-mot-de-passe-long", full_name="Alice Dupont")

    user.refresh_from_db()
    assert user.email == "alice.dupont@example.org"
    assert user.check_password("un-mot-de-passe-long")
    assert user.is_active
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.is_platform_admin


@pytest.mark.parametrize("email", ["", "   ", None])
def test_a_user_without_email_cannot_be_created(email):
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email, "un-mot-de-passe-long")

    assert not User.objects.exists()


def test_a_user_created_without_password_cannot_log_in_with_any():
    user = User.objects.create_user("sans@example.org")

    assert not user.has_usable_password()
    assert not user.check_password("")


def test_a_superuser_is_a_platform_admin_while_active():
    user = User.objects.create_superuser("Root@Example.org", "un-mot-de-passe-long")

    assert user.email == "root@example.org"
    assert user.is_staff
    assert user.is_superuser
    assert user.is_platform_admin
    user.is_active = False
    assert not user.is_platform_admin


def test_two_spellings_of_the_same_address_cannot_both_get_an_account():
    User.objects.create_user("marie@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("MARIE@example.org")


def test_looking_up_by_natural_key_ignores_case_and_spaces(secretary):
    assert User.objects.get_by_natural_key(" SECRETARIAT@Example.ORG") == secretary


def test_cleaning_a_user_lowers_its_email():
    user = User(email=" Bob@Example.ORG ", full_name="Bob")

    user.clean()

    assert user.email == "bob@example.org"


def test_a_user_is_shown_by_full_name_or_else_by_email():
    named = User(email="a@example.org", full_name="Anne-Sophie Leroy")
    anonymous = User(email="b@example.org")

    assert (str(named), named.get_full_name(), named.get_short_name()) == (
        "Anne-Sophie Leroy",
        "Anne-Sophie Leroy",
        "Anne-Sophie",
    )
    assert (str(anonymous), anonymous.get_full_name(), anonymous.get_short_name()) == (
        "b@example.org",
        "b@example.org",
        "b@example.org",
    )


# --- logging in --------------------------------------------------------------------------------------------------


def test_the_login_page_is_in_french(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Connexion" in content
    assert "Adresse e-mail" in content
    assert "Mot de passe oublié\u202f?" in content


def test_logging_in_ignores_the_case_of_the_email(client, secretary):
    response = client.post(LOGIN_URL, {"username": "  SecretariaT@EXAMPLE.org ", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert get_user(client) == secretary


def test_logging_in_goes_to_the_page_asked_for(client, secretary):
    response = client.post(
        LOGIN_URL, {"username": "secretariat@example.org", "password": PASSWORD, "next": "/compte/mot-de-passe/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/"


def test_a_wrong_password_is_refused_in_french(client, secretary):
    response = client.post(LOGIN_URL, {"username": "secretariat@example.org", "password": "pas-le-bon"})

    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert not get_user(client).is_authenticated


def test_an_inactive_account_cannot_log_in(client, secretary):
    secretary.is_active = False
    secretary.save()

    response = client.post(LOGIN_URL, {"username": "secretariat@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_a_logged_in_user_visiting_the_login_page_is_sent_on(secretary_client):
    response = secretary_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- roles -------------------------------------------------------------------------------------------------------


def test_a_secretary_holds_the_role_in_her_basin_only(secretary, basin, other_basin):
    assert secretary.has_role(Role.SECRETARIAT)
    assert secretary.has_role(Role.SECRETARIAT, basin)
    assert not secretary.has_role(Role.SECRETARIAT, other_basin)
    assert secretary.scope_ids(Role.SECRETARIAT, Basin) == {str(basin.pk)}


def test_someone_without_role_holds_none(outsider, basin):
    assert outsider.role_scopes == frozenset()
    assert not outsider.has_role(Role.SECRETARIAT)
    assert not outsider.has_role(Role.SECRETARIAT, basin)
    assert outsider.scope_ids(Role.SECRETARIAT, Basin) == set()


def test_an_unsaved_user_holds_no_role():
    assert User(email="new@example.org").role_scopes == frozenset()


def test_a_deactivated_secretary_loses_her_roles(secretary, basin):
    secretary.is_active = False

    assert not secretary.has_role(Role.SECRETARIAT)
    assert not secretary.has_role(Role.SECRETARIAT, basin)
    assert secretary.scope_ids(Role.SECRETARIAT, Basin) == set()


def test_role_scopes_list_every_role_held(secretary, basin, other_basin, platform_admin):
    services.grant_role(secretary, Role.SECRETARIAT, other_basin, by=platform_admin)
    basin_type = ContentType.objects.get_for_model(Basin).pk

    assert secretary.role_scopes == frozenset(
        {
            (Role.SECRETARIAT.value, basin_type, str(basin.pk)),
            (Role.SECRETARIAT.value, basin_type, str(other_basin.pk)),
        }
    )
    assert secretary.scope_ids(Role.SECRETARIAT, Basin) == {str(basin.pk), str(other_basin.pk)}
    assert secretary.has_role(Role.SECRETARIAT, other_basin)


def test_roles_are_read_once_per_user_object(secretary, basin, other_basin, django_assert_num_queries):
    user = User.objects.get(pk=secretary.pk)
    ContentType.objects.get_for_model(Basin)

    with django_assert_num_queries(1):
        assert user.has_role(Role.SECRETARIAT)
        assert user.has_role(Role.SECRETARIAT, basin)
        assert not user.has_role(Role.SECRETARIAT, other_basin)
        assert user.scope_ids(Role.SECRETARIAT, Basin) == {str(basin.pk)}


def test_the_same_role_cannot_be_assigned_twice_in_the_same_scope(secretary, basin):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=secretary,
            role=Role.SECRETARIAT,
            content_type=ContentType.objects.get_for_model(Basin),
            object_id=str(basin.pk),
        )


def test_the_same_role_can_be_held_in_another_scope(secretary, other_basin):
    RoleAssignment.objects.create(
        user=secretary,
        role=Role.SECRETARIAT,
        content_type=ContentType.objects.get_for_model(Basin),
        object_id=str(other_basin.pk),
    )

    assert RoleAssignment.objects.filter(user=secretary).count() == 2


def test_granting_a_role_takes_effect_at_once_and_is_audited(outsider, basin, platform_admin):
    assert not outsider.has_role(Role.SECRETARIAT, basin)

    assignment = services.grant_role(outsider, Role.SECRETARIAT, basin, by=platform_admin)

    assert outsider.has_role(Role.SECRETARIAT, basin)
    assert assignment.granted_by == platform_admin
    assert str(assignment) == "Oscar Outsider — Secrétariat du bassin"
    entry = AuditEntry.objects.for_object(outsider).get()
    assert (entry.verb, entry.actor) == ("role.grant", platform_admin)
    assert entry.changes == {"role": [None, "secretariat @ Hainaut-Centre"]}


def test_granting_a_role_already_held_changes_nothing(secretary, basin, platform_admin):
    entries = AuditEntry.objects.filter(verb="role.grant").count()

    services.grant_role(secretary, Role.SECRETARIAT, basin, by=platform_admin)

    assert RoleAssignment.objects.filter(user=secretary).count() == 1
    assert AuditEntry.objects.filter(verb="role.grant").count() == entries


def test_revoking_a_role_takes_effect_at_once_and_is_audited(secretary, basin, platform_admin):
    assert secretary.has_role(Role.SECRETARIAT, basin)

    services.revoke_role(secretary, Role.SECRETARIAT, basin, by=platform_admin)

    assert not secretary.has_role(Role.SECRETARIAT, basin)
    assert not RoleAssignment.objects.filter(user=secretary).exists()
    entry = AuditEntry.objects.filter(verb="role.revoke").get()
    assert entry.actor == platform_admin
    assert entry.changes == {"role": ["secretariat @ Hainaut-Centre", None]}


def test_revoking_a_role_not_held_writes_no_audit_entry(outsider, basin, platform_admin):
    services.revoke_role(outsider, Role.SECRETARIAT, basin, by=platform_admin)

    assert not AuditEntry.objects.filter(verb="role.revoke").exists()


def test_a_role_can_be_granted_by_nobody(basin):
    user = User.objects.create_user("script@example.org")

    assignment = services.grant_role(user, Role.SECRETARIAT, basin, by=None)

    assert assignment.granted_by is None
    assert AuditEntry.objects.get(verb="role.grant").actor is None
