"""An import of practices from a file: its state and counts, and the problems found, kept for the importer to read.

A large file is imported by a background task; the job is what the progress page reads (live progress during the
single write transaction goes through the cache, which other processes see before the transaction commits).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from synergies.poles.models import Pole


def import_file_path(instance: ImportJob, filename: str) -> str:
    """A random name: the stored file never carries what the uploader called it."""
    return f"practices/imports/{secrets.token_hex(12)}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("refusé")

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="practice_imports", verbose_name=_("pôle"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("par")
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    publish = models.BooleanField(_("publier les fiches importées"), default=False)
    file = models.FileField(_("fichier"), upload_to=import_file_path, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    validated_rows = models.PositiveIntegerField(_("lignes vérifiées"), default=0)
    written_rows = models.PositiveIntegerField(_("lignes écrites"), default=0)
    created = models.PositiveIntegerField(_("fiches créées"), default=0)
    updated = models.PositiveIntegerField(_("fiches mises à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("fiches inchangées"), default=0)
    organisations_created = models.PositiveIntegerField(_("organisations créées"), default=0)
    problem_count = models.PositiveIntegerField(_("problèmes"), default=0)
    problems = models.JSONField(_("problèmes relevés"), default=list, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de pratiques")
        verbose_name_plural = _("imports de pratiques")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename or self.pk} — {self.pole}"

    def get_absolute_url(self) -> str:
        return reverse(
            "practices:import_job", kwargs={"basin": self.pole.basin.code, "code": self.pole.code, "pk": self.pk}
        )

    @property
    def audit_scope(self) -> object:
        return self.pole.basin

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
