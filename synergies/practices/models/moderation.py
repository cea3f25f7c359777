"""Moderation: who moderates a pôle's catalogue besides its secretariat, what they said, and every version kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from synergies.poles.models import Pole
from synergies.practices.models.practices import Practice
from synergies.practices.models.vocabulary import Status


class Moderator(models.Model):
    """A member the secretariat delegates moderation of its pôle's catalogue to."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="moderators", verbose_name=_("pôle"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderations", verbose_name=_("personne")
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("modérateur")
        verbose_name_plural = _("modérateurs")
        constraints = [models.UniqueConstraint(fields=["pole", "user"], name="practices_moderator_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.pole}"


class Comment(models.Model):
    """A moderator's or an editor's word in the review of a practice."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("commentaire")
        CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
        REPLY = "reply", _("réponse")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")
        ordering = ["practice_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.practice}"


class Revision(models.Model):
    """One saved state of a practice: its fields as a snapshot, who made it and why (the readable history)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    snapshot = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version d’une pratique")
        verbose_name_plural = _("versions d’une pratique")
        ordering = ["practice_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practices_revision_number")]

    def __str__(self) -> str:
        return f"{self.practice} v{self.number}"
