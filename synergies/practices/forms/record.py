"""The record editor's form: every field a holder describes, with choices narrowed to what the user may pick.

The form only gathers and checks what was typed; `create_practice` / `update_practice` write it and validate the record
as a whole (their refusals come back as the form's errors). Partners and links are fixed rows of small formsets, so
the page works without JavaScript: an empty row is ignored, emptying a row removes what it held.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from synergies.basins.models import Commune
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.lib.widgets import use_fast_selects
from synergies.poles.models import Pole
from synergies.practices.forms.rows import LinkFormSet, PartnerFormSet
from synergies.practices.models import Palier, Practice, Public
from synergies.practices.services.records import EDITABLE_FIELDS, PartnerRole, Relations, SkillTag
from synergies.skills.models import Concept, Framework, FrameworkVersion, Node

GROUPED_CHECKBOXES = "practices/editor/widgets/grouped_checkboxes.html"
LANGUAGES = [("fr", _("français")), ("de", _("allemand")), ("nl", _("néerlandais")), ("en", _("anglais"))]
TEXTAREA = {"rows": 5}
SHORT_TEXTAREA = {"rows": 3}

# Form fields that map one to one onto the record's own fields (the rest are relations or the revision note): the
# services' editable fields, but the external identifier, which only an import sets.
RECORD_FIELDS = tuple(name for name in EDITABLE_FIELDS if name != "external_id")

# The page shows the fields in these groups, each a fieldset with its legend.
SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("L’essentiel"), ("title", "summary", "description", "easy_read_summary", "kind", "language")),
    (_("Qui la porte"), ("holder", "contact_person", "contact_email")),
    (_("Pour qui, quoi et où"), ("publics", "main_skills", "secondary_skills", "levels", "communes")),
    (
        _("Organisation pratique"),
        ("modality", "duration_hours", "group_size_min", "group_size_max", "cost", "access_conditions"),
    ),
    (
        _("Ce qu’elle donne"),
        ("objectives", "results", "evidence_level", "success_factors", "pitfalls", "transferability"),
    ),
    (
        _("Diffusion"),
        ("licence", "url", "erasmus_id", "epale_id", "open_to_visits", "seeks_partners"),
    ),
)


def version_in_force(pole: Pole) -> FrameworkVersion | None:
    """The adopted version of the pôle's referential: the only one whose skills a practice may be tagged with."""
    return (
        FrameworkVersion.objects.filter(framework__pole=pole, framework__kind=Framework.Kind.INTERNAL).current().first()
    )


def skill_choices(version: FrameworkVersion | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """The version's competences as (domain, [(concept id, "code label")]) groups, in the referential's order."""
    if version is None:
        return []
    rows = list(
        Node.objects.filter(version=version)
        .order_by("position", "pk")
        .values_list("pk", "parent_id", "kind", "label", "concept_id", "concept__code")
    )
    children: dict[int | None, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        children[row[1]].append(row)
    groups: list[tuple[str, list[tuple[int, str]]]] = []

    def walk(parent: int | None, domain: str) -> None:
        for pk, _parent, kind, label, concept_id, code in children.get(parent, []):
            if kind == Node.Kind.DOMAIN:
                groups.append((f"{code} {label}", []))
                walk(pk, f"{code} {label}")
            elif kind == Node.Kind.COMPETENCE:
                if not groups or groups[-1][0] != domain:
                    groups.append((domain, []))
                groups[-1][1].append((concept_id, f"{code} {label}"))
            else:
                walk(pk, domain)

    walk(None, str(_("Autres compétences")))
    return [group for group in groups if group[1]]


def commune_choices(pole: Pole) -> list[tuple[str, list[tuple[str, str]]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for nis_code, name, sub_area in Commune.objects.filter(basin=pole.basin).values_list(
        "nis_code", "name", "sub_area"
    ):
        grouped[sub_area].append((nis_code, name))
    return [(area, sorted(names, key=lambda item: item[1])) for area, names in sorted(grouped.items())]


def contact_choices(organisations: Any) -> tuple[list[Any], dict[int, set[int]]]:
    """People working today for the organisations, grouped by organisation; and who works where (to check the pair)."""
    affiliations = (
        Affiliation.objects.current()
        .filter(organisation__in=organisations)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__last_name", "person__first_name")
    )
    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    works_for: dict[int, set[int]] = defaultdict(set)
    for affiliation in affiliations:
        grouped[affiliation.organisation.name].append((affiliation.person_id, affiliation.person.full_name))
        works_for[affiliation.person_id].add(affiliation.organisation_id)
    return [("", "---------"), *grouped.items()], works_for


class SkillsField(forms.TypedMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("La compétence %(value)s n’appartient pas à la version en vigueur du référentiel du pôle."),
    }


class PracticeForm(forms.ModelForm):
    """One form for the whole record; `holders` are the organisations the user may name as holder."""

    publics = forms.MultipleChoiceField(
        label=_("Publics"), choices=Public.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label=_("Paliers"), choices=Palier.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    main_skills = SkillsField(
        label=_("Compétences principales"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Celles que la pratique travaille d’abord ; au moins une pour la soumettre."),
    )
    secondary_skills = SkillsField(
        label=_("Compétences secondaires"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Celles qu’elle travaille en passant."),
    )
    communes = forms.MultipleChoiceField(
        label=_("Communes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Où la pratique est menée, par sous-région du bassin."),
    )
    contact_person = forms.TypedChoiceField(
        label=_("Personne de contact"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Une personne de l’organisation porteuse. Son nom n’est affiché que si elle y a consenti dans l’annuaire."
        ),
    )
    language = forms.ChoiceField(label=_("Langue de la fiche"), choices=LANGUAGES, initial="fr")
    note = forms.CharField(
        label=_("Ce qui change"),
        max_length=300,
        required=False,
        help_text=_("Une phrase pour l’historique de la fiche, p. ex. « Ajout des résultats 2025 »."),
    )

    class Meta:
        model = Practice
        fields = [f for f in RECORD_FIELDS if f not in ("publics", "levels", "contact_person", "language")]
        widgets = {
            "summary": forms.Textarea(attrs=SHORT_TEXTAREA),
            "description": forms.Textarea(attrs={"rows": 12}),
            "easy_read_summary": forms.Textarea(attrs=SHORT_TEXTAREA),
            "access_conditions": forms.Textarea(attrs=SHORT_TEXTAREA),
            "objectives": forms.Textarea(attrs=TEXTAREA),
            "results": forms.Textarea(attrs=TEXTAREA),
            "success_factors": forms.Textarea(attrs=TEXTAREA),
            "pitfalls": forms.Textarea(attrs=TEXTAREA),
            "transferability": forms.Textarea(attrs=TEXTAREA),
        }
        help_texts = {
            "description": _(
                "En Markdown : paragraphes, **gras**, *italique*, listes à puces ou numérotées, titres (##), liens "
                "[texte](https://…) et tableaux. Le HTML et les scripts sont affichés comme du texte, jamais exécutés."
            ),
            "evidence_level": _(
                "1 : la pratique est décrite ; 2 : elle a été évaluée par ses porteurs ; 3 : elle a été évaluée par un "
                "tiers (université, inspection, bureau d’études) ; 4 : elle a été reprise avec succès ailleurs."
            ),
            "licence": _("Sous quelles conditions d’autres peuvent reprendre la fiche et ses documents."),
            "erasmus_id": _("Le numéro du projet sur la plateforme des résultats Erasmus+, s’il y en a un."),
            "epale_id": _("L’identifiant de la fiche sur EPALE, s’il y en a une."),
        }

    def __init__(
        self,
        *args: Any,
        pole: Pole,
        holders: Any,
        version: FrameworkVersion | None,
        **kwargs: Any,
    ) -> None:
        instance: Practice | None = kwargs.get("instance")
        self.pole, self.version = pole, version
        initial = kwargs.setdefault("initial", {})
        if instance is not None and instance.pk:
            tags = list(instance.skills.all())
            initial.setdefault("publics", instance.publics)
            initial.setdefault("levels", instance.levels)
            initial.setdefault("language", instance.language)
            initial.setdefault("contact_person", instance.contact_person_id)
            initial.setdefault("main_skills", [t.concept_id for t in tags if t.is_main])
            initial.setdefault("secondary_skills", [t.concept_id for t in tags if not t.is_main])
            initial.setdefault("communes", list(instance.communes.values_list("nis_code", flat=True)))
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["holder"]).queryset = holders
        groups = skill_choices(version)
        for name in ("main_skills", "secondary_skills"):
            self.fields[name].choices = groups  # type: ignore[attr-defined]
        known = {concept_id for _domain, options in groups for concept_id, _label in options}
        self.stale_skills = (
            [t.concept.code for t in instance.skills.select_related("concept") if t.concept_id not in known]
            if instance is not None and instance.pk
            else []
        )
        if not groups:
            self.fields["main_skills"].help_text = _(
                "Le référentiel du pôle n’a pas encore de version en vigueur : les compétences pourront être "
                "ajoutées dès son adoption."
            )
        self.fields["communes"].choices = commune_choices(pole)  # type: ignore[attr-defined]
        for name in ("main_skills", "secondary_skills", "communes"):
            self.fields[name].widget.template_name = GROUPED_CHECKBOXES
        people, self.works_for = contact_choices(holders)
        self.fields["contact_person"].choices = people  # type: ignore[attr-defined]
        use_fast_selects(self)

    def _post_clean(self) -> None:
        """The record is validated by the service, which sees it whole; the form does not build an instance."""

    def clean_duration_hours(self) -> Decimal | None:
        """At the database's precision, so that saving an unchanged form changes nothing (20 is stored as 20.0)."""
        hours = self.cleaned_data.get("duration_hours")
        return hours.quantize(Decimal("0.1")) if hours is not None else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        both = set(data.get("main_skills") or []) & set(data.get("secondary_skills") or [])
        if both:
            self.add_error(
                "secondary_skills", _("Une compétence est soit principale, soit secondaire : cochez-la une seule fois.")
            )
        person, holder = data.get("contact_person"), data.get("holder")
        if person is not None and holder is not None and holder.pk not in self.works_for.get(person, set()):
            self.add_error("contact_person", _("Cette personne ne travaille pas pour l’organisation porteuse."))
        return data

    def record_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in RECORD_FIELDS if name in self.cleaned_data}
        person = self.cleaned_data.get("contact_person")
        data["contact_person"] = Person.objects.get(pk=person) if person is not None else None
        return data

    def skill_tags(self) -> list[SkillTag]:
        wanted = [(pk, True) for pk in self.cleaned_data["main_skills"]]
        wanted += [(pk, False) for pk in self.cleaned_data["secondary_skills"]]
        concepts = Concept.objects.in_bulk([pk for pk, _main in wanted])
        return [SkillTag(concepts[pk], is_main=main) for pk, main in wanted if pk in concepts]

    def communes_chosen(self) -> list[Commune]:
        return list(Commune.objects.filter(basin_id=self.pole.basin_id, nis_code__in=self.cleaned_data["communes"]))

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in SECTIONS]


class RecordEditor:
    """The record form and its two sets of rows, validated and turned into what the services take, together."""

    def __init__(
        self,
        data: Any,
        *,
        pole: Pole,
        holders: Any,
        practice: Practice | None = None,
    ) -> None:
        version = version_in_force(pole)
        self.form = PracticeForm(data, instance=practice, pole=pole, holders=holders, version=version)
        organisations = Organisation.objects.in_basin(pole.basin).active().order_by("name")
        partner_rows: list[dict[str, Any]] = []
        link_rows: list[dict[str, Any]] = []
        if practice is not None:
            partner_rows = [{"organisation": p.organisation_id, "role": p.role} for p in practice.partners.all()]
            link_rows = [{"url": link.url, "label": link.label} for link in practice.links.all()]
        self.partners = PartnerFormSet(
            data, prefix="partners", initial=partner_rows, form_kwargs={"organisations": organisations}
        )
        self.links = LinkFormSet(data, prefix="links", initial=link_rows)

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.partners.is_valid(), self.links.is_valid()])

    def fields(self) -> dict[str, Any]:
        return self.form.record_fields()

    def relations(self) -> Relations:
        partners = [
            PartnerRole(row["organisation"], row.get("role", ""))
            for row in (f.cleaned_data for f in self.partners.forms)
            if row.get("organisation")
        ]
        links = [
            (row["url"], row.get("label", "")) for row in (f.cleaned_data for f in self.links.forms) if row.get("url")
        ]
        return Relations(
            skills=self.form.skill_tags(),
            communes=self.form.communes_chosen(),
            partners=partners,
            links=links,
        )

    @property
    def note(self) -> str:
        return str(self.form.cleaned_data.get("note", ""))
