"""French by default, English on request, under /en/."""

import re
from typing import Any

import pytest
from django.test import Client

from synergies.directory.tests.utils import page_text

pytestmark = pytest.mark.django_db


def language_links(text: str) -> dict[str, str]:
    """The footer's links to this page in the other languages, by hreflang."""
    nav = text.split('class="language-switch"', 1)[1].split("</nav>", 1)[0]
    return {hreflang: href for href, hreflang in re.findall(r'<a href="([^"]*)" lang="[^"]*" hreflang="([^"]*)"', nav)}


def test_the_site_speaks_french_by_default_without_a_language_prefix(client: Client, basin: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr-BE">' in page_text(response)
    assert response["Content-Language"] == "fr-be"


def test_choosing_english_leads_to_the_english_home_page_under_en(client: Client, basin: Any) -> None:
    response = client.post("/i18n/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="en">' in text
    assert response["Content-Language"] == "en"
    assert 'href="/en/annuaire/"' in text


def test_choosing_english_on_a_directory_page_keeps_the_page(client: Client, basin: Any) -> None:
    response = client.post("/i18n/langue/", {"language": "en", "next": "/annuaire/?monde=training"})
    assert response["Location"] == "/en/annuaire/?monde=training"
    assert '<html lang="en">' in page_text(client.get(response["Location"]))


def test_an_unsafe_next_address_is_not_followed(client: Client, basin: Any) -> None:
    response = client.post("/i18n/langue/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_french_page_links_to_the_same_page_in_english(client: Client, basin: Any) -> None:
    text = page_text(client.get("/annuaire/?monde=training"))
    assert language_links(text) == {"en": "/en/annuaire/?monde=training"}
    assert '<span aria-current="true"><span lang="fr-BE">Français</span></span>' in text


def test_an_english_page_links_back_to_the_same_page_in_french(client: Client, basin: Any) -> None:
    response = client.get("/en/annuaire/?monde=training")
    text = page_text(response)
    assert '<html lang="en">' in text
    assert language_links(text) == {"fr-BE": "/annuaire/?monde=training"}
    french = client.get(language_links(text)["fr-BE"])
    assert '<html lang="fr-BE">' in page_text(french)


def test_the_english_home_page_links_back_to_the_french_home_page(client: Client, basin: Any) -> None:
    assert language_links(page_text(client.get("/en/"))) == {"fr-BE": "/"}
    assert language_links(page_text(client.get("/"))) == {"en": "/en/"}
