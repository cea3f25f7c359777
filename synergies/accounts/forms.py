from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from synergies.accounts import services, throttle
from synergies.accounts.models import User
from synergies.lib import audit


def client_ip(request: HttpRequest | None) -> str:
    """The peer address; behind a proxy, configure it to pass the client address as REMOTE_ADDR."""
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect. Attention aux majuscules."),
        "inactive": _("Ce compte n'est pas activé."),
    }

    def _locked_error(self, lock: throttle.Lock) -> ValidationError:
        return ValidationError(
            ngettext(
                "Trop de tentatives de connexion ont échoué : ce compte est bloqué. Réessayez dans %(minutes)s minute "
                "ou choisissez un nouveau mot de passe avec « Mot de passe oublié ».",
                "Trop de tentatives de connexion ont échoué : ce compte est bloqué. Réessayez dans %(minutes)s minutes "
                "ou choisissez un nouveau mot de passe avec « Mot de passe oublié ».",
                lock.minutes_left,
            )
            % {"minutes": lock.minutes_left},
            code="locked",
        )

    def clean(self) -> dict[str, object]:
        email = str(self.cleaned_data.get("username") or "")
        ip = client_ip(self.request)
        lock = throttle.current_lock(email, ip)
        if lock is not None:
            raise self._locked_error(lock)
        try:
            cleaned = super().clean()
        except ValidationError:
            if email and throttle.register_failure(email, ip):
                user = User.objects.filter(email__iexact=email).first()
                audit.record(actor=None, verb="login.lockout", target=user)
                new_lock = throttle.current_lock(email, ip)
                if new_lock is not None:
                    raise self._locked_error(new_lock) from None
            raise
        throttle.reset(email)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Les six chiffres affichés par votre application, ou l’un de vos codes de secours."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        services.request_password_reset(self.cleaned_data["email"])
