"""The territory view: every commune of the basin with its count of published and inspiring practices, grouped by
sub-area, and a page per commune with the practices of its sub-area beside them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.basins.models import Commune
from synergies.practices.models import Status
from synergies.practices.tests.factories import make_practice, make_public_pole
from synergies.practices.tests.factories_showcase import label, many_practices, text_of

pytestmark = pytest.mark.django_db

TERRITORY = reverse("practices:territory")


def commune_url(slug: str) -> str:
    return reverse("practices:commune", kwargs={"commune": slug})


def row(html: str, commune: str) -> list[str]:
    """The cells of the commune's row in the table, as text."""
    found = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(commune)}</a>.*?</tr>", html, re.S)
    assert found is not None, commune
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(0), re.S)]


def test_every_commune_of_the_basin_is_listed_with_its_counts(client: Client, pole: Any) -> None:
    louviere = make_practice(pole, title="À La Louvière", communes=("58001",))
    make_practice(pole, title="À La Louvière et Mons", communes=("58001", "53053"))
    make_practice(pole, status=Status.DRAFT, title="Brouillon", communes=("58001",))
    label(louviere)
    response = client.get(TERRITORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="row">') == 25
    assert row(html, "La Louvière")[:2] == ["2", "1"]
    assert row(html, "Mons")[:2] == ["1", "0"]
    assert row(html, "Honnelles")[:2] == ["0", "0"]
    text = text_of(response)
    assert "Centre" in text and "Mons-Borinage" in text
    assert re.search(r"2 pratiques publiées dans la sous-région ?, dont 1 inspirante", text)


def test_the_counts_lead_to_the_search_filtered_on_the_commune_and_the_sub_area(client: Client, pole: Any) -> None:
    make_practice(pole, communes=("58001",))
    html = client.get(TERRITORY).content.decode()
    try:
        reverse("practices:search")
    except Exception:
        pytest.skip("the search page is not routed yet")
    assert "?commune=58001" in html and "?sub_area=Centre" in html
    assert f'href="{commune_url("la-louviere")}"' in html


def test_a_basin_chooser_appears_when_several_basins_have_practices(
    client: Client, pole: Any, other_basin: Any
) -> None:
    make_practice(pole, communes=("58001",))
    assert 'name="bassin"' not in client.get(TERRITORY).content.decode()
    namur_commune = Commune.objects.create(
        basin=other_basin, name="Namur", slug="namur", nis_code="92094", postal_code="5000", sub_area="Namur"
    )
    other = make_public_pole(other_basin, name="Numérique", code="NUM")
    make_practice(other, title="Atelier namurois", communes=(namur_commune.nis_code,), skills=())
    html = client.get(TERRITORY).content.decode()
    assert 'name="bassin"' in html and '<option value="namur">' in html
    namur = client.get(TERRITORY, {"bassin": "namur"})
    assert row(namur.content.decode(), "Namur")[:2] == ["1", "0"]
    assert client.get(TERRITORY, {"bassin": "atlantide"}).status_code == 404


def test_the_territory_costs_the_same_queries_whatever_the_catalogue(client: Client, pole: Any) -> None:
    many_practices(pole, 3)
    with CaptureQueriesContext(connection) as small:
        client.get(TERRITORY)
    for practice in many_practices(pole, 20, start=3)[:4]:
        label(practice)
    with CaptureQueriesContext(connection) as large:
        client.get(TERRITORY)
    assert len(large) == len(small)


def test_a_commune_page_lists_its_practices_then_those_of_its_sub_area(client: Client, pole: Any) -> None:
    make_practice(pole, title="Ici même", communes=("58001",))
    make_practice(pole, title="À Soignies", communes=("55040",))
    make_practice(pole, title="À Mons", communes=("53053",))
    make_practice(pole, status=Status.DRAFT, title="Brouillon ici", communes=("58001",))
    response = client.get(commune_url("la-louviere"))
    assert response.status_code == 200
    text = text_of(response)
    here, around = text.split("Ailleurs dans la sous-région Centre", 1)
    assert "1 pratique publiée à La Louvière" in here and "Ici même" in here and "À Soignies" not in here
    assert "À Soignies" in around and "Ici même" not in around
    assert "À Mons" not in text and "Brouillon ici" not in text


def test_a_commune_without_practices_says_so(client: Client, pole: Any) -> None:
    text = text_of(client.get(commune_url("honnelles")))
    assert "Aucune pratique publiée ne s’y déroule encore." in text


def test_an_unknown_commune_is_not_found(client: Client, basin: Any) -> None:
    assert client.get(commune_url("atlantide")).status_code == 404


def test_a_commune_page_paginates_in_constant_queries(client: Client, pole: Any) -> None:
    many_practices(pole, 3, communes=("58001",))
    with CaptureQueriesContext(connection) as small:
        client.get(commune_url("la-louviere"))
    many_practices(pole, 22, start=3, communes=("58001",))
    with CaptureQueriesContext(connection) as large:
        response = client.get(commune_url("la-louviere"))
    assert len(large) == len(small)
    assert "Page 1 sur 2" in text_of(response)
    assert "Pratique numéro 024" in text_of(response) and "Pratique numéro 000" not in text_of(response)
    assert "Pratique numéro 000" in text_of(client.get(commune_url("la-louviere"), {"page": 2}))
