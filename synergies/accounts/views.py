from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from synergies.accounts import mfa, personal_data, services, throttle, totp
from synergies.accounts.forms import CodeForm, LoginForm, ResetRequestForm, client_ip
from synergies.accounts.models import User
from synergies.accounts.tokens import get_invitation_from_token


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Connexion")}


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {"title": gettext_lazy("Changer de mot de passe"), "submit_label": gettext_lazy("Enregistrer")}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": gettext_lazy("Mot de passe modifié"),
        "message": gettext_lazy("Votre nouveau mot de passe est enregistré."),
    }


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {
        "title": gettext_lazy("Mot de passe oublié"),
        "intro": gettext_lazy(
            "Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe."
        ),
        "submit_label": gettext_lazy("Envoyer le lien"),
    }


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": gettext_lazy("Vérifiez votre boîte de réception"),
        "message": gettext_lazy(
            "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien pour choisir un "
            "nouveau mot de passe."
        ),
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": gettext_lazy("Choisir un nouveau mot de passe")}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": gettext_lazy("Mot de passe enregistré"),
        "message": gettext_lazy("Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter."),
        "show_login": True,
    }


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation_from_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(invitation, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Votre compte est activé. Connectez-vous avec votre adresse e-mail et votre mot de passe.")
            )
            return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@never_cache
@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app; once enrolled and verified, manage recovery codes or replace the app."""
    user = cast(User, request.user)
    device = mfa.confirmed_device(user)
    if device is not None and not mfa.is_verified(request):
        return redirect(reverse("accounts:mfa_verify") + "?" + urlencode({"next": _safe_next(request, "")}))
    if device is not None:
        if request.method == "POST" and request.POST.get("action") == "codes":
            codes = mfa.regenerate_recovery_codes(user)
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": reverse("accounts:mfa_setup")})
        if request.method == "POST" and request.POST.get("action") == "replace":
            mfa.reset_mfa(user, by=user)
            messages.info(request, _("Ancienne application retirée : enregistrez la nouvelle."))
            return redirect("accounts:mfa_setup")
        return render(
            request,
            "accounts/mfa_status.html",
            {"device": device, "remaining": mfa.remaining_recovery_codes(user)},
        )
    pending = mfa.start_enrolment(user, fresh=request.method != "POST")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        first_codes = mfa.confirm_enrolment(pending, form.cleaned_data["code"])
        if first_codes is not None:
            mfa.mark_verified(request)
            return render(
                request,
                "accounts/mfa_codes.html",
                {"codes": first_codes, "next": _safe_next(request, reverse("portal:home"))},
            )
        form.add_error("code", _("Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et réessayez."))
    uri = totp.provisioning_uri(pending.secret, account=user.email)
    qr = segno.make(uri, error="m").svg_inline(scale=5, title=_("Code QR à scanner avec votre application"))
    secret_groups = " ".join(pending.secret[i : i + 4] for i in range(0, len(pending.secret), 4))
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr": mark_safe(qr), "secret": secret_groups, "next": _safe_next(request, "")},
    )


@never_cache
@login_required
@sensitive_post_parameters("code")
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if mfa.confirmed_device(user) is None:
        return redirect(reverse("accounts:mfa_setup") + "?" + urlencode({"next": _safe_next(request, "")}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, ip = user.email, client_ip(request)
        lock = throttle.current_lock(email, ip)
        if lock is not None:
            form.add_error(
                "code", _("Trop d’essais : réessayez dans %(minutes)s min.") % {"minutes": lock.minutes_left}
            )
        else:
            method = mfa.verify(user, form.cleaned_data["code"])
            if method is not None:
                throttle.reset(email)
                mfa.mark_verified(request)
                if method == "recovery":
                    left = mfa.remaining_recovery_codes(user)
                    messages.warning(
                        request,
                        _("Code de secours utilisé ; il vous en reste %(count)s. Pensez à en générer de nouveaux.")
                        % {"count": left},
                    )
                return redirect(_safe_next(request, reverse("portal:home")))
            throttle.register_failure(email, ip)
            form.add_error("code", _("Ce code n’est pas valable."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _safe_next(request, "")})


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the logged-in person, readable and as JSON, and the way to ask for its erasure."""
    user = cast(User, request.user)
    if request.method == "POST":
        personal_data.request_erasure(user)
        messages.success(
            request,
            _("Votre demande d’effacement est enregistrée. Le secrétariat vous répondra dans un délai d’un mois."),
        )
        return redirect("accounts:my_data")
    data = personal_data.export_user_data(user)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="mes-donnees-synergies.json"'
        return response
    for source in data["sources"]:
        source["display"] = _display(source["data"])
    pending = user.erasure_requests.filter(status="pending").first()
    return render(request, "accounts/my_data.html", {"data": data, "pending": pending})


def _display(value: Any) -> dict[str, Any]:
    """Nested nodes a recursive template can walk: dicts as definition lists, lists as lists, the rest as text."""
    if isinstance(value, dict):
        return {
            "kind": "dict",
            "items": [(personal_data.field_label(key), _display(item)) for key, item in value.items()],
        }
    if isinstance(value, list | tuple):
        return {"kind": "list", "items": [_display(item) for item in value]}
    if isinstance(value, bool):
        return {"kind": "scalar", "value": _("oui") if value else _("non")}
    return {"kind": "scalar", "value": value}
