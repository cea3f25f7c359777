"""The Belgian enterprise number (numéro d'entreprise, BCE/KBO): ten digits, the last two a modulo-97 check."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_enterprise_number(value: str) -> str:
    """« BE 0403.170.701 » → « 0403170701 »; nine-digit legacy numbers gain their leading zero."""
    digits = re.sub(r"[\s.\-/]", "", value.strip().upper())
    digits = digits.removeprefix("BE")
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    return digits


def validate_enterprise_number(value: str) -> str:
    digits = normalise_enterprise_number(value)
    if not re.fullmatch(r"[01]\d{9}", digits):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro d'entreprise : il faut dix chiffres commençant par 0 ou 1 (p. ex. 0403.170.701)."
            ),
            code="format",
            params={"value": value},
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _(
                "Le numéro d'entreprise « %(value)s » est invalide : ses deux derniers chiffres ne correspondent pas au contrôle modulo 97."
            ),
            code="checksum",
            params={"value": value},
        )
    return digits


def check_enterprise_number(value: str) -> None:
    """The model field's validator (validators return nothing)."""
    validate_enterprise_number(value)


def format_enterprise_number(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits
