"""Pôles de synergies: the pôle, its mandates and their evaluation, its bodies and their seats (R1–R5, R7)."""

from __future__ import annotations

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Basin, Chamber, PriorityTheme
from synergies.directory.models import Organisation, Person

DEFAULT_MISSIONS = """\
- Déterminer les modalités de fonctionnement du pôle de synergies.
- Définir et préciser le concept « compétences de base ».
- Identifier les pratiques et outils innovants existants.
- Encourager les collaborations et partages entre les acteurs du bassin.
- Sensibiliser l’ensemble des acteurs du bassin en rendant visibles les bonnes pratiques.
- Faire remonter vers l’Instance bassin les recommandations à relayer vers les instances décisionnelles et les pouvoirs politiques."""


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_day_of_years(start: datetime.date, years: int) -> datetime.date:
    """The last day of `years` years from `start`: the eve of its anniversary. Three years from 29 February 2024 end
    on 28 February 2027, the anniversary falling on 1 March in a common year (a period containing one 29 February
    lasts 1096 days, like any other)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:
        anniversary = datetime.date(start.year + years, 3, 1)
    return anniversary - datetime.timedelta(days=1)


class PoleSettings(models.Model):
    """A pôle's ⚙ settings kept by an app above it in a one-to-one row, named by the `related_name` of its `pole`.
    A pôle without its row gets an unsaved one with the defaults."""

    class Meta:
        abstract = True

    @classmethod
    def for_pole(cls, pole: Pole) -> Self:
        field = cls._meta.get_field("pole")
        try:
            return getattr(pole, field.remote_field.get_accessor_name())  # type: ignore[union-attr,arg-type]
        except cls.DoesNotExist:
            return cls(pole=pole)


class PoleQuerySet(models.QuerySet["Pole"]):
    def in_basin(self, basin: Basin) -> PoleQuerySet:
        return self.filter(basin=basin)

    def public(self) -> PoleQuerySet:
        """Pôles the Instance has created: proposals are not shown to the public."""
        return self.filter(mandates__isnull=False).distinct()


class Pole(models.Model):
    class ThemeKind(models.TextChoices):
        THEME = "theme", _("thématique commune du rapport analytique et prospectif")
        TRANSVERSAL = "transversal", _("transversal, par décision de l’Instance")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposé")
        ACTIVE = "active", _("actif")
        UNDER_EVALUATION = "under_evaluation", _("en évaluation")
        EXPIRED = "expired", _("expiré")
        CLOSED = "closed", _("clôturé")

    basin = models.ForeignKey(Basin, on_delete=models.PROTECT, related_name="poles", verbose_name=_("bassin"))
    name = models.CharField(_("nom"), max_length=150)
    code = models.CharField(
        _("code"),
        max_length=10,
        help_text=_("Deux à dix lettres majuscules ou chiffres, p. ex. CB ; il numérote les décisions."),
    )
    theme_kind = models.CharField(_("fondement (R1)"), max_length=16, choices=ThemeKind.choices)
    theme = models.ForeignKey(
        PriorityTheme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="poles",
        verbose_name=_("thématique commune"),
    )
    transversal_reference = models.CharField(_("décision déclarant le pôle transversal"), max_length=100, blank=True)
    transversal_date = models.DateField(_("date de cette décision"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    missions = models.TextField(_("missions du comité de pilotage (R9)"), default=DEFAULT_MISSIONS)
    evaluation_lead_days = models.PositiveSmallIntegerField(
        _("évaluation due (jours avant la fin du mandat)"), default=180
    )
    closed_on = models.DateField(_("clôturé le"), null=True, blank=True)
    closing_reference = models.CharField(_("décision de clôture"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("pôle de synergies")
        verbose_name_plural = _("pôles de synergies")
        ordering = ["basin", "name"]
        constraints = [
            models.UniqueConstraint(fields=["basin", "code"], name="unique_pole_code_per_basin"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9]{2,10}$"),
                name="pole_code_format",
                violation_error_message=_("Le code compte deux à dix lettres majuscules ou chiffres."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("poles:detail", kwargs={"basin": self.basin.code, "code": self.code})

    @property
    def audit_scope(self) -> Basin:
        return self.basin

    def mandate_on(self, day: datetime.date, mandates: list[Mandate] | None = None) -> Mandate | None:
        for mandate in mandates if mandates is not None else self.mandates.all():
            if mandate.start <= day <= mandate.end:
                return mandate
        return None

    def status_on(self, day: datetime.date | None = None) -> Pole.Status:
        """Derived from the mandates: never stored, so it cannot drift from them."""
        day = day or timezone.localdate()
        if self.closed_on and self.closed_on <= day:
            return Pole.Status.CLOSED
        mandates = list(self.mandates.all())
        current = self.mandate_on(day, mandates)
        if current is not None:
            return Pole.Status.UNDER_EVALUATION if day >= current.evaluation_due else Pole.Status.ACTIVE
        if any(m.end < day for m in mandates):
            return Pole.Status.EXPIRED
        return Pole.Status.PROPOSED

    @property
    def status(self) -> Pole.Status:
        return self.status_on()

    def is_read_only(self, day: datetime.date | None = None) -> bool:
        """An expired or closed pôle keeps only its evaluation and archives open (R7)."""
        return self.status_on(day) in (Pole.Status.EXPIRED, Pole.Status.CLOSED)


class Modalities(models.Model):
    """A version of the operating modalities the steering committee adopted (R9), kept in full."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="modalities")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("texte"))
    adopted_on = models.DateField(_("adoptées le"))
    reference = models.CharField(_("référence de l’adoption"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("modalités de fonctionnement")
        verbose_name_plural = _("modalités de fonctionnement")
        ordering = ["pole", "-version"]
        constraints = [models.UniqueConstraint(fields=["pole", "version"], name="unique_modalities_version")]

    def __str__(self) -> str:
        return f"{self.pole} — v{self.version}"


class Mandate(models.Model):
    """A period of at most three years for which the Instance created or renewed the pôle (R7)."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("pôle"))
    number = models.PositiveSmallIntegerField(_("numéro"))
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    decision_reference = models.CharField(_("décision de l’Instance"), max_length=100)
    decision_date = models.DateField(_("date de la décision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["pole", "start"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "number"], name="unique_mandate_number"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="mandate_ends_after_start",
                violation_error_message=_("Un mandat se termine après avoir commencé."),
            ),
        ]

    def __str__(self) -> str:
        return _("Mandat %(number)s (%(start)s – %(end)s)") % {
            "number": self.number,
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    @property
    def evaluation_due(self) -> datetime.date:
        return self.end - datetime.timedelta(days=self.pole.evaluation_lead_days)

    @property
    def latest_allowed_end(self) -> datetime.date:
        return last_day_of_years(self.start, 3)


def evaluation_upload_path(instance: Evaluation, filename: str) -> str:
    return f"poles/evaluations/{instance.mandate_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class Evaluation(models.Model):
    """The Instance's evaluation of how the pôle functioned during a mandate; only a renewal opens the next one."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("en attente de l’Instance")
        RENEWED = "renewed", _("renouvellement")
        NOT_RENEWED = "not_renewed", _("non-renouvellement")

    mandate = models.OneToOneField(Mandate, on_delete=models.CASCADE, related_name="evaluation")
    summary = models.TextField(_("synthèse de l’évaluation"), blank=True)
    file = models.FileField(_("dossier d’évaluation"), upload_to=evaluation_upload_path, blank=True)
    file_type = models.CharField(max_length=120, blank=True)
    submitted_on = models.DateField(_("dossier remis le"), null=True, blank=True)
    verdict = models.CharField(
        _("verdict de l’Instance"), max_length=16, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_reference = models.CharField(_("référence de la décision"), max_length=100, blank=True)
    verdict_date = models.DateField(_("date de la décision"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")

    def __str__(self) -> str:
        return _("Évaluation du %(mandate)s") % {"mandate": self.mandate}

    @property
    def is_complete(self) -> bool:
        return bool(self.submitted_on and (self.summary or self.file))


class Body(models.Model):
    """The steering committee (one per pôle) or a working group (R4, R5)."""

    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("comité de pilotage")
        WORKING_GROUP = "working_group", _("groupe de travail")

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("pôle"))
    kind = models.CharField(_("nature"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=80)
    mission = models.TextField(_("mission"), blank=True)
    deliverables = models.TextField(_("livrables attendus"), blank=True)
    deadline = models.DateField(_("échéance"), null=True, blank=True)
    created_on = models.DateField(_("créé le"), default=timezone.localdate)
    closed_on = models.DateField(_("clôturé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("organe")
        verbose_name_plural = _("organes")
        ordering = ["pole", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pole"],
                condition=Q(kind="steering_committee"),
                name="one_steering_committee_per_pole",
                violation_error_message=_("Ce pôle a déjà un comité de pilotage."),
            ),
            models.UniqueConstraint(fields=["pole", "slug"], name="unique_body_slug_per_pole"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_steering_committee(self) -> bool:
        return self.kind == Body.Kind.STEERING_COMMITTEE

    @property
    def audit_scope(self) -> Basin:
        return self.pole.basin


class SeatQuerySet(models.QuerySet["Seat"]):
    def in_force(self, day: datetime.date | None = None) -> SeatQuerySet:
        day = day or timezone.localdate()
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def of_pole(self, pole: Pole) -> SeatQuerySet:
        return self.filter(body__pole=pole)

    def held_by(self, person: Person) -> SeatQuerySet:
        return self.filter(Q(representative=person) | Q(substitute=person))

    def held_by_any(self, person_ids: list[int]) -> SeatQuerySet:
        return self.filter(Q(representative_id__in=person_ids) | Q(substitute_id__in=person_ids))

    def overlapping(self, start: datetime.date, end: datetime.date | None) -> SeatQuerySet:
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return qs.filter(start__lte=end) if end else qs

    def for_composition(self) -> SeatQuerySet:
        """Everything the composition engine reads, in a fixed number of queries."""
        return self.select_related("body", "organisation", "representative", "substitute", "chamber").prefetch_related(
            "organisation__sites__commune"
        )


class Seat(models.Model):
    """A seat in a body: held by an organisation through a named representative (and a substitute), or held
    personally by a resource person; designated by the Instance (R2)."""

    class Origin(models.TextChoices):
        INSTANCE = "instance", _("membre de l’Instance bassin")
        CHAMBER_EDUCATION = "chamber_education", _("membre de la Chambre Enseignement")
        CHAMBER_EMPLOYMENT_TRAINING = "chamber_employment_training", _("membre d’une Chambre Emploi-Formation")
        RESOURCE_PERSON = "resource_person", _("personne ressource")

    class Role(models.TextChoices):
        CHAIR = "chair", _("président·e")
        VICE_CHAIR = "vice_chair", _("vice-président·e")
        SECRETARY = "secretary", _("secrétaire")
        MEMBER = "member", _("membre")
        RESOURCE_PERSON = "resource_person", _("personne ressource")
        OBSERVER = "observer", _("observateur·rice")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats", verbose_name=_("organe"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
        verbose_name=_("organisation"),
    )
    representative = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats_held",
        verbose_name=_("représentant·e"),
    )
    substitute = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats_substituted",
        verbose_name=_("suppléant·e"),
    )
    origin = models.CharField(_("origine"), max_length=32, choices=Origin.choices)
    chamber = models.ForeignKey(
        Chamber, null=True, blank=True, on_delete=models.PROTECT, related_name="seats", verbose_name=_("chambre")
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"), null=True, blank=True)
    designation_reference = models.CharField(_("désignation par l’Instance (référence)"), max_length=100, blank=True)
    designation_date = models.DateField(_("date de la désignation"), null=True, blank=True)
    competent_in_theme = models.BooleanField(
        _("compétent·e dans la thématique du pôle"),
        default=True,
        help_text=_(
            "Déclaré par l’Instance : compte pour la catégorie « enseignement qualifiant » de l’article 18 (R3)."
        ),
    )
    names_public = models.BooleanField(
        _("noms publiés"),
        default=False,
        help_text=_(
            "Les titulaires ont été informés que leur nom figure sur la page publique du pôle, au titre de leur fonction."
        ),
    )

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("siège")
        verbose_name_plural = _("sièges")
        ordering = ["body", "role", "organisation__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="seat_ends_after_start",
                violation_error_message=_("Un siège ne peut se terminer avant d’avoir commencé."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(representative__isnull=False),
                name="seat_has_a_holder",
                violation_error_message=_("Un siège est tenu par une organisation ou par une personne ressource."),
            ),
        ]

    def __str__(self) -> str:
        holder = (
            self.organisation.name
            if self.organisation
            else (self.representative.full_name if self.representative else "?")
        )
        return f"{self.body} — {holder} ({self.get_role_display()})"

    @property
    def audit_scope(self) -> Basin:
        return self.body.pole.basin

    def is_in_force(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def holder_name(self) -> str:
        return self.organisation.name if self.organisation else str(_("à titre personnel"))

    def people(self) -> list[Person]:
        return [p for p in (self.representative, self.substitute) if p is not None]


class InterestDeclaration(models.Model):
    """A declaration of interest attached to a seat (potential conflicts the holder made known)."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="interests")
    declared_on = models.DateField(_("déclarée le"), default=timezone.localdate)
    text = models.TextField(_("déclaration"))

    class Meta:
        verbose_name = _("déclaration d’intérêts")
        verbose_name_plural = _("déclarations d’intérêts")
        ordering = ["-declared_on"]

    def __str__(self) -> str:
        return f"{self.seat} — {self.declared_on:%d/%m/%Y}"


class BodyDocument(models.Model):
    """A document of a body (terms of reference, notes…), whose successive versions are all kept."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["body", "title"]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> DocumentVersion | None:
        versions = list(self.versions.all())
        return versions[0] if versions else None


def document_upload_path(instance: DocumentVersion, filename: str) -> str:
    return f"poles/documents/{instance.document_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(BodyDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to=document_upload_path)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    note = models.CharField(_("ce qui change"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version de document")
        verbose_name_plural = _("versions de document")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
