"""Steps that several browser journeys share."""

from __future__ import annotations

import re
from typing import Any

from synergies.accounts import totp
from synergies.directory.demo import DEMO_PASSWORD


def log_in(tab: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    tab.go("/compte/connexion/")
    tab.get_by_label("Adresse e-mail").fill(email)
    tab.get_by_label("Mot de passe").fill(password)
    tab.get_by_role("button", name="Se connecter").click()


def enrol_second_factor(tab: Any) -> list[str]:
    """On the enrolment page: read the key shown, type the current code, return the recovery codes shown once."""
    secret = tab.locator("code.secret").inner_text().replace(" ", "")
    tab.get_by_label("Code").fill(totp.hotp(secret, totp.counter_at()))
    tab.get_by_role("button", name="Activer").click()
    codes = [code.strip() for code in tab.locator("ul.codes code").all_inner_texts()]
    tab.get_by_role("link", name=re.compile("J’ai noté mes codes")).click()
    return codes


def log_out(tab: Any) -> None:
    tab.get_by_role("button", name="Se déconnecter").click()
