"""What the two interchange commands share: which pôle they work on, and who acts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from synergies.accounts.models import User
from synergies.poles.models import Pole
from synergies.skills.models import Framework, FrameworkVersion


def poles_with_referential() -> list[Pole]:
    adopted = FrameworkVersion.objects.current().filter(framework__kind=Framework.Kind.INTERNAL)
    return list(
        Pole.objects.filter(frameworks__versions__in=adopted)
        .select_related("basin")
        .distinct()
        .order_by("basin", "code")
    )


def find_pole(spec: str | None) -> Pole:
    """The pôle named « <basin>/<code> », or the only pôle whose referential is in force."""
    if spec:
        basin, _slash, code = spec.partition("/")
        pole = Pole.objects.select_related("basin").filter(basin__code=basin, code=code.upper()).first()
        if pole is None:
            raise CommandError(
                _("Aucun pôle « %(spec)s » (écrivez bassin/code, p. ex. hainaut-centre/CB).") % {"spec": spec}
            )
        return pole
    candidates = poles_with_referential()
    if len(candidates) == 1:
        return candidates[0]
    names = ", ".join(f"{p.basin.code}/{p.code}" for p in candidates) or _("aucun")
    raise CommandError(
        _("Précisez le pôle avec --pole bassin/code (pôles ayant un référentiel en vigueur : %(names)s).")
        % {"names": names}
    )


def find_user(email: str | None) -> Any:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise CommandError(_("Aucun compte avec l’adresse %(email)s.") % {"email": email})
    return user
