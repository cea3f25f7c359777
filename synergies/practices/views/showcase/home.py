"""The catalogue's home: a search box, the latest publications, the inspiring practices and ways in by domain of the
referential, by public and by sub-area.

The counts come from the search index's facets, the very numbers the search page shows once a way in is followed,
and cost the same few queries whatever the size of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from synergies.lib import search
from synergies.poles.models import Pole
from synergies.practices.models import Practice, Public
from synergies.practices.services.indexing import INDEX
from synergies.practices.views.showcase.common import CARDS_ON_HOME, cards, catalogue_crumbs
from synergies.skills.models import FrameworkVersion, Node


@dataclass(frozen=True)
class Entry:
    """A way into the catalogue: a facet's value, its label and how many published practices it leads to."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class DomainGroup:
    framework: str
    entries: list[Entry]


def domain_groups(counts: dict[str, int]) -> list[DomainGroup]:
    """The domains of each referential in force of a pôle whose catalogue has publications (one query)."""
    poles = Pole.objects.filter(Exists(Practice.objects.published().filter(pole=OuterRef("pk")))).values("pk")
    nodes = (
        Node.objects.filter(
            kind=Node.Kind.DOMAIN,
            version__status=FrameworkVersion.Status.ADOPTED,
            version__framework__pole__in=poles,
        )
        .select_related("concept", "version__framework")
        .order_by("version__framework__name", "version__framework_id", "parent__position", "position", "pk")
    )
    groups: dict[int, DomainGroup] = {}
    for node in nodes:
        framework = node.version.framework
        group = groups.setdefault(framework.pk, DomainGroup(framework=framework.name, entries=[]))
        group.entries.append(Entry(node.concept.code, node.display_label, counts.get(node.concept.code, 0)))
    return list(groups.values())


def index(request: HttpRequest) -> HttpResponse:
    overview = search.search(INDEX, "", facets=["domain", "public", "sub_area"], limit=0)
    # The latest and the inspiring ones come from the index too: its order by date is indexed, the records' is not.
    latest = search.search(INDEX, "", order="newest", limit=CARDS_ON_HOME).hits
    inspiring = search.search(INDEX, "", filters={"label": ["inspirante"]}, order="newest", limit=CARDS_ON_HOME).hits
    public_counts = overview.facets.get("public", {})
    context = {
        "total": overview.total,
        "latest": cards([hit.object_id for hit in latest]),
        "inspiring": cards([hit.object_id for hit in inspiring]),
        "domain_groups": domain_groups(overview.facets.get("domain", {})),
        "publics": [
            Entry(public.value, str(public.label), public_counts[public.value])
            for public in Public
            if public_counts.get(public.value)
        ],
        "sub_areas": [
            Entry(name, name, count) for name, count in sorted(overview.facets.get("sub_area", {}).items()) if count
        ],
        "crumbs": catalogue_crumbs(),
    }
    return render(request, "practices/showcase/index.html", context)
