"""The catalogue's JSON API: the search with its facets, one practice, and a page that documents both.

Read-only and anonymous: the index holds only published practices, and a practice's detail is looked up among the
published ones. Criteria are read by `synergies.practices.search`, as on the search page; what the page quietly
leaves out, the API refuses with a 400 that names each parameter.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from synergies.api.parameters import SEARCH_PARAMETERS
from synergies.api.serializers import ErrorSerializer, PracticeDetailSerializer, SearchSerializer
from synergies.practices import search as catalogue
from synergies.practices.models import Practice

BAD_REQUEST = OpenApiResponse(
    description=gettext_lazy(
        "Paramètre illisible : un objet dont chaque clé est un paramètre et chaque valeur la liste de ses erreurs, "
        "en français."
    )
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description=gettext_lazy("Aucune pratique publiée à cette adresse."))


class PracticeSearch(APIView):
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="practices_search",
        summary=gettext_lazy("Chercher dans le catalogue"),
        description=gettext_lazy(
            "Les pratiques publiées, classées comme sur la page de recherche, avec les facettes et leurs nombres. "
            "Les valeurs d’un même filtre s’additionnent (OU), les filtres se combinent (ET) ; le nombre de chaque "
            "valeur d’une facette ignore le filtre de cette facette, pour montrer ce qu’élargir apporterait."
        ),
        parameters=[param.openapi() for param in SEARCH_PARAMETERS],
        responses={
            200: SearchSerializer,
            400: BAD_REQUEST,
            404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Page au-delà de la dernière.")),
        },
        tags=["practices"],
    )
    def get(self, request: Request) -> Response:
        criteria, errors = catalogue.parse_criteria(request.query_params, page_sizes=True)
        if errors:
            raise ValidationError(errors)
        outcome = catalogue.run(criteria)
        if criteria.page > outcome.page_count:
            raise NotFound(
                ngettext(
                    "Cette page n’existe pas : la recherche compte %(count)d page.",
                    "Cette page n’existe pas : la recherche compte %(count)d pages.",
                    outcome.page_count,
                )
                % {"count": outcome.page_count}
            )
        data = {
            "count": outcome.total,
            "next": self._link(request, criteria, criteria.page + 1) if outcome.has_next else None,
            "previous": self._link(request, criteria, criteria.page - 1) if criteria.page > 1 else None,
            "query": {
                "q": criteria.q,
                "corrections": outcome.query.corrections,
                "expansions": outcome.query.expansions,
                "words": len(outcome.query.units),
                "at_least": outcome.result.at_least,
            },
            "facets": {
                facet: [{"value": o.value, "label": o.label, "count": o.count} for o in options]
                for facet, options in outcome.facets.items()
            },
            "results": outcome.cards,
        }
        return Response(SearchSerializer(data, context={"request": request}).data)

    @staticmethod
    def _link(request: Request, criteria: catalogue.Criteria, page: int) -> str:
        return request.build_absolute_uri(reverse("api:practices") + "?" + criteria.querystring(page=page))


class PracticeDetail(APIView):
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="practices_detail",
        summary=gettext_lazy("Une pratique publiée"),
        description=gettext_lazy("La fiche d’une pratique publiée, par son identifiant (slug)."),
        responses={200: PracticeDetailSerializer, 404: NOT_FOUND},
        tags=["practices"],
    )
    def get(self, request: Request, slug: str) -> Response:
        practice = (
            Practice.objects.published()
            .for_cards()
            .prefetch_related("partners__organisation")
            .filter(slug=slug)
            .first()
        )
        if practice is None:
            raise NotFound(_("Aucune pratique publiée à cette adresse."))
        card = catalogue.card_for(practice)
        return Response(PracticeDetailSerializer(card, context={"request": request}).data)


def documentation(request: HttpRequest) -> HttpResponse:
    """The API explained to a person: endpoints, parameters and the schema's addresses, with no script at all."""
    context: dict[str, Any] = {
        "parameters": SEARCH_PARAMETERS,
        "page_size": catalogue.PAGE_SIZE,
        "max_page_size": catalogue.MAX_PAGE_SIZE,
        "title": _("API du catalogue des pratiques"),
        "crumbs": [(_("API du catalogue des pratiques"), None)],
    }
    return render(request, "api/documentation.html", context)
