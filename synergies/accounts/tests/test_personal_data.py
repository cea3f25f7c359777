"""Personal data (RGPD art. 15 and 17): a person reads and downloads what is held about them, asks for its erasure,
and erasure pseudonymises the account everywhere, leaving no trace of the name or address, not even in the log."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user
from django.core.management import call_command
from django.test import Client

from synergies.accounts import mfa, personal_data, services, totp
from synergies.accounts.models import (
    Erasure,
    ErasureRequest,
    Invitation,
    RecoveryCode,
    Role,
    RoleAssignment,
    TOTPDevice,
    User,
)
from synergies.accounts.tests.helpers import NEW_PASSWORD, PASSWORD
from synergies.lib.models import AuditEntry

pytestmark = pytest.mark.django_db

MY_DATA_URL = "/compte/mes-donnees/"
NAME = "Zoé Vandermeulen-Quatrebarbes"
EMAIL = "zoe.vandermeulen@example.org"


def _account_source(data: dict[str, Any]) -> dict[str, Any]:
    (account,) = [source for source in data["sources"] if source["key"] == "account"]
    return account


def _invited_and_active(invite: Any, basin: Any) -> User:
    """Someone invited as secretariat of a basin who accepted, enrolled a second factor and used it."""
    invitation = invite(email=EMAIL, full_name=NAME, role=Role.SECRETARIAT, scope=basin)
    user = services.accept_invitation(invitation, password=NEW_PASSWORD)
    device = mfa.start_enrolment(user)
    codes = mfa.confirm_enrolment(device, totp.hotp(device.secret, totp.counter_at()))
    assert codes is not None
    assert mfa.verify(user, codes[0]) == "recovery"
    return User.objects.get(pk=user.pk)


def _traces(text: str) -> list[str]:
    needles = [NAME, EMAIL, "Vandermeulen", "vandermeulen", "Quatrebarbes"]
    return [needle for needle in needles if needle in text]


# --- reading one's data ------------------------------------------------------------------------------------------


def test_the_page_lists_the_account_data_in_french(outsider_client, outsider):
    response = outsider_client.get(MY_DATA_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mes données personnelles" in content
    assert "article 15 du RGPD" in content
    assert '<h2 id="source-account">Compte</h2>' in content
    assert "outsider@example.org" in content
    assert "Oscar Outsider" in content
    for label in ["Adresse e-mail", "Nom complet", "Dernière connexion", "Rôles", "Invitations"]:
        assert f"<dt>{label}</dt>" in content
    for code_key in ["<dt>email</dt>", "<dt>full_name</dt>", "<dt>is_active</dt>", ">True<", ">False<"]:
        assert code_key not in content
    assert "Télécharger ces données (JSON)" in content
    assert "Demander l’effacement de mes données" in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_page_shows_roles_and_their_scope_in_french(secretary_client):
    content = secretary_client.get(MY_DATA_URL).content.decode()

    assert "Secrétariat du bassin" in content
    assert "Hainaut-Centre" in content
    assert ">secretariat<" not in content


def test_the_page_shows_only_the_visitor_s_own_data(outsider_client, secretary):
    content = outsider_client.get(MY_DATA_URL).content.decode()

    assert "secretariat@example.org" not in content
    assert "Sam Secrétariat" not in content


def test_the_json_download_holds_the_email_roles_and_invitations(invite, basin, secretary):
    invite(email="zoe@example.org", full_name="Zoé D'Hondt", role=Role.SECRETARIAT, scope=basin)
    zoe = User.objects.get(email="zoe@example.org")
    zoe.is_active = True
    zoe.set_password(PASSWORD)
    zoe.save()
    services.grant_role(zoe, Role.SECRETARIAT, basin, by=None)
    client = Client()
    client.force_login(zoe)
    session = client.session
    session[mfa.SESSION_KEY] = zoe.pk
    session.save()

    response = client.get(MY_DATA_URL + "?format=json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-synergies.json"'
    assert "Zoé D'Hondt" in response.content.decode("utf-8")
    data = json.loads(response.content)
    assert data["subject"] == {"id": zoe.pk, "email": "zoe@example.org"}
    account = _account_source(data)
    assert account["label"] == "Compte"
    assert account["data"]["email"] == "zoe@example.org"
    assert account["data"]["full_name"] == "Zoé D'Hondt"
    assert account["data"]["roles"] == [
        {
            "role": "Secrétariat du bassin",
            "scope": "Hainaut-Centre",
            "granted_at": account["data"]["roles"][0]["granted_at"],
        }
    ]
    (invitation,) = account["data"]["invitations"]
    assert invitation["status"] == "en attente"
    assert set(invitation) == {"sent_at", "expires_at", "status"}
    assert "nonce" not in response.content.decode()
    assert secretary.email not in response.content.decode()


def test_the_export_tells_whether_a_second_factor_is_enrolled_without_its_secret(secretary):
    device = mfa.start_enrolment(secretary)
    mfa.confirm_enrolment(device, totp.hotp(device.secret, totp.counter_at()))

    data = personal_data.export_user_data(secretary)

    assert _account_source(data)["data"]["two_factor"] == {"enrolled": True}
    assert device.secret not in json.dumps(data)


def test_the_export_includes_what_the_user_did(platform_admin, secretary):
    data = personal_data.export_user_data(platform_admin)

    (activity,) = [source for source in data["sources"] if source["key"] == "activity"]
    assert "role.grant" in [item["operation"] for item in activity["data"]]


def test_every_source_exports_something_json_can_carry(secretary):
    data = personal_data.export_user_data(secretary)

    assert json.loads(json.dumps(data)) == data
    assert {"account", "activity"} <= {source["key"] for source in data["sources"]}
    assert all(source["label"] for source in data["sources"])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    for response in (client.get(MY_DATA_URL), client.get(MY_DATA_URL + "?format=json"), client.post(MY_DATA_URL)):
        assert response.status_code == 302
        assert response["Location"].startswith(f"/compte/connexion/?next={MY_DATA_URL}")
    assert not ErasureRequest.objects.exists()


# --- asking for erasure ------------------------------------------------------------------------------------------


def test_asking_for_erasure_records_one_pending_request(outsider_client, outsider):
    response = outsider_client.post(MY_DATA_URL)

    assert response.status_code == 302
    assert response["Location"] == MY_DATA_URL
    request = ErasureRequest.objects.get()
    assert (request.user, request.status) == (outsider, ErasureRequest.Status.PENDING)
    entry = AuditEntry.objects.get(verb="personal_data.erasure_request")
    assert entry.actor == outsider
    page = outsider_client.get(MY_DATA_URL).content.decode()
    assert "Votre demande d’effacement est enregistrée." in page
    assert "Vous avez demandé l’effacement de vos données le" in page
    assert "Demander l’effacement de mes données</button>" not in page
    assert User.objects.get(pk=outsider.pk).email == "outsider@example.org"


def test_asking_twice_still_makes_one_request(outsider_client):
    outsider_client.post(MY_DATA_URL)
    outsider_client.post(MY_DATA_URL)

    assert ErasureRequest.objects.count() == 1
    assert AuditEntry.objects.filter(verb="personal_data.erasure_request").count() == 1


def test_a_new_request_may_follow_a_refused_one(outsider):
    first = personal_data.request_erasure(outsider)
    first.status = ErasureRequest.Status.REFUSED
    first.save()

    second = personal_data.request_erasure(outsider)

    assert second.pk != first.pk
    assert ErasureRequest.objects.filter(user=outsider, status="pending").count() == 1


# --- erasing -----------------------------------------------------------------------------------------------------


def test_erasure_pseudonymises_the_account(invite, basin, platform_admin):
    user = _invited_and_active(invite, basin)

    erasure = personal_data.erase_user(user, by=platform_admin, reason="demande du 3 mars")

    user.refresh_from_db()
    assert erasure.pseudonym == f"Personne supprimée n°\u00a0{erasure.pk}"
    assert user.full_name == erasure.pseudonym
    assert str(user) == erasure.pseudonym
    assert user.email != EMAIL
    assert "vandermeulen" not in user.email
    assert not user.has_usable_password()
    assert not user.check_password(NEW_PASSWORD)
    assert not (user.is_active or user.is_staff or user.is_superuser)
    assert Erasure.objects.get() == erasure
    assert (erasure.erased_by, erasure.reason) == (platform_admin, "demande du 3 mars")


def test_erasure_deletes_roles_invitations_and_second_factor(invite, basin, platform_admin):
    user = _invited_and_active(invite, basin)
    assert RoleAssignment.objects.filter(user=user).exists()
    assert Invitation.objects.filter(user=user).exists()
    assert TOTPDevice.objects.filter(user=user).exists()
    assert RecoveryCode.objects.filter(user=user).exists()

    personal_data.erase_user(user, by=platform_admin)

    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not Invitation.objects.filter(user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert not User.objects.get(pk=user.pk).has_role(Role.SECRETARIAT)


def test_erasure_closes_the_pending_request(outsider, platform_admin):
    request = personal_data.request_erasure(outsider)

    personal_data.erase_user(outsider, by=platform_admin)

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE
    assert request.decided_by == platform_admin
    assert request.decided_at is not None
    assert request.user_id == outsider.pk


def test_erasure_is_audited_under_the_pseudonym(outsider, platform_admin):
    erasure = personal_data.erase_user(outsider, by=platform_admin)

    entry = AuditEntry.objects.get(verb="personal_data.erase")
    assert entry.actor == platform_admin
    assert entry.action == AuditEntry.Action.DELETE
    assert entry.subject == erasure
    assert entry.object_repr == entry.message == erasure.pseudonym


def test_each_erasure_gets_its_own_number(outsider, secretary, platform_admin):
    first = personal_data.erase_user(outsider, by=platform_admin)
    second = personal_data.erase_user(secretary, by=platform_admin)

    names = {User.objects.get(pk=outsider.pk).full_name, User.objects.get(pk=secretary.pk).full_name}
    assert names == {first.pseudonym, second.pseudonym}
    assert len(names) == 2
    assert len({User.objects.get(pk=outsider.pk).email, User.objects.get(pk=secretary.pk).email}) == 2


def test_the_audit_log_keeps_no_trace_of_the_erased_name_or_address(invite, basin, platform_admin, outsider_client):
    user = _invited_and_active(invite, basin)
    attacker = Client()
    for _ in range(10):
        attacker.post("/compte/connexion/", {"username": EMAIL, "password": "wrong-password"})
    assert AuditEntry.objects.filter(verb="login.lockout", object_id=str(user.pk)).exists()
    services.revoke_role(user, Role.SECRETARIAT, basin, by=platform_admin)
    services.grant_role(user, Role.SECRETARIAT, basin, by=platform_admin)
    personal_data.request_erasure(user)
    entries_before = AuditEntry.objects.count()
    assert any(
        _traces(e.object_repr + json.dumps(e.changes, ensure_ascii=False) + e.message) for e in AuditEntry.objects.all()
    )

    personal_data.erase_user(user, by=platform_admin)

    assert AuditEntry.objects.count() == entries_before + 1
    for entry in AuditEntry.objects.all():
        recorded = entry.object_repr + json.dumps(entry.changes, ensure_ascii=False) + entry.message + str(entry)
        assert not _traces(recorded), (entry.verb, recorded)
    assert AuditEntry.objects.filter(verb="personal_data.erase").exists()
    assert AuditEntry.objects.filter(verb="invitation.create", object_id=str(user.pk)).exists()


def test_what_the_erased_user_did_stays_in_the_log_under_the_pseudonym(secretary, outsider, platform_admin, basin):
    services.grant_role(outsider, Role.SECRETARIAT, basin, by=secretary)
    entry = AuditEntry.objects.get(verb="role.grant", object_id=str(outsider.pk))

    erasure = personal_data.erase_user(secretary, by=platform_admin)

    entry.refresh_from_db()
    assert entry.actor_id == secretary.pk
    assert str(entry.actor) == erasure.pseudonym


def test_nothing_in_the_whole_database_names_an_erased_invited_person(invite, basin, platform_admin):
    user = _invited_and_active(invite, basin)
    Client().post("/compte/connexion/", {"username": EMAIL, "password": "wrong-password"})
    personal_data.request_erasure(user)
    before = io.StringIO()
    call_command("dumpdata", stdout=before)
    assert _traces(json.dumps(json.loads(before.getvalue()), ensure_ascii=False))

    personal_data.erase_user(user, by=platform_admin)

    after = io.StringIO()
    call_command("dumpdata", stdout=after)
    text = after.getvalue()
    assert not _traces(text)
    assert not _traces(json.dumps(json.loads(text), ensure_ascii=False))


def test_the_django_admin_history_keeps_no_trace_either(outsider, platform_admin):
    LogEntry.objects.log_actions(
        user_id=platform_admin.pk, queryset=[outsider], action_flag=CHANGE, change_message="Nom complet modifié."
    )
    assert LogEntry.objects.filter(object_repr="Oscar Outsider").exists()

    erasure = personal_data.erase_user(outsider, by=platform_admin)

    for entry in LogEntry.objects.all():
        assert "Oscar" not in entry.object_repr + entry.change_message
        assert "outsider@example.org" not in entry.object_repr + entry.change_message
    assert LogEntry.objects.get(object_id=str(outsider.pk)).object_repr == erasure.pseudonym


def test_an_erased_person_cannot_log_in_and_their_address_can_be_invited_again(invite, basin, platform_admin):
    user = _invited_and_active(invite, basin)
    personal_data.erase_user(user, by=platform_admin)

    client = Client()
    client.post("/compte/connexion/", {"username": EMAIL, "password": NEW_PASSWORD})
    assert not get_user(client).is_authenticated

    invitation = invite(email=EMAIL, full_name=NAME)
    assert invitation.user.pk != user.pk


def test_an_erased_person_s_session_ends(outsider_client, outsider, platform_admin):
    personal_data.erase_user(outsider, by=platform_admin)

    response = outsider_client.get(MY_DATA_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_a_failing_source_leaves_everything_as_it_was(outsider, platform_admin, monkeypatch):
    def explode(user: User, erasure: Erasure) -> None:
        raise RuntimeError("source unavailable")

    monkeypatch.setitem(
        personal_data._sources, "zz-failing", personal_data.Source("zz-failing", "Test", lambda user: None, explode)
    )
    request = personal_data.request_erasure(outsider)

    with pytest.raises(RuntimeError):
        personal_data.erase_user(outsider, by=platform_admin)

    outsider.refresh_from_db()
    assert (outsider.email, outsider.full_name, outsider.is_active) == ("outsider@example.org", "Oscar Outsider", True)
    assert outsider.check_password(PASSWORD)
    assert not Erasure.objects.exists()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING
    assert not AuditEntry.objects.filter(verb="personal_data.erase").exists()


def test_a_registered_source_is_exported_and_erased(outsider, platform_admin, monkeypatch):
    erased: list[tuple[int, int]] = []
    monkeypatch.setattr(personal_data, "_sources", dict(personal_data._sources))
    monkeypatch.setattr(personal_data, "_field_labels", dict(personal_data._field_labels))
    personal_data.register(
        "test-notes",
        "Notes",
        export=lambda user: {"note": f"about {user.pk}"},
        erase=lambda user, erasure: erased.append((user.pk, erasure.pk)),
        field_labels={"note": "Remarque"},
    )

    data = personal_data.export_user_data(outsider)
    erasure = personal_data.erase_user(outsider, by=platform_admin)

    assert {"key": "test-notes", "label": "Notes", "data": {"note": f"about {outsider.pk}"}} in data["sources"]
    assert personal_data.field_label("note") == "Remarque"
    assert erased == [(outsider.pk, erasure.pk)]
