"""RSS 2.0 and Atom feeds of the catalogue's latest publications, optionally for one commune or one domain of the
referential (`?commune=<NIS code>`, `?domain=<code>`).

The practices come from the search index, ordered by publication date, so a filtered feed lists exactly what the
search page finds with the same filter, in a fixed number of queries. Feed readers take an item's description as HTML:
the summary is escaped once more, so a « <script> » typed in a summary stays text in the reader too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _

from synergies.basins.models import Commune
from synergies.lib import search
from synergies.practices.models import Practice
from synergies.practices.services.indexing import INDEX
from synergies.practices.views.showcase.common import cards

LATEST = 30


@dataclass(frozen=True)
class Selection:
    """What the feed was asked for: the filters as the search understands them, and their names for its title."""

    filters: dict[str, list[str]]
    place: str = ""
    domain: str = ""


def _code(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").strip()[:40]


class RssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "fr"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Selection:
        filters: dict[str, list[str]] = {}
        place = ""
        commune = _code(request, "commune")
        if commune:
            filters["commune"] = [commune]
            found = Commune.objects.by_code(commune)
            place = found.name if found is not None else commune
            if found is not None:
                filters["commune"] = [found.nis_code]
        domain = _code(request, "domain")
        if domain:
            filters["domain"] = [domain]
        return Selection(filters=filters, place=place, domain=domain)

    def title(self, obj: Selection) -> str:
        title = _("Synergies — nouvelles pratiques et outils")
        if obj.place:
            title += " — " + obj.place
        if obj.domain:
            title += " — " + obj.domain
        return title

    def link(self, obj: Selection) -> str:
        return reverse("practices:index")

    def description(self, obj: Selection) -> str:
        return _("Les dernières pratiques et outils pour les compétences de base publiés dans le catalogue.")

    def items(self, obj: Selection) -> list[Practice]:
        result = search.search(INDEX, "", filters=obj.filters, order="newest", limit=LATEST)
        return cards([hit.object_id for hit in result.hits])

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return escape(item.summary)

    def item_link(self, item: Practice) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Practice) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Practice) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Practice) -> str:
        return item.holder.name

    def item_categories(self, item: Practice) -> list[str]:
        return [str(item.get_kind_display()), *(tag.concept.code for tag in item.skills.all())]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Selection) -> str:
        return self.description(obj)
