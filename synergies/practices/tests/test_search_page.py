"""The catalogue's search page: words, facets that combine with their counts, sorting, pages, highlights,
corrections and synonyms, odd inputs, and a query count that does not grow with the catalogue."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from synergies.lib import search
from synergies.lib.search import SearchSynonym
from synergies.poles.models import Pole
from synergies.practices.models import Practice
from synergies.practices.services import indexing
from synergies.practices.services.indexing import INDEX
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_search import many_practices, small_catalogue
from synergies.practices.tests.factories_showcase import label
from synergies.skills.models import Framework, Node
from synergies.skills.services.versions import start_version

URL = reverse("practices:search")
NBSP = "\u00a0"


@pytest.fixture
def catalogue(pole: Pole) -> dict[str, Practice]:
    return small_catalogue(pole)


def titles(response: Any) -> list[str]:
    """The result cards' titles, in order, without their highlighting."""
    found = re.findall(
        r'<article class="card practice-card">\s*<h3><a href="[^"]+">(.*?)</a></h3>', response.content.decode(), re.S
    )
    return [re.sub(r"</?mark>", "", title) for title in found]


def facet(response: Any, name: str) -> dict[str, str]:
    """Value → the label text of each checkbox of the facet `name` on the page."""
    page = response.content.decode()
    options = {}
    for match in re.finditer(rf'<input type="checkbox" id="([^"]+)" name="{name}" value="([^"]+)"', page):
        label = re.search(rf'<label for="{match.group(1)}">(.*?)</label>', page, re.S)
        assert label is not None
        options[match.group(2)] = re.sub(r"<[^>]+>", "", label.group(1)).replace(NBSP, " ").strip()
    return options


def count_of(response: Any) -> str:
    match = re.search(r'<h2 id="resultats" aria-live="polite">([^<]+)</h2>', response.content.decode())
    assert match is not None
    return match.group(1)


def test_without_words_the_page_lists_every_published_practice_newest_first(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert count_of(response) == "4 pratiques"
    assert titles(response) == [
        "Atelier de lecture à voix haute",
        "Coopérer sur chantier",
        "Zéro fracture numérique",
        "Maths au quotidien",
    ]
    assert "Lecture en brouillon" not in response.content.decode()


def test_words_find_the_practices_and_are_marked_in_the_summary(client: Client, catalogue: dict[str, Practice]) -> None:
    response = client.get(URL, {"q": "lectures adultes"})
    assert titles(response) == ["Atelier de lecture à voix haute"]
    page = response.content.decode()
    assert "<mark>adultes</mark> lisent" in page
    assert "<mark>lecture</mark>" in page
    assert count_of(response) == "1 pratique"


def test_facets_combine_and_each_counts_what_widening_it_would_bring(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL, {"public": "DE", "kind": "methode"})
    assert titles(response) == ["Atelier de lecture à voix haute"]
    # The kinds ignore the kind filter: among the practices for DE, one method, one tool, one scheme.
    assert facet(response, "kind") == {
        "methode": "Méthode (1 pratique)",
        "outil": "Outil (1 pratique)",
        "dispositif": "Dispositif (1 pratique)",
    }
    # The publics ignore the public filter: among the methods, DE and ALPHA once, CEFA once.
    assert facet(response, "public") == {
        "DE": "Demandeurs d’emploi (1 pratique)",
        "CEFA": "Apprenants en alternance (1 pratique)",
        "ALPHA": "Apprenants en alphabétisation (1 pratique)",
    }
    both = client.get(URL, [("kind", "methode"), ("kind", "outil"), ("public", "DE")])
    assert titles(both) == ["Atelier de lecture à voix haute", "Maths au quotidien"]


def test_facet_labels_come_from_the_vocabularies_and_the_referential_in_force(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL)
    assert facet(response, "domain") == {
        "CB-LIT": "Littératie (1 pratique)",
        "CB-NUM": "Numératie (1 pratique)",
        "CB-DIG": "Numérique (1 pratique)",
        "CB-SOC": "Relationnel (1 pratique)",
    }
    assert facet(response, "skill")["CB-LIT-03"] == "Lire (1 pratique)"
    assert facet(response, "commune")["53053"] == "Mons (2 pratiques)"
    assert facet(response, "sub_area")["Mons-Borinage"] == "Toute la sous-région Mons-Borinage (2 pratiques)"
    assert facet(response, "world") == {
        "education": "Enseignement (1 pratique)",
        "employment": "Emploi et insertion (2 pratiques)",
        "training": "Formation (1 pratique)",
    }
    assert facet(response, "evidence")["3"] == "3 · évaluée par un tiers (1 pratique)"
    assert facet(response, "modality")["hybride"] == "Hybride (1 pratique)"
    page = response.content.decode()
    # Communes are grouped under their sub-area, each group a fieldset of its own.
    assert re.search(r"<legend>Mons-Borinage</legend>.*?Boussu.*?>Mons <span", page, re.S)


def test_values_that_would_find_nothing_are_hidden_unless_chosen(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL, {"q": "budget"})
    assert set(facet(response, "kind")) == {"outil"}
    chosen = client.get(URL, {"q": "budget", "kind": "ressource"})
    assert set(facet(chosen, "kind")) == {"outil", "ressource"}
    assert facet(chosen, "kind")["ressource"].startswith("Ressource (0 pratique")
    assert 'name="kind" value="ressource" checked' in chosen.content.decode()
    assert count_of(chosen).startswith("0 pratique")


def test_each_chosen_filter_is_a_chip_that_removes_it(client: Client, catalogue: dict[str, Practice]) -> None:
    response = client.get(URL, {"q": "atelier", "public": "DE", "commune": "58001"})
    page = response.content.decode()
    assert f"Public{NBSP}: Demandeurs d’emploi" in page or f"Public{NBSP}: demandeurs d’emploi" in page
    assert f"Commune{NBSP}: La Louvière" in page
    assert 'href="?q=atelier&amp;commune=58001"' in page  # without the public
    assert 'href="?q=atelier&amp;public=DE"' in page  # without the commune


def test_the_results_sort_by_title_or_by_date(client: Client, catalogue: dict[str, Practice]) -> None:
    assert titles(client.get(URL, {"sort": "titre"})) == [
        "Atelier de lecture à voix haute",
        "Coopérer sur chantier",
        "Maths au quotidien",
        "Zéro fracture numérique",
    ]
    assert titles(client.get(URL, {"q": "atelier", "sort": "recent"})) == ["Atelier de lecture à voix haute"]
    page = client.get(URL, {"sort": "titre"}).content.decode()
    assert '<option value="titre" selected>' in page


def test_pages_are_linked_accessibly_and_keep_the_criteria(client: Client, pole: Pole) -> None:
    many_practices(pole, 45)
    response = client.get(URL, {"q": "atelier", "page": "2"})
    page = response.content.decode()
    assert count_of(response) == "45 pratiques"
    assert len(titles(response)) == 20
    assert '<nav class="pagination search-pagination" aria-label="Pages de résultats">' in page
    assert re.search(
        r'<a href="\?q=atelier&amp;page=2" aria-current="page"><span class="visually-hidden">Page </span>2</a>', page
    )
    assert 'href="?q=atelier" rel="prev"' in page
    assert 'href="?q=atelier&amp;page=3" rel="next"' in page
    assert '<ol class="cards search-cards" start="21">' in page
    last = client.get(URL, {"q": "atelier", "page": "3"})
    assert len(titles(last)) == 5 and 'rel="next"' not in last.content.decode()


def test_a_typo_is_corrected_with_a_banner_and_the_exact_words_are_one_link_away(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL, {"q": "atelier lectrue"})
    page = response.content.decode()
    assert titles(response) == ["Atelier de lecture à voix haute"]
    assert f"Résultats pour «{NBSP}<strong>atelier lecture</strong>{NBSP}»" in page
    assert 'href="?q=atelier+lectrue&amp;exact=1"' in page
    exact = client.get(URL, {"q": "atelier lectrue", "exact": "1"})
    assert count_of(exact).startswith("0 pratique")
    assert f"Aucune pratique ne contient exactement «{NBSP}atelier lectrue{NBSP}»" in exact.content.decode()
    assert 'href="?q=atelier+lecture"' in exact.content.decode()


def test_the_synonyms_the_search_used_are_shown(client: Client, catalogue: dict[str, Practice]) -> None:
    SearchSynonym.objects.create(index=INDEX, term="maths", expansions="numératie, calcul")
    response = client.get(URL, {"q": "maths"})
    assert f"«{NBSP}maths{NBSP}»{NBSP}: numératie, calcul" in response.content.decode()
    assert titles(response) == ["Maths au quotidien"]


def test_a_postal_code_finds_the_practices_of_its_commune(client: Client, catalogue: dict[str, Practice]) -> None:
    assert titles(client.get(URL, {"q": "7000"})) == ["Zéro fracture numérique", "Maths au quotidien"]
    assert titles(client.get(URL, {"q": "7100"})) == ["Atelier de lecture à voix haute"]


def test_the_labels_of_its_skills_and_publics_find_a_practice_whose_text_does_not_use_them(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    assert "littératie" not in catalogue["lecture"].summary.lower()
    assert titles(client.get(URL, {"q": "littératie"})) == ["Atelier de lecture à voix haute"]
    # The word in a summary (« lire une facture ») outranks the same word as a skill's label.
    assert titles(client.get(URL, {"q": "lire"})) == ["Maths au quotidien", "Atelier de lecture à voix haute"]
    assert titles(client.get(URL, {"q": "alternance"})) == ["Coopérer sur chantier"]


def test_a_draft_of_the_referential_does_not_put_its_wording_in_the_index(
    client: Client, catalogue: dict[str, Practice], pole: Pole, secretary: Any
) -> None:
    draft = start_version(Framework.objects.get(pole=pole), by=secretary)
    Node.objects.filter(version=draft, concept__code="CB-LIT-03").update(label="Déchiffrer des grimoires")
    indexing.refresh(catalogue["lecture"])
    assert titles(client.get(URL, {"q": "grimoires"})) == []
    assert titles(client.get(URL, {"q": "littératie"})) == ["Atelier de lecture à voix haute"]


def test_the_index_speaks_french_whatever_the_language_of_the_request_that_wrote_it(client: Client, pole: Pole) -> None:
    with translation.override("en"):
        make_practice(pole, title="Permanence du soir", summary="Un accueil après la journée.", publics=["TRAV"])
    assert titles(client.get(URL, {"q": "travailleurs"})) == ["Permanence du soir"]
    assert titles(client.get(URL, {"q": "workers"})) == []


def test_words_no_practice_holds_together_show_those_holding_most_of_them_with_a_notice(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL, {"q": "lecture chantier"})
    assert sorted(titles(response)) == ["Atelier de lecture à voix haute", "Coopérer sur chantier"]
    notice = (
        f"Aucune pratique ne contient tous ces mots ensemble{NBSP}: voici celles qui en contiennent au moins 1 sur 2."
    )
    assert notice in response.content.decode()
    assert "ne contient tous ces mots" not in client.get(URL, {"q": "lecture adultes"}).content.decode()


def test_the_cards_show_holder_kind_communes_main_skills_and_badges(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    label(catalogue["lecture"])
    page = client.get(URL).content.decode()
    card = page[page.index("Atelier de lecture à voix haute") : page.index("Coopérer sur chantier")]
    assert "Pratique inspirante" in card and "La Louvière" in card and "CB-LIT-03 Lire" in card
    assert "Méthode · " in card
    assert "Ouverte aux visites" in page[page.index("Zéro fracture numérique") :]
    assert "Cherche des partenaires" in page[page.index("Coopérer sur chantier") :]
    inspiring = client.get(URL, {"label": "inspirante"})
    assert titles(inspiring) == ["Atelier de lecture à voix haute"]
    assert facet(inspiring, "label") == {"inspirante": "Pratique inspirante (1 pratique)"}


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "zzz", "public": "<script>alert(1)</script>"},
        {"commune": "12", "skill": "CB LIT 03; DROP TABLE"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-3"},
        {"sort": "zzz"},
        {"q": "lecture " * 250},
        {"q": '"atelier" AND (lecture OR "voix'},
        {"q": "*"},
        {"q": "<script>alert(1)</script>", "sub_area": "<script>alert(1)</script>"},
        {"q": "\x00lecture\x1f"},
        {"q": "NEAR(lecture atelier) lecture* ^title:atelier -voix"},
        {"evidence": "9", "world": "mars", "label": "oui", "modality": "%"},
    ],
)
def test_odd_input_answers_a_sensible_page(
    client: Client, catalogue: dict[str, Practice], params: dict[str, str]
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert len(titles(response)) >= 0
    assert count_of(response)


def test_unknown_filter_values_are_left_out_rather_than_finding_nothing(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    response = client.get(URL, {"kind": ["zzz", "outil"]})
    assert titles(response) == ["Maths au quotidien"]
    assert 'value="zzz"' not in response.content.decode()
    assert 'name="kind" value="outil" checked' in response.content.decode()
    assert response.content.decode().count('class="tag" href="?"') == 1  # one chip: the tool


def test_a_page_beyond_the_last_shows_the_last_page(client: Client, catalogue: dict[str, Practice]) -> None:
    response = client.get(URL, {"page": "99999"})
    assert len(titles(response)) == 4


def test_the_form_works_without_javascript_and_announces_the_count(
    client: Client, catalogue: dict[str, Practice]
) -> None:
    page = client.get(URL, {"q": "atelier", "sort": "titre"}).content.decode()
    assert "<script" not in page
    assert page.count('<button type="submit"') >= 3
    # The filter form carries the words and the sort along; the words' form carries the sort.
    filters = page[page.index('aria-labelledby="filtres-titre"') :]
    assert '<input type="hidden" name="q" value="atelier">' in filters
    assert 'aria-live="polite"' in page


def _count_queries(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_catalogue(
    client: Client, pole: Pole, django_assert_num_queries: Any
) -> None:
    searched = {"q": "atelier lecture", "public": "DE", "sort": "titre"}
    many_practices(pole, 5)
    few = _count_queries(client, searched)
    few_plain = _count_queries(client, {})
    many_practices(pole, 55)
    with django_assert_num_queries(few):
        response = client.get(URL, searched)
    assert count_of(response) == "16 pratiques"
    assert len(titles(response)) == 16
    with django_assert_num_queries(few_plain):
        assert len(titles(client.get(URL))) == 20


def test_reindexing_rebuilds_the_index_from_the_public_records(client: Client, catalogue: dict[str, Practice]) -> None:
    search.clear_index(INDEX)
    assert count_of(client.get(URL)) == "0 pratique"
    out = io.StringIO()
    call_command("reindex_practices", stdout=out)
    assert out.getvalue().strip() == "4 pratiques indexées."
    assert count_of(client.get(URL)) == "4 pratiques"
    assert titles(client.get(URL, {"q": "brouillon"})) == []
