"""Small helpers shared by the directory's tests."""

from __future__ import annotations

import html
from typing import Any

from synergies.basins.models import Basin, Commune
from synergies.directory.models import Organisation, Site
from synergies.lib.text import fold


def plain(text: str) -> str:
    """Text with French typography's non-breaking spaces made ordinary, and HTML entities decoded."""
    return html.unescape(text).replace("\xa0", " ").replace("\u202f", " ")


def page_text(response: Any) -> str:
    return plain(response.content.decode())


def bulk_organisations(
    basin: Basin, count: int, *, prefix: str = "Organisation", type_code: str = "cisp", start: int = 0, **extra: Any
) -> list[Organisation]:
    """`count` organisations with two sites each, in three queries whatever the count."""
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                basin=basin,
                name=f"{prefix} {n:05d}",
                slug=f"{fold(prefix).replace(' ', '-')}-{n:05d}",
                type=type_code,
                search_text=fold(f"{prefix} {n:05d}"),
                **extra,
            )
            for n in range(start, start + count)
        ]
    )
    communes = list(Commune.objects.filter(basin=basin).order_by("nis_code")[:2])
    Site.objects.bulk_create(
        [
            Site(organisation=organisation, commune=c, is_main=(i == 0))
            for organisation in organisations
            for i, c in enumerate(communes)
        ]
    )
    return organisations
