"""Builders for the search's tests: a small catalogue whose facets differ on every axis, and many practices at once."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.utils import timezone

from synergies.directory.models import Organisation
from synergies.poles.models import Pole
from synergies.practices.models import Practice
from synergies.practices.tests.factories import make_practice
from synergies.testing.factories import OrganisationFactory

HOUR = datetime.timedelta(hours=1)


def small_catalogue(pole: Pole) -> dict[str, Practice]:
    """Four published practices and a draft, published an hour apart (the reading workshop last, so newest)."""
    school = cast(
        Organisation,
        OrganisationFactory(basin=pole.basin, type="adult_education", name="Institut de promotion sociale"),
    )
    cpas = cast(Organisation, OrganisationFactory(basin=pole.basin, type="cpas", name="CPAS de Mons"))
    start = timezone.now() - 10 * HOUR
    return {
        "calcul": make_practice(
            pole,
            title="Maths au quotidien",
            summary="Calculer son budget et lire une facture, en petits groupes.",
            kind="outil",
            publics=["DE", "RIS"],
            skills=("CB-NUM-02", "CB-NUM-03"),
            communes=("53053",),
            holder=cpas,
            modality="hybride",
            evidence_level=3,
            published_at=start,
        ),
        "numerique": make_practice(
            pole,
            title="Zéro fracture numérique",
            summary="Des permanences pour apprivoiser son smartphone et les démarches en ligne.",
            kind="dispositif",
            publics=["DE", "TRAV"],
            skills=("CB-DIG-01",),
            communes=("53053", "53014"),
            holder=cpas,
            open_to_visits=True,
            published_at=start + HOUR,
        ),
        "equipe": make_practice(
            pole,
            title="Coopérer sur chantier",
            summary="Des mises en situation pour apprendre à travailler en équipe.",
            kind="methode",
            publics=["CEFA"],
            skills=("CB-SOC-02",),
            communes=("55040",),
            holder=school,
            seeks_partners=True,
            published_at=start + 2 * HOUR,
        ),
        "lecture": make_practice(
            pole,
            title="Atelier de lecture à voix haute",
            summary="Un atelier hebdomadaire où des adultes lisent des textes courts et en parlent ensemble.",
            kind="methode",
            publics=["ALPHA", "DE"],
            skills=("CB-LIT-03",),
            communes=("58001",),
            published_at=start + 3 * HOUR,
        ),
        "brouillon": make_practice(
            pole,
            status="draft",
            title="Lecture en brouillon",
            summary="Une lecture que personne ne doit trouver.",
            kind="methode",
            publics=["DE"],
        ),
    }


def many_practices(pole: Pole, count: int, **fields: Any) -> list[Practice]:
    """`count` published practices over a few communes, skills and publics, a minute apart, titles in order."""
    communes = ("58001", "53053", "55040", "58002", "53014")
    skills = ("CB-LIT-03", "CB-NUM-02", "CB-DIG-01", "CB-SOC-02", "CB-LIT-04")
    publics = ("DE", "ALPHA", "CEFA", "FLE")
    holder = cast(Organisation, OrganisationFactory(basin=pole.basin, type="cisp"))
    base = timezone.now() - datetime.timedelta(days=1)
    return [
        make_practice(
            pole,
            title=f"Pratique numéro {n:03d}",
            summary=f"Un atelier de lecture et de calcul, variante {n}.",
            communes=(communes[n % len(communes)],),
            skills=(skills[n % len(skills)],),
            publics=[publics[n % len(publics)]],
            holder=holder,
            published_at=base + datetime.timedelta(minutes=n),
            **fields,
        )
        for n in range(count)
    ]
