from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.decisions.models import ConsensusSettings, Decision, Kind, Method, Proposal, Stance
from synergies.meetings.models import Meeting
from synergies.poles.forms import DocumentForm
from synergies.poles.models import Body, Pole, Seat

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    annee = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)
    nature = forms.ChoiceField(label=_("Nature"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["annee"]).choices = [("", _("Toutes les années")), *((y, y) for y in years)]
        cast(forms.ChoiceField, self.fields["nature"]).choices = [("", _("Toutes les natures")), *Kind.choices]

    def apply(self, queryset: Any) -> Any:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.matching(data["q"])
        if data["annee"]:
            queryset = queryset.in_year(data["annee"])
        if data["nature"]:
            queryset = queryset.of_kind(data["nature"])
        return queryset


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["body", "kind", "title", "text", "rationale", "is_public"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 10}),
            "rationale": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, pole: Pole, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["body"])
        field.queryset = Body.objects.filter(pole=pole, closed_on__isnull=True).order_by("kind", "name")
        field.empty_label = None


class ProposalDocumentForm(DocumentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, needs_title=True, **kwargs)


class OpenRoundForm(forms.Form):
    method = forms.ChoiceField(label=_("Mode de décision"), choices=Method.choices, widget=forms.RadioSelect)
    meeting = forms.ModelChoiceField(
        label=_("Réunion (décision en réunion)"), queryset=Meeting.objects.none(), required=False
    )
    deadline = forms.DateTimeField(
        label=_("Échéance (en ligne ou procédure écrite)"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Procédure écrite : par défaut, le délai prévu par les règles du consensus du pôle."),
    )
    text = forms.CharField(label=_("Texte soumis"), widget=forms.Textarea(attrs={"rows": 10}))
    rationale = forms.CharField(label=_("Exposé des motifs"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["meeting"])
        field.queryset = (
            Meeting.objects.filter(body=proposal.body).not_cancelled().select_related("body").order_by("-starts_at")
        )
        field.empty_label = _("— choisir une réunion —")
        self.fields["text"].initial = proposal.text
        self.fields["rationale"].initial = proposal.rationale


class PositionForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Au titre du siège"), queryset=Seat.objects.none(), required=False)
    stance = forms.ChoiceField(label=_("Ma position"), choices=Stance.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Réserve ou motif de l’objection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour une objection ; conservé avec une réserve."),
    )

    def __init__(self, *args: Any, seats: list[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(seats) > 1:
            field = cast(forms.ModelChoiceField, self.fields["seat"])
            field.queryset = Seat.objects.filter(pk__in=[s.pk for s in seats]).select_related("organisation")
            field.required = True
            field.label_from_instance = Seat.holder_name  # type: ignore[method-assign,assignment]
        else:
            del self.fields["seat"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stance") == Stance.OBJECT and not (data.get("text") or "").strip():
            self.add_error("text", _("Une objection doit être motivée : indiquez sa raison."))
        return data


class MeetingPositionsForm(forms.Form):
    """One row per taking-part seat: its stance (or nothing) and the text of a reservation or objection."""

    def __init__(self, *args: Any, seats: list[Seat], current: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            existing = current.get(seat.pk)
            self.fields[f"stance_{seat.pk}"] = forms.ChoiceField(
                label=_("Position de %(seat)s") % {"seat": seat.holder_name()},
                choices=[("", _("— non exprimée —")), *Stance.choices],
                required=False,
                initial=existing.stance if existing else "",
            )
            self.fields[f"text_{seat.pk}"] = forms.CharField(
                label=_("Réserve ou motif (%(seat)s)") % {"seat": seat.holder_name()},
                required=False,
                initial=existing.text if existing else "",
            )

    def rows(self) -> list[tuple[Seat, Any, Any]]:
        return [(s, self[f"stance_{s.pk}"], self[f"text_{s.pk}"]) for s in self.seats]

    def entries(self) -> list[tuple[Seat, str, str]]:
        return [
            (s, self.cleaned_data[f"stance_{s.pk}"], self.cleaned_data[f"text_{s.pk}"])
            for s in self.seats
            if self.cleaned_data.get(f"stance_{s.pk}")
        ]


class ConsensusForm(forms.Form):
    """« Consensus constaté », with the objections voiced (none, most of the time)."""

    def __init__(self, *args: Any, seats: list[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            self.fields[f"objection_{seat.pk}"] = forms.CharField(
                label=_("Objection de %(seat)s (motif)") % {"seat": seat.holder_name()}, required=False
            )

    def rows(self) -> list[tuple[Seat, Any]]:
        return [(s, self[f"objection_{s.pk}"]) for s in self.seats]

    def objections(self) -> list[tuple[Seat, str]]:
        return [
            (s, self.cleaned_data[f"objection_{s.pk}"])
            for s in self.seats
            if self.cleaned_data.get(f"objection_{s.pk}")
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif)"), required=False, max_length=500)


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("Texte corrigé"), widget=forms.Textarea(attrs={"rows": 10}))
    rationale = forms.CharField(label=_("Motif de la correction"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].initial = decision.text


def default_deadline(days: int) -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=days)


class ConsensusSettingsForm(forms.ModelForm):
    """The pôle's ⚙ settings, edited by the secretariat."""

    class Meta:
        model = ConsensusSettings
        fields = ["require_all_components", "silence_counts_as_agreement", "written_procedure_days", "reminder_days"]
