"""The JSON shapes of the catalogue's API: what a practice looks like in a list of results and on its own.

Serializers read `synergies.practices.search.Card`s, the very objects the search page renders, so a result means the
same on both; they only write, and their fields document the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from synergies.directory.types import World
from synergies.practices import search as catalogue
from synergies.practices.models import EvidenceLevel, Kind, Licence, Modality, Public
from synergies.practices.services.indexing import FACETS


class SkillSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text=_("Code de la compétence dans le référentiel."))
    label = serializers.CharField(help_text=_("Intitulé dans la version du référentiel en vigueur."))  # type: ignore[assignment]
    main = serializers.BooleanField(help_text=_("Compétence principale (sinon secondaire)."))


class CommuneSerializer(serializers.Serializer[Any]):
    nis_code = serializers.CharField(help_text=_("Code INS (REFNIS 2019)."))
    name = serializers.CharField()


class HolderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    world = serializers.ChoiceField(choices=World.choices, help_text=_("Monde de l’organisation porteuse."))


# A practice as a search result (a `Card`). No docstrings on these classes: the schema would show them as
# descriptions, and the schema speaks French.
class PracticeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="practice.pk")
    slug = serializers.SlugField(source="practice.slug")
    url = serializers.SerializerMethodField(help_text=_("Adresse de la fiche publique."))
    external_id = serializers.SerializerMethodField(
        help_text=_("Identifiant dans le système d’où vient la fiche (null s’il n’y en a pas).")
    )
    title = serializers.CharField(source="practice.title")
    summary = serializers.CharField(source="practice.summary")
    kind = serializers.ChoiceField(source="practice.kind", choices=Kind.choices)
    publics = serializers.ListField(source="practice.publics", child=serializers.ChoiceField(choices=Public.choices))
    skills = SkillSerializer(many=True)
    communes = CommuneSerializer(source="practice.communes.all", many=True)
    modality = serializers.ChoiceField(source="practice.modality", choices=Modality.choices)
    evidence_level = serializers.ChoiceField(source="practice.evidence_level", choices=EvidenceLevel.choices)
    holder = HolderSerializer(source="practice.holder")
    inspiring = serializers.BooleanField(
        source="practice.is_inspiring", help_text=_("Label « pratique inspirante » accordé par décision du pôle.")
    )
    published_at = serializers.DateTimeField(source="practice.published_at", allow_null=True)
    score = serializers.FloatField(help_text=_("Pertinence pour la recherche (plus grand : plus pertinent)."))

    @extend_schema_field(serializers.URLField())
    def get_url(self, card: catalogue.Card) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            path = card.practice.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_external_id(self, card: catalogue.Card) -> str | None:
        return card.practice.external_id or None


class PartnerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="organisation.name")
    role = serializers.CharField()


# A practice on its own: the result's fields (without a score) and the record's reusable content.
class PracticeDetailSerializer(PracticeSerializer):
    score = None  # type: ignore[assignment]
    description = serializers.CharField(source="practice.description", help_text=_("Markdown."))
    easy_read_summary = serializers.CharField(source="practice.easy_read_summary")
    objectives = serializers.CharField(source="practice.objectives")
    results = serializers.CharField(source="practice.results")
    success_factors = serializers.CharField(source="practice.success_factors")
    pitfalls = serializers.CharField(source="practice.pitfalls")
    transferability = serializers.CharField(source="practice.transferability")
    levels = serializers.ListField(source="practice.levels", child=serializers.CharField())
    duration_hours = serializers.DecimalField(
        source="practice.duration_hours", max_digits=7, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    licence = serializers.ChoiceField(source="practice.licence", choices=Licence.choices)
    language = serializers.CharField(source="practice.language")
    website = serializers.CharField(source="practice.url", help_text=_("Site de la pratique (vide s’il n’y en a pas)."))
    partners = PartnerSerializer(source="practice.partners.all", many=True)
    open_to_visits = serializers.BooleanField(source="practice.open_to_visits")
    seeks_partners = serializers.BooleanField(source="practice.seeks_partners")
    updated_at = serializers.DateTimeField(source="practice.updated_at")


class FacetValueSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(help_text=_("La valeur à passer au paramètre du même nom."))
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(help_text=_("Nombre de résultats en choisissant cette valeur."))


# One field per facet of the index, so that the schema names every facet and follows the index when it gains one.
FacetsSerializer: type[serializers.Serializer[Any]] = type(
    "FacetsSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        **{facet: FacetValueSerializer(many=True) for facet in FACETS},
    },
)


class QuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(allow_blank=True, help_text=_("Les mots cherchés, tels que lus."))
    corrections = serializers.DictField(
        child=serializers.CharField(), help_text=_("Mot tapé → mot corrigé, pour les fautes de frappe supposées.")
    )
    expansions = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Terme → synonymes du catalogue ajoutés à la recherche."),
    )
    words = serializers.IntegerField(help_text=_("Nombre de mots (ou expressions) de la recherche."))
    at_least = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Quand aucune pratique ne contient tous les mots : le nombre de mots que chaque résultat contient au "
            "moins (les résultats sont alors ceux qui en contiennent le plus) ; sinon null."
        ),
    )


class SearchSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text=_("Nombre total de résultats."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    query = QuerySerializer()
    facets = FacetsSerializer()
    results = PracticeSerializer(many=True)


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
