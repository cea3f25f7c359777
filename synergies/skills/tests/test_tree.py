"""A version's tree, built in Python from one query: siblings in order, a search that ignores accents and case and
keeps where each match sits, and — should an import have written a loop in the parent links — every node still
shown once and no endless walk."""

from __future__ import annotations

import random
from typing import Any

import pytest

from synergies.skills import services
from synergies.skills.models import FrameworkVersion, Node
from synergies.skills.tests.conftest import REASON, SMALL_SIZE, node, refused
from synergies.skills.tree import Branch, build_tree, load_tree, search_tree

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def shape(branches: list[Branch]) -> list[Any]:
    """The tree as nested (code, [children]) pairs."""
    return [(b.code, shape(b.children)) if b.children else b.code for b in branches]


def every_code(roots: list[Branch]) -> list[str]:
    return [branch.code for root in roots for branch in root.walk()]


SMALL_TREE = [
    (
        "SB",
        [
            ("CB-LIT", ["CB-LIT-01", "CB-LIT-03", "CB-LIT-04", "CB-LIT-06"]),
            ("CB-NUM", ["CB-NUM-01", "CB-NUM-02"]),
        ],
    ),
    ("SE", [("CB-SOC", ["CB-SOC-02", "CB-SOC-04"])]),
]


def test_the_tree_has_roots_and_children_in_order_with_their_depth(
    referential: FrameworkVersion, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        roots = load_tree(referential)
        assert shape(roots) == SMALL_TREE
    depths = {b.code: b.depth for root in roots for b in root.walk()}
    assert (depths["SB"], depths["CB-NUM"], depths["CB-NUM-02"]) == (0, 1, 2)
    assert (roots[0].size, roots[1].size) == (8, 3)


def test_the_tree_follows_the_positions_not_the_order_rows_come_in(
    referential: FrameworkVersion, secretary: Any
) -> None:
    services.move_concept(
        node(referential, "CB-LIT-06"), parent=node(referential, "CB-LIT"), position=0, reason=REASON, by=secretary
    )
    nodes = list(Node.objects.filter(version=referential).for_tree())
    random.Random(4).shuffle(nodes)
    literacy = build_tree(nodes)[0].children[0]
    assert [b.code for b in literacy.children] == ["CB-LIT-06", "CB-LIT-01", "CB-LIT-03", "CB-LIT-04"]


def test_a_node_whose_parent_is_missing_becomes_a_root_rather_than_vanishing(referential: FrameworkVersion) -> None:
    nodes = [n for n in Node.objects.filter(version=referential).for_tree() if n.concept.code != "CB-NUM"]
    roots = build_tree(nodes)
    assert sorted(every_code(roots)) == sorted(n.concept.code for n in nodes)
    assert {"CB-NUM-01", "CB-NUM-02"} <= {root.code for root in roots}


# --- search ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "path", "found"),
    [
        ("ecrire utiles", ["SB", "CB-LIT"], "CB-LIT-04"),
        ("ÉCRIRE UTILES", ["SB", "CB-LIT"], "CB-LIT-04"),
        ("OEUVRE", ["SE", "CB-SOC"], "CB-SOC-02"),
        ("œuvre", ["SE", "CB-SOC"], "CB-SOC-02"),
        ("  courante   LIRE ", ["SB", "CB-LIT"], "CB-LIT-03"),
        ("reading", ["SB", "CB-LIT"], "CB-LIT-03"),
    ],
)
def test_search_ignores_accents_case_and_ligatures_and_opens_the_way_to_the_match(
    referential: FrameworkVersion, query: str, path: list[str], found: str
) -> None:
    roots, count = search_tree(load_tree(referential), query)
    assert count == 1
    branch = roots[0]
    for code in path:
        assert (branch.code, branch.open, branch.matches) == (code, True, False)
        assert len(branch.children) == 1
        branch = branch.children[0]
    assert (branch.code, branch.matches, branch.open) == (found, True, False)
    assert len(roots) == 1


def test_ecrire_finds_ecrire_and_every_other_label_holding_it(referential: FrameworkVersion) -> None:
    roots, count = search_tree(load_tree(referential), "ecrire")
    assert count == 2
    assert {b.code for root in roots for b in root.walk() if b.matches} == {"CB-LIT-04", "CB-LIT-06"}
    assert shape(roots) == [("SB", [("CB-LIT", ["CB-LIT-04", "CB-LIT-06"])])]


def test_every_word_of_the_query_must_match(referential: FrameworkVersion) -> None:
    assert search_tree(load_tree(referential), "lire oeuvre") == ([], 0)


def test_a_match_keeps_its_descendants_and_counts_those_that_match_too(referential: FrameworkVersion) -> None:
    roots, count = search_tree(load_tree(referential), "numératie")
    assert shape(roots) == [("SB", [("CB-NUM", ["CB-NUM-01", "CB-NUM-02"])])]
    assert count == 1
    domain = roots[0].children[0]
    assert domain.matches and not any(child.matches for child in domain.children)
    roots, count = search_tree(load_tree(referential), "cb-lit")
    assert count == 5
    assert shape(roots) == [("SB", [("CB-LIT", ["CB-LIT-01", "CB-LIT-03", "CB-LIT-04", "CB-LIT-06"])])]


def test_an_empty_query_keeps_the_whole_tree_and_no_match_keeps_nothing(referential: FrameworkVersion) -> None:
    roots = load_tree(referential)
    assert search_tree(roots, "   ") == (roots, 0)
    assert search_tree(load_tree(referential), "astrophysique") == ([], 0)


def test_the_search_text_follows_a_renaming(referential: FrameworkVersion, secretary: Any) -> None:
    services.update_concept(node(referential, "CB-NUM-01"), {"label": "Nombres entiers"}, reason=REASON, by=secretary)
    roots, count = search_tree(load_tree(referential), "entiers")
    assert count == 1 and roots[0].children[0].children[0].code == "CB-NUM-01"


# --- loops ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def looped(referential: FrameworkVersion) -> FrameworkVersion:
    """CB-LIT under its own competence CB-LIT-03: a loop no service makes, written straight into a draft (the guard
    refuses bulk writes only to released versions)."""
    Node.objects.filter(pk=node(referential, "CB-LIT").pk).update(parent=node(referential, "CB-LIT-03"))
    return referential


def test_ancestors_of_a_node_in_a_loop_stop_with_a_french_error(looped: FrameworkVersion) -> None:
    with refused("Le référentiel contient un cycle : « Littératie » est son propre ancêtre.", code="cycle"):
        services.ancestors_of(node(looped, "CB-LIT-04"))
    assert [a.concept.code for a in services.ancestors_of(node(looped, "CB-NUM-02"))] == ["CB-NUM", "SB"]


def test_a_move_into_a_loop_is_refused_rather_than_endless(looped: FrameworkVersion, secretary: Any) -> None:
    with refused("contient un cycle", code="cycle"):
        services.move_concept(node(looped, "CB-NUM-01"), parent=node(looped, "CB-LIT-04"), reason=REASON, by=secretary)


def test_a_loop_in_the_parent_links_loses_no_node_and_ends(looped: FrameworkVersion) -> None:
    roots = load_tree(looped)
    assert sorted(every_code(roots)) == sorted(n.concept.code for n in Node.objects.filter(version=looped))
    assert len(every_code(roots)) == SMALL_SIZE
    found, count = search_tree(roots, "lire")
    assert count == 1
    assert "CB-LIT-03" in every_code(found)


def test_a_node_that_is_its_own_parent_is_shown_once(referential: FrameworkVersion) -> None:
    lire = node(referential, "CB-LIT-03")
    Node.objects.filter(pk=lire.pk).update(parent=lire)
    roots = load_tree(referential)
    assert sorted(every_code(roots)) == sorted(n.concept.code for n in Node.objects.filter(version=referential))
