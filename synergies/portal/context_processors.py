from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from synergies.accounts.rules import is_staff_member


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": "Synergies",
        "IS_STAFF_MEMBER": bool(user is not None and is_staff_member(user)),
        "DEFAULT_BASIN": settings.DEFAULT_BASIN,
        "LANGUAGE_LINKS": language_links(request),
    }


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in each language: plain links, so switching needs no form, no cookie and no JavaScript."""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "html_lang": "en" if code == "en" else "fr-BE",
                "name": info["name_local"].capitalize(),
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return links
