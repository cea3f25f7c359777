"""A version's files: the downloads its page offers, and the view that writes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from synergies.skills import exports
from synergies.skills.models import FrameworkVersion
from synergies.skills.views.common import get_version_for_user

BOOKLET_SECONDS = 60 * 60 * 24 * 30

EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle; charset=utf-8", "to_turtle"),
    "jsonld": ("application/ld+json", "to_jsonld"),
    "csv": ("text/csv; charset=utf-8", "to_csv"),
    "pdf": ("application/pdf", "booklet_pdf"),
}
"""Media type and the function of `synergies.skills.exports` that writes the file, looked up when called."""


@dataclass(frozen=True)
class Download:
    url: str
    label: str
    description: str
    media_type: str


def _downloads(version: FrameworkVersion) -> list[Download]:
    kwargs = {"framework": version.framework.slug, "number": version.number}
    described = {
        "ttl": (_("SKOS en Turtle (.ttl)"), _("pour les outils du web sémantique (RDF)")),
        "jsonld": (_("SKOS en JSON-LD (.jsonld)"), _("le même graphe RDF, lisible par les applications web")),
        "csv": (_("Tableau CSV (.csv)"), _("un concept par ligne, pour un tableur (UTF-8)")),
        "pdf": (_("Livret PDF (.pdf)"), _("le livret imprimable : concepts, paliers et correspondances")),
    }
    return [
        Download(
            url=reverse("skills:export", kwargs={**kwargs, "fmt": fmt}),
            label=label,
            description=description,
            media_type=EXPORT_FORMATS[fmt][0].split(";")[0],
        )
        for fmt, (label, description) in described.items()
    ]


def version_export(request: HttpRequest, framework: str, number: str, fmt: str) -> HttpResponse:
    """A version as a file. A released version's booklet is kept in the cache (its content never changes; the key
    holds the content's fingerprint and status): rendering it takes seconds. A draft's is rendered each time."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    version = get_version_for_user(request, framework, number)
    content_type, name = EXPORT_FORMATS[fmt]
    export: Callable[[FrameworkVersion], bytes] = getattr(exports, name)
    if fmt == "pdf" and not version.is_draft:
        key = f"skills:booklet:{version.pk}:{version.content_hash}:{version.status}:{get_language()}"
        data = cache.get(key)
        if data is None:
            data = export(version)
            cache.set(key, data, BOOKLET_SECONDS)
    else:
        data = export(version)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(version, fmt)}"'
    return response
