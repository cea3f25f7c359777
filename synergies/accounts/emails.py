"""The e-mails of the accounts app, rendered in French from templates and sent by background tasks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from synergies.accounts.models import Invitation, User
from synergies.accounts.tokens import invitation_token
from synergies.lib.text import one_line


def send_templated(to: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in the site language and send them."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(settings.EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.send()


def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("user", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("accounts:invitation", kwargs={"token": invitation_token(invitation)})
    send_templated(
        invitation.user.email,
        "accounts/email/invitation",
        {"invitation": invitation, "user": invitation.user, "link": settings.SITE_URL + path},
    )


def send_password_reset(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    send_templated(
        user.email,
        "accounts/email/password_reset",
        {"user": user, "link": settings.SITE_URL + path, "validity_days": settings.PASSWORD_RESET_TIMEOUT // 86400},
    )
