from typing import Any

from django.conf import settings
from django.http import HttpRequest

from synergies.accounts.rules import is_staff_member


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": "Synergies",
        "IS_STAFF_MEMBER": bool(user is not None and is_staff_member(user)),
        "DEFAULT_BASIN": settings.DEFAULT_BASIN,
    }
