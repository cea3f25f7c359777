"""The sections of a pôle's navigation that the apps above the pôles add (meetings, decisions, transmissions…).

The pôles sit below the apps that work inside a pôle, so they cannot import them: each such app registers its
section here from its AppConfig.ready(), and the pôle's navigation lists them in their `order`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

__all__ = ["Section", "register", "sections_for"]


@dataclass(frozen=True)
class Section:
    """A link to `url_name` (which takes the pôle's `basin` and `code`), shown to users with `perm` on the pôle and
    marked current on every page of the URL namespace of the same name (or `namespace`, when given)."""

    label: Promise | str
    url_name: str
    perm: str
    order: int = 50
    namespace: str = ""

    def is_current(self, request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        namespace = self.namespace or self.url_name.split(":", 1)[0]
        return match is not None and match.namespace == namespace


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.url_name] = section


def sections_for(request: HttpRequest, pole: Any) -> list[dict[str, Any]]:
    kwargs = {"basin": pole.basin.code, "code": pole.code}
    return [
        {"label": s.label, "url": reverse(s.url_name, kwargs=kwargs), "current": s.is_current(request)}
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.url_name))
        if request.user.has_perm(s.perm, pole)
    ]
