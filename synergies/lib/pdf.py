"""PDF documents (minutes, transmissions) rendered from Django templates by WeasyPrint.

The renderer fetches nothing from the network: a template may only use `data:` URLs and the project's own static
files, so a user's text can never make the server request an outside address while a PDF is made.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlparse

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

__all__ = ["render_pdf", "sha256"]


class RefusedResource(ValueError):
    pass


def _fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    import weasyprint

    parsed = urlparse(url)
    if parsed.scheme == "data":
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    if parsed.scheme == "static":
        path = finders.find(parsed.path.lstrip("/"))
        if path:
            with open(path, "rb") as handle:
                return {"string": handle.read(), "mime_type": None}
    raise RefusedResource(f"PDF rendering does not fetch {url!r}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template_name` rendered with `context` (an HTML template with its own print CSS)."""
    import weasyprint

    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url="static:///", url_fetcher=_fetch).write_pdf()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
