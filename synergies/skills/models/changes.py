"""A draft's change log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from synergies.skills.models.concepts import Concept
from synergies.skills.models.versions import ContentQuerySet, FrameworkVersion, VersionContent


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
