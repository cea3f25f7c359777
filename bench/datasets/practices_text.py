"""French text for generated practices: titles, summaries and Markdown descriptions assembled from the demo catalogue.

The demo's sixty hand-written records (synergies/practices/data/demo-practices.json) are the corpus: their sentences
and list items are recombined, and the subjects they speak of (trades, places, tools, activities) are swapped for
others from the lists below, so that a search meets the vocabulary of basic-skills work — common words found in
thousands of records, rarer ones in a few dozen — and not random letters. Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "synergies" / "practices" / "data" / "demo-practices.json"

# fmt: off
# What a title says the practice is, by kind.
FORMS = {
    "methode": ["Atelier", "Ateliers", "Séquence", "Méthode", "Démarche", "Cercle", "Séances", "Rituel"],
    "outil": ["Jeu", "Grille", "Fiches", "Carnet", "Application", "Questionnaire", "Cartes", "Tableau de bord"],
    "dispositif": ["Module", "Parcours", "Permanence", "Dispositif", "Accompagnement", "Cellule", "Programme"],
    "ressource": ["Mallette", "Guide", "Vidéos", "Lexique", "Dossier pédagogique", "Kit", "Podcasts"],
    "projet": ["Projet", "Défi", "Chantier", "Mini-entreprise", "Festival", "Échange", "Résidence"],
}
# What is learnt, by domain of the referential.
TOPICS = {
    "CB-LIT": [
        "d’alphabétisation", "de lecture", "d’écriture", "de français oral", "de français langue étrangère",
        "de lecture à voix haute", "d’écriture de CV", "de compréhension des consignes", "de littératie technique",
        "de vocabulaire professionnel", "de reformulation", "de lecture de plans",
    ],
    "CB-NUM": [
        "de numératie", "de calcul", "de calcul mental", "de mathématiques", "de mesures et conversions",
        "de proportions", "de budget", "de lecture de tableaux", "de pourcentages", "de géométrie pratique",
    ],
    "CB-DIG": [
        "de numérique", "d’initiation à l’ordinateur", "de démarches en ligne", "sur tablette", "de sécurité numérique",
        "de bureautique", "de recherche d’emploi en ligne", "d’usage du smartphone", "de visioconférence",
        "de création de contenus",
    ],
    "CB-APP": [
        "pour apprendre à apprendre", "de méthode de travail", "d’auto-évaluation", "d’esprit critique",
        "de curiosité", "de planification des révisions",
    ],
    "CB-SOC": [
        "de coopération", "de gestion des conflits", "de communication bienveillante", "de travail en équipe",
        "de règles de vie collective", "de médiation entre pairs",
    ],
    "CB-PER": [
        "de confiance en soi", "d’autonomie", "de ponctualité", "d’initiative", "d’adaptabilité",
        "de gestion du stress", "de fiabilité au travail",
    ],
    "CB-VIE": [
        "de budget du ménage", "d’éco-gestes", "de gestes et postures", "de santé et sécurité", "de citoyenneté",
        "d’orientation", "de démarches administratives", "de prévention des accidents",
    ],
}
# The subjects a practice is about: trades and activities. The rare ones make rare search words.
TRADES = [
    "cuisine", "boulangerie", "pâtisserie", "logistique", "magasinage", "construction", "maçonnerie", "peinture",
    "menuiserie", "électricité", "soudure", "mécanique", "maintenance", "nettoyage", "aide à domicile", "soins",
    "horeca", "vente", "commerce", "jardinage", "maraîchage", "horticulture", "couture", "coiffure", "esthétique",
    "conduite de chariot", "transport", "secrétariat", "accueil", "imprimerie", "recyclage", "rénovation énergétique",
    "toiture", "carrelage", "plomberie", "chauffage", "informatique", "réparation de vélos", "apiculture",
    "ferronnerie", "tapisserie", "cordonnerie", "repassage", "petite enfance", "animation", "sécurité", "gardiennage",
    "boucherie", "poissonnerie", "fromagerie", "brasserie", "viticulture", "sylviculture", "voirie", "propreté publique",
    "manutention", "emballage", "préparation de commandes", "livraison", "téléphonie", "robotique", "impression 3D",
]
ACTIVITIES = [
    "une balade urbaine", "un jardin partagé", "une épicerie solidaire", "une radio associative", "un repair café",
    "une cuisine pédagogique", "un atelier vélo", "une bibliothèque de quartier", "un marché hebdomadaire",
    "une visite d’entreprise", "un chantier école", "un potager", "un théâtre-forum", "une exposition",
    "un journal de quartier", "un concours de lecture", "un escape game", "une chasse au trésor", "un podcast",
    "une web-radio", "un ciné-club", "une ludothèque", "un fablab", "une recyclerie", "une ressourcerie",
]
QUALIFIERS = {
    "DE": "pour les demandeurs d’emploi", "DE-PQ": "pour les demandeurs d’emploi peu qualifiés",
    "ELEVE-Q": "pour les élèves du qualifiant", "CEFA": "en alternance", "EPS": "en promotion sociale",
    "CISP": "en CISP", "ALPHA": "pour les apprenants en alpha", "FLE": "pour primo-arrivants",
    "RIS": "au CPAS", "TRAV": "pour les travailleurs", "NEET": "pour les jeunes NEET", "PRO": "pour les formateurs",
}
# What a description lists as the material and the jobs it prepares for: more words, each in few records.
MATERIAL = [
    "balance de cuisine", "mètre ruban", "calculatrice", "tablette", "ordinateur portable", "vidéoprojecteur",
    "tableau blanc", "fiches plastifiées", "cartes-images", "dés", "jetons", "billets factices", "pièces de monnaie",
    "tickets de caisse", "dépliants publicitaires", "plans d’étage", "maquettes", "équerre", "niveau à bulle",
    "pied à coulisse", "thermomètre", "minuteur", "chronomètre", "casque audio", "micro", "enregistreur",
    "appareil photo", "imprimante", "clé USB", "smartphone", "borne interactive", "logiciel libre", "tableur",
    "traitement de texte", "messagerie", "agenda partagé", "plateforme d’apprentissage", "quiz en ligne",
    "dictionnaire illustré", "imagier", "abécédaire", "romans courts", "bandes dessinées", "magazines", "journaux",
    "affiches", "pictogrammes", "photos", "vidéos courtes", "podcasts", "jeu de plateau", "jeu de cartes",
    "puzzle", "boîte à outils", "caisse enregistreuse", "transpalette", "gants", "chaussures de sécurité",
    "casque de chantier", "gilet fluorescent", "extincteur", "trousse de secours", "recettes", "ingrédients",
    "ustensiles", "tabliers", "semences", "arrosoirs", "bacs de tri", "compteur d’eau", "factures d’énergie",
    "fiches de paie", "formulaires administratifs", "courriers", "horaires de bus", "cartes routières",
    "boussole", "carnet de bord", "portfolio", "grille d’observation", "grille d’auto-évaluation", "diplômes",
    "attestations", "carte d’identité électronique", "lecteur de carte", "lunettes de lecture", "loupe",
    "tableau de planification", "calendrier mural", "post-it", "feutres", "cahiers", "classeurs", "chemises",
    "enveloppes", "timbres", "colis", "étiquettes", "codes-barres", "scanner", "badgeuse", "casiers",
]
JOBS = [
    "aide-soignant", "aide ménager", "auxiliaire de l’enfance", "agent d’entretien", "technicien de surface",
    "magasinier", "cariste", "préparateur de commandes", "chauffeur-livreur", "manutentionnaire", "maçon",
    "coffreur", "ferrailleur", "carreleur", "plafonneur", "peintre en bâtiment", "menuisier", "charpentier",
    "couvreur", "plombier", "chauffagiste", "électricien", "soudeur", "tuyauteur", "mécanicien automobile",
    "carrossier", "technicien de maintenance", "opérateur de production", "conducteur de ligne", "commis de cuisine",
    "cuisinier de collectivité", "boulanger", "pâtissier", "boucher", "serveur", "barman", "réceptionniste",
    "vendeur", "caissier", "employé de rayon", "réassortisseur", "jardinier", "ouvrier horticole", "maraîcher",
    "paysagiste", "agent de propreté", "agent de sécurité", "gardien", "secrétaire", "employé administratif",
    "assistant comptable", "téléconseiller", "animateur", "éducateur", "accueillant extrascolaire", "coiffeur",
    "esthéticien", "couturier", "retoucheur", "repasseur", "ouvrier de voirie", "trieur de déchets", "valoriste",
    "installateur de panneaux solaires", "isolateur", "technicien en domotique", "monteur de réseaux",
]
# fmt: on
HEADINGS = ["Déroulement", "En pratique", "Les étapes", "Ce qu’on y fait", "Le matériel", "Une séance type"]


def _sentences(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("-", "#", "1", "2"))]
    found = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])", " ".join(lines))
    return [s.strip() for s in found if len(s.strip()) > 25]


def _items(text: str) -> list[str]:
    return [
        re.sub(r"^(-|\d+\.)\s+", "", line.strip()) for line in text.splitlines() if re.match(r"\s*(-|\d+\.)\s+\S", line)
    ]


@dataclass
class Corpus:
    """The demo's sentences by part of the record, and its list items."""

    records: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = DEMO) -> Corpus:
        return cls(json.loads(path.read_text(encoding="utf-8"))["practices"])

    def _part(self, *names: str) -> list[str]:
        return sorted({s for r in self.records for n in names for s in _sentences(str(r.get(n, "")))})

    @cached_property
    def summaries(self) -> list[str]:
        return self._part("summary")

    @cached_property
    def descriptions(self) -> list[str]:
        return self._part("description", "transferability")

    @cached_property
    def objectives(self) -> list[str]:
        return self._part("objectives")

    @cached_property
    def results(self) -> list[str]:
        return self._part("results")

    @cached_property
    def factors(self) -> list[str]:
        return self._part("success_factors")

    @cached_property
    def pitfalls(self) -> list[str]:
        return self._part("pitfalls")

    @cached_property
    def items(self) -> list[str]:
        return sorted({i for r in self.records for i in _items(str(r.get("description", "")))})

    def vocabulary(self) -> set[str]:
        """Every distinct word the generator can write (lower case), to report the corpus's breadth."""
        texts = [*self.summaries, *self.descriptions, *self.objectives, *self.results, *self.factors, *self.pitfalls]
        texts += [*self.items, *TRADES, *ACTIVITIES, *QUALIFIERS.values(), *MATERIAL, *JOBS, *HEADINGS]
        texts += [t for ts in TOPICS.values() for t in ts]
        texts += [f for fs in FORMS.values() for f in fs]
        return {w for text in texts for w in re.findall(r"[\wÀ-ÿ’-]+", text.lower()) if not w.isdigit()}


@dataclass
class Writer:
    rng: random.Random
    corpus: Corpus

    def _pick(self, sentences: list[str], count: int) -> str:
        return " ".join(self.rng.sample(sentences, min(count, len(sentences))))

    def title(self, kind: str, domain: str, public: str, commune: str) -> str:
        rng = self.rng
        form, topic = rng.choice(FORMS[kind]), rng.choice(TOPICS[domain])
        shape = rng.random()
        if shape < 0.35:
            return f"{form} {topic} {QUALIFIERS[public]}"
        if shape < 0.6:
            return f"{form} {topic} en {rng.choice(TRADES)}"
        if shape < 0.8:
            return f"{form} {topic} à {commune}"
        return f"{form} {topic}\u00a0: {rng.choice(ACTIVITIES)}"

    def summary(self, trade: str, activity: str) -> str:
        text = self._pick(self.corpus.summaries, 2)
        return f"{text} Le support\u00a0: {activity}, en {trade}."[:600]

    def description(self, trade: str, commune: str) -> str:
        rng = self.rng
        items = rng.sample(self.corpus.items, min(rng.randint(3, 5), len(self.corpus.items)))
        return (
            f"{self._pick(self.corpus.descriptions, rng.randint(2, 3))}\n\n"
            f"### {rng.choice(HEADINGS)}\n\n" + "\n".join(f"- {item}" for item in items) + "\n\n"
            f"La pratique est menée à {commune}, avec des situations de travail en {trade}. "
            f"Matériel : {', '.join(rng.sample(MATERIAL, 3))}. "
            f"Métiers visés : {rng.choice(JOBS)}, {rng.choice(JOBS)}."
        ).replace(" :", "\u00a0:")

    def part(self, name: str, count: int = 1) -> str:
        return self._pick(getattr(self.corpus, name), count)
