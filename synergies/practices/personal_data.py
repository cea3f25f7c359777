"""What the catalogue holds about a person, declared to the accounts registry of personal data (RGPD).

Records name their creator and the authors of their versions and review comments: the trace of who described and
moderated a practice. Erasure pseudonymises the account; these rows keep pointing at it under its pseudonym.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from synergies.accounts import personal_data
from synergies.accounts.models import User
from synergies.practices.models import Comment, Practice, Revision


def _export(user: User) -> dict[str, Any]:
    created = Practice.objects.filter(created_by=user).order_by("created_at", "pk")
    revisions = Revision.objects.filter(author=user).select_related("practice").order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).select_related("practice").order_by("created_at", "pk")
    return {
        "created_practices": [{"practice": p.title, "at": p.created_at.isoformat()} for p in created],
        "practice_versions": [
            {"practice": r.practice.title, "version": r.number, "note": r.note, "at": r.created_at.isoformat()}
            for r in revisions
        ],
        "review_comments": [
            {"practice": c.practice.title, "message": c.body, "at": c.created_at.isoformat()} for c in comments
        ],
    }


def register() -> None:
    personal_data.register(
        "practices",
        _("Catalogue des pratiques"),
        export=_export,
        field_labels={
            "created_practices": _("Fiches créées"),
            "practice_versions": _("Versions de fiches enregistrées"),
            "review_comments": _("Commentaires de relecture"),
            "practice": _("Pratique"),
            "version": _("Version"),
            "note": _("Ce qui change"),
            "message": _("Message"),
            "at": _("Le"),
        },
    )
