"""Passwords: the reset flow end to end, the change form, and logging out."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user

from synergies.accounts.models import User
from synergies.accounts.tests.helpers import NEW_PASSWORD, PASSWORD, link_path

pytestmark = pytest.mark.django_db

RESET_URL = "/compte/mot-de-passe/oublie/"
RESET_DONE_URL = "/compte/mot-de-passe/oublie/envoye/"
CHANGE_URL = "/compte/mot-de-passe/"
LOGIN_URL = "/compte/connexion/"


def _request_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(RESET_URL, {"email": email})


def _logs_in(email: str, password: str) -> bool:
    from django.test import Client

    client = Client()
    response = client.post(LOGIN_URL, {"username": email, "password": password})
    return response.status_code == 302 and get_user(client).is_authenticated


# --- reset -------------------------------------------------------------------------------------------------------


def test_the_reset_request_page_is_in_french(client):
    response = client.get(RESET_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mot de passe oublié" in content
    assert "nous vous enverrons un lien pour choisir un nouveau mot de passe." in content
    assert "Envoyer le lien" in content


def test_a_password_can_be_reset_end_to_end(client, secretary, mailoutbox, django_capture_on_commit_callbacks):
    response = _request_reset(client, "Secretariat@Example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == RESET_DONE_URL

    (message,) = mailoutbox
    assert message.to == ["secretariat@example.org"]
    assert message.subject == "[Synergies] Choisir un nouveau mot de passe"
    assert message.body.startswith("Bonjour Sam Secrétariat,\n")
    assert "Vous avez demandé à choisir un nouveau mot de passe pour votre compte Synergies." in message.body
    assert "Ce lien ne sert qu’une fois et reste valable 3 jours." in message.body
    path = link_path(message)
    assert path.startswith("/compte/mot-de-passe/nouveau/")

    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    assert 'name="new_password1"' in response.content.decode()
    form_path = response.redirect_chain[-1][0]
    assert form_path.endswith("/set-password/")

    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/compte/mot-de-passe/nouveau/termine/"
    assert "Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter." in response.content.decode()

    assert _logs_in("secretariat@example.org", NEW_PASSWORD)
    assert not _logs_in("secretariat@example.org", PASSWORD)


def test_a_reset_link_works_only_once(client, secretary, mailoutbox, django_capture_on_commit_callbacks):
    _request_reset(client, "secretariat@example.org", django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    response = client.get(path, follow=True)
    client.post(response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(path, follow=True)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ce lien n’est plus valable" in content
    assert 'name="new_password1"' not in content


def test_a_tampered_reset_link_is_refused(client, secretary, mailoutbox, django_capture_on_commit_callbacks):
    _request_reset(client, "secretariat@example.org", django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0]).rstrip("/")
    tampered = path[:-1] + ("a" if path[-1] != "a" else "b") + "/"

    response = client.get(tampered, follow=True)

    assert "Ce lien n’est plus valable" in response.content.decode()
    assert User.objects.get(pk=secretary.pk).check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
    client, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    known = _request_reset(client, "secretariat@example.org", django_capture_on_commit_callbacks)
    mailoutbox.clear()

    unknown = _request_reset(client, "personne@example.org", django_capture_on_commit_callbacks)

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"]) == (302, RESET_DONE_URL)
    assert mailoutbox == []
    page = client.get(RESET_DONE_URL).content.decode()
    assert "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé" in page


def test_no_reset_e_mail_goes_to_an_inactive_account(client, secretary, mailoutbox, django_capture_on_commit_callbacks):
    secretary.is_active = False
    secretary.save()

    response = _request_reset(client, "secretariat@example.org", django_capture_on_commit_callbacks)

    assert response["Location"] == RESET_DONE_URL
    assert mailoutbox == []


def test_no_reset_e_mail_goes_to_an_invited_account_that_has_no_password_yet(
    client, invite, mailoutbox, django_capture_on_commit_callbacks
):
    invite()
    mailoutbox.clear()
    User.objects.filter(email="zoe@example.org").update(is_active=True)

    _request_reset(client, "zoe@example.org", django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_the_reset_e_mail_leaves_only_after_commit(client, secretary, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(RESET_URL, {"email": "secretariat@example.org"})
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1


# --- change ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_changing_a_password_requires_logging_in(client, method):
    response = getattr(client, method)(CHANGE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={CHANGE_URL}"


def test_a_logged_in_user_changes_her_password_and_stays_logged_in(secretary_client, secretary):
    response = secretary_client.post(
        CHANGE_URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/modifie/"
    assert User.objects.get(pk=secretary.pk).check_password(NEW_PASSWORD)
    assert get_user(secretary_client) == secretary
    page = secretary_client.get(response["Location"])
    assert "Votre nouveau mot de passe est enregistré." in page.content.decode()
    assert _logs_in("secretariat@example.org", NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(secretary_client, secretary):
    response = secretary_client.post(
        CHANGE_URL, {"old_password": "pas-le-bon", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect." in response.content.decode()
    assert User.objects.get(pk=secretary.pk).check_password(PASSWORD)


# --- logout ------------------------------------------------------------------------------------------------------


def test_logging_out_by_get_is_refused(secretary_client):
    response = secretary_client.get("/compte/deconnexion/")

    assert response.status_code == 405
    assert get_user(secretary_client).is_authenticated


def test_logging_out_by_post_ends_the_session(secretary_client):
    response = secretary_client.post("/compte/deconnexion/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not get_user(secretary_client).is_authenticated
    assert secretary_client.get(CHANGE_URL).status_code == 302
