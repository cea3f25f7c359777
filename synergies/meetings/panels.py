"""Panels that higher apps add to the meeting page, which the meetings app cannot import.

The decisions app (layer 5), for instance, shows on a meeting's page the proposals decided in that meeting. From its
AppConfig.ready() it registers a template and a function that builds the template's context::

    from synergies.meetings.panels import register_panel

    def decided_here(request, meeting):
        proposals = list(Proposal.objects.decided_in(meeting))
        return {"proposals": proposals} if proposals else None

    register_panel("decisions/includes/meeting_panel.html", decided_here)

The meeting page renders every registered panel, in the order they were registered, with the page's context plus
what the function returned (`meeting`, `pole` and `request` are always there); a function returning None hides its
panel. Registering the same template twice replaces the first registration, so a reloaded app does not show twice.
A panel template starts with its own `<h2>` (the meeting page's sections are h2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Panel", "panels_for", "register_panel", "render_panels", "unregister_panel"]

ContextFunction = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any]


_PANELS: dict[str, ContextFunction] = {}


def register_panel(template_name: str, context_function: ContextFunction) -> None:
    _PANELS[template_name] = context_function


def unregister_panel(template_name: str) -> None:
    _PANELS.pop(template_name, None)


def panels_for(request: HttpRequest, meeting: Any) -> list[Panel]:
    """The panels to show on `meeting`'s page for this request."""
    shown = []
    for template_name, function in list(_PANELS.items()):
        context = function(request, meeting)
        if context is not None:
            shown.append(Panel(template_name, context))
    return shown


def render_panels(request: HttpRequest, meeting: Any, context: dict[str, Any]) -> list[SafeString]:
    """Each shown panel rendered with the page's `context` plus its own; templates autoescape, so the HTML is safe."""
    return [
        mark_safe(render_to_string(panel.template_name, {**context, **panel.context}, request=request))
        for panel in panels_for(request, meeting)
    ]
