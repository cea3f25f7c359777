"""Text helpers that know no domain."""

from __future__ import annotations

import re
import unicodedata


def one_line(text: str) -> str:
    """Collapse line breaks and runs of ordinary spaces, keeping no-break spaces (French typography) intact."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def fold(text: str) -> str:
    """Lower case without accents or ligatures, for accent-insensitive matching on any database."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
