"""SKOS crosswalks from a node of a version to a node of another framework."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from synergies.skills.models.concepts import Node
from synergies.skills.models.frameworks import Framework
from synergies.skills.models.versions import ContentQuerySet, VersionContent


class MappingQuerySet(ContentQuerySet):
    version_path = "source__version"

    def towards(self, framework: Framework) -> MappingQuerySet:
        return self.filter(target__version__framework=framework)


class Mapping(VersionContent):
    """A SKOS mapping from a concept of a version to a concept of another framework."""

    class Relation(models.TextChoices):
        EXACT = "exactMatch", gettext_lazy("correspondance exacte")
        CLOSE = "closeMatch", gettext_lazy("correspondance proche")
        BROAD = "broadMatch", gettext_lazy("concept plus large")
        NARROW = "narrowMatch", gettext_lazy("concept plus étroit")
        RELATED = "relatedMatch", gettext_lazy("concept associé")

    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="mappings")
    target = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="mapped_from")
    relation = models.CharField(gettext_lazy("relation"), max_length=14, choices=Relation.choices)
    rationale = models.TextField(gettext_lazy("justification"))
    confidence = models.PositiveSmallIntegerField(
        gettext_lazy("confiance (%)"), default=80, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(gettext_lazy("validée le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MappingQuerySet.as_manager()
    guard_via = "source"

    class Meta:
        verbose_name = gettext_lazy("correspondance")
        verbose_name_plural = gettext_lazy("correspondances")
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="skills_mapping_once")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.relation} {self.target_id}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None
