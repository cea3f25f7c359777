"""The directory of a basin: organisations with sites in the 25 communes of Hainaut-Centre, and people."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.datasets.base import Generated

if TYPE_CHECKING:
    from synergies.basins.models import Commune

# Relative frequency of each organisation type in a basin: mostly companies, then schools and insertion services.
TYPE_WEIGHTS: dict[str, float] = {
    "secondary_school": 8,
    "cefa": 2,
    "adult_education": 3,
    "cta": 0.5,
    "school_network": 0.5,
    "forem_training": 1,
    "ifapme": 1,
    "competence_centre": 1,
    "cisp": 4,
    "literacy": 1.5,
    "validation_centre": 0.5,
    "forem_advice": 1,
    "mire": 0.3,
    "employment_house": 1.5,
    "cpas": 2,
    "ale": 2,
    "aviq": 0.3,
    "cefo": 0.5,
    "company": 52,
    "employers_org": 2,
    "trade_union": 2,
    "sector_fund": 1.5,
    "development_agency": 0.5,
    "research": 1,
    "epn": 3,
    "higher_education": 1.5,
    "expert": 6,
}

# Approximate population (thousands) of Hainaut-Centre's communes, to place sites where people live.
COMMUNE_WEIGHTS: dict[str, float] = {
    "Mons": 95,
    "La Louvière": 80,
    "Binche": 33,
    "Soignies": 28,
    "Manage": 23,
    "Saint-Ghislain": 23,
    "Braine-le-Comte": 22,
    "Frameries": 21,
    "Boussu": 20,
    "Colfontaine": 20,
    "Quaregnon": 19,
    "Morlanwelz": 19,
    "Dour": 17,
    "Chapelle-lez-Herlaimont": 15,
    "Anderlues": 12,
    "Seneffe": 11,
    "Écaussinnes": 11,
    "Jurbise": 10,
    "Estinnes": 8,
    "Le Rœulx": 8,
    "Quévy": 8,
    "Hensies": 7,
    "Quiévrain": 7,
    "Honnelles": 5,
    "Lens": 4.5,
}

SECTORS = [
    "Construction",
    "Logistique",
    "Industrie technologique",
    "Horeca",
    "Soins et santé",
    "Numérique",
    "Agronomie",
    "Commerce",
    "Mécanique",
    "Électricité",
]
ACTIVITIES = [
    "Construction",
    "Menuiserie",
    "Logistique",
    "Transports",
    "Boulangerie",
    "Électricité",
    "Toitures",
    "Garage",
    "Informatique",
    "Nettoyage",
    "Soins à domicile",
    "Imprimerie",
    "Métallerie",
    "Jardins",
]
LEGAL_FORMS = ["SRL", "SRL", "SRL", "SA", "SC", "ASBL"]
STREETS = ["rue de la Station", "rue de Mons", "chaussée de Binche", "rue du Parc", "avenue de l’Europe", "Grand-Place"]
SAINTS = ["Saint-Joseph", "Sainte-Marie", "Saint-Luc", "Notre-Dame", "Saint-Michel"]
UNIONS = ["FGTB", "CSC", "CGSLB"]
# Name patterns per type: {c} commune, {s} sector, {a} activity, {l} surname, {m} second surname, {f} legal form,
# {t} saint, {u} union.
NAME_PATTERNS: dict[str, list[str]] = {
    "secondary_school": ["Athénée royal de {c}", "Institut technique {t} de {c}", "Lycée provincial de {c}"],
    "cefa": ["CEFA de {c}"],
    "adult_education": ["Promotion sociale de {c}", "Institut d’enseignement de promotion sociale de {c}"],
    "cta": ["CTA {s} de {c}"],
    "school_network": ["Pouvoir organisateur de l’enseignement de {c}"],
    "forem_training": ["Centre de formation {s} de {c}"],
    "ifapme": ["Centre IFAPME de {c}"],
    "competence_centre": ["Centre de compétence {s}"],
    "cisp": ["CISP L’Atelier de {c}", "CISP Tremplin {s}", "CISP {l} et compagnie"],
    "literacy": ["Lire et Écrire {c}", "Alpha {c}"],
    "validation_centre": ["Centre de validation des compétences {s}"],
    "forem_advice": ["Service conseil emploi de {c}"],
    "mire": ["Mission régionale pour l’emploi de {c}"],
    "employment_house": ["Maison de l’emploi de {c}"],
    "cpas": ["CPAS de {c}"],
    "ale": ["ALE de {c}"],
    "aviq": ["AViQ — bureau de {c}"],
    "cefo": ["Carrefour Emploi-Formation-Orientation de {c}"],
    "company": ["{l} {a} {f}", "{a} du Centre {f}", "{l} & {m} {f}", "{a} {c} {f}"],
    "employers_org": ["Union des entreprises de {c}"],
    "trade_union": ["{u} régionale de {c}"],
    "sector_fund": ["Fonds de formation {s}"],
    "development_agency": ["Agence de développement économique de {c}"],
    "research": ["Observatoire {s} de {c}"],
    "epn": ["Espace public numérique de {c}"],
    "higher_education": ["Haute école de {c} — {s}"],
    "expert": ["{l} Conseil {f}", "Cabinet {l}"],
}


def enterprise_number(index: int) -> str:
    """A valid, unique BCE number: eight digits starting with 0, then the modulo-97 check."""
    base = 4_000_000 + index
    return f"{base:08d}{97 - base % 97:02d}"


def acronym_of(name: str) -> str:
    return "".join(word[0] for word in name.replace("’", " ").split() if word[:1].isupper())[:8]


@dataclass(frozen=True)
class DirectoryDataset:
    """Organisations with sites in the 25 communes of Hainaut-Centre, and people affiliated to them."""

    organisations: int
    people_per_organisation: float = 1.5
    past_affiliation_every: int = 5  # every n-th person also has an ended affiliation
    inactive_share: float = 0.04
    consent_share: float = 0.6

    def __post_init__(self) -> None:
        if self.organisations < 1 or self.people_per_organisation < 0 or self.past_affiliation_every < 1:
            raise ValueError(f"invalid directory data set: {self!r}")

    @property
    def people(self) -> int:
        return round(self.organisations * self.people_per_organisation)

    @property
    def affiliations(self) -> int:
        return self.people + -(-self.people // self.past_affiliation_every)

    def generate(self, rng: random.Random) -> Generated:
        from django.db import transaction

        with transaction.atomic():
            return self._generate(rng)

    def _generate(self, rng: random.Random) -> Generated:
        from django.utils import timezone
        from django.utils.text import slugify

        from synergies.basins.models import Basin, Commune
        from synergies.directory.demo import FIRST_NAMES, FUNCTIONS, LAST_NAMES
        from synergies.directory.models import Affiliation, Organisation, Person, Site
        from synergies.lib.text import fold

        basin = Basin.objects.get(code="hainaut-centre")
        communes = list(Commune.objects.filter(basin=basin).order_by("name"))
        if not communes:
            raise RuntimeError("no commune in Hainaut-Centre: load the reference data first")
        commune_weights = [COMMUNE_WEIGHTS.get(c.name, 10) for c in communes]
        types = list(TYPE_WEIGHTS)
        type_weights = list(TYPE_WEIGHTS.values())
        today = timezone.localdate()
        sample_index = self.organisations // 2

        names: Counter[str] = Counter()
        organisations: list[Organisation] = []
        main_communes: list[Commune] = []
        for index in range(self.organisations):
            type_code = rng.choices(types, type_weights)[0]
            commune = rng.choices(communes, commune_weights)[0]
            name = rng.choice(NAME_PATTERNS[type_code]).format(
                c=commune.name,
                s=rng.choice(SECTORS),
                a=rng.choice(ACTIVITIES),
                l=rng.choice(LAST_NAMES),
                m=rng.choice(LAST_NAMES),
                f=rng.choice(LEGAL_FORMS),
                t=rng.choice(SAINTS),
                u=rng.choice(UNIONS),
            )
            names[name] += 1
            if names[name] > 1:
                name = f"{name} ({names[name]})"
            acronym = acronym_of(name) if type_code != "company" and rng.random() < 0.3 else ""
            slug = f"{slugify(name)[:200]}-{index + 1}"
            organisations.append(
                Organisation(
                    basin=basin,
                    name=name,
                    slug=slug,
                    acronym=acronym,
                    type=type_code,
                    enterprise_number=enterprise_number(index) if rng.random() < 0.7 else None,
                    website=f"https://www.{slug[:40]}.be" if rng.random() < 0.5 else "",
                    email=f"info@{slug[:40]}.be" if rng.random() < 0.6 else "",
                    phone=f"+32 65 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                    description=f"{name} travaille à {commune.name} et dans les environs."
                    if rng.random() < 0.8
                    else "",
                    is_active=index == sample_index or rng.random() >= self.inactive_share,
                    search_text=fold(f"{name} {acronym}")[:300],
                )
            )
            main_communes.append(commune)
        Organisation.objects.bulk_create(organisations, batch_size=1000)

        sites: list[Site] = []
        for organisation, main in zip(organisations, main_communes, strict=True):
            extra = rng.choices([0, 1, 2], [75, 20, 5])[0]
            others = rng.sample([c for c in communes if c != main], extra) if extra else []
            for position, commune in enumerate([main, *others]):
                street = f"{rng.choice(STREETS)} {rng.randrange(1, 250)}"
                sites.append(Site(organisation=organisation, commune=commune, address=street, is_main=position == 0))
        Site.objects.bulk_create(sites, batch_size=2000)

        people: list[Person] = []
        for index in range(self.people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{fold(first).replace(' ', '')}.{fold(last).replace(' ', '')}.{index + 1}@example.org"
            consent = rng.random() < self.consent_share
            people.append(
                Person(
                    basin=basin,
                    first_name=first,
                    last_name=last,
                    email=email,
                    phone=f"+32 470 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
                    if rng.random() < 0.5
                    else "",
                    public_consent=consent,
                    consent_recorded_at=timezone.now() if consent else None,
                    search_text=fold(f"{first} {last} {email}")[:200],
                )
            )
        Person.objects.bulk_create(people, batch_size=2000)

        affiliations: list[Affiliation] = []
        for index, person in enumerate(people):
            # The first pass gives every organisation someone; the rest are spread at random.
            organisation = organisations[index] if index < len(organisations) else rng.choice(organisations)
            start = today - datetime.timedelta(days=rng.randrange(30, 3650))
            affiliations.append(
                Affiliation(person=person, organisation=organisation, function=rng.choice(FUNCTIONS), start_date=start)
            )
            if index % self.past_affiliation_every == 0:
                ended = start - datetime.timedelta(days=rng.randrange(1, 365))
                affiliations.append(
                    Affiliation(
                        person=person,
                        organisation=rng.choice(organisations),
                        function=rng.choice(FUNCTIONS),
                        start_date=ended - datetime.timedelta(days=rng.randrange(180, 2000)),
                        end_date=ended,
                    )
                )
        Affiliation.objects.bulk_create(affiliations, batch_size=2000)

        return Generated(
            counts={
                "organisations": len(organisations),
                "sites": len(sites),
                "people": len(people),
                "affiliations": len(affiliations),
            },
            samples={"organisation": organisations[sample_index].slug},
        )
