"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models


class URLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's default, adopted now)."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
