"""Small view helpers that know no domain."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """403 unless the user holds `perm` (on `obj`), as declared in the apps' rules.py."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
