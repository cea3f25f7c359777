"""The repeated rows of the record editor: partners with their roles, and links. Fixed rows of small formsets, so
the page works without JavaScript: an empty row is ignored, emptying a row removes what it held."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from synergies.directory.models import Organisation
from synergies.lib.widgets import use_fast_selects

EMPTY_ROWS = 3


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation partenaire"), queryset=Organisation.objects.none(), required=False
    )
    role = forms.CharField(
        label=_("Son rôle"), max_length=200, required=False, help_text=_("P. ex. « accueille les ateliers »")
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        use_fast_selects(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("role") and not data.get("organisation"):
            self.add_error("organisation", _("Choisissez l’organisation qui tient ce rôle."))
        return data


class LinkForm(forms.Form):
    url = forms.URLField(label=_("Adresse"), max_length=500, required=False, assume_scheme="https")
    label = forms.CharField(label=_("Intitulé"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("label") and not data.get("url"):
            self.add_error("url", _("Indiquez l’adresse de ce lien."))
        return data


class BaseRowsFormSet(forms.BaseFormSet):
    """Rows without a delete box: an empty row is skipped, and emptying a row removes what it held."""

    def clean(self) -> None:
        if any(self.errors):
            return
        key = "organisation" if self.form is PartnerForm else "url"
        seen = set()
        for form in self.forms:
            value = form.cleaned_data.get(key)
            if value and value in seen:
                form.add_error(key, _("Cette ligne répète une ligne au-dessus."))
            seen.add(value)
        if any(form.errors for form in self.forms):
            raise ValidationError(_("Certaines lignes sont à corriger."))


PartnerFormSet = forms.formset_factory(PartnerForm, formset=BaseRowsFormSet, extra=EMPTY_ROWS, max_num=40)
LinkFormSet = forms.formset_factory(LinkForm, formset=BaseRowsFormSet, extra=EMPTY_ROWS, max_num=40)
