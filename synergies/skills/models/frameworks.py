"""A framework: a pôle's own referential or an external one, and who may read it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from synergies.basins.models import Basin
from synergies.poles.models import Pole


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def internal(self) -> FrameworkQuerySet:
        return self.filter(kind=Framework.Kind.INTERNAL)

    def external(self) -> FrameworkQuerySet:
        return self.filter(kind=Framework.Kind.EXTERNAL)

    def of_pole(self, pole: Pole) -> FrameworkQuerySet:
        return self.filter(pole=pole)

    def visible_to(self, user: Any) -> FrameworkQuerySet:
        """External frameworks and the referentials of public pôles for all; the others for the pôle's members and
        its secretariat (decided by the rules, pôle by pôle, on the few internal frameworks)."""
        internal = self.internal().select_related("pole__basin").prefetch_related("pole__mandates")
        visible = [f.pk for f in internal if user.has_perm("skills.view_framework", f)]
        return self.filter(Q(kind=Framework.Kind.EXTERNAL) | Q(pk__in=visible))


class Framework(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", gettext_lazy("référentiel d’un pôle")
        EXTERNAL = "external", gettext_lazy("cadre de référence externe")

    slug = models.SlugField(gettext_lazy("identifiant"), max_length=80, unique=True)
    code = models.CharField(gettext_lazy("sigle"), max_length=20)
    name = models.CharField(gettext_lazy("nom"), max_length=200)
    name_en = models.CharField(gettext_lazy("nom en anglais"), max_length=200, blank=True)
    description = models.TextField(gettext_lazy("présentation"), blank=True)
    kind = models.CharField(gettext_lazy("nature"), max_length=10, choices=Kind.choices, default=Kind.INTERNAL)
    pole = models.ForeignKey(
        Pole,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
        verbose_name=gettext_lazy("pôle"),
    )
    publisher = models.CharField(gettext_lazy("éditeur"), max_length=200, blank=True)
    homepage = models.URLField(gettext_lazy("site de référence"), blank=True)
    licence = models.CharField(gettext_lazy("licence et attribution"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("référentiel")
        verbose_name_plural = gettext_lazy("référentiels")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pole"], condition=Q(pole__isnull=False), name="skills_one_per_pole"),
            models.CheckConstraint(
                condition=Q(kind="external", pole__isnull=True) | Q(kind="internal", pole__isnull=False),
                name="skills_internal_has_pole",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:framework", kwargs={"framework": self.slug})

    @property
    def is_internal(self) -> bool:
        return self.kind == Framework.Kind.INTERNAL

    @property
    def audit_scope(self) -> Basin | None:
        return self.pole.basin if self.pole is not None else None

    def concept_uri(self, code: str) -> str:
        """The stable URI of a concept of this framework minted by Synergies: the address of its page, which always
        shows the concept in the latest version that holds it."""
        return settings.SITE_URL + reverse("skills:concept", kwargs={"framework": self.slug, "code": code})

    @property
    def scheme_uri(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()
