from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# The search engine's models live in their package; importing them here lets Django find them.
from synergies.lib.search.models import (
    SearchBitmap,
    SearchDocument,
    SearchIndexVersion,
    SearchSynonym,
    SearchWord,
)

__all__ = [
    "AuditEntry",
    "AuditEntryQuerySet",
    "SearchBitmap",
    "SearchDocument",
    "SearchIndexVersion",
    "SearchSynonym",
    "SearchWord",
]


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def by_actor_matching(self, text: str) -> AuditEntryQuerySet:
        return self.filter(models.Q(actor__full_name__icontains=text) | models.Q(actor__email__icontains=text))

    def since(self, day: datetime.date) -> AuditEntryQuerySet:
        return self.filter(created_at__date__gte=day)

    def until(self, day: datetime.date) -> AuditEntryQuerySet:
        return self.filter(created_at__date__lte=day)

    def in_scopes(self, scopes: Iterable[tuple[int, str]]) -> AuditEntryQuerySet:
        """Entries filed under any of these (content type id, object id) scopes, e.g. the basins a user serves."""
        condition = models.Q(pk__in=[])
        for content_type_id, object_id in scopes:
            condition |= models.Q(scope_content_type_id=content_type_id, scope_object_id=object_id)
        return self.filter(condition)


class AuditEntry(models.Model):
    """One domain write: who did what to which record, with the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        IMPORT = "import", _("import")
        OTHER = "other", _("autre")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    verb = models.CharField(
        _("opération"), max_length=80, help_text=_("Nom de l'opération, p. ex. « organisation.update ».")
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objet"), max_length=200, blank=True)
    scope_content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le périmètre de l'entrée (p. ex. le bassin), qui décide qui peut la lire."),
    )
    scope_object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(_("changements"), default=dict, blank=True)
    message = models.TextField(_("commentaire"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["scope_content_type", "scope_object_id", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"
