"""Keeps staff accounts that have not passed their second factor out of every page but the ones that grant it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from synergies.accounts import mfa
from synergies.accounts.models import User

ALWAYS_ALLOWED_NAMES = ("mfa_setup", "mfa_verify", "logout")


class MFARequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_prefixes = (settings.STATIC_URL, "/healthz", "/i18n/")

    def _open_paths(self) -> set[str]:
        return {reverse(f"accounts:{name}") for name in ALWAYS_ALLOWED_NAMES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and mfa.requires_mfa(user)
            and not mfa.is_verified(request)
            and not request.path.startswith(self.open_prefixes)
            and request.path not in self._open_paths()
        ):
            target = "accounts:mfa_verify" if mfa.confirmed_device(user) else "accounts:mfa_setup"
            return HttpResponseRedirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
