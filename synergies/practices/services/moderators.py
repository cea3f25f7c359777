"""The secretariat delegates the moderation of its pôle's catalogue to members it trusts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.poles.models import Pole
from synergies.practices.models import Moderator
from synergies.practices.services.records import user_of


@transaction.atomic
def delegate_moderation(pole: Pole, user: Any, *, by: Any) -> Moderator:
    if not user.is_active:
        raise ValidationError(_("Ce compte est désactivé."), code="inactive")
    moderator, created = Moderator.objects.get_or_create(pole=pole, user=user, defaults={"granted_by": user_of(by)})
    if not created:
        raise ValidationError(_("Cette personne modère déjà ce catalogue."), code="already_moderator")
    audit.record(
        actor=user_of(by), verb="practices.delegate_moderation", target=pole, message=user.email, scope=pole.basin
    )
    return moderator


@transaction.atomic
def revoke_moderation(moderator: Moderator, *, by: Any) -> None:
    pole, email = moderator.pole, moderator.user.email
    moderator.delete()
    audit.record(actor=user_of(by), verb="practices.revoke_moderation", target=pole, message=email, scope=pole.basin)
