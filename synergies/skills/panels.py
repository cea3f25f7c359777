"""Panels that higher apps add to a concept's page, which the skills app cannot import.

The practices catalogue (layer 8), for instance, will show on a concept's page the practices and tools that work on
that skill. From its AppConfig.ready() it registers a template and a function that builds the template's context::

    from synergies.skills.panels import register_panel

    def practices_for(request, node):
        practices = list(Practice.objects.published().visible_to(request.user).about(node.concept))
        return {"practices": practices} if practices else None

    register_panel("practices/includes/concept_panel.html", practices_for)

The concept page renders every registered panel, in the order they were registered, after its own sections, with the
page's context plus what the function returned (`node`, `version`, `framework` and `request` are always there); a
function returning None hides its panel. The function receives the node the page shows (`node.concept` is the
identity that lasts across versions: what a practice should point to). Registering the same template twice replaces
the first registration, so a reloaded app does not show twice. A panel template starts with its own `<h2>` (the
concept page's sections are h2).
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


def panels_for(request: HttpRequest, node: Any) -> list[Panel]:
    """The panels to show on the page of `node` (a `Node`: a concept as one version states it) for this request."""
    shown = []
    for template_name, function in list(_PANELS.items()):
        context = function(request, node)
        if context is not None:
            shown.append(Panel(template_name, context))
    return shown


def render_panels(request: HttpRequest, node: Any, context: dict[str, Any]) -> list[SafeString]:
    """Each shown panel rendered with the page's `context` plus its own; templates autoescape, so the HTML is safe."""
    return [
        mark_safe(render_to_string(panel.template_name, {**context, **panel.context}, request=request))
        for panel in panels_for(request, node)
    ]
