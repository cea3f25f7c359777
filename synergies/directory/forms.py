from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation, OrganisationQuerySet, Person
from synergies.directory.types import World, grouped_type_choices
from synergies.directory.validators import format_enterprise_number, validate_enterprise_number
from synergies.lib.widgets import use_fast_selects


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


def set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class DirectoryFilterForm(forms.Form):
    """The public directory's filters. `apply` turns them into queryset calls; views never build filters."""

    q = forms.CharField(label=_("Nom ou sigle"), required=False, max_length=100)
    bassin = forms.ModelChoiceField(
        label=_("Bassin"),
        queryset=Basin.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tous les bassins"),
    )
    monde = forms.ChoiceField(label=_("Monde"), required=False)
    type = forms.ChoiceField(label=_("Type d’organisation"), required=False)
    sous_region = forms.ChoiceField(label=_("Sous-région"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes les communes"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        sub_areas = Commune.objects.order_by("sub_area").values_list("sub_area", flat=True).distinct()
        set_choices(self, "monde", [("", _("Tous les mondes")), *World.choices])
        set_choices(self, "type", [("", _("Tous les types")), *grouped_type_choices()])
        set_choices(self, "sous_region", [("", _("Toutes les sous-régions")), *((s, s) for s in sub_areas)])

    def apply(self, queryset: OrganisationQuerySet) -> OrganisationQuerySet:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.matching(data["q"])
        if data["bassin"]:
            queryset = queryset.in_basin(data["bassin"])
        if data["monde"]:
            queryset = queryset.of_world(data["monde"])
        if data["type"]:
            queryset = queryset.of_type(data["type"])
        if data["sous_region"]:
            queryset = queryset.in_sub_area(data["sous_region"])
        if data["commune"]:
            queryset = queryset.in_commune(data["commune"])
        return queryset


class OrganisationForm(forms.ModelForm):
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes d’implantation"),
        queryset=Commune.objects.all(),
        required=False,
        help_text=_(
            "La première commune choisie est celle du siège. Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
        ),
    )
    enterprise_number = forms.CharField(
        label=_("Numéro d’entreprise"), required=False, max_length=20, help_text=_("Numéro BCE, p. ex. 0403.170.701.")
    )

    class Meta:
        model = Organisation
        fields = [
            "basin",
            "name",
            "acronym",
            "type",
            "enterprise_number",
            "website",
            "email",
            "phone",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, basins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        set_queryset(self, "basin", basins)
        set_choices(self, "type", [("", "---------"), *grouped_type_choices()])
        if basins.count() == 1:
            self.fields["basin"].initial = basins.first()
        if self.instance.pk:
            self.fields["communes"].initial = [s.commune_id for s in self.instance.sites.all()]
            if self.instance.enterprise_number:
                self.initial["enterprise_number"] = format_enterprise_number(self.instance.enterprise_number)
        else:
            default = basins.filter(code=settings.DEFAULT_BASIN).first()
            if default:
                self.fields["basin"].initial = default

    def clean_communes(self) -> list[Commune]:
        """In the order sent, the current head office first: the first commune becomes the head office on saving."""
        communes = list(self.cleaned_data["communes"])
        sent = self.fields["communes"].widget.value_from_datadict(self.data, self.files, self.add_prefix("communes"))
        order = {str(pk): i for i, pk in enumerate(sent or [])}
        communes.sort(key=lambda c: order.get(str(c.pk), len(order)))
        if self.instance.pk:
            main = next((s.commune_id for s in self.instance.sites.all() if s.is_main), None)
            communes.sort(key=lambda c: c.pk != main)
        return communes

    def clean_enterprise_number(self) -> str | None:
        value = self.cleaned_data["enterprise_number"]
        if not value:
            return None
        number = validate_enterprise_number(value)
        clash = Organisation.objects.filter(enterprise_number=number).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise ValidationError(_("Ce numéro est déjà celui de « %(name)s ».") % {"name": clash.name})
        return number


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["basin", "first_name", "last_name", "email", "phone", "public_consent"]

    def __init__(self, *args: Any, basins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        set_queryset(self, "basin", basins)
        if basins.count() == 1:
            self.fields["basin"].initial = basins.first()


class AffiliationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    function = forms.CharField(label=_("Fonction"), required=False, max_length=150)
    start_date = forms.DateField(label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        set_queryset(self, "organisation", organisations)


class InviteForm(forms.Form):
    as_secretariat = forms.BooleanField(
        label=_("Membre du secrétariat du bassin"),
        required=False,
        help_text=_("Donne accès à la gestion de l’annuaire et, plus tard, des pôles du bassin."),
    )


class ImportForm(forms.Form):
    basin = forms.ModelChoiceField(label=_("Bassin"), queryset=Basin.objects.none())
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Export d’Excel ou de LibreOffice : UTF-8 ou Windows-1252, séparateur virgule ou point-virgule."),
    )

    def __init__(self, *args: Any, basins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        set_queryset(self, "basin", basins)
        if basins.count() == 1:
            self.fields["basin"].initial = basins.first()

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CSV_IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Le fichier pèse %(size)s Mo ; le maximum est %(max)s Mo.")
                % {
                    "size": floatformat(round(upload.size / 1e6, 1), -1),
                    "max": floatformat(round(settings.CSV_IMPORT_MAX_BYTES / 1e6, 1), -1),
                }
            )
        data = upload.read()
        if b"\x00" in data[:4096]:
            raise ValidationError(
                _(
                    "Ce fichier n’est pas un CSV (fichier binaire, p. ex. un classeur .xlsx). Enregistrez-le au format CSV."
                )
            )
        return data
