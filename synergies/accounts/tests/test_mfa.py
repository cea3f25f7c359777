"""Two-factor authentication: staff (secretariat, platform admins) enrol an authenticator app and pass a code
before any page; recovery codes are single-use; everyone else logs in with a password alone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user
from django.contrib.messages import get_messages
from django.test import Client

from synergies.accounts import mfa, totp
from synergies.accounts.models import RecoveryCode, TOTPDevice, User
from synergies.accounts.tests.helpers import PASSWORD
from synergies.lib.models import AuditEntry
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

SETUP_URL = "/compte/double-authentification/"
VERIFY_URL = "/compte/double-authentification/verifier/"
LOGIN_URL = "/compte/connexion/"
PEOPLE_URL = "/annuaire/personnes/"
WRONG_ENROLMENT = "Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et réessayez."
WRONG_CODE = "Ce code n’est pas valable."


def _with_next(url: str, next_url: str) -> str:
    return url + "?" + urlencode({"next": next_url})


def _password_only(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _current_code(secret: str, offset: int = 0) -> str:
    return totp.hotp(secret, totp.counter_at() + offset)


def _wrong_code(secret: str) -> str:
    now = totp.counter_at()
    taken = {totp.hotp(secret, step) for step in range(now - 3, now + 4)}
    return next(code for code in (f"{n:06d}" for n in range(123456, 999999, 7919)) if code not in taken)


def _enrol(user: User) -> tuple[str, list[str]]:
    """Enrol `user` through the services, as if done at an earlier login; the code used is spent."""
    device = mfa.start_enrolment(user)
    codes = mfa.confirm_enrolment(device, _current_code(device.secret))
    assert codes is not None
    return device.secret, codes


def _pending_secret(user: User) -> str:
    return TOTPDevice.objects.get(user=user, confirmed_at__isnull=True).secret


def _content(response: Any) -> str:
    return response.content.decode()


# --- who is asked ------------------------------------------------------------------------------------------------


def test_secretariat_and_platform_admins_require_a_second_factor(secretary, platform_admin, outsider, contributor):
    assert mfa.requires_mfa(secretary)
    assert mfa.requires_mfa(platform_admin)
    assert not mfa.requires_mfa(outsider)
    assert not mfa.requires_mfa(contributor)


@pytest.mark.parametrize("path", ["/", PEOPLE_URL, "/admin/", "/annuaire/", "/compte/mes-donnees/", "/bassins/"])
def test_a_secretary_with_only_a_password_is_sent_to_enrolment_from_every_page(secretary, path):
    client = _password_only(secretary)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == _with_next(SETUP_URL, path)


@pytest.mark.parametrize("path", ["/", PEOPLE_URL, "/admin/", "/admin/accounts/user/"])
def test_a_platform_admin_with_only_a_password_is_sent_to_enrolment(platform_admin, path):
    response = _password_only(platform_admin).get(path)

    assert response.status_code == 302
    assert response["Location"] == _with_next(SETUP_URL, path)


@pytest.mark.parametrize("path", ["/", PEOPLE_URL, "/admin/"])
def test_once_enrolled_a_new_session_is_sent_to_verification(secretary, path):
    _enrol(secretary)

    response = _password_only(secretary).get(path)

    assert response.status_code == 302
    assert response["Location"] == _with_next(VERIFY_URL, path)


def test_the_query_string_of_the_requested_page_is_kept_in_next(secretary):
    response = _password_only(secretary).get(PEOPLE_URL + "?q=dupont&page=2")

    assert response["Location"] == _with_next(SETUP_URL, PEOPLE_URL + "?q=dupont&page=2")


def test_posting_to_a_page_without_the_second_factor_is_refused_too(secretary, basin):
    response = _password_only(secretary).post("/annuaire/ajouter/", {"name": "Sneaky"})

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_URL)


def test_english_pages_send_to_the_english_enrolment_page(secretary):
    response = _password_only(secretary).get("/en/annuaire/")

    assert response.status_code == 302
    assert response["Location"] == _with_next("/en" + SETUP_URL, "/en/annuaire/")
    assert _password_only(secretary).get("/en" + SETUP_URL).status_code == 200


def test_an_unverified_staff_member_may_still_log_out(secretary):
    client = _password_only(secretary)

    response = client.post("/compte/deconnexion/")

    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_health_check_and_static_files_stay_open(secretary):
    client = _password_only(secretary)

    assert client.get("/healthz").status_code != 302
    assert client.get("/static/no-such-file.css").status_code == 404


@pytest.mark.parametrize("user_fixture", ["outsider", "contributor"])
def test_other_users_are_never_asked_for_a_second_factor(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client = _password_only(user)

    for path in ["/", "/annuaire/", PEOPLE_URL, "/compte/mes-donnees/"]:
        response = client.get(path)
        assert not response.get("Location", "").startswith(SETUP_URL), path
        assert not response.get("Location", "").startswith(VERIFY_URL), path
    assert client.get("/compte/mes-donnees/").status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_requirement_can_be_switched_off(secretary, platform_admin, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False

    assert not mfa.requires_mfa(secretary)
    assert _password_only(secretary).get(PEOPLE_URL).status_code == 200
    assert _password_only(platform_admin).get("/admin/").status_code == 200


def test_a_secretary_whose_account_is_deactivated_no_longer_counts_as_staff(secretary):
    secretary.is_active = False
    secretary.save()

    assert not mfa.requires_mfa(User.objects.get(pk=secretary.pk))


# --- enrolment ---------------------------------------------------------------------------------------------------


def test_the_enrolment_page_shows_a_qr_code_and_the_secret_in_french(secretary):
    client = _password_only(secretary)

    response = client.get(_with_next(SETUP_URL, PEOPLE_URL))

    assert response.status_code == 200
    content = _content(response)
    assert "Activer la double authentification" in content
    assert "<svg" in content
    assert "<title>Code QR à scanner avec votre application</title>" in content
    secret = _pending_secret(secretary)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert f'<code class="secret">{grouped}</code>' in content
    assert f'name="next" value="{PEOPLE_URL}"' in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_enrolment_page_keeps_one_pending_secret_per_user(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    client.get(SETUP_URL)

    assert TOTPDevice.objects.filter(user=secretary).count() == 1


def test_a_wrong_enrolment_code_is_refused_in_french(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    secret = _pending_secret(secretary)

    response = client.post(SETUP_URL, {"code": _wrong_code(secret)})

    assert response.status_code == 200
    assert WRONG_ENROLMENT in _content(response).replace("&#x27;", "'")
    assert not TOTPDevice.objects.filter(user=secretary, confirmed_at__isnull=False).exists()
    assert not RecoveryCode.objects.filter(user=secretary).exists()
    assert client.get(PEOPLE_URL).status_code == 302


def test_after_a_wrong_code_the_scanned_secret_is_kept_so_the_user_can_retry(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    secret = _pending_secret(secretary)

    response = client.post(SETUP_URL, {"code": _wrong_code(secret)})
    assert _pending_secret(secretary) == secret
    assert secret[:4] in _content(response)

    response = client.post(SETUP_URL, {"code": _current_code(secret)})
    assert len(response.context["codes"]) == 10


def test_showing_the_enrolment_page_again_offers_a_new_secret(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    first = _pending_secret(secretary)

    client.get(SETUP_URL)

    assert _pending_secret(secretary) != first


def test_an_empty_enrolment_code_is_refused(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": ""})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _content(response)


def test_the_right_code_confirms_enrolment_shows_ten_recovery_codes_and_lets_the_user_through(secretary):
    client = _password_only(secretary)
    client.get(_with_next(SETUP_URL, PEOPLE_URL))
    secret = _pending_secret(secretary)
    session_before = client.session.session_key

    response = client.post(SETUP_URL, {"code": _current_code(secret), "next": PEOPLE_URL})

    assert response.status_code == 200
    content = _content(response)
    assert "Vos codes de secours" in content
    codes = response.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    for code in codes:
        assert f"<code>{code}</code>" in content
    assert f'href="{PEOPLE_URL}"' in content
    device = TOTPDevice.objects.get(user=secretary)
    assert device.is_confirmed
    assert RecoveryCode.objects.filter(user=secretary, used_at__isnull=True).count() == 10
    assert client.session.session_key != session_before
    assert client.get(PEOPLE_URL).status_code == 200
    assert AuditEntry.objects.filter(verb="mfa.enrol", object_id=str(secretary.pk)).exists()


def test_recovery_codes_are_stored_only_as_hashes(secretary):
    _secret, codes = _enrol(secretary)

    stored = set(RecoveryCode.objects.filter(user=secretary).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert code not in stored
        assert code.replace("-", "") not in stored


def test_recovery_codes_are_shown_only_once(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"code": _current_code(_pending_secret(secretary))})
    codes = response.context["codes"]

    response = client.get(SETUP_URL)

    assert response.status_code == 200
    content = _content(response)
    assert "Il vous reste 10 codes de secours." in content
    for code in codes:
        assert code not in content


def test_the_enrolment_page_accepts_a_code_with_spaces(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    code = _current_code(_pending_secret(secretary))

    response = client.post(SETUP_URL, {"code": f" {code[:3]} {code[3:]} "})

    assert len(response.context["codes"]) == 10


def test_after_enrolment_with_no_next_the_user_continues_to_the_home_page(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": _current_code(_pending_secret(secretary))})

    assert 'href="/"' in _content(response)


def test_an_enrolled_but_unverified_user_cannot_reach_the_enrolment_page(secretary):
    _enrol(secretary)

    response = _password_only(secretary).get(SETUP_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)


def test_the_verification_page_sends_users_without_an_authenticator_to_enrolment(secretary):
    response = _password_only(secretary).get(_with_next(VERIFY_URL, PEOPLE_URL))

    assert response.status_code == 302
    assert response["Location"] == _with_next(SETUP_URL, PEOPLE_URL)


def test_the_mfa_pages_need_a_login(client):
    for url in (SETUP_URL, VERIFY_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)


# --- verification ------------------------------------------------------------------------------------------------


def test_the_verification_page_is_in_french_and_keeps_next(secretary):
    _enrol(secretary)

    response = _password_only(secretary).get(_with_next(VERIFY_URL, PEOPLE_URL))

    assert response.status_code == 200
    content = _content(response)
    assert "Vérification en deux étapes" in content
    assert f'name="next" value="{PEOPLE_URL}"' in content


def test_a_fresh_authenticator_code_lets_the_user_through_to_next(secretary):
    secret, _codes = _enrol(secretary)
    client = _password_only(secretary)
    session_before = client.session.session_key

    response = client.post(VERIFY_URL, {"code": _current_code(secret, +1), "next": PEOPLE_URL})

    assert response.status_code == 302
    assert response["Location"] == PEOPLE_URL
    assert client.session.session_key != session_before
    assert client.get(PEOPLE_URL).status_code == 200


def test_a_wrong_code_is_refused_in_french(secretary):
    secret, _codes = _enrol(secretary)
    client = _password_only(secretary)

    response = client.post(VERIFY_URL, {"code": _wrong_code(secret), "next": PEOPLE_URL})

    assert response.status_code == 200
    assert WRONG_CODE in _content(response)
    assert client.get(PEOPLE_URL).status_code == 302


def test_the_same_authenticator_code_cannot_be_used_twice(secretary):
    secret, _codes = _enrol(secretary)
    code = _current_code(secret, +1)
    first = _password_only(secretary)
    assert first.post(VERIFY_URL, {"code": code}).status_code == 302

    second = _password_only(secretary)
    response = second.post(VERIFY_URL, {"code": code})

    assert response.status_code == 200
    assert WRONG_CODE in _content(response)
    assert second.get(PEOPLE_URL).status_code == 302


def test_the_code_used_for_enrolment_cannot_be_used_to_log_in(secretary):
    client = _password_only(secretary)
    client.get(SETUP_URL)
    code = _current_code(_pending_secret(secretary))
    client.post(SETUP_URL, {"code": code})

    response = _password_only(secretary).post(VERIFY_URL, {"code": code})

    assert WRONG_CODE in _content(response)


def test_an_older_code_than_the_last_accepted_one_is_refused(secretary):
    secret, _codes = _enrol(secretary)
    assert mfa.verify(secretary, _current_code(secret, +1)) == "totp"

    assert mfa.verify(secretary, _current_code(secret, 0)) is None
    assert mfa.verify(secretary, _current_code(secret, -1)) is None


def test_a_recovery_code_works_once_and_only_once(secretary):
    _secret, codes = _enrol(secretary)
    client = _password_only(secretary)

    response = client.post(VERIFY_URL, {"code": codes[0], "next": PEOPLE_URL})

    assert response.status_code == 302
    assert response["Location"] == PEOPLE_URL
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert warnings == ["Code de secours utilisé\u202f; il vous en reste 9. Pensez à en générer de nouveaux."]
    assert client.get(PEOPLE_URL).status_code == 200
    assert mfa.remaining_recovery_codes(secretary) == 9
    assert AuditEntry.objects.filter(verb="mfa.recovery_code_used", object_id=str(secretary.pk)).count() == 1

    again = _password_only(secretary)
    response = again.post(VERIFY_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert WRONG_CODE in _content(response)
    assert mfa.remaining_recovery_codes(secretary) == 9


def test_a_recovery_code_may_be_typed_in_capitals_without_its_dash(secretary):
    _secret, codes = _enrol(secretary)

    assert mfa.verify(secretary, codes[1].upper().replace("-", "")) == "recovery"
    assert mfa.verify(secretary, f" {codes[2][:3]} {codes[2][3:]} ") == "recovery"


def test_one_users_recovery_code_does_not_work_for_another(secretary, other_secretary):
    _secret, codes = _enrol(secretary)
    _enrol(other_secretary)

    assert mfa.verify(other_secretary, codes[0]) is None
    assert mfa.remaining_recovery_codes(secretary) == 10


def test_regenerating_recovery_codes_invalidates_the_old_ones(secretary):
    _secret, old_codes = _enrol(secretary)
    client = log_in(Client(), secretary)

    response = client.post(SETUP_URL, {"action": "codes"})

    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert RecoveryCode.objects.filter(user=secretary).count() == 10
    assert mfa.verify(secretary, old_codes[0]) is None
    assert mfa.verify(secretary, new_codes[0]) == "recovery"


def test_replacing_the_authenticator_removes_the_device_and_its_codes(secretary):
    secret, codes = _enrol(secretary)
    client = log_in(Client(), secretary)

    response = client.post(SETUP_URL, {"action": "replace"})

    assert response.status_code == 302
    assert response["Location"] == SETUP_URL
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    assert not RecoveryCode.objects.filter(user=secretary).exists()
    assert AuditEntry.objects.filter(verb="mfa.reset", object_id=str(secretary.pk)).exists()
    assert mfa.verify(secretary, codes[0]) is None
    response = client.get(SETUP_URL)
    assert "<svg" in _content(response)
    assert _pending_secret(secretary) != secret


def test_an_unverified_session_cannot_replace_the_authenticator_or_regenerate_codes(secretary):
    _secret, codes = _enrol(secretary)
    client = _password_only(secretary)

    for action in ("replace", "codes"):
        response = client.post(SETUP_URL, {"action": action})
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY_URL)

    assert TOTPDevice.objects.filter(user=secretary, confirmed_at__isnull=False).exists()
    assert mfa.verify(secretary, codes[0]) == "recovery"


def test_a_verified_user_sees_the_status_page(secretary):
    _enrol(secretary)

    response = log_in(Client(), secretary).get(SETUP_URL)

    assert response.status_code == 200
    content = _content(response)
    assert "Double authentification" in content
    assert "Générer de nouveaux codes de secours" in content
    assert "Remplacer mon application" in content


def test_verification_is_bound_to_the_user_of_the_session(secretary, other_secretary):
    _enrol(other_secretary)
    client = log_in(Client(), secretary)
    client.force_login(other_secretary)

    response = client.get(PEOPLE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)


def test_too_many_wrong_codes_lock_verification_even_for_the_right_code(secretary):
    secret, _codes = _enrol(secretary)
    client = _password_only(secretary)
    wrong = _wrong_code(secret)
    for _ in range(10):
        client.post(VERIFY_URL, {"code": wrong})

    response = client.post(VERIFY_URL, {"code": _current_code(secret, +1)})

    assert response.status_code == 200
    assert "Trop d’essais : réessayez dans 15 min." in _content(response).replace("\u00a0", " ")
    assert client.get(PEOPLE_URL).status_code == 302


# --- next --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forged", ["https://evil.example/", "//evil.example/", "http://evil.example/annuaire/", "https:evil.example"]
)
def test_a_forged_next_to_another_host_is_not_followed_after_verification(secretary, forged):
    secret, _codes = _enrol(secretary)

    response = _password_only(secretary).post(VERIFY_URL, {"code": _current_code(secret, +1), "next": forged})

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("forged", ["https://evil.example/", "//evil.example/"])
def test_a_forged_next_is_not_offered_on_the_mfa_pages(secretary, forged):
    client = _password_only(secretary)

    setup = _content(client.get(_with_next(SETUP_URL, forged)))
    assert '<input type="hidden" name="next" value="">' in setup

    response = client.post(SETUP_URL, {"code": _current_code(_pending_secret(secretary)), "next": forged})
    assert response.context["next"] == "/"
    assert 'href="/"' in _content(response)
    assert f'href="{forged}"' not in _content(response)

    verify = _content(_password_only(secretary).get(_with_next(VERIFY_URL, forged)))
    assert '<input type="hidden" name="next" value="">' in verify


# --- the whole journey -------------------------------------------------------------------------------------------


def test_login_then_enrolment_then_page_then_login_then_code_then_page(secretary):
    client = Client()
    response = client.get(PEOPLE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PEOPLE_URL}"

    response = client.post(LOGIN_URL, {"username": secretary.email, "password": PASSWORD, "next": PEOPLE_URL})
    assert response.status_code == 302
    assert response["Location"] == PEOPLE_URL

    response = client.get(PEOPLE_URL)
    assert response["Location"] == _with_next(SETUP_URL, PEOPLE_URL)
    response = client.get(response["Location"])
    assert response.status_code == 200
    secret = _pending_secret(secretary)

    response = client.post(SETUP_URL, {"code": _current_code(secret), "next": PEOPLE_URL})
    assert response.status_code == 200
    assert f'href="{PEOPLE_URL}"' in _content(response)
    assert client.get(PEOPLE_URL).status_code == 200

    client.post("/compte/deconnexion/")
    assert not get_user(client).is_authenticated

    response = client.post(LOGIN_URL, {"username": secretary.email, "password": PASSWORD, "next": PEOPLE_URL})
    assert response["Location"] == PEOPLE_URL
    response = client.get(PEOPLE_URL)
    assert response["Location"] == _with_next(VERIFY_URL, PEOPLE_URL)
    assert client.get(response["Location"]).status_code == 200

    response = client.post(VERIFY_URL, {"code": _current_code(secret, +1), "next": PEOPLE_URL})
    assert response.status_code == 302
    assert response["Location"] == PEOPLE_URL
    assert client.get(PEOPLE_URL).status_code == 200


def test_a_platform_admin_reaches_the_django_admin_after_the_code(platform_admin):
    secret, _codes = _enrol(platform_admin)
    client = Client()
    client.post(LOGIN_URL, {"username": platform_admin.email, "password": PASSWORD})

    response = client.get("/admin/")
    assert response["Location"] == _with_next(VERIFY_URL, "/admin/")

    response = client.post(VERIFY_URL, {"code": _current_code(secret, +1), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_logging_out_forgets_the_verification(secretary):
    secret, _codes = _enrol(secretary)
    client = Client()
    client.post(LOGIN_URL, {"username": secretary.email, "password": PASSWORD})
    client.post(VERIFY_URL, {"code": _current_code(secret, +1)})
    assert client.get(PEOPLE_URL).status_code == 200

    client.post("/compte/deconnexion/")
    client.post(LOGIN_URL, {"username": secretary.email, "password": PASSWORD})

    assert client.get(PEOPLE_URL)["Location"].startswith(VERIFY_URL)
