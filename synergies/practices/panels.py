"""The catalogue's panel on a referential concept's page: the published practices that work on that skill."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from synergies.practices.models import Practice

PANEL_TEMPLATE = "practices/includes/concept_panel.html"
SHOWN = 6


def practices_for(request: HttpRequest, node: Any) -> dict[str, Any] | None:
    tagged = Practice.objects.published().about(node.concept)
    practices = list(tagged.for_cards().order_by("-published_at", "-pk")[:SHOWN])
    if not practices:
        return None
    return {"practices": practices, "practices_total": tagged.count(), "concept_code": node.concept.code}
