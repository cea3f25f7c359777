"""Meetings of a pôle's bodies: agenda, convocations, attendance, minutes and calendars (R5)."""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Person
from synergies.poles.models import Body, BodyDocument, Pole, PoleSettings, Seat


class MeetingSettings(PoleSettings):
    """How a pôle meets, as agreed with the Instance (R5) ⚙. A pôle without a row uses the defaults."""

    pole = models.OneToOneField(Pole, on_delete=models.CASCADE, related_name="meeting_settings")
    convocation_days = models.PositiveSmallIntegerField(_("convocation envoyée (jours avant la réunion)"), default=10)
    reminder_days = models.PositiveSmallIntegerField(_("rappel envoyé (jours avant la réunion)"), default=2)
    proxies_allowed = models.BooleanField(
        _("procurations admises"),
        default=False,
        help_text=_("Un membre absent peut confier sa voix à un autre siège de l’organe."),
    )
    remarks_days = models.PositiveSmallIntegerField(_("délai de remarques sur le procès-verbal (jours)"), default=10)
    default_start_time = models.TimeField(_("heure habituelle"), default=datetime.time(9, 30))
    default_duration_minutes = models.PositiveSmallIntegerField(_("durée habituelle (minutes)"), default=150)

    class Meta:
        verbose_name = _("modalités de réunion")
        verbose_name_plural = _("modalités de réunion")

    def __str__(self) -> str:
        return str(self.pole)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_pole(self, pole: Pole) -> MeetingQuerySet:
        return self.filter(body__pole=pole)

    def public(self) -> MeetingQuerySet:
        """Public meetings of public pôles (those the Instance created)."""
        return self.filter(is_public=True, body__pole__mandates__isnull=False).distinct()

    def visible_to(self, user: Any, pole: Pole) -> MeetingQuerySet:
        """`pole`'s meetings that `user` may see: all for its members and the secretariat, the public ones for everyone
        else (the permission is declared in meetings/rules.py)."""
        mine = self.of_pole(pole)
        return mine if user.has_perm("meetings.view_all_meetings", pole) else mine.filter(is_public=True)

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(status=Meeting.Status.CANCELLED)

    def in_year(self, year: int) -> MeetingQuerySet:
        start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
        return self.filter(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))

    def upcoming(self, now: datetime.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def of_bodies_held_by(self, person: Person) -> MeetingQuerySet:
        """Meetings of every body in which `person` holds or substitutes in a seat (in force at the meeting)."""
        seats = Seat.objects.held_by(person)
        return self.filter(body__seats__in=seats).distinct()

    def attended_by(self, person: Person) -> MeetingQuerySet:
        """Meetings of the bodies in which `person` holds or substitutes in a seat in force on the meeting's day."""
        seats = (
            Seat.objects.filter(body=OuterRef("body_id"))
            .held_by(person)
            .filter(start__lte=OuterRef("local_day"))
            .filter(Q(end__isnull=True) | Q(end__gte=OuterRef("local_day")))
        )
        return self.annotate(local_day=TruncDate("starts_at", tzinfo=timezone.get_default_timezone())).filter(
            Exists(seats)
        )

    def for_calendar(self) -> MeetingQuerySet:
        return (
            self.select_related("body__pole__basin", "commune")
            .prefetch_related("agenda_items")
            .order_by("starts_at", "pk")
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        CONVENED = "convened", _("convoquée")
        HELD = "held", _("tenue")
        CANCELLED = "cancelled", _("annulée")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("en présentiel")
        ONLINE = "online", _("en ligne")
        HYBRID = "hybrid", _("hybride")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("organe"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    mode = models.CharField(_("modalité"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("commune")
    )
    online_url = models.URLField(_("lien de la visioconférence"), blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    is_public = models.BooleanField(
        _("réunion publique"), default=True, help_text=_("Date, lieu et ordre du jour paraissent dans l’agenda public.")
    )
    other_attendees = models.TextField(_("autres participant·es (invité·es, personnes ressources)"), blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancellation_reason = models.TextField(_("motif de l’annulation"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Une réunion se termine après avoir commencé."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        local = timezone.localtime(self.starts_at)
        return _("%(body)s du %(date)s") % {"body": self.body.name, "date": local.strftime("%d/%m/%Y")}

    @property
    def pole(self) -> Pole:
        return self.body.pole

    @property
    def audit_scope(self) -> Basin:
        return self.body.pole.basin

    @property
    def location(self) -> str:
        """Where to go or what to open, in one line."""
        place = ", ".join(p for p in (self.address, self.commune.name if self.commune else "") if p)
        if self.mode == Meeting.Mode.ONLINE:
            return str(_("En ligne"))
        if self.mode == Meeting.Mode.HYBRID:
            return str(_("%(place)s et en ligne") % {"place": place}) if place else str(_("Hybride"))
        return place

    @property
    def is_cancelled(self) -> bool:
        return self.status == Meeting.Status.CANCELLED

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.starts_at)

    @property
    def ical_uid(self) -> str:
        """Stable for the meeting's whole life, as calendar clients require."""
        return f"{self.uid}@synergies"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        DISCUSSION = "discussion", _("discussion")
        DECISION = "decision", _("décision")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("ordre"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.INFORMATION)
    title = models.CharField(_("point"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("présenté par"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    documents = models.ManyToManyField(
        BodyDocument, blank=True, related_name="agenda_items", verbose_name=_("documents")
    )
    minutes_to_approve = models.ForeignKey(
        "Minutes",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approval_items",
        help_text=_("Point ajouté d’office : l’approbation du procès-verbal d’une réunion précédente."),
    )

    class Meta:
        verbose_name = _("point de l’ordre du jour")
        verbose_name_plural = _("points de l’ordre du jour")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def audit_scope(self) -> Basin:
        return self.meeting.body.pole.basin


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("présent·e")
        SUBSTITUTED = "substituted", _("représenté·e par le ou la suppléant·e")
        PROXY = "proxy", _("a donné procuration")
        EXCUSED = "excused", _("excusé·e")
        ABSENT = "absent", _("absent·e")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("présence"), max_length=16, choices=Status.choices)
    attendee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("siégeant")
    )
    proxy_holder = models.ForeignKey(
        Seat,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxies_held",
        verbose_name=_("procuration donnée à"),
    )
    note = models.CharField(_("remarque"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "seat"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat")]

    def __str__(self) -> str:
        return f"{self.seat} — {self.get_status_display()}"

    @property
    def takes_part(self) -> bool:
        """The seat is at the table, through its representative or its substitute."""
        return self.status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED)


class Minutes(models.Model):
    """The minutes of a meeting: drafted here, circulated to attendees for remarks, approved at a later meeting, then
    frozen as a PDF whose SHA-256 is kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("procès-verbal", "projet")
        CIRCULATED = "circulated", _("soumis aux remarques")
        APPROVED = "approved", _("approuvé")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("texte du procès-verbal"), blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    circulated_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    remarks_until = models.DateField(_("remarques jusqu’au"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
        verbose_name=_("approuvé lors de la réunion"),
    )
    approved_on = models.DateField(_("approuvé le"), null=True, blank=True)
    pdf = models.FileField(_("procès-verbal approuvé (PDF)"), upload_to="meetings/minutes/", blank=True)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("procès-verbal")
        verbose_name_plural = _("procès-verbaux")

    def __str__(self) -> str:
        return _("Procès-verbal — %(meeting)s") % {"meeting": self.meeting}

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Approved minutes are frozen (their PDF's hash is kept): no code path may change them afterwards."""
        if self.pk is not None and Minutes.objects.filter(pk=self.pk, status=Minutes.Status.APPROVED).exists():
            raise ValidationError(
                _("Ce procès-verbal est approuvé : il est figé et ne peut plus être modifié."), code="approved"
            )
        super().save(*args, **kwargs)

    @property
    def audit_scope(self) -> Basin:
        return self.meeting.body.pole.basin

    @property
    def is_approved(self) -> bool:
        return self.status == Minutes.Status.APPROVED


class MinutesRevision(models.Model):
    """Each saved state of a draft, so that who wrote what stays readable."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    note = models.CharField(_("ce qui change"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes", "-number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="unique_minutes_revision")]

    def __str__(self) -> str:
        return f"{self.minutes} — {self.number}"


class MinutesRemark(models.Model):
    """A remark an attendee makes on circulated minutes, and what the secretariat did with it."""

    class Status(models.TextChoices):
        OPEN = "open", _("à traiter")
        ACCEPTED = "accepted", _("prise en compte")
        DECLINED = "declined", _("non retenue")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("remarque"))
    status = models.CharField(_("suite donnée"), max_length=16, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(_("réponse du secrétariat"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("remarque sur le procès-verbal")
        verbose_name_plural = _("remarques sur le procès-verbal")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.minutes} — {self.created_at:%d/%m/%Y}"

    @property
    def audit_scope(self) -> Basin:
        return self.minutes.meeting.body.pole.basin


class Notice(models.Model):
    """An e-mail sent about a meeting to its body's members: what, when, to how many, with which iCal sequence."""

    class Kind(models.TextChoices):
        CONVOCATION = "convocation", _("convocation")
        UPDATE = "update", _("modification")
        REMINDER = "reminder", _("rappel")
        CANCELLATION = "cancellation", _("annulation")
        MINUTES = "minutes", _("procès-verbal soumis aux remarques")
        TO_CONVENE = "to_convene", _("rappel au secrétariat : convocation à envoyer")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sequence = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["meeting", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.get_kind_display()}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the address of a member's private calendar feed; renewing it disables the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adresse d’agenda personnel")
        verbose_name_plural = _("adresses d’agenda personnel")

    def __str__(self) -> str:
        return str(self.user)


class CadenceAlert(models.Model):
    """The alert sent once a year to the secretariat when the steering committee will end the year below three
    meetings (R5); kept so that the daily command sends it only once."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="cadence_alerts")
    year = models.PositiveSmallIntegerField()
    count = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alerte de cadence")
        verbose_name_plural = _("alertes de cadence")
        constraints = [models.UniqueConstraint(fields=["pole", "year"], name="one_cadence_alert_per_year")]

    def __str__(self) -> str:
        return f"{self.pole} — {self.year}"
