from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergies.poles.models import Pole
from synergies.transmissions import subjects
from synergies.transmissions.models import Response, Transmission, TransmissionQuerySet, TransmissionSettings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class StatusFilterForm(forms.Form):
    """The members' and secretariat's filter of a pôle's transmissions. `apply` turns it into a queryset call."""

    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *Transmission.Status.choices],
    )

    def apply(self, queryset: TransmissionQuerySet) -> TransmissionQuerySet:
        if self.is_valid() and self.cleaned_data["statut"]:
            return queryset.with_status(self.cleaned_data["statut"])
        return queryset


class PrepareForm(forms.Form):
    """Choose what to send up among the pôle's subjects not yet transmitted, kind by kind."""

    subject = forms.ChoiceField(label=_("Objet à transmettre"))
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=250,
        required=False,
        help_text=_("Vide : l’intitulé de l’objet transmis."),
    )
    message = forms.CharField(
        label=_("Message d’accompagnement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Repris dans le courrier et l’e-mail à l’Instance (Markdown)."),
    )
    private = forms.BooleanField(
        label=_("Ne pas publier cette transmission"),
        required=False,
        help_text=_("Par défaut, une transmission est publique lorsque son objet l’est."),
    )

    def __init__(self, *args: Any, pole: Pole, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects: dict[str, Any] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for entry, records in subjects.candidates_of(pole):
            options = []
            for record in records:
                value = f"{entry.key}:{record.pk}"
                self.subjects[value] = record
                options.append((value, str(record)))
            if options:
                groups.append((str(entry.label), options))
        cast(forms.ChoiceField, self.fields["subject"]).choices = [("", _("Choisissez…")), *groups]

    @property
    def has_candidates(self) -> bool:
        return bool(self.subjects)

    def clean_subject(self) -> Any:
        value = self.cleaned_data["subject"]
        if value not in self.subjects:
            raise forms.ValidationError(_("Choisissez un objet de la liste."))
        return self.subjects[value]


class TransmissionForm(forms.ModelForm):
    """What may still change while a transmission is prepared."""

    class Meta:
        model = Transmission
        fields = ["title", "message", "is_public", "recipient_name", "recipient_email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}


class AcknowledgementForm(forms.Form):
    on = forms.DateField(label=_("Accusé de réception reçu le"), widget=DATE, input_formats=DATE_FORMATS)
    note = forms.CharField(label=_("Remarque"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Réponse de l’Instance"), choices=Response.Verdict.choices, widget=forms.RadioSelect
    )
    received_on = forms.DateField(label=_("Reçue le"), widget=DATE, input_formats=DATE_FORMATS)
    text = forms.CharField(label=_("Texte de la réponse"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoires pour une approbation sous conditions."),
    )
    authority = forms.CharField(
        label=_("Autorité saisie"),
        required=False,
        max_length=200,
        help_text=_("Obligatoire lorsque l’Instance relaie la transmission, p. ex. le Gouvernement wallon."),
    )
    reference = forms.CharField(label=_("Référence de la décision de l’Instance"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class TransmissionSettingsForm(forms.ModelForm):
    """The pôle's ⚙ settings, edited by the secretariat."""

    class Meta:
        model = TransmissionSettings
        fields = ["recipient_email", "response_days", "reminder_days"]
