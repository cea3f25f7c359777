"""lib.text.fold: accent-, case- and ligature-insensitive matching."""

from __future__ import annotations

import pytest

from synergies.lib.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("École", "ecole"),
        ("THÉÂTRE", "theatre"),
        ("Quiévrain", "quievrain"),
        ("Le Rœulx", "le roeulx"),
        ("ŒUVRES sociales", "oeuvres sociales"),
        ("Lætitia ÆSOP", "laetitia aesop"),
        ("ﬁlière", "filiere"),
        ("Straße", "strasse"),
        ("  La   Louvière\t\n", "la louviere"),
        ("Chapelle-lez-Herlaimont", "chapelle-lez-herlaimont"),
        ("", ""),
    ],
)
def test_folding_removes_case_accents_ligatures_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_differently_written_forms_of_a_name_fold_to_the_same_key():
    assert fold("ÉCAUSSINNES") == fold("écaussinnes") == fold("Ecaussinnes")
    assert fold("Cœur") == fold("COEUR")


def test_folding_twice_changes_nothing():
    once = fold("  Œuvre  d'ÉDUCATION  ")

    assert fold(once) == once == "oeuvre d'education"
