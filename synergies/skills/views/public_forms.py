"""The small GET forms of the referentials' public pages: searching a version's tree, choosing two versions to compare.

They change nothing, so they live beside the pages rather than in forms.py, which holds the editor's forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.skills.models import FrameworkVersion

__all__ = ["DiffForm", "SearchForm"]


class SearchForm(forms.Form):
    """Accents and case are ignored (tree.search_tree folds both sides), so « ecrire » finds « Écrire »."""

    q = forms.CharField(
        label=gettext_lazy("Rechercher dans le référentiel"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=gettext_lazy("Un code, un mot d’un intitulé ou d’une définition ; les accents sont facultatifs."),
    )

    @property
    def query(self) -> str:
        """The words searched, or "" when the form is empty or invalid (too long: the error says so)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data["q"])


def _choice_label(version: FrameworkVersion) -> str:
    return _("Version %(number)s (%(status)s)") % {"number": version.number, "status": version.get_status_display()}


class DiffForm(forms.Form):
    """Two versions of the same framework, offered among those the user may see: a version number that is not
    among them (mistyped, or a draft the user may not read) is refused like a wrong choice, never looked up."""

    de = forms.ChoiceField(label=gettext_lazy("Version de départ"))
    a = forms.ChoiceField(label=gettext_lazy("Version d’arrivée"))

    def __init__(self, *args: Any, versions: Sequence[FrameworkVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {version.number: version for version in versions}
        choices = [(version.number, _choice_label(version)) for version in versions]
        for name, field in (("de", self.fields["de"]), ("a", self.fields["a"])):
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
            field.error_messages = {
                "required": _("Choisissez la %(which)s.")
                % {"which": _("version de départ") if name == "de" else _("version d’arrivée")},
                "invalid_choice": _(
                    "Ce référentiel n’a pas de version « %(value)s » que vous puissiez consulter : "
                    "choisissez-en une dans la liste."
                ),
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, new = data.get("de"), data.get("a")
        if old and new and old == new:
            self.add_error(
                "a",
                _("Choisissez deux versions différentes : la version %(number)s ne peut être comparée qu’à une autre.")
                % {"number": new},
            )
        return data

    def selected(self) -> tuple[FrameworkVersion, FrameworkVersion] | None:
        """The two versions to compare, once the form is valid."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.versions[self.cleaned_data["de"]], self.versions[self.cleaned_data["a"]]
