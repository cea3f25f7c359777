"""The showcase's addresses: the catalogue's home, a practice's page (with its print view and contact form), the
territory view, the feeds and a pôle's section.

A practice lives at /pratiques/<slug>/, beside the catalogue's own pages (/pratiques/recherche/, /pratiques/nouvelle/…)
that other modules route after this one: the `practice_slug` converter refuses the reserved names, so those pages are
reached whatever the order of the modules in urls/__init__.py.
"""

from __future__ import annotations

import re

from django.urls import path, register_converter

from synergies.practices.feeds import AtomFeed, RssFeed
from synergies.practices.services.records import RESERVED_SLUGS
from synergies.practices.views.showcase import contact, home, page, pole, territory

_RESERVED = "|".join(re.escape(slug) for slug in sorted(RESERVED_SLUGS))


class PracticeSlugConverter:
    regex = rf"(?!(?:{_RESERVED})/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PracticeSlugConverter, "practice_slug")

PRACTICE = "<practice_slug:slug>/"

urlpatterns = [
    path("", home.index, name="index"),
    path("flux.rss", RssFeed(), name="feed_rss"),
    path("flux.atom", AtomFeed(), name="feed_atom"),
    path("territoire/", territory.territory, name="territory"),
    path("territoire/<slug:commune>/", territory.commune, name="commune"),
    path("pole/<slug:basin>/<str:code>/", pole.pole_section, name="pole"),
    path(PRACTICE, page.practice_detail, name="practice"),
    path(PRACTICE + "imprimer/", page.practice_print, name="print"),
    path(PRACTICE + "contact/", contact.practice_contact, name="contact"),
]
