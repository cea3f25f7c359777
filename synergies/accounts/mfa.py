"""Two-factor authentication with an authenticator app (TOTP) and single-use recovery codes.

Required for platform admins and secretariat members: `MFARequiredMiddleware` keeps them out of every page but the
enrolment and verification screens until this session has been verified.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from synergies.accounts import totp
from synergies.accounts.models import RecoveryCode, Role, TOTPDevice, User
from synergies.lib import audit

SESSION_KEY = "mfa_verified_user"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def requires_mfa(user: Any) -> bool:
    if not settings.MFA_REQUIRED_FOR_STAFF or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_platform_admin or user.has_role(Role.SECRETARIAT))


def is_verified(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.session.get(SESSION_KEY) == request.user.pk)


def mark_verified(request: HttpRequest) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = request.user.pk


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def start_enrolment(user: User, *, fresh: bool = True) -> TOTPDevice:
    """A fresh unconfirmed secret (replacing an unconfirmed one); a confirmed device stays until replaced.

    `fresh=False` keeps the pending secret: the one the user scanned and is now confirming with a code.
    """
    if fresh:
        TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        return device
    return TOTPDevice.objects.create(user=user, secret=totp.new_secret())


def _hash(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a first valid code; return the recovery codes (shown once), or None if wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    step = totp.match(device.secret, code)
    if step is None:
        return None
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    audit.record(actor=device.user, verb="mfa.enrol", target=device.user)
    return regenerate_recovery_codes(device.user)


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash(c)) for c in codes])
    return codes


@transaction.atomic
def verify(user: User, code: str) -> str | None:
    """Check an authenticator code (each accepted once) or a recovery code (spent); return which, or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is not None:
        step = totp.match(device.secret, code)
        if step is not None and step > device.last_used_step:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return "totp"
    spent = RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if spent:
        audit.record(actor=user, verb="mfa.recovery_code_used", target=user)
        return "recovery"
    return None


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def reset_mfa(user: User, *, by: User) -> None:
    """Remove the user's authenticator and codes (lost phone): they enrol again at their next login."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit.record(actor=by, verb="mfa.reset", target=user)
