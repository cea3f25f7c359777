"""What the editor's tests post: a complete record form, its rows of partners and links, and helpers to read pages."""

from __future__ import annotations

from typing import Any, cast

from synergies.directory.models import Organisation, Person
from synergies.poles.models import Pole
from synergies.practices.models import Practice, Revision
from synergies.skills.models import Concept
from synergies.testing.factories import OrganisationFactory, PersonFactory

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">clic</a>',
    "'><body onload=alert(1)>",
]


def concept_ids(pole: Pole, *codes: str) -> list[int]:
    found = dict(Concept.objects.filter(framework__pole=pole, code__in=codes).values_list("code", "pk"))
    return [found[code] for code in codes]


def rows(prefix: str, filled: list[dict[str, Any]], *, total: int = 3, initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(max(total, len(filled))),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(filled):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def form_data(
    pole: Pole,
    holder: Any,
    *,
    partners: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A record form as a browser would send it, with the fields filled in as a careful contributor would."""
    data: dict[str, Any] = {
        "title": "Atelier numérique du jeudi",
        "summary": "Des ateliers pour apprivoiser le smartphone et les e-services.",
        "description": "## Déroulement\n\nDix séances de deux heures, en petit groupe.",
        "easy_read_summary": "On apprend à utiliser son téléphone.",
        "kind": "methode",
        "language": "fr",
        "holder": str(holder.pk),
        "contact_person": "",
        "contact_email": "ateliers@example.org",
        "publics": ["DE-PQ", "ALPHA"],
        "levels": ["P1", "P2"],
        "main_skills": [str(pk) for pk in concept_ids(pole, "CB-DIG-01")],
        "secondary_skills": [str(pk) for pk in concept_ids(pole, "CB-LIT-03")],
        "communes": ["58001", "53053"],
        "modality": "presentiel",
        "duration_hours": "20",
        "group_size_min": "4",
        "group_size_max": "10",
        "cost": "Gratuit",
        "access_conditions": "Inscription au guichet.",
        "objectives": "Utiliser les e-services.",
        "results": "80 % des participants prennent rendez-vous en ligne seuls.",
        "evidence_level": "2",
        "success_factors": "Des groupes petits.",
        "pitfalls": "Les appareils trop anciens.",
        "transferability": "Facile dans un EPN.",
        "licence": "CC-BY-4.0",
        "url": "https://ateliers.example.org/",
        "erasmus_id": "",
        "epale_id": "",
        "open_to_visits": "on",
        "note": "Première description",
    }
    data.update(rows("partners", partners or []))
    data.update(rows("links", links or []))
    data.update(overrides)
    return data


def organisation(**fields: Any) -> Organisation:
    return cast(Organisation, OrganisationFactory(**fields))


def person(**fields: Any) -> Person:
    return cast(Person, PersonFactory(**fields))


def latest_revision(practice: Practice) -> Revision:
    revision = practice.revisions.first()
    assert revision is not None
    return revision
