"""A concept's lasting identity, what each version states of it (`Node`), its lineage and its level descriptors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.lib.text import fold
from synergies.skills.models.frameworks import Framework
from synergies.skills.models.versions import ContentQuerySet, FrameworkVersion, VersionContent


class Concept(models.Model):
    """A concept's identity across versions: its framework and its code, never reassigned."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="concepts")
    code = models.CharField(gettext_lazy("code"), max_length=64)
    uri = models.URLField(gettext_lazy("URI"), max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("concept")
        verbose_name_plural = gettext_lazy("concepts")
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="skills_concept_code_unique")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Concept.objects.filter(pk=self.pk).values("code", "framework_id").first()
            if stored is not None and (stored["code"], stored["framework_id"]) != (self.code, self.framework_id):
                raise ValidationError(
                    _("Le code d’un concept ne change jamais : il fonde son adresse permanente."), code="code_frozen"
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("skills:concept", kwargs={"framework": self.framework.slug, "code": self.code})

    @property
    def resolved_uri(self) -> str:
        """The official URI of an external concept (ESCO), or the one Synergies mints."""
        return self.uri or self.framework.concept_uri(self.code)


class NodeQuerySet(ContentQuerySet):
    def in_tree_order(self) -> NodeQuerySet:
        return self.order_by("parent_id", "position", "pk")

    def for_tree(self) -> NodeQuerySet:
        """What the tree page needs of every node, in one query."""
        return self.select_related("concept").only(
            "pk",
            "parent_id",
            "position",
            "kind",
            "label",
            "label_en",
            "search_text",
            "version_id",
            "concept__code",
            "concept__uri",
            "concept__framework_id",
        )

    def matching(self, query: str) -> NodeQuerySet:
        """Accent- and case-insensitive: every word of the query appears in the node's code, labels or definition."""
        nodes = self
        for word in fold(query).split():
            nodes = nodes.filter(search_text__contains=word)
        return nodes


class Node(VersionContent):
    """A concept as one version states it."""

    class Kind(models.TextChoices):
        FAMILY = "family", gettext_lazy("famille")
        DOMAIN = "domain", gettext_lazy("domaine")
        COMPETENCE = "competence", gettext_lazy("compétence")
        DESCRIPTOR = "descriptor", gettext_lazy("descripteur")
        GROUP = "group", gettext_lazy("groupe")
        SKILL = "skill", gettext_lazy("aptitude ou connaissance")
        LEVEL = "level", gettext_lazy("niveau")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="nodes")
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="nodes")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=gettext_lazy("parent"),
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(gettext_lazy("nature"), max_length=12, choices=Kind.choices)
    label = models.CharField(gettext_lazy("intitulé"), max_length=300)
    label_en = models.CharField(gettext_lazy("intitulé en anglais"), max_length=300, blank=True)
    definition = models.TextField(gettext_lazy("définition"), blank=True)
    definition_en = models.TextField(gettext_lazy("définition en anglais"), blank=True)
    examples = models.TextField(gettext_lazy("exemples"), blank=True, help_text=gettext_lazy("Un exemple par ligne."))
    alt_labels = models.TextField(gettext_lazy("autres intitulés"), blank=True, help_text=gettext_lazy("Un par ligne."))
    extra = models.JSONField(default=dict, blank=True)
    derived_from: models.ManyToManyField[Concept, Lineage] = models.ManyToManyField(
        Concept,
        blank=True,
        through="Lineage",
        related_name="+",
        verbose_name=gettext_lazy("issu de (scission ou fusion)"),
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("concept d’une version")
        verbose_name_plural = gettext_lazy("concepts d’une version")
        ordering = ["version", "parent_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "concept"], name="skills_node_once_per_version")]
        indexes = [models.Index(fields=["version", "parent", "position"], name="skills_node_tree")]

    def __str__(self) -> str:
        return f"{self.concept.code} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "skills:version_concept",
            kwargs={"framework": self.version.framework.slug, "number": self.version.number, "code": self.concept.code},
        )

    def compute_search_text(self) -> str:
        code = self.concept.code if self.concept_id else ""
        return fold(" ".join([code, self.label, self.label_en, self.alt_labels, self.definition, self.definition_en]))

    @property
    def code(self) -> str:
        return self.concept.code

    @property
    def display_label(self) -> str:
        return self.label or self.label_en

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]

    @property
    def alt_label_list(self) -> list[str]:
        return [line.strip() for line in self.alt_labels.splitlines() if line.strip()]


class LineageQuerySet(ContentQuerySet):
    version_path = "node__version"


class Lineage(VersionContent):
    """That a concept of a version comes out of another (a split) or took another in (a merge)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="lineage")
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")

    objects = LineageQuerySet.as_manager()
    guard_via = "node"

    class Meta:
        verbose_name = gettext_lazy("filiation")
        verbose_name_plural = gettext_lazy("filiations")
        constraints = [models.UniqueConstraint(fields=["node", "concept"], name="skills_lineage_once")]

    def __str__(self) -> str:
        return f"{self.node_id} ← {self.concept_id}"


class LevelDescriptorQuerySet(ContentQuerySet):
    version_path = "node__version"


class LevelDescriptor(VersionContent):
    """What a concept looks like at one palier (P0–P4, see levels.py)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(gettext_lazy("palier"), max_length=4)
    text = models.TextField(gettext_lazy("descripteur"))
    text_en = models.TextField(gettext_lazy("descripteur en anglais"), blank=True)

    objects = LevelDescriptorQuerySet.as_manager()
    guard_via = "node"

    class Meta:
        verbose_name = gettext_lazy("descripteur de palier")
        verbose_name_plural = gettext_lazy("descripteurs de palier")
        ordering = ["node", "level"]
        constraints = [models.UniqueConstraint(fields=["node", "level"], name="skills_level_once_per_node")]

    def __str__(self) -> str:
        return f"{self.level} — {self.text[:60]}"
