"""The catalogue's closed vocabularies: kinds, modalities, evidence levels, licences, paliers and the publics of DESIGN §5.

Kind and modality values are the unaccented French words the interchange CSV uses, so a file and the database speak
the same codes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    METHOD = "methode", _("méthode")
    TOOL = "outil", _("outil")
    SCHEME = "dispositif", _("dispositif")
    RESOURCE = "ressource", _("ressource")
    PROJECT = "projet", _("projet")


class Modality(models.TextChoices):
    ON_SITE = "presentiel", _("présentiel")
    REMOTE = "distanciel", _("distanciel")
    HYBRID = "hybride", _("hybride")


class EvidenceLevel(models.IntegerChoices):
    DESCRIBED = 1, _("1 · décrite")
    EVALUATED_INTERNALLY = 2, _("2 · évaluée en interne")
    EVALUATED_EXTERNALLY = 3, _("3 · évaluée par un tiers")
    TRANSFERRED = 4, _("4 · transférée ailleurs")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution – Partage dans les mêmes conditions 4.0")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution – Pas d’utilisation commerciale 4.0")
    CC_BY_NC_SA = (
        "CC-BY-NC-SA-4.0",
        _("Creative Commons Attribution – Pas d’utilisation commerciale – Partage à l’identique 4.0"),
    )
    CC0 = "CC0-1.0", _("Domaine public (CC0 1.0)")
    RESERVED = "reserved", _("Tous droits réservés")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Palier(models.TextChoices):
    P0 = "P0", _("P0 · pré-alpha")
    P1 = "P1", _("P1 · élémentaire")
    P2 = "P2", _("P2 · fonctionnel")
    P3 = "P3", _("P3 · autonome")
    P4 = "P4", _("P4 · consolidé")


class Public(models.TextChoices):
    """The publics a practice addresses (DESIGN §5); the codes are those of the interchange files."""

    DE = "DE", _("demandeurs d’emploi")
    DE_PQ = "DE-PQ", _("demandeurs d’emploi peu qualifiés")
    ELEVE_Q = "ELEVE-Q", _("élèves du qualifiant")
    CEFA = "CEFA", _("apprenants en alternance")
    EPS = "EPS", _("étudiants de promotion sociale")
    CISP = "CISP", _("stagiaires CISP")
    ALPHA = "ALPHA", _("apprenants en alphabétisation")
    FLE = "FLE", _("primo-arrivants, français langue étrangère")
    RIS = "RIS", _("bénéficiaires du revenu d’intégration")
    TRAV = "TRAV", _("travailleurs")
    NEET = "NEET", _("jeunes ni en emploi ni en formation")
    PRO = "PRO", _("enseignants, formateurs, accompagnateurs")


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("soumise")
    IN_REVIEW = "in_review", _("en relecture")
    CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
    PUBLISHED = "published", _("publiée")
    TO_REVISE = "to_revise", _("à réviser")
    ARCHIVED = "archived", _("archivée")


PUBLIC_STATUSES = (Status.PUBLISHED, Status.TO_REVISE)
EDITABLE_BY_CONTRIBUTORS = (Status.DRAFT, Status.CHANGES_REQUESTED)
