"""Every pair of colours the theme puts text on reaches WCAG 2.1 AA contrast (4.5:1; 3:1 for focus rings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "portal" / "css" / "site.css"


def variables() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(encoding="utf-8"), re.S)
    assert root is not None
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root.group(1)))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_PAIRS = [
    ("ink", "paper"),
    ("ink", "wash"),
    ("muted", "paper"),
    ("muted", "wash"),
    ("link", "paper"),
    ("link", "wash"),
    ("brand-ink", "brand"),
    ("brand", "paper"),
    ("brand", "wash"),
    ("ok-ink", "ok-bg"),
    ("warn-ink", "warn-bg"),
    ("error-ink", "error-bg"),
    ("error-ink", "paper"),
]


def test_the_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_reach_aa_contrast_on_their_backgrounds(text: str, background: str) -> None:
    colours = variables()
    ratio = contrast(colours[text], colours[background])
    assert ratio >= 4.5, f"--{text} on --{background}: {ratio:.2f}:1"


def test_the_focus_ring_stands_out_from_the_page() -> None:
    colours = variables()
    assert contrast(colours["focus"], colours["paper"]) >= 3


def test_the_button_hover_colour_keeps_white_text_readable() -> None:
    hover = re.search(r"\.button:hover[^{]*{\s*background:\s*(#[0-9a-fA-F]{6})", CSS.read_text(encoding="utf-8"))
    assert hover is not None
    assert contrast("#ffffff", hover.group(1)) >= 4.5
