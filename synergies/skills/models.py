"""The basic-skills referential (R9) and the frameworks it speaks to.

A `Framework` is a pôle's own referential (« Compétences de base ») or an external one (ESCO, DigComp, CléA…). It
lives in `FrameworkVersion`s: a pôle's drafts are edited, then adopted by a decision of the pôle's register and
frozen, until a later adoption supersedes them; an external framework's versions are imported as published.

A `Concept` is the identity that lasts across versions (its code, hence its URI, never changes); a `Node` is what one
version says of it: its place in the tree, its labels, definition, examples and level descriptors. Comparing two
versions is comparing their nodes concept by concept (`diff.py`). A `Mapping` is a SKOS crosswalk from a node to a
node of another framework; a `Change` is one line of a draft's change log.

Once a version is no longer a draft, nothing of its content changes: the models refuse to save or delete it, and the
querysets refuse bulk writes (`ImmutableVersion`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.basins.models import Basin
from synergies.decisions.models import Decision
from synergies.lib.text import fold
from synergies.poles.models import Pole

__all__ = [
    "Change",
    "Concept",
    "Framework",
    "FrameworkVersion",
    "ImmutableVersion",
    "LevelDescriptor",
    "Lineage",
    "Mapping",
    "Node",
]


class ImmutableVersion(ValidationError):
    """Raised on any write to the content of a version that is no longer a draft."""

    def __init__(self, version: FrameworkVersion | None = None) -> None:
        if version is None:
            message = _("Une version adoptée ou publiée d’un référentiel ne peut plus être modifiée.")
        else:
            message = _(
                "La version %(number)s de « %(framework)s » est %(status)s : elle ne peut plus être modifiée. "
                "Créez une nouvelle version pour proposer des changements."
            ) % {"number": version.number, "framework": version.framework.name, "status": version.get_status_display()}
        super().__init__(message, code="immutable")


# --- frameworks -------------------------------------------------------------------------------------------------------


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


# --- versions ---------------------------------------------------------------------------------------------------------


class VersionQuerySet(models.QuerySet["FrameworkVersion"]):
    def drafts(self) -> VersionQuerySet:
        return self.filter(status=FrameworkVersion.Status.DRAFT)

    def released(self) -> VersionQuerySet:
        """Adopted or superseded: the versions that were once in force."""
        return self.exclude(status=FrameworkVersion.Status.DRAFT)

    def current(self) -> VersionQuerySet:
        return self.filter(status=FrameworkVersion.Status.ADOPTED)

    def visible_to(self, user: Any, framework: Framework) -> VersionQuerySet:
        """Released versions for whoever sees the framework; drafts only for those who follow its pôle."""
        versions = self.filter(framework=framework)
        if user.has_perm("skills.view_drafts", framework):
            return versions
        return versions.released()

    def update(self, **kwargs: Any) -> int:
        """A released version's record changes only as supersession changes it."""
        rewrites = set(kwargs) - FrameworkVersion.RELEASED_MUTABLE or kwargs.get("status") == "draft"
        if rewrites and self.released().exists():
            raise ImmutableVersion()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.released().exists():
            raise ImmutableVersion()
        return super().delete()


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("brouillon")
        ADOPTED = "adopted", gettext_lazy("en vigueur")
        SUPERSEDED = "superseded", gettext_lazy("remplacée")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions", verbose_name=gettext_lazy("référentiel")
    )
    number = models.CharField(gettext_lazy("numéro de version"), max_length=20)
    status = models.CharField(gettext_lazy("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=gettext_lazy("établie à partir de"),
    )
    notes = models.TextField(gettext_lazy("note de version"), blank=True)
    released_on = models.DateField(gettext_lazy("en vigueur depuis le"), null=True, blank=True)
    superseded_on = models.DateField(gettext_lazy("remplacée le"), null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("décision d’adoption"),
    )
    content_hash = models.CharField(gettext_lazy("empreinte du contenu (SHA-256)"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("version de référentiel")
        verbose_name_plural = gettext_lazy("versions de référentiel")
        ordering = ["framework", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="skills_version_number_unique"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="draft"), name="skills_one_draft_per_framework"
            ),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="adopted"), name="skills_one_current_per_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.number}"

    # Only these may change once a version is released, and only the way `supersede_version` changes them.
    RELEASED_MUTABLE = frozenset({"status", "superseded_on", "updated_at"})
    CONTENT = ("number", "notes", "released_on", "decision_id", "content_hash", "based_on_id", "framework_id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = FrameworkVersion.objects.filter(pk=self.pk).values(*self.CONTENT, "status").first()
            if stored is not None and stored["status"] != FrameworkVersion.Status.DRAFT:
                changed = [name for name in self.CONTENT if getattr(self, name) != stored[name]]
                went_back = self.status == FrameworkVersion.Status.DRAFT
                if changed or went_back:
                    raise ImmutableVersion(FrameworkVersion.objects.select_related("framework").get(pk=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("skills:version", kwargs={"framework": self.framework.slug, "number": self.number})

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if FrameworkVersion.objects.filter(pk=self.pk).released().exists():
            raise ImmutableVersion(self)
        return super().delete(*args, **kwargs)

    @property
    def audit_scope(self) -> Basin | None:
        return self.framework.audit_scope

    @property
    def pole(self) -> Pole | None:
        return self.framework.pole

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkVersion.Status.DRAFT


def ensure_draft(version_id: int | None) -> None:
    """Refuse a write to the content of a released version (one query)."""
    if version_id is None:
        return
    released = FrameworkVersion.objects.filter(pk=version_id).released().select_related("framework").first()
    if released is not None:
        raise ImmutableVersion(released)


class ContentQuerySet(models.QuerySet[Any]):
    """Bulk writes to a version's content (nodes, mappings, level descriptors, change log) refuse released versions
    as the single saves do."""

    version_path = "version"

    def _refuse_released(self) -> None:
        released = self.filter(**{f"{self.version_path}__status__in": ["adopted", "superseded"]})
        if released.exists():
            raise ImmutableVersion()

    def update(self, **kwargs: Any) -> int:
        self._refuse_released()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_released()
        return super().delete()

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        self._refuse_released_objects(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        self._refuse_released_objects(objs)
        return super().bulk_update(objs, *args, **kwargs)

    def _refuse_released_objects(self, objs: list[Any]) -> None:
        """One query for the versions of all `objs`, whatever their number."""
        if self.version_path == "version":
            version_ids = {obj.version_id for obj in objs}
        else:
            node_field = self.version_path.split("__", 1)[0]
            node_ids = {getattr(obj, f"{node_field}_id") for obj in objs}
            version_ids = set(Node.objects.filter(pk__in=node_ids).values_list("version_id", flat=True))
        released = FrameworkVersion.objects.filter(pk__in=version_ids).released().select_related("framework").first()
        if released is not None:
            raise ImmutableVersion(released)


class VersionContent(models.Model):
    """What belongs to one version's content and freezes with it."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        ensure_draft(self.version_id_for_guard())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        ensure_draft(self.version_id_for_guard())
        return super().delete(*args, **kwargs)

    # The foreign key that leads to the version: "version" itself, or the node ("node", "source") whose version it is.
    guard_via = "version"

    def version_id_for_guard(self) -> int | None:
        if self.guard_via == "version":
            return getattr(self, "version_id", None)
        node_id = getattr(self, f"{self.guard_via}_id", None)
        if node_id is None:
            return None
        return Node.objects.filter(pk=node_id).values_list("version_id", flat=True).first()


# --- concepts ---------------------------------------------------------------------------------------------------------


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


class ChangeQuerySet(ContentQuerySet):
    pass


class Change(VersionContent):
    """One line of a draft's change log: who changed what, and why."""

    class Operation(models.TextChoices):
        CREATE = "create", gettext_lazy("création de la version")
        ADD = "add", gettext_lazy("ajout")
        RENAME = "rename", gettext_lazy("nouvel intitulé")
        EDIT = "edit", gettext_lazy("modification")
        MOVE = "move", gettext_lazy("déplacement")
        SPLIT = "split", gettext_lazy("scission")
        MERGE = "merge", gettext_lazy("fusion")
        RETIRE = "retire", gettext_lazy("retrait")
        MAP = "map", gettext_lazy("correspondance ajoutée")
        UNMAP = "unmap", gettext_lazy("correspondance retirée")
        VALIDATE = "validate", gettext_lazy("correspondance validée")
        IMPORT = "import", gettext_lazy("import")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="changes")
    operation = models.CharField(gettext_lazy("opération"), max_length=10, choices=Operation.choices)
    concept = models.ForeignKey(Concept, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(gettext_lazy("résumé"), max_length=500)
    details = models.JSONField(default=dict, blank=True)
    reason = models.TextField(gettext_lazy("motif"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(gettext_lazy("le"))

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("modification du référentiel")
        verbose_name_plural = gettext_lazy("journal des modifications")
        ordering = ["version", "at", "pk"]

    def __str__(self) -> str:
        return self.summary
