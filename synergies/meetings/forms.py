from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Commune
from synergies.lib.uploads import validate_upload
from synergies.lib.widgets import use_fast_selects
from synergies.meetings.models import AgendaItem, Attendance, Meeting, MeetingSettings, MinutesRemark
from synergies.poles.forms import DATE, DOCUMENT_TYPES
from synergies.poles.models import Body, BodyDocument, Pole, Seat

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    """Date and times are typed as Brussels wall-clock times; the service receives aware datetimes."""

    body = forms.ModelChoiceField(label=_("Organe"), queryset=Body.objects.none())
    title = forms.CharField(
        label=_("Intitulé"), max_length=200, required=False, help_text=_("Par défaut : l’organe et la date.")
    )
    date = forms.DateField(label=_("Date"), widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    start = forms.TimeField(label=_("Début"), widget=TIME)
    end = forms.TimeField(label=_("Fin"), widget=TIME)
    mode = forms.ChoiceField(label=_("Modalité"), choices=Meeting.Mode.choices, widget=forms.RadioSelect)
    address = forms.CharField(label=_("Adresse"), max_length=250, required=False)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(), required=False)
    online_url = forms.URLField(label=_("Lien de la visioconférence"), required=False, assume_scheme="https")
    is_public = forms.BooleanField(
        label=_("Réunion publique"),
        required=False,
        help_text=_("Date, lieu et ordre du jour paraissent dans l’agenda public."),
    )
    other_attendees = forms.CharField(
        label=_("Autres participant·es (invité·es, personnes ressources)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, pole: Pole, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            local_start, local_end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "body": meeting.body_id,
                    "title": meeting.title,
                    "date": local_start.date(),
                    "start": local_start.time(),
                    "end": local_end.time(),
                    "mode": meeting.mode,
                    "address": meeting.address,
                    "commune": meeting.commune_id,
                    "online_url": meeting.online_url,
                    "is_public": meeting.is_public,
                    "other_attendees": meeting.other_attendees,
                },
            )
        else:
            ms = MeetingSettings.for_pole(pole)
            start = datetime.datetime.combine(datetime.date.today(), ms.default_start_time)
            kwargs.setdefault(
                "initial",
                {
                    "start": ms.default_start_time,
                    "end": (start + datetime.timedelta(minutes=ms.default_duration_minutes)).time(),
                    "mode": Meeting.Mode.IN_PERSON,
                    "is_public": True,
                },
            )
        super().__init__(*args, **kwargs)
        bodies = pole.bodies.filter(closed_on__isnull=True).order_by("kind", "name")
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = Commune.objects.filter(basin=pole.basin)
        if meeting is not None:
            del self.fields["body"]
        elif not self.is_bound and "body" not in self.initial:
            self.initial["body"] = bodies.filter(kind=Body.Kind.STEERING_COMMITTEE).first()
        use_fast_selects(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("start") and data.get("end"):
            zone = timezone.get_default_timezone()
            data["starts_at"] = datetime.datetime.combine(data["date"], data["start"], tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(data["date"], data["end"], tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("La réunion doit se terminer après avoir commencé."))
        return data

    def service_data(self) -> dict[str, Any]:
        keys = [
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "address",
            "commune",
            "online_url",
            "is_public",
            "other_attendees",
        ]
        return {k: self.cleaned_data[k] for k in keys}


class ConveneForm(forms.Form):
    confirm_late = forms.BooleanField(
        label=_("Je confirme la convocation malgré le délai plus court que prévu"), required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l’annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est communiqué aux membres convoqués."),
    )


class AgendaItemForm(forms.ModelForm):
    new_document_title = forms.CharField(label=_("Titre du nouveau document"), max_length=200, required=False)
    new_document_file = forms.FileField(
        label=_("Déposer un nouveau document"),
        required=False,
        help_text=_("PDF, documents bureautiques ou images, 20 Mo au plus ; il rejoint les documents de l’organe."),
    )

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "description", "presenter", "duration_minutes", "documents"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = cast(forms.ModelMultipleChoiceField, self.fields["documents"])
        documents.queryset = BodyDocument.objects.filter(body_id=meeting.body_id).order_by("title")
        documents.required = False
        documents.help_text = _("Documents de l’organe joints à ce point (visibles par les membres).")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("new_document_file")
        if upload:
            try:
                data["new_document_type"] = validate_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=20 * 1024 * 1024)
            except ValidationError as exc:
                self.add_error("new_document_file", exc)
            if not data.get("new_document_title"):
                self.add_error("new_document_title", _("Donnez un titre au document déposé."))
        return data


class AttendanceForm(forms.Form):
    """One row per seat in force: a presence, and a proxy holder when the modalities admit proxies."""

    def __init__(
        self, *args: Any, seats: list[Seat], proxies_allowed: bool, current: dict[int, Attendance], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.seats = seats
        self.proxies_allowed = proxies_allowed
        statuses = [
            (value, label)
            for value, label in Attendance.Status.choices
            if proxies_allowed or value != Attendance.Status.PROXY
        ]
        holders = [("", "—"), *((str(s.pk), seat_label(s)) for s in seats)]
        for seat in seats:
            existing = current.get(seat.pk)
            self.fields[f"status_{seat.pk}"] = forms.ChoiceField(
                label=_("Présence — %(seat)s") % {"seat": seat_label(seat)},
                choices=statuses,
                initial=existing.status if existing else Attendance.Status.PRESENT,
            )
            if proxies_allowed:
                self.fields[f"proxy_{seat.pk}"] = forms.ChoiceField(
                    label=_("Procuration donnée à — %(seat)s") % {"seat": seat_label(seat)},
                    choices=holders,
                    required=False,
                    initial=str(existing.proxy_holder_id) if existing and existing.proxy_holder_id else "",
                )
            self.fields[f"note_{seat.pk}"] = forms.CharField(
                label=_("Remarque — %(seat)s") % {"seat": seat_label(seat)},
                max_length=200,
                required=False,
                initial=existing.note if existing else "",
            )

    def rows(self) -> list[dict[str, Any]]:
        by_pk = {s.pk: s for s in self.seats}
        result = []
        for seat in self.seats:
            holder = self.cleaned_data.get(f"proxy_{seat.pk}") if self.proxies_allowed else ""
            result.append(
                {
                    "seat": seat,
                    "status": self.cleaned_data[f"status_{seat.pk}"],
                    "proxy_holder": by_pk.get(int(holder)) if holder else None,
                    "note": self.cleaned_data.get(f"note_{seat.pk}", ""),
                }
            )
        return result

    def table(self) -> list[dict[str, Any]]:
        return [
            {
                "seat": seat,
                "status": self[f"status_{seat.pk}"],
                "proxy": self[f"proxy_{seat.pk}"] if self.proxies_allowed else None,
                "note": self[f"note_{seat.pk}"],
            }
            for seat in self.seats
        ]


def seat_label(seat: Seat) -> str:
    if seat.organisation_id:
        return seat.organisation.name  # type: ignore[union-attr]
    return seat.representative.full_name if seat.representative else str(seat.pk)


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Texte du procès-verbal"),
        widget=forms.Textarea(attrs={"rows": 24}),
        required=False,
        help_text=_("En Markdown : ## pour un intertitre, - pour une liste, **gras**."),
    )
    note = forms.CharField(label=_("Ce qui change (facultatif)"), max_length=200, required=False)


class RemarkForm(forms.Form):
    text = forms.CharField(label=_("Votre remarque"), widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[c for c in MinutesRemark.Status.choices if c[0] != MinutesRemark.Status.OPEN],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(label=_("Réponse"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(label=_("Approuvé lors de la réunion"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["at_meeting"])
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related("body")
        if meetings:
            field.initial = meetings[0].pk


class YearForm(forms.Form):
    annee = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100, required=False)


class ProposalsForm(forms.Form):
    days = forms.MultipleChoiceField(
        label=_("Dates à retenir"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une date.")},
    )

    def __init__(self, *args: Any, days: list[datetime.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["days"]).choices = [
            (d.isoformat(), date_format(d, "l j F Y")) for d in days
        ]
        self.fields["days"].initial = [d.isoformat() for d in days]

    def chosen(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(d) for d in self.cleaned_data["days"]]


class MeetingSettingsForm(forms.ModelForm):
    """The pôle's ⚙ settings, edited by the secretariat."""

    class Meta:
        model = MeetingSettings
        fields = [
            "convocation_days",
            "reminder_days",
            "proxies_allowed",
            "remarks_days",
            "default_start_time",
            "default_duration_minutes",
        ]
        widgets = {"default_start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
