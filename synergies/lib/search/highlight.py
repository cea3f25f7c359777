"""Marking the query's words in original text: the same analysis as the index, applied to the text as written."""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import analysis
from .types import ParsedQuery

ELLIPSIS = "…"


def _matches(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    spans = []
    for match in analysis.WORD.finditer(text):
        if any(analysis.stem(word) in query.stems for word in analysis.fold_word(match.group())):
            spans.append(match.span())
    return spans


def highlight(text: str, query: ParsedQuery, *, max_chars: int | None = None) -> SafeString:
    """HTML-escaped ``text`` with each matching word in ``<mark>``; with ``max_chars``, a snippet around the first.

    Escaping happens piece by piece after cutting, so a snippet never ends inside an entity and no markup of the
    text survives.
    """
    text = unicodedata.normalize("NFC", text or "")
    spans = _matches(text, query) if query.stems else []
    start, end = 0, len(text)
    if max_chars is not None and len(text) > max_chars:
        first = spans[0][0] if spans else 0
        start = max(0, first - max_chars // 4)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + max_chars)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > (spans[0][1] if spans else start) else end
    pieces = [ELLIPSIS] if start else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))  # every piece of the text was escaped above
