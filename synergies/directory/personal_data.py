"""What the directory holds about a person, declared to the accounts registry of personal data (RGPD)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from synergies.accounts import personal_data
from synergies.accounts.models import Erasure, User
from synergies.directory.models import Person
from synergies.lib import audit
from synergies.lib.models import AuditEntry


def export_person(person: Person) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "public_consent": person.public_consent,
        "consent_recorded_at": person.consent_recorded_at.isoformat() if person.consent_recorded_at else None,
        "basin": str(person.basin),
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "function": a.function,
                "start_date": a.start_date.isoformat() if a.start_date else None,
                "end_date": a.end_date.isoformat() if a.end_date else None,
            }
            for a in person.affiliations.select_related("organisation")
        ],
    }


def scrub_person(person: Person, erasure: Erasure) -> None:
    """Keep the record (seats and minutes will point to it) but nothing that identifies the person."""
    for affiliation in person.affiliations.all():
        audit.scrub(affiliation, replacement=erasure.pseudonym)
    person.first_name = "Personne supprimée"
    person.last_name = f"n°\u00a0{erasure.pk}"
    person.email = ""
    person.phone = ""
    person.public_consent = False
    person.consent_recorded_at = None
    person.save()
    audit.scrub(person, replacement=erasure.pseudonym)


def _export(user: User) -> dict[str, Any] | None:
    person = Person.objects.filter(user=user).select_related("basin").first()
    return export_person(person) if person else None


def _erase(user: User, erasure: Erasure) -> None:
    person = Person.objects.filter(user=user).first()
    if person is not None:
        scrub_person(person, erasure)


@transaction.atomic
def erase_person(person: Person, *, by: Any, reason: str = "") -> Erasure:
    """Erase a person of the directory, with their account when they have one."""
    if person.user_id:
        return personal_data.erase_user(person.user, by=by, reason=reason)  # type: ignore[arg-type]
    erasure = Erasure.objects.create(
        erased_by=by if getattr(by, "is_authenticated", False) else None, reason=reason[:200]
    )
    scrub_person(person, erasure)
    audit.record(
        actor=by,
        verb="personal_data.erase",
        action=AuditEntry.Action.DELETE,
        target=erasure,
        scope=person.basin,
        message=erasure.pseudonym,
    )
    return erasure


def register() -> None:
    personal_data.register(
        "directory",
        _("Annuaire"),
        export=_export,
        erase=_erase,
        field_labels={
            "first_name": _("Prénom"),
            "last_name": _("Nom"),
            "phone": _("Téléphone"),
            "public_consent": _("Nom public"),
            "consent_recorded_at": _("Consentement enregistré le"),
            "basin": _("Bassin"),
            "affiliations": _("Affiliations"),
            "organisation": _("Organisation"),
            "function": _("Fonction"),
            "start_date": _("Depuis le"),
            "end_date": _("Jusqu’au"),
        },
    )
