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

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from synergies.lib.panels import ContextFunction, Panel, Panels

__all__ = ["Panel", "panels_for", "register_panel", "render_panels", "unregister_panel"]

_PANELS = Panels()


def register_panel(template_name: str, context_function: ContextFunction) -> None:
    _PANELS.register(template_name, context_function)


def unregister_panel(template_name: str) -> None:
    _PANELS.unregister(template_name)


def panels_for(request: HttpRequest, node: Any) -> list[Panel]:
    """The panels to show on the page of `node` (a `Node`: a concept as one version states it) for this request."""
    return _PANELS.shown(request, node)


def render_panels(request: HttpRequest, node: Any, context: dict[str, Any]) -> list[SafeString]:
    return _PANELS.render(request, node, context)
