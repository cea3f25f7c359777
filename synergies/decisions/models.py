"""Decisions by consensus (R6): proposals, their rounds, members' positions, and the pôle's decision register.

A proposal is decided in rounds: each round has one formulation and one method (in a meeting, online, or by written
procedure); members' positions are taken in a round; closing the round computes its outcome (`consensus.py`). An
adopted proposal becomes an entry of the register, numbered per pôle and year, immutable and chained by hash to the
entry before it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Basin
from synergies.directory.models import Person
from synergies.lib.text import fold
from synergies.meetings.models import AgendaItem, Meeting
from synergies.poles.models import Body, BodyDocument, Pole, PoleSettings, Seat


class ConsensusSettings(PoleSettings):
    """How a pôle reads consensus ⚙ (DESIGN.md §2). A pôle without a row uses the defaults."""

    pole = models.OneToOneField(Pole, on_delete=models.CASCADE, related_name="consensus_settings")
    require_all_components = models.BooleanField(
        _("chaque composante doit participer"),
        default=True,
        help_text=_("Au moins un membre participant de chacune des composantes emploi, formation et enseignement."),
    )
    silence_counts_as_agreement = models.BooleanField(_("en procédure écrite, le silence vaut accord"), default=True)
    written_procedure_days = models.PositiveSmallIntegerField(_("délai de la procédure écrite (jours)"), default=10)
    reminder_days = models.PositiveSmallIntegerField(_("rappel (jours avant l’échéance)"), default=3)

    class Meta:
        verbose_name = _("règles du consensus")
        verbose_name_plural = _("règles du consensus")

    def __str__(self) -> str:
        return str(self.pole)


class Kind(models.TextChoices):
    DECISION = "decision", _("décision")
    ORIENTATION = "orientation", _("orientation")


class Method(models.TextChoices):
    MEETING = "meeting", _("en réunion")
    ONLINE = "online", _("en ligne")
    WRITTEN = "written", _("procédure écrite")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def of_pole(self, pole: Pole) -> ProposalQuerySet:
        return self.filter(pole=pole)

    def visible_in_meeting(self, user: Any, meeting: Meeting) -> ProposalQuerySet:
        """The proposals decided in `meeting` that `user` may see: all for members and the secretariat, the public
        adopted ones for everyone else."""
        decided = self.decided_in(meeting)
        if user.has_perm("decisions.view_proposals", meeting.body.pole):
            return decided
        return decided.filter(status=Proposal.Status.ADOPTED, is_public=True)

    def open(self) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.OPEN)

    def decided_in(self, meeting: Meeting) -> ProposalQuerySet:
        """Proposals put to the members in a round held in `meeting`."""
        return self.filter(rounds__meeting=meeting).distinct()


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        OPEN = "open", _("en cours de décision")
        ADOPTED = "adopted", _("adoptée")
        NOT_ADOPTED = "not_adopted", _("non adoptée")
        POSTPONED = "postponed", _("reportée")
        WITHDRAWN = "withdrawn", _("retirée")

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("pôle"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("organe"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField(_("intitulé"), max_length=250)
    text = models.TextField(_("texte proposé"))
    rationale = models.TextField(_("exposé des motifs"), blank=True)
    documents = models.ManyToManyField(BodyDocument, blank=True, related_name="proposals", verbose_name=_("documents"))
    is_public = models.BooleanField(_("publique une fois adoptée"), default=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    corrects = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("corrige la décision"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["pole", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "decisions:proposal", kwargs={"basin": self.pole.basin.code, "code": self.pole.code, "pk": self.pk}
        )

    @property
    def audit_scope(self) -> Basin:
        return self.pole.basin

    @property
    def is_closed(self) -> bool:
        """Adopted or withdrawn: nothing more happens to it."""
        return self.status in (Proposal.Status.ADOPTED, Proposal.Status.WITHDRAWN)


class Round(models.Model):
    """One formulation of a proposal put to the members by one method; a new round reformulates, history kept."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adoptée")
        NOT_ADOPTED = "not_adopted", _("non adoptée")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("tour"))
    text = models.TextField(_("texte soumis"))
    rationale = models.TextField(_("exposé des motifs"), blank=True)
    method = models.CharField(_("mode de décision"), max_length=16, choices=Method.choices)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("réunion")
    )
    deadline = models.DateTimeField(_("échéance"), null=True, blank=True)
    silence_counts = models.BooleanField(_("le silence vaut accord"), default=False)
    require_all_components = models.BooleanField(_("chaque composante doit participer"), default=True)
    consensus_noted = models.BooleanField(_("consensus constaté en séance"), default=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("résultat"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_detail = models.JSONField(_("motifs du résultat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tour de décision")
        verbose_name_plural = _("tours de décision")
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="unique_round_number")]

    def __str__(self) -> str:
        return _("%(proposal)s — tour %(number)s") % {"proposal": self.proposal, "number": self.number}

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def audit_scope(self) -> Basin:
        return self.proposal.pole.basin


class Stance(models.TextChoices):
    AGREE = "agree", _("d’accord")
    RESERVATION = "reservation", _("d’accord avec réserve")
    STAND_ASIDE = "stand_aside", _("je me tiens à l’écart")
    OBJECT = "object", _("objection")


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self) -> PositionQuerySet:
        return self.filter(superseded_at__isnull=True)


class Position(models.Model):
    """A seat's position in a round. A second position replaces the first, which is kept (superseded)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="positions")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="positions", verbose_name=_("siège"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="positions", verbose_name=_("au nom de")
    )
    stance = models.CharField(_("position"), max_length=16, choices=Stance.choices)
    text = models.TextField(_("réserve ou motif"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["round", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seat"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_position_per_seat",
            ),
            models.CheckConstraint(
                condition=~Q(stance="object") | ~Q(text=""),
                name="objection_has_a_reason",
                violation_error_message=_("Une objection doit être motivée."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} — {self.get_stance_display()}"


class ImmutableDecision(ValidationError):
    pass


class DecisionQuerySet(models.QuerySet["Decision"]):
    def of_pole(self, pole: Pole) -> DecisionQuerySet:
        return self.filter(pole=pole)

    def public(self) -> DecisionQuerySet:
        return self.filter(is_public=True)

    def visible_to(self, user: Any, pole: Pole) -> DecisionQuerySet:
        """`pole`'s decisions that `user` may see: all for its members and the secretariat, the public ones for
        everyone else (the permission is declared in decisions/rules.py)."""
        mine = self.of_pole(pole)
        return mine if user.has_perm("decisions.view_all_decisions", pole) else mine.public()

    def chain_order(self) -> DecisionQuerySet:
        return self.order_by("pole_id", "sequence")

    def in_year(self, year: int) -> DecisionQuerySet:
        return self.filter(year=year)

    def of_kind(self, kind: str) -> DecisionQuerySet:
        return self.filter(kind=kind)

    def matching(self, text: str) -> DecisionQuerySet:
        """Accent- and case-insensitive search on reference, title, text and rationale (every word must occur)."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def for_register(self) -> DecisionQuerySet:
        """What a register page shows, in a fixed number of queries."""
        return self.select_related("pole__basin", "body").order_by("-decided_on", "-sequence")

    def about(self, obj: models.Model) -> DecisionQuerySet:
        """The decisions whose subject is `obj` (a modalities version, a referential version, a practice…)."""
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=str(obj.pk))

    def update(self, **kwargs: Any) -> int:
        raise ImmutableDecision(_("Une décision du registre ne se modifie pas : adoptez une décision qui la corrige."))

    def delete(self) -> Any:
        raise ImmutableDecision(_("Une décision du registre ne se supprime pas."))


class Decision(models.Model):
    """An entry of the pôle's decision register: numbered per pôle and year (CB-2026-007), never changed once written
    (a correction is a new decision citing the old), and chained to the previous entry by its hash."""

    pole = models.ForeignKey(Pole, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("pôle"))
    sequence = models.PositiveIntegerField(_("rang dans le registre"))
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.PositiveSmallIntegerField(_("numéro"))
    reference = models.CharField(_("référence"), max_length=32)
    proposal = models.OneToOneField(Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="decision")
    round = models.OneToOneField(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="decision")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("organe"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=250)
    text = models.TextField(_("texte adopté"))
    rationale = models.TextField(_("exposé des motifs"), blank=True)
    method = models.CharField(_("mode de décision"), max_length=16, choices=Method.choices)
    decided_on = models.DateField(_("adoptée le"))
    is_public = models.BooleanField(_("publique"), default=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        verbose_name=_("corrige"),
    )
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    summary = models.JSONField(_("bilan des positions"), default=dict)
    recorded_at = models.DateTimeField(_("inscrite le"))
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True)
    search_text = models.TextField(editable=False, default="")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("registre des décisions")
        ordering = ["pole", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["pole", "sequence"], name="unique_decision_sequence"),
            models.UniqueConstraint(fields=["pole", "year", "number"], name="unique_decision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableDecision(
                _(
                    "La décision %(reference)s est inscrite au registre : elle ne se modifie pas. Adoptez une décision qui la corrige."
                )
                % {"reference": self.reference}
            )
        self.search_text = fold(f"{self.reference} {self.title} {self.text} {self.rationale}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "decisions:decision",
            kwargs={"basin": self.pole.basin.code, "code": self.pole.code, "reference": self.reference},
        )

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableDecision(_("Une décision du registre ne se supprime pas."))

    @property
    def audit_scope(self) -> Basin:
        return self.pole.basin
