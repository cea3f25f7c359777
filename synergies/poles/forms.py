from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Basin, Chamber, PriorityTheme
from synergies.directory.models import Organisation, Person
from synergies.lib.uploads import validate_upload
from synergies.lib.widgets import use_fast_selects
from synergies.poles.models import Body, Evaluation, Mandate, Pole, Seat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_TYPES = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "image/png",
    "image/jpeg",
]


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def _date_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE
            field.input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class PoleForm(forms.ModelForm):
    class Meta:
        model = Pole
        fields = [
            "basin",
            "name",
            "code",
            "theme_kind",
            "theme",
            "transversal_reference",
            "transversal_date",
            "description",
            "missions",
            "evaluation_lead_days",
        ]
        widgets = {
            "theme_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "missions": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, basins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "basin", basins)
        _queryset(self, "theme", PriorityTheme.objects.filter(basin__in=basins).select_related("basin"))
        if self.instance.pk:
            self.fields["basin"].disabled = True
        elif basins.count() == 1:
            self.fields["basin"].initial = basins.first()
        else:
            self.fields["basin"].initial = basins.filter(code=settings.DEFAULT_BASIN).first()
        _date_fields(self)
        use_fast_selects(self)


class ModalitiesForm(forms.Form):
    text = forms.CharField(label=_("Modalités de fonctionnement"), widget=forms.Textarea(attrs={"rows": 12}))
    adopted_on = forms.DateField(label=_("Adoptées le"), widget=DATE)
    reference = forms.CharField(label=_("Référence de l’adoption"), required=False, max_length=100)


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["start", "end", "decision_reference", "decision_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self)


class RenewalForm(forms.Form):
    end = forms.DateField(
        label=_("Fin du nouveau mandat"), widget=DATE, help_text=_("Au plus trois ans après son début (R7).")
    )
    decision_reference = forms.CharField(label=_("Décision de renouvellement (référence)"), max_length=100)
    decision_date = forms.DateField(label=_("Date de la décision"), widget=DATE)


class EvaluationForm(forms.Form):
    summary = forms.CharField(
        label=_("Synthèse de l’évaluation"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    submitted_on = forms.DateField(label=_("Dossier remis à l’Instance le"), widget=DATE, required=False)
    file = forms.FileField(
        label=_("Dossier d’évaluation"), required=False, help_text=_("PDF, DOCX ou ODT, 20 Mo au plus.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            self.cleaned_data["file_type"] = validate_upload(
                upload, allowed=DOCUMENT_TYPES[:3], max_bytes=20 * 1024 * 1024
            )
        return upload


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict de l’Instance"),
        choices=[c for c in Evaluation.Verdict.choices if c[0] != Evaluation.Verdict.PENDING],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(label=_("Référence de la décision"), max_length=100)
    date = forms.DateField(label=_("Date de la décision"), widget=DATE)


class BodyForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label=_("Je confirme la clôture, bien qu’elle rende le pôle non conforme"), required=False
    )

    class Meta:
        model = Body
        fields = ["name", "mission", "deliverables", "deadline", "closed_on"]
        widgets = {"mission": forms.Textarea(attrs={"rows": 4}), "deliverables": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].widget = forms.HiddenInput()
        if not self.instance.pk or self.instance.is_steering_committee:
            del self.fields["closed_on"]
        else:
            self.fields["closed_on"].help_text = _("Clôturer un groupe de travail met fin à ses sièges ce jour-là.")
        _date_fields(self)

    def ask_confirmation(self) -> None:
        self.fields["confirm"].widget = forms.CheckboxInput()


class PersonChoiceField(forms.ModelChoiceField):
    """People are told apart by their e-mail address: two people of a basin may share a name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.email}" if obj.email else obj.full_name


class SeatForm(forms.ModelForm):
    """The `confirm` box shows only once saving was refused because the change breaks compliance."""

    confirm = forms.BooleanField(
        label=_("Je confirme cette modification, bien qu’elle rende le pôle non conforme"), required=False
    )

    representative = PersonChoiceField(label=_("Représentant·e"), queryset=Person.objects.none(), required=False)
    substitute = PersonChoiceField(label=_("Suppléant·e"), queryset=Person.objects.none(), required=False)

    class Meta:
        model = Seat
        fields = [
            "organisation",
            "representative",
            "substitute",
            "origin",
            "chamber",
            "role",
            "start",
            "end",
            "designation_reference",
            "designation_date",
            "competent_in_theme",
            "names_public",
        ]

    def __init__(self, *args: Any, pole: Pole, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "organisation", Organisation.objects.active().order_by("name"))
        people = Person.objects.filter(basin=pole.basin).order_by("last_name", "first_name")
        _queryset(self, "representative", people)
        _queryset(self, "substitute", people)
        _queryset(self, "chamber", Chamber.objects.filter(basin=pole.basin))
        self.fields["organisation"].help_text = _(
            "Laissez vide pour une personne ressource siégeant à titre personnel."
        )
        self.fields["confirm"].widget = forms.HiddenInput()
        if not self.instance.pk:
            # For a sector pôle, competence in its theme is something the Instance must assert, seat by seat.
            self.fields["competent_in_theme"].initial = pole.theme_kind == Pole.ThemeKind.TRANSVERSAL
        _date_fields(self)
        use_fast_selects(self)

    def ask_confirmation(self) -> None:
        self.fields["confirm"].widget = forms.CheckboxInput()

    def _post_clean(self) -> None:
        """Model validation happens in the service (which knows the body); only build the instance here."""
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class EndSeatForm(forms.Form):
    end = forms.DateField(label=_("Dernier jour du siège"), widget=DATE)


class InterestForm(forms.Form):
    text = forms.CharField(label=_("Déclaration d’intérêts"), widget=forms.Textarea(attrs={"rows": 4}))
    declared_on = forms.DateField(label=_("Déclarée le"), widget=DATE)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, documents bureautiques ou images, 20 Mo au plus."))
    note = forms.CharField(label=_("Ce qui change"), max_length=200, required=False)

    def __init__(self, *args: Any, needs_title: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = needs_title

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = validate_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=20 * 1024 * 1024)
        return upload


class CompositionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de composition"), help_text=_("Classeur Excel (.xlsx) ou CSV (UTF-8 ou Windows-1252).")
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CSV_IMPORT_MAX_BYTES:
            raise ValidationError(_("Le fichier dépasse la taille maximale acceptée."))
        return bytes(upload.read())


class ComplianceDateForm(forms.Form):
    date = forms.DateField(label=_("À la date du"), widget=DATE, required=False)


class OverviewForm(forms.Form):
    bassin = forms.ModelChoiceField(
        label=_("Bassin"), queryset=Basin.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args: Any, basins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "bassin", basins)
