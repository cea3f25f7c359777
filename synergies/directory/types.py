"""Organisation types and what each means for the law: its world, its category in R3 and its component in R4.

The mapping is written here once; the composition engine of the pôles reads it, and so do the directory's filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class World(models.TextChoices):
    EDUCATION = "education", _("Enseignement")
    TRAINING = "training", _("Formation")
    EMPLOYMENT = "employment", _("Emploi et insertion")
    BUSINESS = "business", _("Entreprises et partenaires sociaux")
    RESOURCES = "resources", _("Ressources et expertise")


class R3Category(models.TextChoices):
    """Article 18's three categories of members that every pôle must gather (R3)."""

    A = "a", _("entreprises, intercommunales de développement économique, partenaires sociaux")
    B = "b", _("opérateurs de l'emploi, de la formation professionnelle et de l'insertion")
    C = "c", _("opérateurs d'enseignement qualifiant")


class Component(models.TextChoices):
    """The Instance's three components, all of which a steering committee must include (R4)."""

    EMPLOYMENT = "employment", _("emploi")
    TRAINING = "training", _("formation")
    EDUCATION = "education", _("enseignement")


@dataclass(frozen=True)
class OrganisationType:
    code: str
    label: Promise
    world: World
    category: R3Category | None
    component: Component | None


_WORLD_LAW: dict[World, tuple[R3Category | None, Component | None]] = {
    World.EDUCATION: (R3Category.C, Component.EDUCATION),
    World.TRAINING: (R3Category.B, Component.TRAINING),
    World.EMPLOYMENT: (R3Category.B, Component.EMPLOYMENT),
    World.BUSINESS: (R3Category.A, None),
    World.RESOURCES: (None, None),
}

_TYPES: list[tuple[str, Promise, World]] = [
    ("secondary_school", _("École secondaire qualifiante (technique, professionnel)"), World.EDUCATION),
    ("cefa", _("CEFA — enseignement en alternance"), World.EDUCATION),
    ("adult_education", _("Établissement de promotion sociale"), World.EDUCATION),
    ("cta", _("Centre de technologies avancées (CTA)"), World.EDUCATION),
    ("school_network", _("Réseau d'enseignement, pouvoir organisateur"), World.EDUCATION),
    ("forem_training", _("Le Forem — formation"), World.TRAINING),
    ("ifapme", _("IFAPME"), World.TRAINING),
    ("competence_centre", _("Centre de compétence"), World.TRAINING),
    ("cisp", _("Centre d'insertion socioprofessionnelle (CISP)"), World.TRAINING),
    ("literacy", _("Lire et Écrire, association d'alphabétisation"), World.TRAINING),
    ("validation_centre", _("Centre de validation des compétences"), World.TRAINING),
    ("forem_advice", _("Le Forem — conseil"), World.EMPLOYMENT),
    ("mire", _("Mission régionale pour l'emploi (MIRE)"), World.EMPLOYMENT),
    ("employment_house", _("Maison de l'emploi"), World.EMPLOYMENT),
    ("cpas", _("CPAS"), World.EMPLOYMENT),
    ("ale", _("Agence locale pour l'emploi (ALE)"), World.EMPLOYMENT),
    ("aviq", _("AViQ"), World.EMPLOYMENT),
    ("cefo", _("Carrefour Emploi-Formation-Orientation"), World.EMPLOYMENT),
    ("company", _("Entreprise"), World.BUSINESS),
    ("employers_org", _("Organisation d'employeurs"), World.BUSINESS),
    ("trade_union", _("Organisation syndicale"), World.BUSINESS),
    ("sector_fund", _("Fonds sectoriel de formation"), World.BUSINESS),
    ("development_agency", _("Intercommunale de développement économique"), World.BUSINESS),
    ("research", _("Institut de recherche ou de statistique"), World.RESOURCES),
    ("epn", _("Espace public numérique (EPN)"), World.RESOURCES),
    ("higher_education", _("Université, haute école"), World.RESOURCES),
    ("expert", _("Expertise indépendante"), World.RESOURCES),
]

TYPES: dict[str, OrganisationType] = {
    code: OrganisationType(code, label, world, *_WORLD_LAW[world]) for code, label, world in _TYPES
}
TYPE_CHOICES: list[tuple[str, Promise]] = [(t.code, t.label) for t in TYPES.values()]


def types_of_world(world: str) -> list[str]:
    return [t.code for t in TYPES.values() if t.world == world]


def grouped_type_choices() -> list[tuple[Promise, list[tuple[str, Promise]]]]:
    """Types grouped by world, for <optgroup>s."""
    return [(w.label, [(t.code, t.label) for t in TYPES.values() if t.world == w]) for w in World]
