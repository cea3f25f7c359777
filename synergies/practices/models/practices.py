"""A practice or tool of the catalogue, as its holder describes it and as moderation lets it be seen."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.accounts.models import Role
from synergies.basins.models import Basin, Commune
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.lib.fields import URLField
from synergies.poles.models import Pole
from synergies.practices.models.vocabulary import (
    EDITABLE_BY_CONTRIBUTORS,
    PUBLIC_STATUSES,
    EvidenceLevel,
    Kind,
    Licence,
    Modality,
    Status,
)
from synergies.skills.models import Concept


def workplaces(user: Any) -> models.QuerySet[Affiliation]:
    """The user's affiliations in force today, as the directory dates them: what makes them a contributor."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Affiliation.objects.none()
    return Affiliation.objects.current().filter(person=person)


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> PracticeQuerySet:
        """What visitors see: published practices, and those whose yearly review is due (still valid until revised)."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def of_pole(self, pole: Pole) -> PracticeQuerySet:
        return self.filter(pole=pole)

    def in_commune(self, commune: Commune) -> PracticeQuerySet:
        return self.filter(communes=commune)

    def in_sub_area(self, basin: Basin, sub_area: str) -> PracticeQuerySet:
        return self.filter(communes__basin=basin, communes__sub_area=sub_area).distinct()

    def inspiring(self) -> PracticeQuerySet:
        return self.filter(label_decision__isnull=False)

    def about(self, concept: Concept) -> PracticeQuerySet:
        return self.filter(skills__concept=concept).distinct()

    def held_by_organisations_of(self, user: Any) -> PracticeQuerySet:
        """Practices held by (or partnered with) an organisation the user works for today."""
        organisations = workplaces(user).values("organisation_id")
        return self.filter(Q(holder__in=organisations) | Q(partners__organisation__in=organisations)).distinct()

    def followed_by(self, user: Any) -> PracticeQuerySet:
        """The records a user follows as an editor: held by (or partnered with) their organisations, or theirs."""
        if not user.is_authenticated:
            return self.none()
        own = self.held_by_organisations_of(user).values("pk")
        return self.filter(Q(pk__in=own) | Q(created_by=user))

    def moderated_by(self, user: Any) -> PracticeQuerySet:
        """Practices of the catalogues the user moderates: their basin's secretariat, or a delegation."""
        if not user.is_authenticated:
            return self.none()
        if getattr(user, "is_platform_admin", False):
            return self
        basins = user.scope_ids(Role.SECRETARIAT, Basin)
        return self.filter(Q(pole__basin_id__in=basins) | Q(pole__moderators__user=user)).distinct()

    def visible_to(self, user: Any) -> PracticeQuerySet:
        """Published practices for everyone; every other state to its editors and its moderators."""
        if not user.is_authenticated:
            return self.published()
        if getattr(user, "is_platform_admin", False):
            return self
        own = self.held_by_organisations_of(user).values("pk")
        moderated = self.moderated_by(user).values("pk")
        return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(created_by=user) | Q(pk__in=own) | Q(pk__in=moderated))

    def review_due(self, today: datetime.date | None = None) -> PracticeQuerySet:
        return self.filter(status=Status.PUBLISHED, review_due__lte=today or timezone.localdate())

    def public_in_bulk(self, ids: list[int]) -> dict[int, Practice]:
        """The public records among `ids`, by id. Looked up by id alone, then checked: a filter on the status would
        lead the database to scan every published record for a page of twenty."""
        found = self.in_bulk(ids) if ids else {}
        return {pk: practice for pk, practice in found.items() if practice.is_public}

    def for_cards(self) -> PracticeQuerySet:
        """What a list of practice cards needs, in a constant number of queries."""
        return self.select_related("holder").prefetch_related(
            "communes", models.Prefetch("skills", queryset=PracticeSkill.objects.select_related("concept"))
        )


class Practice(models.Model):
    Status = Status

    pole = models.ForeignKey(Pole, on_delete=models.PROTECT, related_name="practices", verbose_name=_("pôle"))
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=100,
        blank=True,
        help_text=_("L’identifiant de la pratique dans le système d’où elle vient ; il rend l’import rejouable."),
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=600, help_text=_("Deux ou trois phrases, 600 signes au plus."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown : titres, listes, liens."))
    easy_read_summary = models.TextField(
        _("résumé en facile à lire et à comprendre (FALC)"), max_length=1000, blank=True
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    language = models.CharField(_("langue"), max_length=8, default="fr")

    holder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="held_practices", verbose_name=_("organisation porteuse")
    )
    contact_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("personne de contact"),
        help_text=_("Son nom n’est affiché que si elle y a consenti dans l’annuaire."),
    )
    contact_email = models.EmailField(
        _("adresse de contact"),
        blank=True,
        help_text=_("Jamais affichée : les visiteurs écrivent par le formulaire de contact de la fiche."),
    )

    publics = models.JSONField(_("publics"), default=list, blank=True)
    levels = models.JSONField(_("paliers"), default=list, blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="practices", verbose_name=_("communes"))

    modality = models.CharField(_("modalité"), max_length=12, choices=Modality.choices, default=Modality.ON_SITE)
    duration_hours = models.DecimalField(_("durée (heures)"), max_digits=7, decimal_places=1, null=True, blank=True)
    group_size_min = models.PositiveSmallIntegerField(_("taille du groupe, au moins"), null=True, blank=True)
    group_size_max = models.PositiveSmallIntegerField(_("taille du groupe, au plus"), null=True, blank=True)
    cost = models.CharField(_("coût"), max_length=200, blank=True)
    access_conditions = models.TextField(_("conditions d’accès"), blank=True)

    objectives = models.TextField(_("objectifs"), blank=True)
    results = models.TextField(_("résultats observés"), blank=True)
    evidence_level = models.PositiveSmallIntegerField(
        _("niveau de preuve"), choices=EvidenceLevel.choices, default=EvidenceLevel.DESCRIBED
    )
    success_factors = models.TextField(_("facteurs de réussite"), blank=True)
    pitfalls = models.TextField(_("écueils à éviter"), blank=True)
    transferability = models.TextField(_("transférabilité"), blank=True)

    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)
    url = URLField(_("site de la pratique"), max_length=500, blank=True)
    erasmus_id = models.CharField(_("identifiant Erasmus+"), max_length=60, blank=True)
    epale_id = models.CharField(_("identifiant EPALE"), max_length=60, blank=True)

    open_to_visits = models.BooleanField(_("ouverte aux visites"), default=False)
    seeks_partners = models.BooleanField(_("cherche des partenaires"), default=False)

    label_decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labelled_practices",
        verbose_name=_("décision accordant le label « pratique inspirante »"),
        editable=False,
    )
    revision = models.PositiveIntegerField(_("version"), default=0, editable=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, editable=False)
    review_due = models.DateField(_("relecture annuelle prévue le"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pratique")
        verbose_name_plural = _("pratiques")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pole", "external_id"], condition=~Q(external_id=""), name="practices_external_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["pole", "status"]), models.Index(fields=["status", "review_due"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:practice", kwargs={"slug": self.slug})

    @property
    def audit_scope(self) -> Basin:
        return self.pole.basin

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_inspiring(self) -> bool:
        return self.label_decision_id is not None

    @property
    def contributors_may_edit(self) -> bool:
        return self.status in EDITABLE_BY_CONTRIBUTORS

    @property
    def public_contact_name(self) -> str:
        person = self.contact_person
        return person.full_name if person is not None and person.public_consent else ""


class Partner(models.Model):
    """An organisation working on the practice beside its holder, and what it does in it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practice_partnerships", verbose_name=_("organisation")
    )
    role = models.CharField(_("rôle"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["practice_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "organisation"], name="practices_partner_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})" if self.role else str(self.organisation)


class PracticeSkill(models.Model):
    """A skill of the adopted referential the practice works on: its concept (stable across versions)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="skills")
    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, related_name="practice_tags", verbose_name=_("compétence")
    )
    is_main = models.BooleanField(_("compétence principale"), default=True)

    class Meta:
        verbose_name = _("compétence travaillée")
        verbose_name_plural = _("compétences travaillées")
        ordering = ["practice_id", "-is_main", "concept__code"]
        constraints = [models.UniqueConstraint(fields=["practice", "concept"], name="practices_skill_once")]

    def __str__(self) -> str:
        return self.concept.code
