"""What a practice points to: its links (checked periodically) and the files its holder attaches."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from synergies.lib.fields import URLField
from synergies.practices.models.practices import Practice


class LinkQuerySet(models.QuerySet["Link"]):
    def broken(self) -> LinkQuerySet:
        return self.filter(status=Link.Status.BROKEN)

    def due_for_check(self, before: object) -> LinkQuerySet:
        return self.filter(models.Q(checked_at__isnull=True) | models.Q(checked_at__lt=before))


class Link(models.Model):
    class Status(models.TextChoices):
        UNCHECKED = "unchecked", _("pas encore vérifié")
        OK = "ok", _("accessible")
        BROKEN = "broken", _("cassé")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    url = URLField(_("adresse"), max_length=500)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.UNCHECKED)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    failure = models.CharField(_("erreur constatée"), max_length=200, blank=True, editable=False)
    failures = models.PositiveSmallIntegerField(default=0, editable=False)
    checked_at = models.DateTimeField(_("vérifié le"), null=True, blank=True, editable=False)
    holder_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien")
        verbose_name_plural = _("liens")
        ordering = ["practice_id", "position", "pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["checked_at"])]

    def __str__(self) -> str:
        return self.label or self.url


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: the stored file never carries what the uploader called it."""
    return f"practices/{instance.practice_id}/{secrets.token_hex(12)}"


class Attachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=attachment_path)
    filename = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["practice_id", "pk"]

    def __str__(self) -> str:
        return self.title
