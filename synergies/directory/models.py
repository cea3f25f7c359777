from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.accounts.models import Role
from synergies.basins.models import Basin, Commune
from synergies.directory.types import (
    TYPE_CHOICES,
    TYPES,
    Component,
    OrganisationType,
    R3Category,
    World,
    types_of_world,
)
from synergies.directory.validators import check_enterprise_number, format_enterprise_number
from synergies.lib.fields import URLField
from synergies.lib.text import fold


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def in_basin(self, basin: Basin) -> OrganisationQuerySet:
        return self.filter(basin=basin)

    def of_world(self, world: str) -> OrganisationQuerySet:
        return self.filter(type__in=types_of_world(world))

    def of_type(self, type_code: str) -> OrganisationQuerySet:
        return self.filter(type=type_code)

    def in_commune(self, commune: Commune) -> OrganisationQuerySet:
        return self.filter(sites__commune=commune).distinct()

    def in_sub_area(self, sub_area: str) -> OrganisationQuerySet:
        return self.filter(sites__commune__sub_area=sub_area).distinct()

    def matching(self, text: str) -> OrganisationQuerySet:
        """Every word of `text` in the name or acronym, ignoring case and accents."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """Active organisations for everyone; archived ones too for those who manage them."""
        if getattr(user, "is_platform_admin", False):
            return self
        if user.is_authenticated and user.has_role(Role.SECRETARIAT):
            return self.filter(
                models.Q(is_active=True) | models.Q(basin_id__in=user.scope_ids(Role.SECRETARIAT, Basin))
            )
        return self.active()

    def managed_by(self, user: Any) -> OrganisationQuerySet:
        if getattr(user, "is_platform_admin", False):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(basin_id__in=user.scope_ids(Role.SECRETARIAT, Basin))

    def for_listing(self) -> OrganisationQuerySet:
        sites = Site.objects.select_related("commune").order_by("-is_main", "commune__name")
        return self.select_related("basin").prefetch_related(Prefetch("sites", queryset=sites))


class Organisation(models.Model):
    """An operator or partner of a basin: a school, a training centre, a public employment service, a company…"""

    basin = models.ForeignKey(Basin, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("bassin"))
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=220, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=TYPE_CHOICES)
    enterprise_number = models.CharField(
        _("numéro d'entreprise"),
        validators=[check_enterprise_number],
        max_length=10,
        blank=True,
        null=True,
        unique=True,
        help_text=_("Numéro BCE à dix chiffres, p. ex. 0403.170.701."),
    )
    website = URLField(_("site web"), blank=True)
    email = models.EmailField(
        _("adresse e-mail de contact"),
        blank=True,
        help_text=_("Adresse générique de l'organisation, jamais une adresse personnelle."),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_verified = models.BooleanField(
        _("vérifiée"),
        default=True,
        help_text=_("Décochée pour une organisation créée par un import, tant que le secrétariat ne l’a pas vérifiée."),
    )
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["basin", "type"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.name} {self.acronym}")[:300]
        if not self.enterprise_number:
            self.enterprise_number = None
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    @property
    def audit_scope(self) -> Basin:
        return self.basin

    @property
    def type_info(self) -> OrganisationType:
        return TYPES[self.type]

    @property
    def world(self) -> World:
        return self.type_info.world

    @property
    def category(self) -> R3Category | None:
        return self.type_info.category

    @property
    def component(self) -> Component | None:
        return self.type_info.component

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number or "")

    def communes(self) -> list[Commune]:
        return [site.commune for site in self.sites.all()]

    def is_located_in(self, basin: Basin) -> bool:
        return any(site.commune.basin_id == basin.pk for site in self.sites.all())


class Site(models.Model):
    """A place where an organisation works; its commune places it in a basin (R3: « situés sur le bassin »)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sites", verbose_name=_("commune"))
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    is_main = models.BooleanField(_("siège principal"), default=False)

    class Meta:
        verbose_name = _("implantation")
        verbose_name_plural = _("implantations")
        ordering = ["-is_main", "commune__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "commune", "address"], name="unique_site")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.commune}"


class PersonQuerySet(models.QuerySet["Person"]):
    def managed_by(self, user: Any) -> PersonQuerySet:
        if getattr(user, "is_platform_admin", False):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(basin_id__in=user.scope_ids(Role.SECRETARIAT, Basin))

    def matching(self, text: str) -> PersonQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Person(models.Model):
    """A person the basin works with. Contacts are never public; the name is public only with consent (DESIGN §8)."""

    basin = models.ForeignKey(Basin, on_delete=models.PROTECT, related_name="people", verbose_name=_("bassin"))
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    public_consent = models.BooleanField(
        _("accepte que son nom soit public"),
        default=False,
        help_text=_("Sans ce consentement, le nom n'apparaît sur aucune page publique."),
    )
    consent_recorded_at = models.DateTimeField(_("consentement enregistré le"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("compte"),
    )
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.first_name} {self.last_name} {self.email}")[:200]
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:person", kwargs={"pk": self.pk})

    @property
    def audit_scope(self) -> Basin:
        return self.basin

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self, on: Any = None) -> AffiliationQuerySet:
        day = on or timezone.localdate()
        return self.filter(models.Q(start_date__isnull=True) | models.Q(start_date__lte=day)).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        )

    def public(self) -> AffiliationQuerySet:
        """Affiliations whose person agreed to be named on public pages."""
        return self.current().filter(person__public_consent=True)


class Affiliation(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("organisation")
    )
    function = models.CharField(_("fonction"), max_length=150, blank=True)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organisation__name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_start",
                violation_error_message=_("La fin de l’affiliation ne peut précéder son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.start_date is None or self.start_date <= today) and (
            self.end_date is None or self.end_date >= today
        )
