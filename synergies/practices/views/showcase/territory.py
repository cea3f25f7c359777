"""The catalogue on the map of the basin, without a map: for each sub-area and each of its communes, how many
practices are published there (and how many are inspiring), and a page per commune.

Every commune of the basin is listed, those with no practice too: a blank is information for the steering committee.
The counts are the search index's facets, so each number equals what the search page finds behind its link.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from synergies.basins.models import Basin, Commune
from synergies.lib import search
from synergies.practices.models import Practice
from synergies.practices.services.indexing import INDEX
from synergies.practices.views.showcase.common import catalogue_crumbs, with_cards

DEFAULT_BASIN = "hainaut-centre"
PER_PAGE = 20
SUB_AREA_SHOWN = 10


@dataclass(frozen=True)
class CommuneRow:
    commune: Commune
    count: int
    inspiring: int


@dataclass
class SubAreaRow:
    name: str
    count: int
    inspiring: int
    communes: list[CommuneRow] = field(default_factory=list)


def territory_rows(communes: list[Commune]) -> list[SubAreaRow]:
    """The counts of every commune and sub-area of `communes`, from two searches."""
    everything = search.search(INDEX, "", facets=["commune", "sub_area"], limit=0).facets
    inspiring = search.search(
        INDEX, "", filters={"label": ["inspirante"]}, facets=["commune", "sub_area"], limit=0
    ).facets
    rows: dict[str, SubAreaRow] = {}
    for commune in communes:
        name = commune.sub_area
        row = rows.setdefault(
            name,
            SubAreaRow(name, everything.get("sub_area", {}).get(name, 0), inspiring.get("sub_area", {}).get(name, 0)),
        )
        row.communes.append(
            CommuneRow(
                commune,
                everything.get("commune", {}).get(commune.nis_code, 0),
                inspiring.get("commune", {}).get(commune.nis_code, 0),
            )
        )
    return list(rows.values())


def basins_with_practices() -> list[Basin]:
    """The basins where at least one published practice takes place (one search, one query)."""
    codes = [
        code for code, n in search.search(INDEX, "", facets=["commune"], limit=0).facets.get("commune", {}).items() if n
    ]
    return list(Basin.objects.filter(communes__nis_code__in=codes).distinct().order_by("order", "name"))


def territory(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("bassin") or DEFAULT_BASIN
    basin = Basin.objects.filter(code=code).first()
    if basin is None:
        raise Http404
    communes = list(Commune.objects.filter(basin=basin).order_by("sub_area", "name"))
    basins = basins_with_practices()
    context = {
        "basin": basin,
        "basins": basins if len(basins) > 1 or (basins and basins[0].pk != basin.pk) else [],
        "sub_areas": territory_rows(communes),
        "title": _("Les pratiques par commune"),
        "crumbs": catalogue_crumbs((_("Par commune"), None)),
    }
    return render(request, "practices/showcase/territory.html", context)


def commune(request: HttpRequest, commune: str) -> HttpResponse:
    """The practices of a commune, newest first, then those elsewhere in its sub-area."""
    place = get_object_or_404(Commune.objects.select_related("basin"), slug=commune)
    published = Practice.objects.published().order_by("-published_at", "-pk")
    here = with_cards(published.in_commune(place))
    page = Paginator(here, PER_PAGE).get_page(request.GET.get("page"))
    around = published.in_sub_area(place.basin, place.sub_area).exclude(communes=place)
    around_ids = list(around.values_list("pk", flat=True).distinct()[: SUB_AREA_SHOWN + 1])
    nearby = list(
        with_cards(Practice.objects.filter(pk__in=around_ids[:SUB_AREA_SHOWN])).order_by("-published_at", "-pk")
    )
    context = {
        "commune": place,
        "page": page,
        "nearby": nearby,
        "more_nearby": len(around_ids) > SUB_AREA_SHOWN,
        "title": place.name,
        "crumbs": catalogue_crumbs((_("Par commune"), _territory_url(place.basin)), (place.name, None)),
    }
    return render(request, "practices/showcase/commune.html", context)


def _territory_url(basin: Basin) -> str:
    url = reverse("practices:territory")
    return url if basin.code == DEFAULT_BASIN else f"{url}?bassin={basin.code}"
