"""The catalogue's JSON API: ranked results with their external identifiers, the page's filters, links between
pages, French 400s, 404s for what is not published, and an OpenAPI schema that documents every parameter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.poles.models import Pole
from synergies.practices.models import Practice
from synergies.practices.services.indexing import FACETS
from synergies.practices.tests.factories_search import many_practices, small_catalogue

URL = reverse("api:practices")
NBSP = "\u00a0"


@pytest.fixture
def catalogue(pole: Pole) -> dict[str, Practice]:
    practices = small_catalogue(pole)
    Practice.objects.filter(pk=practices["lecture"].pk).update(external_id="EPALE-2024-117")
    return practices


def get(client: Client, params: Any = None, url: str = URL) -> Any:
    response = client.get(url, params or {})
    assert response["Content-Type"] == "application/json", response.content
    return response


def test_the_search_answers_ranked_results_with_their_external_identifier(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = get(client, {"q": "atelier lecture"})
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["count", "next", "previous", "query", "facets", "results"]
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    assert data["query"] == {"q": "atelier lecture", "corrections": {}, "expansions": {}, "words": 2, "at_least": None}
    (result,) = data["results"]
    lecture = catalogue["lecture"]
    assert result == {
        "id": lecture.pk,
        "slug": lecture.slug,
        "url": f"http://testserver/pratiques/{lecture.slug}/",
        "external_id": "EPALE-2024-117",
        "title": "Atelier de lecture à voix haute",
        "summary": lecture.summary,
        "kind": "methode",
        "publics": ["DE", "ALPHA"],
        "skills": [{"code": "CB-LIT-03", "label": "Lire", "main": True}],
        "communes": [{"nis_code": "58001", "name": "La Louvière"}],
        "modality": "presentiel",
        "evidence_level": 1,
        "holder": {"name": lecture.holder.name, "world": "training"},
        "inspiring": False,
        "published_at": result["published_at"],
        "score": result["score"],
    }
    assert lecture.published_at is not None
    assert result["score"] > 0 and result["published_at"].startswith(str(lecture.published_at.year))


def test_a_practice_without_external_identifier_says_null(client: Client, catalogue: dict[str, Practice]) -> None:
    results = get(client, {"q": "budget"}).json()["results"]
    assert [r["external_id"] for r in results] == [None]


def test_results_are_ranked_like_the_page(client: Client, catalogue: dict[str, Practice]) -> None:
    page = client.get(reverse("practices:search"), {"sort": "titre"}).content.decode()
    titles = [r["title"] for r in get(client, {"sort": "titre"}).json()["results"]]
    assert titles == sorted(titles, key=page.index)
    newest = [r["title"] for r in get(client).json()["results"]]
    assert newest[0] == "Atelier de lecture à voix haute"
    assert "Lecture en brouillon" not in newest


def test_filters_mean_what_they_mean_on_the_page(client: Client, catalogue: dict[str, Practice]) -> None:
    data = get(client, [("public", "DE"), ("kind", "methode"), ("kind", "outil")]).json()
    assert {r["title"] for r in data["results"]} == {"Atelier de lecture à voix haute", "Maths au quotidien"}
    assert {f["value"]: f["count"] for f in data["facets"]["kind"]} == {"methode": 1, "outil": 1, "dispositif": 1}
    assert set(data["facets"]) == set(FACETS)
    by_commune = get(client, {"commune": "53053"}).json()
    assert {r["title"] for r in by_commune["results"]} == {"Maths au quotidien", "Zéro fracture numérique"}
    by_skill = get(client, {"skill": "CB-DIG-01"}).json()
    assert [r["title"] for r in by_skill["results"]] == ["Zéro fracture numérique"]
    labels = {f["value"]: f["label"] for f in by_skill["facets"]["domain"]}
    assert labels["CB-DIG"] == "Numérique"
    assert [r["title"] for r in get(client, {"sub_area": "Centre"}).json()["results"]] == [
        "Atelier de lecture à voix haute",
        "Coopérer sur chantier",
    ]
    assert get(client, {"world": "education", "evidence": "1"}).json()["count"] == 1


def test_a_typo_is_reported_in_the_query(client: Client, catalogue: dict[str, Practice]) -> None:
    data = get(client, {"q": "lectrue"}).json()
    assert data["query"]["corrections"] == {"lectrue": "lecture"}
    assert data["count"] >= 1
    assert get(client, {"q": "lectrue", "exact": "1"}).json()["count"] == 0


def test_words_no_practice_holds_together_answer_those_holding_most_of_them(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    data = get(client, {"q": "lecture chantier"}).json()
    assert (data["query"]["words"], data["query"]["at_least"], data["count"]) == (2, 1, 2)
    assert {result["title"] for result in data["results"]} == {
        "Atelier de lecture à voix haute",
        "Coopérer sur chantier",
    }


def test_pages_link_to_each_other_with_the_same_criteria(client: Client, pole: Pole) -> None:
    many_practices(pole, 12)
    first = get(client, {"q": "atelier", "page_size": "5"}).json()
    assert first["count"] == 12 and len(first["results"]) == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/practices/?q=atelier&page_size=5&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/practices/?q=atelier&page_size=5"
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 2 and last["next"] is None
    ids = [r["id"] for page in (first, second, last) for r in page["results"]]
    assert len(set(ids)) == 12


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page_size": "1000"}, "page_size", "La taille de page est un nombre entier de 1 à 100."),
        ({"page_size": "0"}, "page_size", "La taille de page est un nombre entier de 1 à 100."),
        ({"page": "0"}, "page", "Le numéro de page est un nombre entier de 1 à 5000."),
        ({"page": "abc"}, "page", "Le numéro de page est un nombre entier de 1 à 5000."),
        ({"kind": "zzz"}, "kind", f"Valeur inconnue{NBSP}: «{NBSP}zzz{NBSP}»."),
        ({"commune": "Mons"}, "commune", f"«{NBSP}Mons{NBSP}» n’est pas une valeur possible de ce filtre."),
        ({"sort": "zzz"}, "sort", f"Tri inconnu{NBSP}: «{NBSP}zzz{NBSP}»."),
        ({"q": "x" * 400}, "q", "La recherche compte au plus 300 caractères."),
    ],
)
def test_a_bad_parameter_answers_400_naming_it_in_french(
    client: Client, catalogue: dict[str, Practice], params: dict[str, str], field: str, message: str
) -> None:
    response = get(client, params)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)


def test_a_page_past_the_last_answers_404(client: Client, catalogue: dict[str, Practice]) -> None:
    response = get(client, {"page": "3"})
    assert response.status_code == 404
    assert response.json() == {"detail": f"Cette page n’existe pas{NBSP}: la recherche compte 1 page."}


def test_odd_words_answer_normally(client: Client, catalogue: dict[str, Practice]) -> None:
    for q in ["*", '"atelier', "lecture OR (", "NEAR(a b)", "\x00", "' ; DROP TABLE practices_practice; --"]:
        response = get(client, {"q": q})
        assert response.status_code == 200, q


def test_one_published_practice_is_served_with_its_content(client: Client, catalogue: dict[str, Practice]) -> None:
    lecture = catalogue["lecture"]
    response = get(client, url=reverse("api:practice", kwargs={"slug": lecture.slug}))
    assert response.status_code == 200
    data = response.json()
    assert data["external_id"] == "EPALE-2024-117"
    assert data["title"] == lecture.title and data["licence"] == "CC-BY-4.0"
    assert "score" not in data
    assert data["skills"] == [{"code": "CB-LIT-03", "label": "Lire", "main": True}]
    assert data["partners"] == []


def test_a_draft_is_not_found(client: Client, catalogue: dict[str, Practice]) -> None:
    response = get(client, url=reverse("api:practice", kwargs={"slug": catalogue["brouillon"].slug}))
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune pratique publiée à cette adresse."}
    assert get(client, url=reverse("api:practice", kwargs={"slug": "nulle-part"})).status_code == 404


def test_the_api_is_read_only_and_needs_no_account(client: Client, catalogue: dict[str, Practice]) -> None:
    assert client.post(URL, {}, content_type="application/json").status_code == 405
    assert client.delete(reverse("api:practice", kwargs={"slug": catalogue["lecture"].slug})).status_code == 405
    assert "Set-Cookie" not in get(client).headers


def test_the_query_count_does_not_grow_with_the_catalogue(
    client: Client, pole: Pole, django_assert_max_num_queries: Any
) -> None:
    many_practices(pole, 5)
    with CaptureQueriesContext(connection) as few:
        assert get(client, {"q": "atelier"}).status_code == 200
    many_practices(pole, 55)
    with django_assert_max_num_queries(len(few)):
        assert len(get(client, {"q": "atelier"}).json()["results"]) == 20


def test_the_schema_lists_every_parameter_with_a_french_description(client: Client, db: Any) -> None:
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"].startswith("API Synergies")
    operation = schema["paths"]["/api/v1/practices/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"q", "public", "skill", "commune", "kind", "page", "page_size", "sort", *FACETS} <= set(parameters)
    assert all(p["description"] for p in parameters.values())
    assert parameters["kind"]["schema"]["items"]["enum"] == sorted(
        ["methode", "outil", "dispositif", "ressource", "projet"]
    )
    assert parameters["commune"]["schema"]["items"]["pattern"] == "^[0-9]{5}$"
    assert "Code INS" in parameters["commune"]["description"]
    assert "/api/v1/practices/{slug}/" in schema["paths"]
    as_json = client.get(reverse("api:schema"), {"format": "json"})
    assert json.loads(as_json.content)["paths"].keys() == schema["paths"].keys()


def test_the_schema_is_valid_openapi(db: Any, tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "practices_search" in target.read_text()


def test_the_documentation_page_lists_the_endpoints_and_links_the_schema(client: Client, db: Any) -> None:
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/api/v1/schema/"' in page and 'href="/api/v1/schema/?format=json"' in page
    assert "<code>page_size</code>" in page and "<code>commune</code>" in page
    assert "GET /api/v1/practices/" in page
    assert "<script" not in page
