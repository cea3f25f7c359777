"""TOTP as authenticator apps compute it: the RFC 4226 and RFC 6238 test vectors, drift, bad input, the otpauth URI."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from synergies.accounts import totp

# The RFC 6238 SHA-1 seed, "12345678901234567890" in ASCII, as the base32 an authenticator app is given.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_the_rfc_secret_is_the_expected_base32():
    assert RFC_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (59, "287082"),
        (1111111109, "081804"),
        (1111111111, "050471"),
        (1234567890, "005924"),
        (2000000000, "279037"),
        (20000000000, "353130"),
    ],
)
def test_codes_match_the_rfc_6238_vectors(moment, code):
    assert totp.hotp(RFC_SECRET, totp.counter_at(moment)) == code
    assert totp.match(RFC_SECRET, code, moment=moment, window=0) == totp.counter_at(moment)


@pytest.mark.parametrize(
    ("counter", "code"),
    list(
        enumerate(["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"])
    ),
)
def test_hotp_matches_the_rfc_4226_vectors(counter, code):
    assert totp.hotp(RFC_SECRET, counter) == code


def test_leading_zeros_are_kept():
    code = totp.hotp(RFC_SECRET, totp.counter_at(1234567890))

    assert code == "005924"
    assert len(code) == totp.DIGITS


def test_the_time_step_is_thirty_seconds():
    assert totp.counter_at(0) == 0
    assert totp.counter_at(29.999) == 0
    assert totp.counter_at(30) == 1
    assert totp.counter_at(59) == 1
    assert totp.counter_at(60) == 2


def test_the_secret_may_be_typed_in_lower_case_and_without_padding():
    secret = totp.new_secret()

    assert totp.hotp(secret.lower(), 42) == totp.hotp(secret, 42)
    assert totp.hotp(RFC_SECRET.rstrip("="), 1) == "287082"


def test_a_code_from_one_step_of_clock_drift_either_way_is_accepted():
    now = 1_700_000_000
    step = totp.counter_at(now)

    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step - 1), moment=now) == step - 1
    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step), moment=now) == step
    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step + 1), moment=now) == step + 1


def test_a_code_two_steps_away_is_refused():
    now = 1_700_000_000
    step = totp.counter_at(now)

    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step - 2), moment=now) is None
    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step + 2), moment=now) is None


def test_a_wider_window_accepts_more_drift_and_zero_accepts_none():
    now = 1_700_000_000
    step = totp.counter_at(now)
    late = totp.hotp(RFC_SECRET, step - 2)

    assert totp.match(RFC_SECRET, late, moment=now, window=2) == step - 2
    assert totp.match(RFC_SECRET, totp.hotp(RFC_SECRET, step - 1), moment=now, window=0) is None


def test_the_current_time_is_used_by_default():
    secret = totp.new_secret()

    assert totp.match(secret, totp.hotp(secret, totp.counter_at())) is not None


def test_spaces_inside_the_code_are_ignored():
    assert totp.match(RFC_SECRET, " 287 082 ", moment=59) == 1
    assert totp.match(RFC_SECRET, "287\u00a0082", moment=59) == 1


@pytest.mark.parametrize(
    "code", ["", "28708", "2870820", "28708a", "abcdef", "287-082", "+87082", "-87082", "2870８2", "²87082", "٢٨٧٠٨٢"]
)
def test_anything_but_six_ascii_digits_is_refused_without_error(code):
    assert totp.match(RFC_SECRET, code, moment=59) is None


def test_a_wrong_code_is_refused():
    assert totp.match(RFC_SECRET, "287083", moment=59) is None


def test_new_secrets_are_160_bit_base32_and_all_different():
    secrets = {totp.new_secret() for _ in range(50)}

    assert len(secrets) == 50
    for secret in secrets:
        assert len(secret) == 32
        assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        assert len(base64.b32decode(secret)) == 20


def test_the_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri(RFC_SECRET, account="sam@example.org")

    parts = urlsplit(uri)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert unquote(parts.path) == "/Synergies:sam@example.org"
    assert parse_qs(parts.query) == {
        "secret": [RFC_SECRET],
        "issuer": ["Synergies"],
        "digits": ["6"],
        "period": ["30"],
    }


def test_the_provisioning_uri_escapes_the_label():
    uri = totp.provisioning_uri(RFC_SECRET, account="zoé d'hondt+x@example.org", issuer="Synergies EFE")

    label = urlsplit(uri).path
    assert " " not in uri
    assert "é" not in uri
    assert unquote(label) == "/Synergies EFE:zoé d'hondt+x@example.org"
    assert parse_qs(urlsplit(uri).query)["issuer"] == ["Synergies EFE"]
