"""Demo data for Hainaut-Centre: fictional organisations, people and one account per role.

Idempotent: every record is matched on a natural key, so loading twice duplicates nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from synergies.accounts.models import Role
from synergies.accounts.services import grant_role
from synergies.basins.models import Basin, Commune, PriorityTheme
from synergies.directory.models import Affiliation, Organisation, Person, Site
from synergies.directory.services import unique_slug

DEMO_PASSWORD = "demo-synergies-2026"
DEMO_DOMAIN = "demo.synergies.example"

# (name, acronym, type, main commune, other communes)
ORGANISATIONS: list[tuple[str, str, str, str, list[str]]] = [
    ("Institut technique des Métiers du Centre", "ITMC", "secondary_school", "La Louvière", []),
    ("Athénée des Arts et Métiers de Mons", "AAMM", "secondary_school", "Mons", ["Jurbise"]),
    ("Collège professionnel du Borinage", "", "secondary_school", "Boussu", []),
    ("Institut provincial d’enseignement qualifiant de Binche", "IPEQ", "secondary_school", "Binche", []),
    ("CEFA du Haut-Pays", "", "cefa", "Dour", ["Honnelles", "Quiévrain"]),
    ("CEFA de la Haine", "", "cefa", "Saint-Ghislain", []),
    ("Promotion sociale Centre-Soignies", "PSCS", "adult_education", "Soignies", ["Braine-le-Comte"]),
    ("Institut de promotion sociale du Grand-Mons", "IPSGM", "adult_education", "Mons", ["Frameries"]),
    ("CTA Construction durable du Centre", "", "cta", "Morlanwelz", []),
    ("Réseau des écoles qualifiantes Hainaut-Centre", "REQHC", "school_network", "La Louvière", []),
    ("Centre de formation régional Mons-Borinage", "CFR-MB", "forem_training", "Mons", []),
    ("Centre de formation du Centre", "", "forem_training", "La Louvière", []),
    ("Formation PME Hainaut-Centre", "", "ifapme", "La Louvière", ["Mons"]),
    ("Centre de compétence Logistique du Hainaut", "CCLH", "competence_centre", "Seneffe", []),
    ("Centre de compétence Technologies industrielles", "", "competence_centre", "Manage", []),
    ("L’Atelier des Savoirs (CISP)", "", "cisp", "Quaregnon", ["Colfontaine"]),
    ("Tremplin Formation (CISP)", "", "cisp", "Chapelle-lez-Herlaimont", []),
    ("Les Mots Partagés", "", "literacy", "La Louvière", ["Binche"]),
    ("Alpha Borinage", "", "literacy", "Frameries", ["Hensies"]),
    ("Centre de validation des compétences du Centre", "CVC", "validation_centre", "Écaussinnes", []),
    ("Service conseil emploi Mons-Borinage", "", "forem_advice", "Mons", []),
    ("Service conseil emploi Centre", "", "forem_advice", "La Louvière", []),
    ("Mission régionale pour l’emploi du Centre", "MIRE-C", "mire", "La Louvière", []),
    ("Mission régionale pour l’emploi de Mons-Borinage", "MIRE-MB", "mire", "Mons", []),
    ("Maison de l’emploi de Lens-Jurbise", "", "employment_house", "Lens", ["Jurbise"]),
    ("CPAS de Le Rœulx", "", "cpas", "Le Rœulx", []),
    ("CPAS de Quévy", "", "cpas", "Quévy", []),
    ("ALE d’Estinnes", "", "ale", "Estinnes", []),
    ("Carrefour Emploi-Formation-Orientation du Hainaut", "CEFO", "cefo", "Mons", ["La Louvière"]),
    ("Ateliers mécaniques du Centre SA", "", "company", "Manage", []),
    ("Boulangeries Dubois & Fils SRL", "", "company", "Anderlues", []),
    ("Logistique Haine-Sambre SA", "", "company", "Seneffe", []),
    ("Union des entreprises du Centre", "UEC", "employers_org", "La Louvière", []),
    ("Intersyndicale régionale de Mons-Borinage", "", "trade_union", "Mons", []),
    ("Fonds de formation de la construction — antenne Hainaut", "", "sector_fund", "Mons", []),
    ("Agence de développement économique Cœur du Hainaut", "ADECH", "development_agency", "Mons", ["La Louvière"]),
    ("Espace public numérique de Colfontaine", "EPN", "epn", "Colfontaine", []),
    ("Espace public numérique de Soignies", "EPN", "epn", "Soignies", []),
    ("Observatoire régional de l’emploi et de la formation", "OREF", "research", "Mons", []),
    ("Haute école en Hainaut — pôle pédagogique", "", "higher_education", "Mons", []),
]

FIRST_NAMES = [
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Catherine",
    "Julie",
    "Aurélie",
    "Céline",
    "Françoise",
    "Véronique",
    "Laurence",
    "Marc",
    "Philippe",
    "Olivier",
    "Pascal",
    "Thierry",
    "Didier",
    "Michel",
    "Jean-Luc",
    "Frédéric",
    "Benoît",
    "Amina",
    "Fatima",
    "Yasmina",
    "Samira",
    "Giulia",
    "Mehdi",
    "Karim",
    "Luca",
    "Youssef",
    "Anaïs",
]
LAST_NAMES = [
    "Dupont",
    "Lambert",
    "Dubois",
    "Martin",
    "Leclercq",
    "Lemaire",
    "Delhaye",
    "Hermans",
    "Wauters",
    "Coppens",
    "Descamps",
    "Laurent",
    "Fontaine",
    "Collard",
    "Delcourt",
    "Gilson",
    "Bertrand",
    "Mertens",
    "Renard",
    "Urbain",
    "Di Marco",
    "Benali",
    "El Amrani",
    "Rossi",
    "Piette",
    "Vandamme",
    "Moreau",
    "Hubert",
    "Simon",
    "Thiry",
]
FUNCTIONS = [
    "Directeur·rice",
    "Coordinateur·rice pédagogique",
    "Formateur·rice",
    "Conseiller·ère emploi",
    "Chargé·e de projets",
    "Enseignant·e",
    "Job coach",
    "Assistant·e social·e",
    "Responsable RH",
    "Animateur·rice",
]

THEMES = [
    (2023, "sector", "Construction et rénovation énergétique"),
    (2023, "sector", "Industrie technologique"),
    (2023, "sector", "Transport et logistique"),
    (2023, "field", "Soins et aide aux personnes"),
    (2023, "occupation", "Technicien·ne de maintenance"),
    (2023, "sector", "Horeca et alimentation"),
]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    full_name: str


ACCOUNTS = [
    DemoAccount("administration de la plateforme", f"admin@{DEMO_DOMAIN}", "Alex Admin"),
    DemoAccount("secrétariat Hainaut-Centre", f"secretariat@{DEMO_DOMAIN}", "Claire Secrétariat"),
    DemoAccount("secrétariat d’un autre bassin (Namur)", f"secretariat.namur@{DEMO_DOMAIN}", "Nicolas Namur"),
    DemoAccount("contributeur·rice (CISP)", f"contributeur@{DEMO_DOMAIN}", "Camille Contributrice"),
    DemoAccount("membre (présidence du comité de pilotage du pôle CB)", f"membre@{DEMO_DOMAIN}", "Marie Membre"),
    DemoAccount("personne sans rôle", f"visiteur@{DEMO_DOMAIN}", "Victor Visiteur"),
]


def _ensure_user(email: str, full_name: str, *, superuser: bool = False) -> Any:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_superuser": superuser, "is_staff": superuser}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    rng = random.Random(2026)
    basin = Basin.objects.get(code="hainaut-centre")
    communes = {c.name: c for c in Commune.objects.filter(basin=basin)}

    for year, kind, title in THEMES:
        PriorityTheme.objects.get_or_create(basin=basin, report_year=year, title=title, defaults={"kind": kind})

    organisations = []
    for index, (name, acronym, type_code, main, others) in enumerate(ORGANISATIONS):
        organisation = Organisation.objects.filter(basin=basin, name=name).first()
        if organisation is None:
            organisation = Organisation(basin=basin, name=name, acronym=acronym, type=type_code, slug=unique_slug(name))
            organisation.description = (
                f"{name} est une organisation fictive des données de démonstration de Synergies, "
                f"active à {main}{' et environs' if others else ''}."
            )
            organisation.website = f"https://org{index + 1}.{DEMO_DOMAIN}/"
            organisation.save()
            for position, commune_name in enumerate([main, *others]):
                Site.objects.create(organisation=organisation, commune=communes[commune_name], is_main=position == 0)
        organisations.append(organisation)

    people = []
    for index in range(60):
        first, last = FIRST_NAMES[index % 30], LAST_NAMES[(index * 7 + index // 30) % 30]
        email = f"{first.lower()}.{last.lower().replace(' ', '')}.{index}@{DEMO_DOMAIN}"
        person, created = Person.objects.get_or_create(
            email=email,
            defaults={"basin": basin, "first_name": first, "last_name": last, "public_consent": index % 3 != 0},
        )
        if created:
            for organisation in rng.sample(organisations, 2 if index % 5 == 0 else 1):
                Affiliation.objects.create(
                    person=person,
                    organisation=organisation,
                    function=rng.choice(FUNCTIONS),
                    start_date=datetime.date(2015 + index % 10, 1 + index % 12, 1),
                )
        people.append(person)

    admin, secretary, namur_secretary, contributor, _member, _visitor = (
        _ensure_user(a.email, a.full_name, superuser=(i == 0)) for i, a in enumerate(ACCOUNTS)
    )
    grant_role(secretary, Role.SECRETARIAT, basin, by=admin)
    grant_role(namur_secretary, Role.SECRETARIAT, Basin.objects.get(code="namur"), by=admin)
    cisp = next(o for o in organisations if o.type == "cisp")
    for account, user in ((ACCOUNTS[1], secretary), (ACCOUNTS[3], contributor)):
        first, last = account.full_name.split(" ", 1)
        person, _created = Person.objects.get_or_create(
            email=account.email, defaults={"basin": basin, "first_name": first, "last_name": last, "user": user}
        )
        if account is ACCOUNTS[3] and not person.affiliations.exists():
            Affiliation.objects.create(person=person, organisation=cisp, function="Formatrice en alphabétisation")
    return ACCOUNTS
