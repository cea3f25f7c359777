"""lib.search.highlight: the query's words marked in original text, and nothing of that text executable."""

from __future__ import annotations

import re

import pytest

from synergies.lib import search

INDEX = "test-highlight"


@pytest.fixture
def parse(db):
    def parse(q: str) -> search.ParsedQuery:
        return search.search(INDEX, q).query

    return parse


def test_matching_words_are_marked_in_the_original_spelling(parse):
    html = search.highlight("Les apprenants découvrent l'Alphabétisation.", parse("apprenant alphabetisation"))
    assert html == "Les <mark>apprenants</mark> découvrent l&#x27;<mark>Alphabétisation</mark>."


def test_synonyms_and_corrections_are_marked_too(parse, db):
    search.SearchSynonym.objects.create(index=INDEX, term="TIC", expansions="numérique")
    search.index_document(INDEX, search.Document(1, {"A": "lecture"}, {}, None, "lecture"))
    assert search.highlight("Le numérique", parse("tic")) == "Le <mark>numérique</mark>"
    assert search.highlight("Une lecture", parse("lecure")) == "Une <mark>lecture</mark>"


def test_stop_words_are_never_marked(parse):
    assert search.highlight("la lecture de la lettre", parse("la lecture")) == "la <mark>lecture</mark> de la lettre"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '"><svg onload=alert(1)>',
        "<a href='javascript:alert(1)'>alert</a>",
        "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'>",
        "</mark><script>alert(1)</script><mark>",
        "<<script>alert(1)//<</script>",
    ],
)
def test_text_is_escaped_whatever_it_holds(parse, payload):
    html = search.highlight(f"{payload} alert", parse("alert"))
    assert "<mark>alert</mark>" in html
    bare = html.replace("<mark>", "").replace("</mark>", "")
    assert not re.search(r"[<>\"']", bare)
    assert (
        search.highlight(payload, parse("alert"), max_chars=20).count("<")
        == search.highlight(payload, parse("alert"), max_chars=20).count("<mark>") * 2
    )


def test_a_snippet_is_cut_around_the_first_match_with_ellipses(parse):
    text = "Lorem ipsum " * 20 + "un atelier d'alphabétisation pour adultes " + "dolor sit amet " * 20
    html = search.highlight(text, parse("alphabétisation"), max_chars=80)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>alphabétisation</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "").replace("&#x27;", "'")) <= 82


def test_a_snippet_without_match_is_the_start_of_the_text(parse):
    html = search.highlight("Un texte assez long pour être coupé en deux", parse("zèbre"), max_chars=20)
    assert html.startswith("Un texte") and html.endswith("…")
    assert search.highlight("Court", parse("zèbre"), max_chars=20) == "Court"


def test_an_empty_query_marks_nothing(parse):
    assert search.highlight("<b>Texte</b>", parse("")) == "&lt;b&gt;Texte&lt;/b&gt;"
