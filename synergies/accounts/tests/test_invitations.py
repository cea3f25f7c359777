"""Invitations: an inactive account and a one-time link, e-mailed in French once the transaction commits."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.accounts import services
from synergies.accounts.models import Invitation, Role, RoleAssignment, User
from synergies.accounts.tests.helpers import NEW_PASSWORD, link_path
from synergies.accounts.tokens import INVITATION_SALT, get_invitation_from_token, invitation_token
from synergies.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def _accept(client, path, password=NEW_PASSWORD, confirmation=None):
    return client.post(path, {"new_password1": password, "new_password2": confirmation or password})


def _path(invitation: Invitation) -> str:
    return f"/compte/invitation/{invitation_token(invitation)}/"


# --- the service -------------------------------------------------------------------------------------------------


def test_inviting_creates_an_inactive_account_without_password(invite):
    before = timezone.now()

    invitation = invite(email="  Zoe.DHONDT@Example.org ")

    user = User.objects.get(email="zoe.dhondt@example.org")
    assert user.full_name == "Zoé D'Hondt"
    assert not user.is_active
    assert not user.has_usable_password()
    assert invitation.user == user
    assert invitation.is_usable
    assert invitation.status_label == "en attente"
    validity = datetime.timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    assert before + validity <= invitation.expires_at <= timezone.now() + validity


def test_inviting_carries_the_role_and_scope_and_is_audited(invite, basin, platform_admin):
    invitation = invite()

    assert invitation.role == Role.SECRETARIAT
    assert invitation.scope == basin
    assert invitation.invited_by == platform_admin
    entry = AuditEntry.objects.for_object(invitation.user).get()
    assert (entry.verb, entry.action, entry.actor) == ("invitation.create", "create", platform_admin)
    assert entry.changes == {
        "email": [None, "zoe@example.org"],
        "role": [None, "secretariat"],
        "scope": [None, "Hainaut-Centre"],
    }


def test_the_invitation_e_mail_leaves_only_after_commit(
    platform_admin, basin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.invite_user(email="zoe@example.org", full_name="Zoé", by=platform_admin)
    assert mailoutbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["zoe@example.org"]


def test_the_invitation_e_mail_is_in_french_and_names_the_inviter(
    platform_admin, basin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invite_user(
            email="zoe@example.org", full_name="Zoé D'Hondt", by=platform_admin, role=Role.SECRETARIAT, scope=basin
        )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=datetime.datetime(2031, 3, 5, 13, 30, tzinfo=datetime.UTC)
    )
    for callback in callbacks:
        callback()

    (message,) = mailoutbox
    assert message.subject == "[Synergies] Votre invitation à rejoindre Synergies"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    body = message.body
    assert body.startswith("Bonjour Zoé D'Hondt,\n")
    assert "Ada Admin vous invite à rejoindre Synergies, la plateforme des pôles de synergies" in body
    assert "Pour activer votre compte, choisissez votre mot de passe en suivant ce lien\xa0:" in body
    assert "Ce lien ne sert qu’une fois et expire le 5 mars 2031 à 14:30." in body
    assert "Votre identifiant sera cette adresse e-mail." in body
    assert "&#x27;" not in body
    assert link_path(message) == _path(invitation)


def test_the_invitation_e_mail_stays_french_when_the_inviter_browses_in_english(
    platform_admin, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.invite_user(email="zoe@example.org", full_name="Zoé", by=platform_admin)

    assert mailoutbox[0].subject == "[Synergies] Votre invitation à rejoindre Synergies"
    assert link_path(mailoutbox[0]).startswith("/compte/invitation/")


def test_inviting_again_revokes_the_earlier_pending_invitation(invite):
    first = invite()
    second = invite(email=" ZOE@Example.org", full_name="Autre nom")

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert not first.is_usable
    assert first.status_label == "annulée"
    assert list(Invitation.objects.pending()) == [second]
    assert User.objects.filter(email="zoe@example.org").count() == 1
    assert User.objects.get(email="zoe@example.org").full_name == "Zoé D'Hondt"


def test_two_invitations_in_one_transaction_send_only_the_valid_link(
    platform_admin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_user(email="zoe@example.org", full_name="Zoé", by=platform_admin)
        second = services.invite_user(email="zoe@example.org", full_name="Zoé", by=platform_admin)

    assert len(mailoutbox) == 1
    assert link_path(mailoutbox[0]) == _path(second)


@pytest.mark.parametrize("email", ["secretariat@example.org", " SECRETARIAT@example.org"])
def test_an_already_active_account_cannot_be_invited(secretary, platform_admin, email, mailoutbox):
    with pytest.raises(ValidationError) as caught:
        services.invite_user(email=email, full_name="Sam", by=platform_admin)

    assert caught.value.code == "already_active"
    assert caught.value.messages == ["Cette personne a déjà un compte actif."]
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_revoking_an_invitation_voids_its_link(invite, platform_admin, client):
    invitation = invite()

    services.revoke_invitation(invitation, by=platform_admin)

    assert client.get(_path(invitation)).status_code == 410
    assert AuditEntry.objects.filter(verb="invitation.revoke", actor=platform_admin).exists()


def test_an_accepted_invitation_cannot_be_revoked(invite, platform_admin):
    invitation = invite()
    services.accept_invitation(invitation, password=NEW_PASSWORD)

    with pytest.raises(ValidationError) as caught:
        services.revoke_invitation(invitation, by=platform_admin)

    assert caught.value.code == "accepted"


def test_expired_and_pending_invitations_are_told_apart(invite):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    invitation.refresh_from_db()

    assert list(Invitation.objects.expired()) == [invitation]
    assert not Invitation.objects.pending().exists()
    assert invitation.status_label == "expirée"


# --- the link ----------------------------------------------------------------------------------------------------


def test_the_link_in_the_e_mail_opens_a_french_form_to_choose_a_password(invite, mailoutbox, client):
    invite()

    response = client.get(link_path(mailoutbox[0]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Activer votre compte" in content
    assert "<strong>zoe@example.org</strong>" in content
    assert 'name="new_password1"' in content
    assert 'name="new_password2"' in content
    assert "no-store" in response["Cache-Control"]


def test_accepting_sets_the_password_activates_the_account_grants_the_role_and_goes_to_login(
    invite, mailoutbox, client, basin, platform_admin
):
    invitation = invite()

    response = _accept(client, link_path(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/"
    user = User.objects.get(email="zoe@example.org")
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert user.has_role(Role.SECRETARIAT, basin)
    assert RoleAssignment.objects.get(user=user).granted_by == platform_admin
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.status_label == "acceptée"
    entry = AuditEntry.objects.get(verb="invitation.accept")
    assert entry.actor == user
    assert entry.changes == {"is_active": [False, True]}
    assert not get_user(client).is_authenticated


def test_after_accepting_the_login_page_confirms_and_the_new_password_works(invite, mailoutbox, client):
    invite()

    response = client.post(
        link_path(mailoutbox[0]), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert "Votre compte est activé. Connectez-vous avec votre adresse e-mail et votre mot de passe." in (
        response.content.decode()
    )
    response = client.post("/compte/connexion/", {"username": "Zoe@Example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert get_user(client).get_username() == "zoe@example.org"


def test_an_invitation_without_role_grants_none(invite, mailoutbox, client):
    invite(role="", scope=None)

    assert _accept(client, link_path(mailoutbox[0])).status_code == 302

    user = User.objects.get(email="zoe@example.org")
    assert user.is_active
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_passwords_that_differ_are_refused_and_the_account_stays_inactive(invite, mailoutbox, client):
    invite()

    response = _accept(client, link_path(mailoutbox[0]), confirmation="Autre-chose-encore-1987")

    assert response.status_code == 200
    assert "Les deux mots de passe ne correspondent pas." in response.content.decode()
    user = User.objects.get(email="zoe@example.org")
    assert not user.is_active
    assert not user.has_usable_password()
    assert Invitation.objects.get().is_usable


def test_a_weak_password_is_refused_and_the_account_stays_inactive(invite, mailoutbox, client):
    invite()

    response = _accept(client, link_path(mailoutbox[0]), password="court")

    assert response.status_code == 200
    assert "Ce mot de passe est trop court." in response.content.decode()
    assert not User.objects.get(email="zoe@example.org").is_active


def test_a_link_used_once_is_refused_the_second_time(invite, mailoutbox, client):
    invite()
    path = link_path(mailoutbox[0])
    _accept(client, path)

    response = client.get(path)

    assert response.status_code == 410
    assert "Elle a déjà été utilisée\xa0: votre compte est actif." in response.content.decode()
    response = _accept(client, path, password="Encore-un-autre-mot-2024")
    assert response.status_code == 410
    assert User.objects.get(email="zoe@example.org").check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(invite, mailoutbox, client):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    path = link_path(mailoutbox[0])

    response = client.get(path)

    assert response.status_code == 410
    assert "Cette invitation n’est plus valable" in response.content.decode()
    assert "Le lien a expiré" in response.content.decode()
    assert _accept(client, path).status_code == 410
    assert not User.objects.get(email="zoe@example.org").is_active


def test_a_link_still_valid_for_a_minute_is_accepted(invite, mailoutbox, client):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + datetime.timedelta(minutes=1))

    assert _accept(client, link_path(mailoutbox[0])).status_code == 302


def test_a_resent_invitation_voids_the_old_link_and_the_new_one_works(invite, mailoutbox, client):
    invite()
    invite()
    old_path, new_path = link_path(mailoutbox[0]), link_path(mailoutbox[1])
    assert old_path != new_path

    assert client.get(old_path).status_code == 410
    assert _accept(client, old_path).status_code == 410
    assert not User.objects.get(email="zoe@example.org").is_active
    assert _accept(client, new_path).status_code == 302
    assert User.objects.get(email="zoe@example.org").is_active


def _tampered(token: str) -> str:
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda invitation: _tampered(invitation_token(invitation)), id="altered-signature"),
        pytest.param(lambda invitation: "n-importe-quoi", id="garbage"),
        pytest.param(
            lambda invitation: signing.dumps([invitation.pk, invitation.nonce], salt="autre-chose"), id="other-salt"
        ),
        pytest.param(
            lambda invitation: signing.dumps([invitation.pk, "devine"], salt=INVITATION_SALT), id="wrong-nonce"
        ),
        pytest.param(lambda invitation: signing.dumps(invitation.pk, salt=INVITATION_SALT), id="wrong-shape"),
        pytest.param(
            lambda invitation: signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT, key="x" * 50),
            id="other-key",
        ),
    ],
)
def test_a_forged_or_tampered_link_is_refused(invite, client, forge):
    invitation = invite()
    path = f"/compte/invitation/{forge(invitation)}/"

    assert get_invitation_from_token(forge(invitation)) is None
    assert client.get(path).status_code == 410
    assert _accept(client, path).status_code == 410
    assert not User.objects.get(email="zoe@example.org").is_active


def test_the_token_designates_its_invitation_whatever_its_state(invite):
    invitation = invite()
    token = invitation_token(invitation)
    services.accept_invitation(invitation, password=NEW_PASSWORD)

    found = get_invitation_from_token(token)

    assert found == invitation
    assert found is not None and found.accepted_at is not None


def test_the_service_refuses_an_invitation_no_longer_usable(invite):
    invitation = invite()
    services.accept_invitation(invitation, password=NEW_PASSWORD)

    with pytest.raises(ValidationError) as caught:
        services.accept_invitation(invitation, password="Un-autre-mot-de-passe-9")

    assert caught.value.code == "unusable"
    assert User.objects.get(email="zoe@example.org").check_password(NEW_PASSWORD)
