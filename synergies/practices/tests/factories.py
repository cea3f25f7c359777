"""Builders for the catalogue's tests: a pôle with a referential in force, and practices in any state.

Practices are written through `create_practice` (so revisions and the index are real) and then put straight into the
state a test needs, without walking the workflow (whose own tests do).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation
from synergies.poles.models import Pole
from synergies.poles.services import create_pole
from synergies.practices.models import Practice, Status
from synergies.practices.services import indexing
from synergies.practices.services.records import Relations, SkillTag, create_practice
from synergies.skills.models import Concept, FrameworkVersion, Node
from synergies.skills.tests.factories import add_node, make_framework, make_version, release
from synergies.testing.factories import MandateFactory, OrganisationFactory

__all__ = ["REFERENTIAL", "make_practice", "make_public_pole", "make_referential"]

# A small referential: two families, four domains, a few competences (codes of DESIGN §5).
REFERENTIAL: dict[tuple[str, str], dict[tuple[str, str], list[tuple[str, str]]]] = {
    ("SB", "Savoirs de base"): {
        ("CB-LIT", "Littératie"): [("CB-LIT-03", "Lire"), ("CB-LIT-04", "Écrire")],
        ("CB-NUM", "Numératie"): [("CB-NUM-02", "Opérations et problèmes"), ("CB-NUM-03", "Mesures, temps, argent")],
        ("CB-DIG", "Numérique"): [("CB-DIG-01", "Information et données")],
    },
    ("SE", "Savoir-être"): {
        ("CB-SOC", "Relationnel"): [("CB-SOC-02", "Coopérer en équipe")],
    },
}


def make_referential(pole: Pole) -> FrameworkVersion:
    """The pôle's referential with version 1.0 in force."""
    version = make_version(make_framework(pole))
    for (family_code, family_label), domains in REFERENTIAL.items():
        family = add_node(version, family_code, family_label, kind=Node.Kind.FAMILY)
        for (domain_code, domain_label), competences in domains.items():
            domain = add_node(version, domain_code, domain_label, parent=family, kind=Node.Kind.DOMAIN)
            for code, label in competences:
                add_node(version, code, label, parent=domain)
    return release(version)


def make_public_pole(basin: Basin, *, name: str = "Compétences de base", code: str = "CB") -> Pole:
    """A transversal pôle with its steering committee, a mandate in force (so its pages are public) and a
    referential in force."""
    pole = create_pole(
        {
            "basin": basin,
            "name": name,
            "code": code,
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-2019-01",
            "transversal_date": datetime.date(2019, 1, 15),
        },
        by=None,
    )
    MandateFactory(pole=pole, start=datetime.date(2025, 3, 1), end=datetime.date(2028, 2, 28))
    make_referential(pole)
    return pole


def concepts(pole: Pole, codes: Iterable[str]) -> list[Concept]:
    by_code = {c.code: c for c in Concept.objects.filter(framework__pole=pole, code__in=list(codes))}
    return [by_code[code] for code in codes]


def make_practice(
    pole: Pole,
    *,
    status: str = Status.PUBLISHED,
    holder: Organisation | None = None,
    skills: Iterable[str] = ("CB-LIT-03",),
    communes: Iterable[str] = ("58001",),
    by: Any = None,
    published_at: datetime.datetime | None = None,
    **fields: Any,
) -> Practice:
    fields.setdefault("title", "Atelier de lecture")
    fields.setdefault("summary", "Un atelier hebdomadaire de lecture à voix haute pour adultes.")
    fields.setdefault("kind", "methode")
    if holder is None:
        holder = OrganisationFactory.create(basin=pole.basin, type="cisp")
    practice = create_practice(
        pole,
        by=by,
        fields={"holder": holder, **fields},
        relations=Relations(
            skills=[SkillTag(c) for c in concepts(pole, skills)],
            communes=list(Commune.objects.filter(nis_code__in=list(communes))),
        ),
    )
    if status != Status.DRAFT:
        practice.status = status
        if status in (Status.PUBLISHED, Status.TO_REVISE, Status.ARCHIVED):
            practice.published_at = published_at or timezone.now()
            practice.review_due = practice.published_at.date() + datetime.timedelta(days=365)
        practice.save()
        indexing.refresh(practice)
    return practice
