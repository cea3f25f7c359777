from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from synergies.lib.models import AuditEntry, AuditEntryQuerySet
from synergies.lib.widgets import use_fast_selects


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else str(obj.model)


class AuditFilterForm(forms.Form):
    """Filters of the audit log viewer; `apply` turns them into queryset calls."""

    qui = forms.CharField(label=_("Auteur (nom ou e-mail)"), required=False, max_length=100)
    operation = forms.CharField(
        label=_("Opération"), required=False, max_length=80, help_text=_("p. ex. organisation.update")
    )
    objet = ContentTypeChoiceField(
        label=_("Type d’objet"), queryset=ContentType.objects.none(), required=False, empty_label=_("Tous")
    )
    texte = forms.CharField(label=_("Objet concerné"), required=False, max_length=100)
    du = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        used = AuditEntry.objects.exclude(content_type=None).values("content_type").distinct()
        field = self.fields["objet"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ContentType.objects.filter(pk__in=used).order_by("app_label", "model")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", _("La date de fin précède la date de début."))
        return data

    def apply(self, entries: AuditEntryQuerySet) -> AuditEntryQuerySet:
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["qui"]:
            entries = entries.by_actor_matching(data["qui"])
        if data["operation"]:
            entries = entries.filter(verb__icontains=data["operation"])
        if data["objet"]:
            entries = entries.filter(content_type=data["objet"])
        if data["texte"]:
            entries = entries.filter(object_repr__icontains=data["texte"])
        if data["du"]:
            entries = entries.since(data["du"])
        if data["au"]:
            entries = entries.until(data["au"])
        return entries
