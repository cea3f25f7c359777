"""The catalogue's home: the search box, the latest and the inspiring practices, the ways in by domain, public and
sub-area, and links to the territory view and the feeds, in a number of queries that does not grow with the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.practices.models import Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_showcase import label, many_practices, text_of

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("practices:index")


def test_the_home_shows_the_latest_publications_and_not_the_drafts(client: Client, pole: Any) -> None:
    many_practices(pole, 8)
    make_practice(pole, status=Status.DRAFT, title="Brouillon invisible")
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "Dernières publications" in text
    assert "Pratique numéro 007" in text and "Pratique numéro 002" in text
    assert "Pratique numéro 001" not in text  # six cards: the two oldest wait on the search page
    assert "Brouillon invisible" not in text
    assert "8 pratiques et outils pour les compétences de base" in text


def test_the_inspiring_practices_show_the_decision_that_labelled_them(client: Client, pole: Any) -> None:
    practices = many_practices(pole, 3)
    decision = label(practices[1])
    html = client.get(INDEX_URL).content.decode()
    inspiring = html.split('id="inspirantes"', 1)[1]
    assert "Pratique numéro 001" in inspiring and "Pratique numéro 002" not in inspiring
    assert f'href="{decision.get_absolute_url()}">décision {decision.reference}</a>' in inspiring


def test_the_home_has_no_inspiring_section_before_any_label(client: Client, pole: Any) -> None:
    many_practices(pole, 2)
    assert 'id="inspirantes"' not in client.get(INDEX_URL).content.decode()


def test_the_domains_of_the_referential_in_force_lead_to_the_search_with_their_counts(
    client: Client, pole: Any
) -> None:
    many_practices(pole, 5)  # skills cycle through LIT-03, NUM-02, DIG-01, SOC-02, LIT-04
    response = client.get(INDEX_URL)
    text = text_of(response)
    html = response.content.decode()
    assert "CB-LIT Littératie (2 pratiques)" in text
    assert "CB-NUM Numératie (1 pratique)" in text
    assert "CB-SOC Relationnel (1 pratique)" in text
    assert "?domain=CB-LIT" in html


def test_the_publics_and_sub_areas_lead_to_the_search(client: Client, pole: Any) -> None:
    many_practices(pole, 5, publics=["FLE"])
    response = client.get(INDEX_URL)
    text = text_of(response)
    html = response.content.decode()
    assert "Primo-arrivants, français langue étrangère (5 pratiques)" in text
    assert "?public=FLE" in html
    assert "Centre (3 pratiques)" in text and "Mons-Borinage (2 pratiques)" in text
    assert "?sub_area=Mons-Borinage" in html


def test_the_home_links_the_territory_view_and_announces_its_feeds(client: Client, pole: Any) -> None:
    html = client.get(INDEX_URL).content.decode()
    assert f'href="{reverse("practices:territory")}"' in html
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Nouvelles pratiques (RSS)" href="{reverse("practices:feed_rss")}">'
        in html
    )
    assert (
        f'type="application/atom+xml" title="Nouvelles pratiques (Atom)" href="{reverse("practices:feed_atom")}"'
        in html
    )
    assert 'role="search"' in html and 'name="q"' in html


def test_the_search_box_sends_its_words_to_the_search_page(client: Client, pole: Any) -> None:
    html = client.get(INDEX_URL).content.decode()
    form = html.split('role="search"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form
    try:
        search_url = reverse("practices:search")
    except Exception:  # the search page is another module's; until it exists the form posts to itself
        search_url = ""
    assert f'action="{search_url}"' in html


def test_the_home_costs_the_same_queries_with_5_or_60_practices(client: Client, pole: Any) -> None:
    first = many_practices(pole, 5)
    label(first[0])
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX_URL).status_code == 200
    more = many_practices(pole, 55, start=5)
    for practice in more[:7]:
        label(practice)
    with CaptureQueriesContext(connection) as large:
        assert client.get(INDEX_URL).status_code == 200
    assert len(large) == len(small)
