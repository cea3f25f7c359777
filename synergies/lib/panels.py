"""A registry of page panels that higher apps add to a lower app's page, which cannot import them.

A lower app makes one `Panels()` for a page and documents what its subject is; each higher app registers, from its
AppConfig.ready(), a template and a function `(request, subject) -> dict | None` that builds the template's context
(None hides the panel). The page renders the shown panels in registration order, each with the page's context plus
its own. Registering the same template twice replaces the first registration, so a reloaded app does not show twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

__all__ = ["ContextFunction", "Panel", "Panels"]

ContextFunction = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any]


class Panels:
    def __init__(self) -> None:
        self._functions: dict[str, ContextFunction] = {}

    def register(self, template_name: str, context_function: ContextFunction) -> None:
        self._functions[template_name] = context_function

    def unregister(self, template_name: str) -> None:
        self._functions.pop(template_name, None)

    def shown(self, request: HttpRequest, subject: Any) -> list[Panel]:
        """The panels to show on `subject`'s page for this request."""
        found = []
        for template_name, function in list(self._functions.items()):
            context = function(request, subject)
            if context is not None:
                found.append(Panel(template_name, context))
        return found

    def render(self, request: HttpRequest, subject: Any, context: dict[str, Any]) -> list[SafeString]:
        """Each shown panel rendered with the page's `context` plus its own; templates autoescape, so the HTML is
        safe."""
        return [
            mark_safe(render_to_string(panel.template_name, {**context, **panel.context}, request=request))
            for panel in self.shown(request, subject)
        ]
