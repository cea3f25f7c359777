"""Transmissions: the one road on which whatever a pôle sends up travels to the Instance and beyond (R6, R8, R9).

A transmission refers to its subject generically (a decision or an orientation today; a recommendation, a project
or an evaluation later), so every kind of subject follows the same life: prepared → sent → acknowledged → answered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Basin
from synergies.poles.models import Pole, PoleSettings


class TransmissionSettings(PoleSettings):
    """Where and how a pôle's transmissions go ⚙. A pôle without a row uses the defaults."""

    pole = models.OneToOneField(Pole, on_delete=models.CASCADE, related_name="transmission_settings")
    recipient_email = models.EmailField(
        _("adresse de l’Instance"),
        blank=True,
        help_text=_("Vide : l’adresse de contact du bassin."),
    )
    response_days = models.PositiveSmallIntegerField(_("délai de réponse attendu (jours)"), default=60)
    reminder_days = models.PositiveSmallIntegerField(_("rappel (jours avant l’échéance)"), default=14)

    class Meta:
        verbose_name = _("modalités de transmission")
        verbose_name_plural = _("modalités de transmission")

    def __str__(self) -> str:
        return str(self.pole)


class TransmissionQuerySet(models.QuerySet["Transmission"]):
    def of_pole(self, pole: Pole) -> TransmissionQuerySet:
        return self.filter(pole=pole)

    def public(self) -> TransmissionQuerySet:
        return self.filter(is_public=True).exclude(status=Transmission.Status.PREPARED)

    def awaiting_answer(self) -> TransmissionQuerySet:
        return self.filter(status__in=[Transmission.Status.SENT, Transmission.Status.ACKNOWLEDGED])

    def unanswered(self) -> TransmissionQuerySet:
        """Still on the road: prepared, sent or acknowledged. A subject travels in one such transmission at a time."""
        return self.exclude(status=Transmission.Status.ANSWERED)

    def with_status(self, status: str) -> TransmissionQuerySet:
        return self.filter(status=status)

    def about(self, subject: models.Model) -> TransmissionQuerySet:
        """The transmissions of `subject` (a decision, a recommendation, a project…), whatever its kind."""
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))

    def visible_to(self, user: Any, pole: Pole) -> TransmissionQuerySet:
        """What `user` may see of `pole`'s transmissions: all of them for its members and the secretariat, the public
        ones once sent for everyone else (the permission is declared in transmissions/rules.py)."""
        mine = self.of_pole(pole)
        return mine if user.has_perm("transmissions.view_all_transmissions", pole) else mine.public()

    def for_listing(self) -> TransmissionQuerySet:
        return self.select_related("response", "subject_type", "pole__basin")


class Transmission(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("décision")
        ORIENTATION = "orientation", _("orientation")
        RECOMMENDATION = "recommendation", _("recommandation")
        PROJECT = "project", _("projet")
        EVALUATION = "evaluation", _("évaluation")

    class Status(models.TextChoices):
        PREPARED = "prepared", _("préparée")
        SENT = "sent", _("envoyée")
        ACKNOWLEDGED = "acknowledged", _("accusé de réception")
        ANSWERED = "answered", _("réponse reçue")

    pole = models.ForeignKey(Pole, on_delete=models.PROTECT, related_name="transmissions", verbose_name=_("pôle"))
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.PositiveSmallIntegerField(_("numéro"))
    reference = models.CharField(_("référence"), max_length=32)
    kind = models.CharField(_("objet"), max_length=24, choices=Kind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("intitulé"), max_length=250)
    message = models.TextField(_("message d’accompagnement"), blank=True)
    recipient_name = models.CharField(_("destinataire"), max_length=200)
    recipient_email = models.EmailField(_("adresse du destinataire"))
    is_public = models.BooleanField(_("publique"), default=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PREPARED)
    prepared_at = models.DateTimeField(_("préparée le"), default=timezone.now)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    response_due = models.DateField(_("réponse attendue pour le"), null=True, blank=True)
    acknowledged_on = models.DateField(_("accusé de réception le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel avant l’échéance envoyé le"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("rappel de dépassement envoyé le"), null=True, blank=True)
    pdf = models.FileField(_("document transmis (PDF)"), upload_to="transmissions/", blank=True)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)

    objects = TransmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transmission")
        verbose_name_plural = _("transmissions")
        ordering = ["pole", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "year", "number"], name="unique_transmission_number"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="transmission_subject")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "transmissions:detail",
            kwargs={"basin": self.pole.basin.code, "code": self.pole.code, "reference": self.reference},
        )

    @property
    def audit_scope(self) -> Basin:
        return self.pole.basin

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (Transmission.Status.SENT, Transmission.Status.ACKNOWLEDGED)
            and self.response_due is not None
            and self.response_due < timezone.localdate()
        )


class Response(models.Model):
    """The answer of the Instance (or of the authority it relayed the subject to)."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("approuvé")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approuvé sous conditions")
        REFUSED = "refused", _("refusé")
        RELAYED = "relayed", _("relayé à une autorité")

    transmission = models.OneToOneField(Transmission, on_delete=models.CASCADE, related_name="response")
    verdict = models.CharField(_("réponse"), max_length=32, choices=Verdict.choices)
    text = models.TextField(_("texte de la réponse"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    authority = models.CharField(_("autorité saisie"), max_length=200, blank=True)
    reference = models.CharField(_("référence de la décision de l’Instance"), max_length=100, blank=True)
    received_on = models.DateField(_("reçue le"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return f"{self.transmission.reference} — {self.get_verdict_display()}"


class Event(models.Model):
    """A dated step in a transmission's life (status changes and reminders), for its timeline."""

    class Kind(models.TextChoices):
        PREPARED = "prepared", _("préparée")
        SENT = "sent", _("envoyée")
        ACKNOWLEDGED = "acknowledged", _("accusé de réception")
        ANSWERED = "answered", _("réponse reçue")
        REMINDED = "reminded", _("rappel")

    transmission = models.ForeignKey(Transmission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["transmission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.transmission.reference} — {self.get_kind_display()}"
