"""The secretariat's forms for editing a draft of the referential. Each one gathers a reason: it goes to the log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from synergies.skills.levels import PALIERS
from synergies.skills.models import Framework, FrameworkVersion, Mapping, Node

REASON_HELP = _("Pourquoi ce changement ? Le motif figure au journal de la version et dans la proposition d’adoption.")


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP, max_length=2000
    )


def node_choices(
    nodes: list[Node], *, exclude: set[int] | None = None, root: str | None = None
) -> list[tuple[str, str]]:
    choices = [("", root)] if root is not None else []
    for node in nodes:
        if node.pk not in (exclude or set()):
            choices.append((node.concept.code, f"{node.concept.code} — {node.label}"))
    return choices


class ConceptTextForm(forms.Form):
    label = forms.CharField(label=_("Intitulé"), max_length=300)
    label_en = forms.CharField(label=_("Intitulé en anglais"), max_length=300, required=False)
    definition = forms.CharField(label=_("Définition"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    definition_en = forms.CharField(
        label=_("Définition en anglais"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    examples = forms.CharField(
        label=_("Exemples"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Un exemple par ligne."),
    )


class ConceptAddForm(ConceptTextForm):
    parent = forms.ChoiceField(label=_("Placer dans"))
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        required=False,
        help_text=_("Laissé vide, le code suivant est attribué (par exemple CB-LIT-07). Un code ne change jamais."),
    )
    reason = reason_field()

    field_order = ["parent", "code", "label", "label_en", "definition", "definition_en", "examples", "reason"]

    def __init__(self, *args: Any, nodes: list[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ChoiceField)
        parent.choices = node_choices(nodes, root=str(_("À la racine (nouvelle famille)")))
        self.fields["parent"].required = False


class ConceptEditForm(ConceptTextForm):
    alt_labels = forms.CharField(
        label=_("Autres intitulés"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Un par ligne."),
    )
    reason = reason_field()

    def __init__(self, *args: Any, node: Node, **kwargs: Any) -> None:
        levels = {level.level: level for level in node.levels.all()}
        initial = {
            name: getattr(node, name)
            for name in ("label", "label_en", "definition", "definition_en", "examples", "alt_labels")
        }
        for palier in PALIERS:
            level = levels.get(palier.code)
            initial[f"level_{palier.code}"] = level.text if level else ""
            initial[f"level_{palier.code}_en"] = level.text_en if level else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for palier in PALIERS:
            self.fields[f"level_{palier.code}"] = forms.CharField(
                label=_("Palier %(code)s (%(label)s)") % {"code": palier.code, "label": palier.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.fields[f"level_{palier.code}_en"] = forms.CharField(
                label=_("Palier %(code)s, en anglais") % {"code": palier.code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        self.order_fields(
            ["label", "label_en", "definition", "definition_en", "examples", "alt_labels"]
            + [name for p in PALIERS for name in (f"level_{p.code}", f"level_{p.code}_en")]
            + ["reason"]
        )

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("label", "label_en", "definition", "definition_en", "examples", "alt_labels")
        }
        data["levels"] = {
            p.code: (self.cleaned_data[f"level_{p.code}"], self.cleaned_data[f"level_{p.code}_en"]) for p in PALIERS
        }
        return data


class MoveForm(forms.Form):
    parent = forms.ChoiceField(label=_("Nouvel emplacement"), required=False)
    position = forms.IntegerField(
        label=_("Rang"), min_value=1, required=False, help_text=_("1 pour la première place ; vide pour la dernière.")
    )
    reason = reason_field()

    def __init__(self, *args: Any, nodes: list[Node], node: Node, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ChoiceField)
        parent.choices = node_choices(nodes, exclude={node.pk}, root=str(_("À la racine")))


class SplitForm(forms.Form):
    reason = reason_field()

    PARTS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, self.PARTS + 1):
            first = index == 1
            self.fields[f"code_{index}"] = forms.CharField(
                label=_("Code du nouveau concept %(n)s") % {"n": index},
                max_length=64,
                required=False,
                help_text=_("Vide : le code suivant est attribué.") if first else "",
            )
            self.fields[f"label_{index}"] = forms.CharField(
                label=_("Intitulé du nouveau concept %(n)s") % {"n": index}, max_length=300, required=first
            )
            self.fields[f"definition_{index}"] = forms.CharField(
                label=_("Définition du nouveau concept %(n)s") % {"n": index},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        self.order_fields([*(n for n in self.fields if n != "reason"), "reason"])

    def parts(self) -> list[dict[str, str]]:
        found = []
        for index in range(1, self.PARTS + 1):
            label = self.cleaned_data.get(f"label_{index}", "").strip()
            if label:
                found.append(
                    {
                        "code": self.cleaned_data.get(f"code_{index}", ""),
                        "label": label,
                        "definition": self.cleaned_data.get(f"definition_{index}", ""),
                    }
                )
        return found


class MergeForm(forms.Form):
    sources = forms.MultipleChoiceField(
        label=_("Concepts à réunir dans celui-ci"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leurs sous-concepts et leurs correspondances rejoignent ce concept ; leurs codes restent réservés."
        ),
    )
    reason = reason_field()

    def __init__(self, *args: Any, nodes: list[Node], node: Node, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = self.fields["sources"]
        assert isinstance(sources, forms.MultipleChoiceField)
        sources.choices = node_choices([n for n in nodes if n.kind == node.kind], exclude={node.pk})


class ReasonForm(forms.Form):
    reason = reason_field()


class MappingForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Référentiel cible"), queryset=Framework.objects.none(), to_field_name="slug"
    )
    reference = forms.CharField(
        label=_("Concept cible"),
        max_length=255,
        help_text=_(
            "Son code (par exemple 1.1 pour DigComp) ou son URI (http://data.europa.eu/esco/skill/… pour ESCO)."
        ),
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=Mapping.Relation.choices)
    confidence = forms.IntegerField(label=_("Confiance (%)"), min_value=0, max_value=100, initial=80)
    rationale = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    validated = forms.BooleanField(label=_("Je valide cette correspondance"), required=False)

    def __init__(self, *args: Any, version: FrameworkVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["framework"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = (
            Framework.objects.exclude(pk=version.framework_id)
            .filter(versions__status="adopted")
            .distinct()
            .order_by("kind", "code")
        )


class StartForm(forms.Form):
    number = forms.CharField(
        label=_("Numéro de la nouvelle version"),
        max_length=20,
        required=False,
        help_text=_("Vide : la version mineure suivante (1.2 après 1.1)."),
    )
    reason = forms.CharField(
        label=_("Objet de la nouvelle version"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class ProposeForm(forms.Form):
    rationale = forms.CharField(
        label=_("Exposé des motifs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Vide : les motifs inscrits au journal de la version."),
    )
