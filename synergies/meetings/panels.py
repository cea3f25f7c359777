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


def panels_for(request: HttpRequest, meeting: Any) -> list[Panel]:
    """The panels to show on `meeting`'s page for this request."""
    return _PANELS.shown(request, meeting)


def render_panels(request: HttpRequest, meeting: Any, context: dict[str, Any]) -> list[SafeString]:
    return _PANELS.render(request, meeting, context)
