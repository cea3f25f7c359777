"""What the referentials hold about a person, declared to the accounts registry of personal data (RGPD).

The change log and the validated crosswalks name their author: that is the record of who shaped the referential, in
an official capacity. Erasure pseudonymises the account itself; the log keeps pointing at it, under its pseudonym.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from synergies.accounts import personal_data
from synergies.accounts.models import User
from synergies.skills.models import Change, Mapping


def _export(user: User) -> dict[str, Any]:
    changes = Change.objects.filter(by=user).select_related("version__framework").order_by("at", "pk")
    validated = Mapping.objects.filter(validated_by=user).select_related(
        "source__concept", "source__version__framework", "target__concept", "target__version__framework"
    )
    return {
        "referential_changes": [
            {
                "referential": f"{c.version.framework.name} {c.version.number}",
                "operation": str(c.get_operation_display()),
                "summary": c.summary,
                "reason": c.reason,
                "at": c.at.isoformat(),
            }
            for c in changes
        ],
        "validated_mappings": [
            {
                "referential": f"{m.source.version.framework.name} {m.source.version.number}",
                "mapping": f"{m.source.concept.code} {m.relation} {m.target.version.framework.code} {m.target.concept.code}",
                "at": m.validated_at.isoformat() if m.validated_at else "",
            }
            for m in validated.order_by("validated_at", "pk")
        ],
    }


def register() -> None:
    personal_data.register(
        "skills",
        _("Référentiel des compétences de base"),
        export=_export,
        field_labels={
            "referential_changes": _("Modifications du référentiel"),
            "validated_mappings": _("Correspondances validées"),
            "referential": _("Référentiel et version"),
            "operation": _("Opération"),
            "summary": _("Résumé"),
            "reason": _("Motif"),
            "at": _("Le"),
            "mapping": _("Correspondance"),
        },
    )
