"""A framework's versions, and what freezes with a version once it is released: the guards every model of a
version's content inherits (`VersionContent`, `ContentQuerySet`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.basins.models import Basin
from synergies.decisions.models import Decision
from synergies.poles.models import Pole
from synergies.skills.models.frameworks import Framework


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
            from synergies.skills.models.concepts import Node  # concepts.py builds on this module: imported when called

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
        from synergies.skills.models.concepts import Node  # concepts.py builds on this module: imported when called

        return Node.objects.filter(pk=node_id).values_list("version_id", flat=True).first()
