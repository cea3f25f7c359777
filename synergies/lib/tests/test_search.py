"""lib.search on whichever database the run uses: the same expectations hold for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from synergies.lib import search
from synergies.lib.search import Document, SearchSynonym

INDEX = "test-search"
D = datetime.date

DOCS = [
    (1, "Atelier d'alphabétisation", "Apprendre à lire et à écrire en groupe",
     "Les apprenants progressent en lecture grâce à des supports éco-conçus.",
     {"kind": ["atelier"], "public": ["adultes"], "commune": ["mons"]}, D(2024, 1, 10)),
    (2, "Formation au numérique", "Découvrir l'ordinateur et internet",
     "Un apprenant découvre la messagerie et la navigation.",
     {"kind": ["formation"], "public": ["adultes", "jeunes"], "commune": ["charleroi"]}, D(2024, 2, 10)),
    (3, "Calcul et numératie au quotidien", "Exercices de calcul mental",
     "Former les formateurs à la numératie.",
     {"kind": ["outil"], "public": ["jeunes"], "commune": ["mons"]}, D(2024, 3, 10)),
    (4, "Savoir-être en entreprise", "Communication et travail d'équipe",
     "Des ateliers pour développer les compétences relationnelles.",
     {"kind": ["atelier"], "public": ["jeunes"], "commune": ["la louvière"]}, D(2023, 12, 1)),
    (5, "Français langue étrangère pour débutants", "Oral et écrit",
     "Formations en petits groupes.",
     {"kind": ["formation"], "public": ["adultes"], "commune": ["mons"]}, None),
    (6, "Informatique pour tous", "Tablettes et smartphones à la mediatheque",
     "Atelier de lecture numérique.",
     {"kind": ["atelier"], "public": ["seniors"], "commune": ["charleroi"]}, D(2024, 4, 1)),
]  # fmt: skip

FACETS = ("kind", "public", "commune")


def make(object_id: int, title: str, summary: str = "", body: str = "", facets=None, day=None) -> Document:
    return Document(object_id, {"A": title, "B": summary, "C": body}, facets or {}, day, title)


@pytest.fixture
def catalogue(db):
    search.index_documents(INDEX, [make(*row) for row in DOCS])
    for term, expansions in [
        ("alpha", "alphabétisation"),
        ("TIC", "numérique, informatique"),
        ("maths", "numératie"),
        ("soft skills", "savoir-être"),
        ("FLE", "français langue étrangère"),
    ]:
        SearchSynonym.objects.create(index=INDEX, term=term, expansions=expansions)


def ids(q: str = "", **options) -> list[int]:
    return [hit.object_id for hit in search.search(INDEX, q, **options).hits]


def found(q: str, **options) -> set[int]:
    return set(ids(q, **options))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("alphabetisation", {1}),
        ("ALPHABÉTISATION", {1}),
        ("médiathèque", {6}),
        ("eco", {1}),
        ("éco", {1}),
        ("savoir-être", {4}),
        # Elisions drop; no document says « apprentissage », so those saying « apprenants » answer (relaxed).
        ("l'apprentissage d'apprenants", {1, 2}),
    ],
)
def test_accents_case_and_hyphens_do_not_matter(catalogue, q, expected):
    assert found(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("apprenant", {1, 2}),
        ("apprenants", {1, 2}),
        ("formation", {2, 5}),
        ("formations", {2, 5}),
        ("ateliers", {1, 4, 6}),
    ],
)
def test_plural_and_singular_share_a_stem(catalogue, q, expected):
    assert found(q) == expected


def test_words_the_stemmer_keeps_apart_stay_apart(catalogue):
    assert found("former") == {3}
    assert found("formateur") == {3}


def test_the_little_words_around_what_is_sought_need_not_match(catalogue):
    result = search.search(INDEX, "tablettes près de la médiathèque, sans inscription ? chez vous")
    assert result.query.words == ["tablettes", "mediatheque", "inscription"]
    assert (result.at_least, [hit.object_id for hit in result.hits]) == (2, [6])
    assert found("tout pour le calcul, très vers la numératie") == {3}


def test_every_word_of_the_query_must_match_while_some_document_holds_them_all(catalogue):
    assert found("atelier lecture") == {1, 6}
    assert found("atelier numérique") == {6}
    apart = search.search(INDEX, "atelier calcul")
    assert (apart.at_least, {hit.object_id for hit in apart.hits}) == (1, {1, 3, 4, 6})


@pytest.mark.parametrize(
    ("typed", "typo", "correction", "expected"),
    [
        ("alphabétisaton", "alphabetisaton", "alphabétisation", {1}),
        ("numerque", "numerque", "numérique", {2, 6}),
        ("lecure", "lecure", "lecture", {1, 6}),
        ("mumérique", "mumerique", "numérique", {2, 6}),  # even the first letter
        ("vormation", "vormation", "formation", {2, 5}),
    ],
)
def test_a_word_no_document_contains_is_corrected_and_reported(catalogue, typed, typo, correction, expected):
    result = search.search(INDEX, typed)
    assert result.query.corrections == {typo: correction}
    assert {hit.object_id for hit in result.hits} == expected


def test_known_words_and_short_words_are_not_corrected(catalogue):
    assert search.search(INDEX, "lecture").query.corrections == {}
    assert search.search(INDEX, "lir").query.corrections == {}


@pytest.mark.parametrize(
    ("q", "expected"),
    [("alpha", {1}), ("TIC", {2, 6}), ("maths", {3}), ("soft skills", {4}), ("fle", {5}), ("atelier tic", {6})],
)
def test_synonyms_expand_a_term(catalogue, q, expected):
    assert found(q) == expected


def test_synonym_expansions_are_reported_and_phrases_are_one_unit(catalogue):
    parsed = search.search(INDEX, "Soft Skills en atelier").query
    assert parsed.words == ["soft skills", "atelier"]
    assert parsed.expansions == {"soft skills": ["savoir-être"]}
    assert parsed.corrections == {}


def test_an_edited_synonym_applies_to_the_next_search(catalogue):
    synonym = SearchSynonym.objects.create(index=INDEX, term="ordi", expansions="ordinateur")
    assert found("ordi") == {2}
    synonym.expansions = "tablette"
    synonym.save()
    assert found("ordi") == {6}


def test_synonyms_belong_to_their_index(catalogue):
    SearchSynonym.objects.create(index="elsewhere", term="ordi", expansions="ordinateur")
    assert found("ordi") == set()


def test_filters_or_within_a_facet_and_across_facets(catalogue):
    assert found("", filters={"kind": ["atelier"]}) == {1, 4, 6}
    assert found("", filters={"kind": ["atelier", "formation"]}) == {1, 2, 4, 5, 6}
    assert found("", filters={"kind": ["atelier", "formation"], "commune": ["mons"]}) == {1, 5}
    assert found("lecture", filters={"public": ["seniors"]}) == {6}
    assert found("", filters={"kind": []}) == {1, 2, 3, 4, 5, 6}
    assert found("", filters={"kind": ["inconnu"]}) == set()


def test_a_query_no_document_holds_whole_finds_those_holding_most_of_its_words(catalogue):
    strict = search.search(INDEX, "atelier lecture", facets=FACETS)
    assert (strict.at_least, {hit.object_id for hit in strict.hits}) == (None, {1, 6})
    # No document says « numérique », « tablettes » and « calcul » together; the 6th says two of them.
    relaxed = search.search(INDEX, "numérique tablettes calcul", facets=FACETS)
    assert relaxed.is_relaxed and relaxed.at_least == 2
    assert ([hit.object_id for hit in relaxed.hits], relaxed.total) == ([6], 1)
    one = search.search(INDEX, "xylophone numératie", facets=FACETS)
    assert (one.at_least, [hit.object_id for hit in one.hits], one.facets["kind"]) == (1, [3], {"outil": 1})
    # Filters still apply, and the counts describe the relaxed set.
    filtered = search.search(INDEX, "alphabétisation numératie", filters={"commune": ["mons"]}, facets=FACETS)
    assert filtered.at_least == 1 and {hit.object_id for hit in filtered.hits} == {1, 3}
    assert filtered.facets["commune"] == {"mons": 2}
    # A query some document holds whole is never relaxed, even when the filters leave nothing of it.
    narrowed = search.search(INDEX, "atelier lecture", filters={"commune": ["la louvière"]})
    assert (narrowed.total, narrowed.at_least) == (0, None)
    assert search.search(INDEX, "xylophone zanzibar").at_least is None


def test_a_relaxed_search_ranks_and_pages_like_any_other(catalogue):
    words = "atelier lecture numérique tablettes xylophone"
    result = search.search(INDEX, words, facets=FACETS)
    assert result.at_least == 4 and [hit.object_id for hit in result.hits] == [6]
    first = search.search(INDEX, "lecture ordinateur calcul xylophone", facets=FACETS, limit=2)
    second = search.search(INDEX, "lecture ordinateur calcul xylophone", facets=FACETS, offset=2, limit=2)
    assert (first.at_least, first.total, len(first.hits), len(second.hits)) == (1, 4, 2, 2)
    assert sorted(hit.object_id for hit in first.hits + second.hits) == [1, 2, 3, 6]
    newest = search.search(INDEX, "lecture ordinateur calcul xylophone", order="newest")
    assert [hit.object_id for hit in newest.hits] == [6, 3, 2, 1]


def test_facet_counts_are_disjunctive(catalogue):
    result = search.search(INDEX, "", filters={"kind": ["atelier", "formation"], "commune": ["mons"]}, facets=FACETS)
    assert result.total == 2
    assert result.facets == {
        "kind": {"atelier": 1, "formation": 1, "outil": 1},
        "public": {"adultes": 2},
        "commune": {"charleroi": 2, "mons": 2, "la louvière": 1},
    }


def test_facet_counts_follow_the_query(catalogue):
    result = search.search(INDEX, "atelier", filters={"kind": ["atelier"]}, facets=FACETS)
    assert result.total == 3
    assert result.facets["kind"] == {"atelier": 3}
    assert result.facets["public"] == {"adultes": 1, "jeunes": 1, "seniors": 1}
    everything = search.search(INDEX, "", facets=["public"])
    assert everything.facets == {"public": {"adultes": 3, "jeunes": 3, "seniors": 1}}


def test_orderings(catalogue):
    assert ids(order="newest") == [6, 3, 2, 1, 4, 5]
    assert ids() == [6, 3, 2, 1, 4, 5]
    assert ids(order="title") == [1, 3, 2, 5, 6, 4]
    assert ids("atelier", order="title") == [1, 6, 4]
    assert ids("atelier")[0] == 1
    assert ids("groupe", order="newest") == [1, 5]


def test_relevance_scores_decrease(catalogue):
    hits = search.search(INDEX, "atelier").hits
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert hits[0].score > 0


def test_a_word_in_the_title_outranks_the_summary_which_outranks_the_body(db):
    body = "Une méthode de potager partagé. Le potager, au potager, pour le potager."
    search.index_documents(
        INDEX,
        [
            make(1, "Lecture et écriture", "Un atelier", body, day=D(2025, 1, 1)),
            make(2, "Atelier de potager", "Un atelier", "", day=D(2020, 1, 1)),
            make(3, "Jardin partagé", "Un potager pour apprendre", "", day=D(2021, 1, 1)),
        ],
    )
    assert ids("potager") == [2, 3, 1]


def test_documents_matching_only_in_their_body_are_found_and_ranked_newest_first_among_equals(db):
    search.index_documents(
        INDEX,
        [make(n, f"Fiche {n}", "Un atelier", "On y cultive un potager.", day=D(2020, n, 1)) for n in (1, 2, 3)],
    )
    assert ids("potager") == [3, 2, 1]


def test_an_unknown_order_is_a_programming_error(catalogue):
    with pytest.raises(ValueError, match="order"):
        search.search(INDEX, "", order="random")


def test_pagination(catalogue):
    page = search.search(INDEX, "", order="newest", offset=2, limit=2)
    assert page.total == 6
    assert [hit.object_id for hit in page.hits] == [2, 1]
    beyond = search.search(INDEX, "atelier", offset=10)
    assert (beyond.total, beyond.hits) == (3, [])
    assert search.search(INDEX, "", limit=0).total == 6


ODD_INPUTS = [
    '"', "'", '""', "*", "AND OR NOT NEAR", "NEAR(atelier lecture)", "(", ")", "-", "-atelier", ":", "a:b", "^",
    "atelier*", "{a b}: atelier", "col:atelier", "'; DROP TABLE lib_searchdocument; --", "1' OR '1'='1",
    "atelier & | ! <-> lecture", "x" * 2000, "atelier " * 300, "📚 atelier 🎉", "\x00", "atelier\x00lecture",
    "   ", "\t\n", "ﬁlière ½", "l'", "&&", "!!", "%", "%s", "\\", "e\u0301cole",
]  # fmt: skip


@pytest.mark.parametrize("q", ODD_INPUTS)
def test_odd_input_answers_normally(catalogue, q):
    result = search.search(INDEX, q, filters={"kind": ["atelier"]}, facets=FACETS)
    assert result.total == len(result.hits) or result.total > len(result.hits)
    assert isinstance(search.highlight(q, result.query), str)


def test_empty_and_punctuation_only_queries_list_everything(catalogue):
    for q in ("", "  ", "?!", "le la les"):
        result = search.search(INDEX, q)
        assert result.query.is_empty
        assert result.total == 6


def test_replacing_a_document_replaces_its_text_and_facets(catalogue):
    search.index_document(INDEX, make(1, "Atelier de couture", facets={"kind": ["outil"]}, day=D(2020, 1, 1)))
    assert found("couture") == {1}
    assert found("alphabétisation") == set()
    assert search.search(INDEX, "", facets=["kind"]).facets["kind"]["outil"] == 2
    assert search.search(INDEX, "").total == 6


def test_removing_and_clearing(catalogue):
    search.index_document("other", make(1, "Atelier d'alphabétisation"))
    search.remove_document(INDEX, 1)
    search.remove_document(INDEX, 999)
    assert found("alphabétisation") == set()
    assert search.search(INDEX, "").total == 5
    search.clear_index(INDEX)
    assert search.search(INDEX, "", facets=FACETS).total == 0
    assert found("atelier") == set()
    assert [hit.object_id for hit in search.search("other", "alphabétisation").hits] == [1]


def test_similar_documents_share_rare_words(db):
    search.index_documents(
        INDEX,
        [
            make(1, "Jardin partagé", "Un potager collectif", facets={"commune": ["mons"]}),
            make(2, "Jardin pédagogique à l'école", "Potager collectif des enfants", facets={"commune": ["binche"]}),
            make(3, "Jardin d'hiver", facets={"commune": ["mons"]}),
            make(4, "Théâtre forum", facets={"commune": ["mons"]}),
        ],
    )
    assert [hit.object_id for hit in search.similar(INDEX, 1)] == [2, 3]
    assert search.similar(INDEX, 1, boost_facets=["commune"])[0].object_id == 3
    assert [hit.object_id for hit in search.similar(INDEX, 1, limit=1)] == [2]
    assert search.similar(INDEX, 4) == []
    assert search.similar(INDEX, 999) == []


def test_similar_documents_rank_by_shared_words_then_newest_and_never_include_themselves(db):
    search.index_documents(
        INDEX,
        [
            make(1, "Potager jardin compost", day=D(2022, 1, 1)),
            make(2, "Compost, jardin et potager", day=D(2020, 1, 1)),
            make(3, "Jardin potager", day=D(2024, 1, 1)),
            make(4, "Un potager au jardin", day=D(2023, 1, 1)),
            make(5, "Potager", day=D(2025, 1, 1)),
            make(6, "Compost"),
        ],
    )
    hits = search.similar(INDEX, 1, limit=10)
    assert [hit.object_id for hit in hits] == [2, 3, 4, 5, 6]
    assert [round(hit.score, 3) for hit in hits] == [0.75, 0.667, 0.667, 0.5, 0.5]
    assert [hit.object_id for hit in search.similar(INDEX, 1, limit=2)] == [2, 3]
    assert [hit.object_id for hit in search.similar(INDEX, 6)] == [1, 2]


def test_query_count_stays_constant_as_documents_grow(catalogue, django_assert_num_queries):
    options: dict[str, Any] = {"filters": {"kind": ["atelier"], "commune": ["mons"]}, "facets": FACETS}
    with CaptureQueriesContext(connection) as few:
        search.search(INDEX, "atelier lecture", **options)
    search.index_documents(
        INDEX, [make(100 + n, f"Atelier de lecture {n}", facets={"kind": ["atelier"]}) for n in range(50)]
    )
    with django_assert_num_queries(len(few.captured_queries)):
        result = search.search(INDEX, "atelier lecture", **options)
    assert len(few.captured_queries) <= 8
    assert result.total == 1


def test_a_process_reads_the_facet_bitmaps_again_only_after_a_write(catalogue, django_assert_num_queries):
    def reads_facets(queries: list[dict[str, Any]]) -> bool:
        return any("name IN" in query["sql"] for query in queries)

    with CaptureQueriesContext(connection) as first:
        search.search(INDEX, "atelier", facets=FACETS)
    with django_assert_num_queries(len(first.captured_queries)) as again:
        search.search(INDEX, "atelier", facets=FACETS)
    assert not reads_facets(again.captured_queries)
    search.index_document(INDEX, make(50, "Atelier d'écriture", facets={"kind": ["atelier"], "commune": ["binche"]}))
    with CaptureQueriesContext(connection) as changed:
        result = search.search(INDEX, "atelier", facets=FACETS)
    assert reads_facets(changed.captured_queries)
    assert result.facets["commune"] == {"charleroi": 1, "binche": 1, "la louvière": 1, "mons": 1}


def test_facet_counts_forget_a_rolled_back_write_and_a_cleared_index(catalogue):
    def kinds() -> dict[str, int]:
        return search.search(INDEX, "", facets=FACETS).facets["kind"]

    with pytest.raises(RuntimeError), transaction.atomic():
        search.index_document(INDEX, make(60, "Atelier", facets={"kind": ["atelier"]}))
        assert kinds()["atelier"] == 4
        raise RuntimeError("rolled back")
    # The next write must not look like the rolled-back one to a process that still holds its counts.
    search.index_document(INDEX, make(61, "Formation", facets={"kind": ["formation"]}))
    assert kinds() == {"atelier": 3, "formation": 3, "outil": 1}
    search.clear_index(INDEX)
    assert kinds() == {}


def test_a_document_written_twice_in_one_call_keeps_its_last_version(db):
    first = make(1, "Atelier de couture", facets={"kind": ["atelier"]})
    second = make(1, "Potager collectif", facets={"kind": ["outil"]})
    assert search.index_documents(INDEX, [first, make(2, "Atelier vélo"), second], batch_size=1) == 3
    assert found("couture") == set()
    assert found("potager") == {1}
    assert search.search(INDEX, "", facets=["kind"]).facets == {"kind": {"outil": 1}}


def test_a_new_document_inherits_nothing_from_a_removed_one(catalogue):
    search.remove_document(INDEX, 6)
    search.index_document(INDEX, make(7, "Théâtre forum", facets={"kind": ["outil"]}))
    assert found("informatique") == set()
    assert found("théâtre") == {7}
    result = search.search(INDEX, "", facets=["kind", "public"])
    assert result.total == 6
    assert result.facets["kind"] == {"atelier": 2, "formation": 2, "outil": 2}
    assert "seniors" not in result.facets["public"]


@pytest.mark.parametrize(
    "q", ["atelier", "lecture numérique", "fle", "soft skills", "tic", "alphabétisaton", "groupe formations", ""]
)
@pytest.mark.parametrize("order", ["relevance", "newest", "title"])
def test_the_total_and_the_counts_agree_with_the_hits(catalogue, q, order):
    result = search.search(INDEX, q, facets=["kind"], order=order, limit=100)
    assert result.total == len(result.hits) == len({hit.object_id for hit in result.hits})
    assert sum(result.facets["kind"].values()) == result.total
