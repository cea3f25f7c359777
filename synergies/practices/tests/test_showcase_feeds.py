"""The RSS and Atom feeds of new publications: valid XML, the 30 latest, filters by commune and domain, scripts
kept as text, and a number of queries that does not grow with the catalogue."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.practices.models import Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_showcase import many_practices

pytestmark = pytest.mark.django_db

RSS = reverse("practices:feed_rss")
ATOM = reverse("practices:feed_atom")
A = "{http://www.w3.org/2005/Atom}"


def rss_items(client: Client, **params: str) -> list[ET.Element]:
    response = client.get(RSS, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def atom_entries(client: Client, **params: str) -> list[ET.Element]:
    response = client.get(ATOM, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{A}entry")


def test_the_rss_feed_lists_publications_newest_first(client: Client, pole: Any) -> None:
    many_practices(pole, 3)
    make_practice(pole, status=Status.DRAFT, title="Brouillon")
    items = rss_items(client)
    assert [item.findtext("title") for item in items] == [
        "Pratique numéro 002",
        "Pratique numéro 001",
        "Pratique numéro 000",
    ]
    first = items[0]
    assert first.findtext("link", "").startswith("http") and first.findtext("link", "").endswith(
        "/pratique-numero-002/"
    )
    assert first.findtext("pubDate")
    assert first.findtext("description") == "Un atelier de lecture et de calcul, variante 2."
    assert {c.text for c in items[1].findall("category")} == {"méthode", "CB-NUM-02"}


def test_the_atom_feed_holds_the_same_entries(client: Client, pole: Any) -> None:
    many_practices(pole, 2)
    entries = atom_entries(client)
    assert [entry.findtext(f"{A}title") for entry in entries] == ["Pratique numéro 001", "Pratique numéro 000"]
    assert entries[0].find(f"{A}link").get("href", "").endswith("/pratique-numero-001/")  # type: ignore[union-attr]
    assert entries[0].findtext(f"{A}updated") and entries[0].findtext(f"{A}author/{A}name")


def test_the_feeds_hold_the_30_latest(client: Client, pole: Any) -> None:
    many_practices(pole, 32)
    items = rss_items(client)
    assert len(items) == 30 and items[0].findtext("title") == "Pratique numéro 031"
    assert len(atom_entries(client)) == 30


def test_the_feeds_filter_by_commune_and_by_domain(client: Client, pole: Any) -> None:
    many_practices(pole, 5)
    assert [i.findtext("title") for i in rss_items(client, commune="53053")] == ["Pratique numéro 001"]
    assert [i.findtext("title") for i in rss_items(client, domain="CB-LIT")] == [
        "Pratique numéro 004",
        "Pratique numéro 000",
    ]
    assert rss_items(client, commune="99999") == []
    channel = ET.fromstring(client.get(RSS, {"commune": "53053"}).content).find("channel")
    assert channel is not None and "Mons" in channel.findtext("title", "")


def test_an_old_nis_code_finds_the_merged_commune(client: Client, pole: Any) -> None:
    make_practice(pole, title="À La Louvière", communes=("58001",))
    assert [i.findtext("title") for i in rss_items(client, commune="55022")] == ["À La Louvière"]


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title><script>alert(1)</script>"]
)
def test_scripts_in_a_record_stay_text_in_the_feeds(client: Client, pole: Any, payload: str) -> None:
    make_practice(pole, title=f"Atelier {payload}", summary=f"Résumé {payload}")
    item = rss_items(client)[0]
    assert item.findtext("title") == f"Atelier {payload}"
    description = item.findtext("description", "")
    assert "<" not in description and "&lt;" in description  # a reader decoding it as HTML shows the text
    entry = atom_entries(client)[0]
    assert "<" not in entry.findtext(f"{A}summary", "")


def test_the_feeds_cost_the_same_queries_whatever_the_catalogue(client: Client, pole: Any) -> None:
    many_practices(pole, 5)
    with CaptureQueriesContext(connection) as small:
        client.get(RSS)
    many_practices(pole, 30, start=5)
    with CaptureQueriesContext(connection) as large:
        client.get(RSS)
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as filtered:
        client.get(RSS, {"commune": "58001", "domain": "CB-LIT"})
    assert len(filtered) <= len(small) + 2
