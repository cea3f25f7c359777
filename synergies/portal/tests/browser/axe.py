"""Run axe-core (shipped by the axe-playwright-python package) in a page and describe what it finds."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations of the WCAG 2.0/2.1 A and AA rules on the current page (injected outside the page's CSP)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS,
    )
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])} — {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)
