"""The query parameters of the catalogue's search, described once for the OpenAPI schema and the documentation page.

Their meaning lives in `synergies.practices.search`, which the search page shares; the values offered here come from
the same vocabularies, so the schema cannot drift from what the API accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from synergies.practices import search as catalogue


@dataclass(frozen=True)
class Param:
    name: str
    description: Promise
    type: OpenApiTypes = OpenApiTypes.STR
    many: bool = False

    @property
    def enum(self) -> list[str] | None:
        if self.name == "sort":
            return list(catalogue.SORTS)
        known = catalogue.vocabulary(self.name)
        return list(known) if known is not None else None

    @property
    def pattern(self) -> str | None:
        return PATTERNS.get(self.name)

    def openapi(self) -> OpenApiParameter:
        return OpenApiParameter(
            name=self.name,
            type=self.type,
            location=OpenApiParameter.QUERY,
            required=False,
            description=self.description,
            enum=self.enum,
            pattern=self.pattern,
            many=self.many or None,
            explode=True if self.many else None,
            style="form" if self.many else None,
        )


PATTERNS = {name: f"^{catalogue.SHAPES[name].pattern}$" for name in ("domain", "skill", "commune", "basin")}


SEARCH_PARAMETERS = [
    Param(
        "q",
        _(
            "Les mots cherchés, en français courant : accents, majuscules, pluriels et fautes de frappe ne comptent "
            "pas, et les synonymes du catalogue s’appliquent (« alpha » trouve « alphabétisation »). 300 caractères "
            "au plus. Vide : toutes les pratiques publiées."
        ),
    ),
    Param("kind", _("Nature de la pratique. Répétable : les valeurs d’un même filtre s’additionnent (OU)."), many=True),
    Param("public", _("Code du public visé (DESIGN §5), par exemple DE ou ALPHA. Répétable."), many=True),
    Param("domain", _("Code d’un domaine du référentiel, par exemple CB-LIT. Répétable."), many=True),
    Param("skill", _("Code d’une compétence du référentiel, par exemple CB-LIT-03. Répétable."), many=True),
    Param(
        "commune", _("Code INS (REFNIS 2019) d’une commune, par exemple 58001 pour La Louvière. Répétable."), many=True
    ),
    Param("sub_area", _("Sous-région du bassin, par exemple Centre ou Mons-Borinage. Répétable."), many=True),
    Param("modality", _("Modalité : présentiel, distanciel ou hybride. Répétable."), many=True),
    Param(
        "evidence",
        _("Niveau de preuve : 1 décrite, 2 évaluée en interne, 3 évaluée par un tiers, 4 transférée. Répétable."),
        many=True,
    ),
    Param("world", _("Monde de l’organisation porteuse. Répétable."), many=True),
    Param("label", _("« inspirante » : seulement les pratiques labellisées par une décision du pôle."), many=True),
    Param("basin", _("Code du bassin EFE, par exemple hainaut-centre. Répétable."), many=True),
    Param(
        "sort",
        _(
            "Ordre des résultats : pertinence (par défaut quand q est donné), recent (les plus récentes d’abord, "
            "par défaut sans q) ou titre."
        ),
    ),
    Param(
        "exact",
        _("1 : ne pas corriger les fautes de frappe supposées (la réponse signale toujours les corrections)."),
        type=OpenApiTypes.BOOL,
    ),
    Param("page", _("Numéro de page, à partir de 1."), type=OpenApiTypes.INT),
    Param(
        "page_size",
        _("Nombre de résultats par page, de 1 à 100 (20 par défaut)."),
        type=OpenApiTypes.INT,
    ),
]
