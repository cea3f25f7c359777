"""Helpers shared by the accounts tests."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMessage

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Sept-chevaux-bleus-1987"


def link_path(message: EmailMessage) -> str:
    """The path of the one site link in an e-mail body, ready for the test client."""
    links = [link for link in re.findall(r"https?://\S+", str(message.body)) if link != settings.SITE_URL]
    assert len(links) == 1, message.body
    assert links[0].startswith(settings.SITE_URL + "/"), links[0]
    return links[0].removeprefix(settings.SITE_URL)
