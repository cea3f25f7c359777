"""Markdown written by users (minutes, proposals, descriptions), rendered to HTML that cannot carry scripts.

Rendering and sanitising are one step, so no caller can forget the second: the Markdown is turned into HTML, then nh3
keeps only the tags and attributes a text needs, drops every event handler, style and unknown scheme (`javascript:`
links become plain text), and marks links `rel="noopener noreferrer nofollow"`. Raw HTML typed into the Markdown is
escaped by nh3's allow-list like anything else.
"""

from __future__ import annotations

import html as _html

import markdown as _markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

__all__ = ["ALLOWED_TAGS", "render", "to_text"]

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> SafeString:
    """Safe HTML for `text` (Markdown with tables, lists and links). Headings start at h2: the page owns its h1."""
    html = _markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


def to_text(text: str) -> str:
    """The words of `text` without markup, for e-mails, feeds and search."""
    return _html.unescape(nh3.clean(str(render(text)), tags=set())).strip()
