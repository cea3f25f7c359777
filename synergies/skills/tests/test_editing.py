"""Editing a draft of the referential: adding, renaming or redefining, moving, splitting, merging and retiring
concepts, and the crosswalks to other frameworks. Each refusal names its field in French and writes nothing; each
change leaves a line in the version's log (author, reason) and an audit entry."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from synergies.lib.models import AuditEntry
from synergies.lib.text import fold
from synergies.skills import services
from synergies.skills.models import Change, Concept, FrameworkVersion, Mapping, Node
from synergies.skills.tests.conftest import (
    CALCULATE,
    INITIATIVE,
    READ,
    REASON,
    TEAMWORK,
    External,
    build_external,
    children,
    codes,
    node,
    refused,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def add(version: FrameworkVersion, parent_code: str | None, by: Any, **data: Any) -> Node:
    parent = node(version, parent_code) if parent_code else None
    position = data.pop("position", None)
    return services.add_concept(version, data, parent=parent, reason=REASON, by=by, position=position)


def last_change(version: FrameworkVersion) -> Change:
    return Change.objects.filter(version=version).order_by("-at", "-pk").first()  # type: ignore[return-value]


def targets(version: FrameworkVersion, code: str) -> set[str]:
    return set(
        Mapping.objects.filter(source__version=version, source__concept__code=code).values_list(
            "target__concept__uri", flat=True
        )
    )


# --- adding ---------------------------------------------------------------------------------------------------------


def test_a_concept_added_to_a_domain_is_a_competence_with_the_next_code_at_the_end(
    referential: FrameworkVersion, secretary: Any
) -> None:
    added = add(referential, "CB-LIT", secretary, label="  Lire des plans  ")
    assert (added.kind, added.concept.code, added.label) == (Node.Kind.COMPETENCE, "CB-LIT-07", "Lire des plans")
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-03", "CB-LIT-04", "CB-LIT-06", "CB-LIT-07"]


def test_kinds_follow_the_parent_from_the_family_down_to_the_descriptor(
    referential: FrameworkVersion, secretary: Any
) -> None:
    family = add(referential, None, secretary, code="VIE", label="Vie et citoyenneté")
    domain = add(referential, "VIE", secretary, code="CB-VIE", label="Vie quotidienne")
    skill = add(referential, "CB-VIE", secretary, label="Budget et finances")
    descriptor = add(referential, "CB-VIE-01", secretary, label="Tenir un budget mensuel")
    assert [n.kind for n in (family, domain, skill, descriptor)] == ["family", "domain", "competence", "descriptor"]
    assert [n.concept.code for n in (skill, descriptor)] == ["CB-VIE-01", "CB-VIE-01.1"]
    assert children(referential, None) == ["SB", "SE", "VIE"]


def test_a_competence_at_the_root_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Un concept de nature « compétence » se place dans un domaine.", field="parent"):
        add(referential, None, secretary, kind="competence", code="CB-LIT-09", label="Orpheline")


def test_a_domain_inside_a_domain_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Un concept de nature « domaine » se place dans une famille.", field="parent"):
        add(referential, "CB-LIT", secretary, kind="domain", code="CB-ORAL", label="Oral")


def test_nothing_can_be_added_below_a_descriptor(referential: FrameworkVersion, secretary: Any) -> None:
    add(referential, "CB-LIT-03", secretary, label="Lire un horaire")
    with refused("Choisissez la nature du concept", field="kind"):
        add(referential, "CB-LIT-03.1", secretary, label="Lire l’heure de départ")


def test_a_family_needs_a_code_because_top_codes_are_named_not_numbered(
    referential: FrameworkVersion, secretary: Any
) -> None:
    assert services.suggest_code(referential, None) == ""
    assert services.suggest_code(referential, node(referential, "SB")) == ""
    with refused("Un code se compose de lettres sans accents", field="code"):
        add(referential, None, secretary, label="Vie et citoyenneté")


def test_suggested_codes_number_after_the_highest_one(referential: FrameworkVersion) -> None:
    assert services.suggest_code(referential, node(referential, "CB-LIT")) == "CB-LIT-07"
    assert services.suggest_code(referential, node(referential, "CB-NUM")) == "CB-NUM-03"
    assert services.suggest_code(referential, node(referential, "CB-LIT-03")) == "CB-LIT-03.1"


def test_a_retired_code_is_never_suggested_again(referential: FrameworkVersion, secretary: Any) -> None:
    added = add(referential, "CB-LIT", secretary, label="Lire des plans")
    services.retire_concept(added, reason=REASON, by=secretary)
    assert "CB-LIT-07" not in codes(referential)
    assert services.suggest_code(referential, node(referential, "CB-LIT")) == "CB-LIT-08"
    assert add(referential, "CB-LIT", secretary, label="Lire des cartes").concept.code == "CB-LIT-08"


def test_a_code_given_by_hand_is_upper_cased(referential: FrameworkVersion, secretary: Any) -> None:
    assert add(referential, "CB-LIT", secretary, code=" cb-lit-12 ", label="Lire").concept.code == "CB-LIT-12"


@pytest.mark.parametrize("code", ["CB LIT 09", "CB-LIT-é", "-CB", "CB/LIT", "C" * 65])
def test_a_code_with_forbidden_characters_is_refused(referential: FrameworkVersion, secretary: Any, code: str) -> None:
    with refused("Un code se compose de lettres sans accents, de chiffres, de points et de tirets", field="code"):
        add(referential, "CB-LIT", secretary, code=code, label="Lire des plans")


def test_a_code_already_in_the_version_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Le code CB-LIT-03 est déjà celui de « Lire » dans cette version.", field="code"):
        add(referential, "CB-LIT", secretary, code="CB-LIT-03", label="Lire encore")


def test_a_code_retired_in_an_earlier_version_is_refused_naming_that_version(
    draft: FrameworkVersion, secretary: Any
) -> None:
    services.retire_concept(node(draft, "CB-LIT-06"), reason=REASON, by=secretary)
    with refused(
        "Le code CB-LIT-06 a désigné « Décrire et reformuler » (version 1.0) : un code retiré n’est jamais réattribué.",
        field="code",
    ):
        add(draft, "CB-LIT", secretary, code="CB-LIT-06", label="Reformuler")


def test_a_code_retired_from_the_first_draft_is_refused_naming_what_it_was(
    referential: FrameworkVersion, secretary: Any
) -> None:
    services.retire_concept(node(referential, "CB-LIT-06"), reason=REASON, by=secretary)
    with refused("« Décrire et reformuler »", field="code") as caught:
        add(referential, "CB-LIT", secretary, code="CB-LIT-06", label="Reformuler")
    assert "?" not in caught[0].messages[0]


def test_an_empty_label_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("L’intitulé en français est obligatoire.", field="label"):
        add(referential, "CB-LIT", secretary, label="   ")


def test_a_label_over_three_hundred_characters_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("300 caractères au plus.", field="label"):
        add(referential, "CB-LIT", secretary, label="L" * 301)
    assert add(referential, "CB-LIT", secretary, label="L" * 300).label == "L" * 300


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_addition_without_a_reason_is_refused(referential: FrameworkVersion, secretary: Any, reason: str) -> None:
    with refused("Indiquez le motif de la modification", field="reason"):
        services.add_concept(
            referential, {"label": "Lire des plans"}, parent=node(referential, "CB-LIT"), reason=reason, by=secretary
        )


def test_a_parent_from_another_version_is_refused(draft: FrameworkVersion, secretary: Any) -> None:
    earlier = node(FrameworkVersion.objects.get(framework=draft.framework, number="1.0"), "CB-LIT")
    with refused("Le concept parent appartient à une autre version du référentiel.", field="parent"):
        services.add_concept(draft, {"label": "Lire des plans"}, parent=earlier, reason=REASON, by=secretary)


def test_a_concept_is_added_at_the_position_asked_and_its_siblings_make_room(
    referential: FrameworkVersion, secretary: Any
) -> None:
    add(referential, "CB-LIT", secretary, label="Lire des plans", position=1)
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-07", "CB-LIT-03", "CB-LIT-04", "CB-LIT-06"]


def test_an_addition_records_its_paliers(referential: FrameworkVersion, secretary: Any) -> None:
    added = add(
        referential, "CB-LIT", secretary, label="Lire des plans", levels={"P2": {"fr": "Lit un plan simple.", "en": ""}}
    )
    assert [(level.level, level.text) for level in added.levels.all()] == [("P2", "Lit un plan simple.")]


def test_an_unknown_palier_refuses_the_whole_addition(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Palier inconnu : P9.", field="levels"):
        add(referential, "CB-LIT", secretary, label="Lire des plans", levels={"P9": {"fr": "Trop haut."}})


def test_an_addition_is_logged_with_its_author_and_reason_and_audited(
    referential: FrameworkVersion, secretary: Any
) -> None:
    added = add(referential, "CB-LIT", secretary, label="Lire des plans")
    change = last_change(referential)
    assert (change.operation, change.concept, change.by, change.reason) == ("add", added.concept, secretary, REASON)
    assert change.summary == "CB-LIT-07 «\u00a0Lire des plans\u00a0» ajouté dans CB-LIT"
    assert change.details == {"parent": "CB-LIT", "label": "Lire des plans"}
    entry = AuditEntry.objects.get(verb="skills.concept.add")
    assert entry.actor == secretary and entry.object_id == str(added.pk)


def test_the_search_text_of_a_new_concept_folds_its_code_and_labels(
    referential: FrameworkVersion, secretary: Any
) -> None:
    added = add(referential, "CB-LIT", secretary, label="Lire une œuvre", definition="Étudier un texte littéraire.")
    assert "cb-lit-07" in added.search_text and "oeuvre" in added.search_text and "etudier" in added.search_text


# --- updating -------------------------------------------------------------------------------------------------------


def test_a_new_label_is_logged_as_a_renaming_from_the_old_to_the_new(
    referential: FrameworkVersion, secretary: Any
) -> None:
    services.update_concept(
        node(referential, "CB-LIT-03"), {"label": "Lire et comprendre"}, reason=REASON, by=secretary
    )
    renamed = node(referential, "CB-LIT-03")
    assert renamed.label == "Lire et comprendre"
    assert fold("Lire et comprendre") in renamed.search_text
    change = last_change(referential)
    assert change.operation == Change.Operation.RENAME
    assert change.summary == "CB-LIT-03 renommé\u00a0: «\u00a0Lire\u00a0» → «\u00a0Lire et comprendre\u00a0»"
    assert change.details == {"label": ["Lire", "Lire et comprendre"]}
    assert (change.by, change.reason) == (secretary, REASON)
    assert AuditEntry.objects.filter(verb="skills.concept.update", actor=secretary).count() == 1


def test_a_definition_change_alone_is_logged_as_an_edit(referential: FrameworkVersion, secretary: Any) -> None:
    before = node(referential, "CB-LIT-04")
    new = "Produire des écrits utiles à la vie courante et au travail."
    services.update_concept(before, {"label": "Écrire", "definition": new}, reason=REASON, by=secretary)
    assert node(referential, "CB-LIT-04").definition == new
    change = last_change(referential)
    assert change.operation == Change.Operation.EDIT
    assert change.summary == "CB-LIT-04 modifié\u00a0: définition"
    assert change.details == {"definition": [before.definition, new]}


def test_paliers_are_added_changed_and_removed(referential: FrameworkVersion, secretary: Any) -> None:
    services.update_concept(
        node(referential, "CB-LIT-03"),
        {
            "levels": {
                "P1": {"fr": "Lit des mots familiers.", "en": "Reads familiar words."},
                "P2": {"fr": "", "en": ""},
                "P3": ("Lit un texte suivi.", "Reads a continuous text."),
            }
        },
        reason=REASON,
        by=secretary,
    )
    levels = {level.level: (level.text, level.text_en) for level in node(referential, "CB-LIT-03").levels.all()}
    assert levels == {
        "P1": ("Lit des mots familiers.", "Reads familiar words."),
        "P3": ("Lit un texte suivi.", "Reads a continuous text."),
    }
    change = last_change(referential)
    assert change.operation == Change.Operation.EDIT
    assert change.details["levels"] == {
        "P1": ["Lit des mots et des phrases simples.", "Lit des mots familiers."],
        "P2": ["Lit un texte court et courant.", ""],
        "P3": ["", "Lit un texte suivi."],
    }
    assert all(f"palier {code}" in change.summary for code in ("P1", "P2", "P3"))


@pytest.mark.parametrize(
    "data",
    [
        {"label": "Lire"},
        {"label": " Lire ", "definition": "Lire et comprendre les écrits de la vie courante et du travail."},
        {"levels": {"P1": {"fr": "Lit des mots et des phrases simples.", "en": "Reads simple words."}}},
        {"levels": {"P4": {"fr": "", "en": ""}}},
    ],
)
def test_an_update_that_changes_nothing_is_refused(
    referential: FrameworkVersion, secretary: Any, data: dict[str, Any]
) -> None:
    with refused("Rien n’a changé : la version reste telle quelle.", code="unchanged"):
        services.update_concept(node(referential, "CB-LIT-03"), data, reason=REASON, by=secretary)


def test_an_update_to_an_empty_label_or_without_reason_is_refused(
    referential: FrameworkVersion, secretary: Any
) -> None:
    with refused("L’intitulé en français est obligatoire.", field="label"):
        services.update_concept(node(referential, "CB-LIT-03"), {"label": ""}, reason=REASON, by=secretary)
    with refused("Indiquez le motif", field="reason"):
        services.update_concept(node(referential, "CB-LIT-03"), {"label": "Lire vite"}, reason="", by=secretary)


# --- moving ---------------------------------------------------------------------------------------------------------


def move(version: FrameworkVersion, code: str, parent_code: str | None, by: Any, position: int | None = None) -> Node:
    parent = node(version, parent_code) if parent_code else None
    return services.move_concept(node(version, code), parent=parent, position=position, reason=REASON, by=by)


def test_a_competence_moved_to_another_domain_renumbers_both_sides(
    referential: FrameworkVersion, secretary: Any
) -> None:
    move(referential, "CB-LIT-03", "CB-NUM", secretary)
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-04", "CB-LIT-06"]
    assert children(referential, "CB-NUM") == ["CB-NUM-01", "CB-NUM-02", "CB-LIT-03"]
    change = last_change(referential)
    assert (change.operation, change.summary) == ("move", "CB-LIT-03 déplacé de CB-LIT vers CB-NUM")
    assert change.details == {"parent": ["CB-LIT", "CB-NUM"], "position": 2}
    assert AuditEntry.objects.filter(verb="skills.concept.move").count() == 1


def test_a_competence_moved_to_another_domain_goes_to_the_position_asked(
    referential: FrameworkVersion, secretary: Any
) -> None:
    move(referential, "CB-LIT-04", "CB-NUM", secretary, position=0)
    assert children(referential, "CB-NUM") == ["CB-LIT-04", "CB-NUM-01", "CB-NUM-02"]
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-03", "CB-LIT-06"]


@pytest.mark.parametrize(
    ("code", "position", "order"),
    [
        ("CB-LIT-06", 0, ["CB-LIT-06", "CB-LIT-01", "CB-LIT-03", "CB-LIT-04"]),
        ("CB-LIT-01", 2, ["CB-LIT-03", "CB-LIT-04", "CB-LIT-01", "CB-LIT-06"]),
        ("CB-LIT-03", 3, ["CB-LIT-01", "CB-LIT-04", "CB-LIT-06", "CB-LIT-03"]),
    ],
)
def test_a_competence_moves_within_its_domain_to_the_position_asked(
    referential: FrameworkVersion, secretary: Any, code: str, position: int, order: list[str]
) -> None:
    move(referential, code, "CB-LIT", secretary, position=position)
    assert children(referential, "CB-LIT") == order
    assert last_change(referential).summary == f"{code} déplacé au rang {position + 1} dans CB-LIT"


@pytest.mark.parametrize("position", [None, 1])
def test_a_move_to_where_the_concept_already_is_is_refused(
    referential: FrameworkVersion, secretary: Any, position: int | None
) -> None:
    with refused("Le concept est déjà à cet endroit.", field="parent"):
        move(referential, "CB-LIT-03", "CB-LIT", secretary, position=position)


def test_a_concept_cannot_be_moved_into_itself(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Un concept ne peut pas être placé dans lui-même.", field="parent"):
        move(referential, "CB-LIT", "CB-LIT", secretary)


@pytest.mark.parametrize(
    ("code", "into", "labels"),
    [("SB", "CB-LIT", ("Savoirs de base", "Littératie")), ("CB-LIT", "CB-LIT-03", ("Littératie", "Lire"))],
)
def test_a_concept_cannot_be_moved_into_one_of_its_descendants_and_the_message_names_both(
    referential: FrameworkVersion, secretary: Any, code: str, into: str, labels: tuple[str, str]
) -> None:
    with refused(
        f"« {labels[0]} » ne peut pas être placé dans « {labels[1]} », qui est l’un de ses propres sous-concepts",
        field="parent",
    ):
        move(referential, code, into, secretary)


def test_a_competence_cannot_be_moved_into_a_family(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Un concept de nature « compétence » se place dans un domaine.", field="parent"):
        move(referential, "CB-LIT-03", "SE", secretary)
    with refused("Un concept de nature « domaine » se place dans une famille.", field="parent"):
        move(referential, "CB-NUM", None, secretary)


def test_a_domain_moved_to_another_family_keeps_its_competences(referential: FrameworkVersion, secretary: Any) -> None:
    move(referential, "CB-NUM", "SE", secretary)
    assert children(referential, "SE") == ["CB-SOC", "CB-NUM"]
    assert children(referential, "SB") == ["CB-LIT"]
    assert children(referential, "CB-NUM") == ["CB-NUM-01", "CB-NUM-02"]
    assert [a.concept.code for a in services.ancestors_of(node(referential, "CB-NUM-02"))] == ["CB-NUM", "SE"]


def test_a_move_without_reason_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Indiquez le motif", field="reason"):
        services.move_concept(
            node(referential, "CB-LIT-03"), parent=node(referential, "CB-NUM"), reason="", by=secretary
        )


# --- splitting, merging, retiring -----------------------------------------------------------------------------------


def test_a_split_places_the_new_concepts_right_after_the_original_which_they_derive_from(
    referential: FrameworkVersion, secretary: Any
) -> None:
    original = node(referential, "CB-LIT-03")
    created = services.split_concept(
        original,
        [{"label": "Lire des documents courants"}, {"code": "CB-LIT-10", "label": "Lire des documents techniques"}],
        reason=REASON,
        by=secretary,
    )
    assert [c.concept.code for c in created] == ["CB-LIT-07", "CB-LIT-10"]
    assert all(c.kind == Node.Kind.COMPETENCE for c in created)
    assert children(referential, "CB-LIT") == [
        "CB-LIT-01",
        "CB-LIT-03",
        "CB-LIT-07",
        "CB-LIT-10",
        "CB-LIT-04",
        "CB-LIT-06",
    ]
    for child in created:
        assert list(child.derived_from.values_list("code", flat=True)) == ["CB-LIT-03"]
    assert node(referential, "CB-LIT-03").label == "Lire"
    change = last_change(referential)
    assert change.operation == Change.Operation.SPLIT
    assert change.details == {"into": ["CB-LIT-07", "CB-LIT-10"]}
    assert change.summary == "CB-LIT-03 scindé\u00a0: CB-LIT-07, CB-LIT-10 en est issu"


def test_a_split_without_parts_or_with_a_faulty_part_writes_nothing(
    referential: FrameworkVersion, secretary: Any
) -> None:
    original = node(referential, "CB-LIT-03")
    with refused("Indiquez au moins un nouveau concept issu de la scission."):
        services.split_concept(original, [], reason=REASON, by=secretary)
    with refused("Le code CB-LIT-04 est déjà celui de « Écrire »", field="code"):
        services.split_concept(
            original, [{"label": "Lire vite"}, {"code": "CB-LIT-04", "label": "Lire bien"}], reason=REASON, by=secretary
        )


@pytest.fixture
def merge_case(referential: FrameworkVersion, secretary: Any, esco: External) -> FrameworkVersion:
    """CB-LIT-01 and CB-LIT-03 each with descriptors; CB-LIT-03 maps to READ (as its survivor CB-LIT-04 will) and to
    INITIATIVE."""
    for parent, label in (("CB-LIT-03", "Lire un horaire"), ("CB-LIT-03", "Lire un courrier"), ("CB-LIT-01", "Suivre")):
        add(referential, parent, secretary, label=label)
    for code, target in (("CB-LIT-04", "4ff6df71"), ("CB-LIT-03", "001115fb")):
        services.add_mapping(
            node(referential, code), esco.nodes[target], relation="relatedMatch", rationale="Voisins.", by=secretary
        )
    return referential


def test_a_merge_moves_children_and_crosswalks_to_the_survivor_and_the_sources_leave(
    merge_case: FrameworkVersion, secretary: Any
) -> None:
    version = merge_case
    survivor = services.merge_concepts(
        [node(version, "CB-LIT-03"), node(version, "CB-LIT-01")],
        into=node(version, "CB-LIT-04"),
        reason=REASON,
        by=secretary,
    )
    assert {"CB-LIT-01", "CB-LIT-03"}.isdisjoint(codes(version))
    assert children(version, "CB-LIT") == ["CB-LIT-04", "CB-LIT-06"]
    assert children(version, "CB-LIT-04") == ["CB-LIT-03.1", "CB-LIT-03.2", "CB-LIT-01.1"]
    assert targets(version, "CB-LIT-04") == {READ, INITIATIVE}
    kept = Mapping.objects.get(source=survivor, target__concept__uri=READ)
    assert (kept.relation, kept.rationale) == ("relatedMatch", "Voisins.")  # the survivor's own, not the duplicate
    assert set(survivor.derived_from.values_list("code", flat=True)) == {"CB-LIT-01", "CB-LIT-03"}
    assert Concept.objects.filter(framework=version.framework, code__in=["CB-LIT-01", "CB-LIT-03"]).count() == 2
    change = last_change(version)
    assert (change.operation, change.details) == ("merge", {"sources": ["CB-LIT-03", "CB-LIT-01"]})
    assert change.summary == "CB-LIT-03, CB-LIT-01 fusionné dans CB-LIT-04"
    assert AuditEntry.objects.filter(verb="skills.concept.merge").count() == 1
    with refused("un code retiré n’est jamais réattribué", field="code"):
        add(version, "CB-LIT", secretary, code="CB-LIT-03", label="Lire")


def test_merging_a_competence_of_another_domain_closes_the_gap_it_leaves(
    referential: FrameworkVersion, secretary: Any
) -> None:
    services.merge_concepts(
        [node(referential, "CB-NUM-01")], into=node(referential, "CB-LIT-04"), reason=REASON, by=secretary
    )
    assert children(referential, "CB-NUM") == ["CB-NUM-02"]


def test_only_concepts_of_the_same_kind_merge(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("« Numératie » n’est pas de même nature que « Écrire »", field="sources"):
        services.merge_concepts(
            [node(referential, "CB-NUM")], into=node(referential, "CB-LIT-04"), reason=REASON, by=secretary
        )


def test_a_concept_is_not_merged_into_itself_or_one_of_its_descendants(
    referential: FrameworkVersion, secretary: Any
) -> None:
    lire = node(referential, "CB-LIT-03")
    # Kinds forbid a competence under a competence; an import gone wrong could still write one.
    below = Node.objects.create(
        version=referential,
        concept=Concept.objects.create(framework=referential.framework, code="CB-LIT-03.9"),
        parent=lire,
        kind=Node.Kind.COMPETENCE,
        label="Lire vite",
    )
    with refused("On ne fusionne pas un concept avec l’un de ses sous-concepts.", field="sources"):
        services.merge_concepts([lire], into=below, reason=REASON, by=secretary)
    with refused("Un concept ne peut pas être fusionné avec lui-même.", field="sources"):
        services.merge_concepts([lire], into=lire, reason=REASON, by=secretary)
    with refused("Choisissez au moins un concept à fusionner.", field="sources"):
        services.merge_concepts([], into=lire, reason=REASON, by=secretary)


def test_a_concept_with_children_cannot_be_retired(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("« Littératie » a 4 sous-concept(s)", code="has_children"):
        services.retire_concept(node(referential, "CB-LIT"), reason=REASON, by=secretary)


def test_a_retired_concept_leaves_the_draft_but_its_code_stays_reserved(
    referential: FrameworkVersion, secretary: Any
) -> None:
    services.retire_concept(node(referential, "CB-LIT-03"), reason=REASON, by=secretary)
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-04", "CB-LIT-06"]
    assert Concept.objects.filter(framework=referential.framework, code="CB-LIT-03").exists()
    assert not Mapping.objects.filter(target__concept__uri=READ, source__version=referential).exists()
    change = last_change(referential)
    assert (change.operation, change.summary, change.reason) == (
        "retire",
        "CB-LIT-03 «\u00a0Lire\u00a0» retiré",
        REASON,
    )
    assert change.details == {"label": "Lire", "parent": "CB-LIT"}
    assert AuditEntry.objects.filter(verb="skills.concept.retire", actor=secretary).count() == 1
    with refused(field="code"):
        add(referential, "CB-LIT", secretary, code="CB-LIT-03", label="Lire")


def test_retiring_without_reason_is_refused(referential: FrameworkVersion, secretary: Any) -> None:
    with refused("Indiquez le motif", field="reason"):
        services.retire_concept(node(referential, "CB-LIT-06"), reason=" ", by=secretary)


# --- crosswalks -----------------------------------------------------------------------------------------------------


def test_the_seed_crosswalks_are_loaded_validated(referential: FrameworkVersion, secretary: Any) -> None:
    mappings = Mapping.objects.filter(source__version=referential).select_related("source__concept")
    assert {(m.source.concept.code, m.relation, m.confidence) for m in mappings} == {
        ("CB-LIT-03", "closeMatch", 85),
        ("CB-NUM-02", "exactMatch", 80),
    }
    assert all(m.validated_by == secretary and m.validated_at is not None for m in mappings)


def test_a_target_is_found_by_its_official_uri_or_by_its_code(esco: External, digcomp: External) -> None:
    assert services.resolve_target("esco", READ) == esco.nodes["4ff6df71"]
    assert services.resolve_target(esco.framework, f"  {CALCULATE} ") == esco.nodes["19ba11f3"]
    assert services.resolve_target("digcomp", "2.1") == digcomp.nodes["2.1"]


def test_a_target_the_import_does_not_hold_is_refused_in_french(esco: External) -> None:
    unknown = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"
    with refused(
        f"« {unknown} » n’existe pas dans ESCO 1.2 tel qu’il est importé : vérifiez l’adresse ou le code",
        field="target",
    ):
        services.resolve_target("esco", unknown)
    with refused("« 9.9 » n’existe pas dans ESCO 1.2", field="target"):
        services.resolve_target("esco", "9.9")


def test_a_target_in_a_framework_not_loaded_or_without_a_version_in_force_is_refused(db: Any) -> None:
    with refused("Le référentiel « clea » n’est pas chargé.", field="target"):
        services.resolve_target("clea", "CLEA-1")
    build_external("lifecomp", "LifeComp", "LifeComp", "1.0", [("P1", "Autorégulation", "")], released=False)
    with refused("« LifeComp » n’a pas de version en vigueur à laquelle se référer.", field="target"):
        services.resolve_target("lifecomp", "P1")


def test_a_crosswalk_is_added_and_logged(referential: FrameworkVersion, secretary: Any, esco: External) -> None:
    mapping = services.add_mapping(
        node(referential, "CB-SOC-02"),
        services.resolve_target("esco", TEAMWORK),
        relation="closeMatch",
        rationale="Travailler en équipe : la même capacité.",
        confidence="90",
        by=secretary,
    )
    assert (mapping.relation, mapping.confidence, mapping.created_by) == ("closeMatch", 90, secretary)
    assert not mapping.is_validated
    change = last_change(referential)
    assert change.operation == Change.Operation.MAP
    assert change.summary == "CB-SOC-02 → ESCO 60c78287 (correspondance proche)"
    assert change.reason == "Travailler en équipe : la même capacité."
    assert change.details == {"target": TEAMWORK, "relation": "closeMatch", "confidence": 90}


def test_a_crosswalk_within_the_same_framework_is_refused(draft: FrameworkVersion, secretary: Any) -> None:
    earlier = node(FrameworkVersion.objects.get(framework=draft.framework, number="1.0"), "CB-LIT-04")
    with refused("Une correspondance relie deux référentiels différents.", field="target"):
        services.add_mapping(
            node(draft, "CB-LIT-03"), earlier, relation="closeMatch", rationale="Proches.", by=secretary
        )


def test_a_crosswalk_to_a_draft_of_another_framework_is_refused(
    referential: FrameworkVersion, secretary: Any, esco_draft: External
) -> None:
    with refused("On ne se réfère qu’à une version publiée ou adoptée d’un autre référentiel.", field="target"):
        services.add_mapping(
            node(referential, "CB-LIT-03"),
            esco_draft.nodes["ba93b71b"],
            relation="relatedMatch",
            rationale="Chercher un texte.",
            by=secretary,
        )


def test_a_second_crosswalk_to_the_same_target_is_refused(
    referential: FrameworkVersion, secretary: Any, esco: External
) -> None:
    with refused("CB-LIT-03 a déjà une correspondance vers ce concept (correspondance proche).", field="target"):
        services.add_mapping(
            node(referential, "CB-LIT-03"),
            esco.nodes["4ff6df71"],
            relation="exactMatch",
            rationale="Idem.",
            by=secretary,
        )


def test_a_crosswalk_needs_a_skos_relation_a_rationale_and_a_percentage(
    referential: FrameworkVersion, secretary: Any, esco: External
) -> None:
    with refused() as caught:
        services.add_mapping(
            node(referential, "CB-SOC-02"),
            esco.nodes["60c78287"],
            relation="sameAs",
            rationale=" ",
            confidence=101,
            by=secretary,
        )
    assert set(caught[0].message_dict) == {"relation", "rationale", "confidence"}
    for confidence in (-1, "beaucoup", None):
        with refused("La confiance est un pourcentage entre 0 et 100.", field="confidence"):
            services.add_mapping(
                node(referential, "CB-SOC-02"),
                esco.nodes["60c78287"],
                relation="closeMatch",
                rationale="Proches.",
                confidence=confidence,
                by=secretary,
            )
    for confidence, code in ((0, "60c78287"), (100, "001115fb")):
        mapping = services.add_mapping(
            node(referential, "CB-SOC-02"),
            esco.nodes[code],
            relation="closeMatch",
            rationale="Proches.",
            confidence=confidence,
            by=secretary,
        )
        assert mapping.confidence == confidence


def test_validating_a_crosswalk_records_who_and_when_once(
    referential: FrameworkVersion, secretary: Any, esco: External
) -> None:
    mapping = services.add_mapping(
        node(referential, "CB-SOC-02"),
        esco.nodes["60c78287"],
        relation="closeMatch",
        rationale="Proches.",
        by=secretary,
    )
    validated = services.validate_mapping(mapping, by=secretary)
    assert validated.validated_by == secretary
    assert abs((timezone.now() - validated.validated_at).total_seconds()) < 60  # type: ignore[operator]
    assert Mapping.objects.get(pk=mapping.pk).is_validated
    change = last_change(referential)
    assert (change.operation, change.summary, change.by) == ("validate", "CB-SOC-02 → 60c78287 validée", secretary)
    assert AuditEntry.objects.filter(verb="skills.mapping.validate").count() == 1
    with refused("Cette correspondance est déjà validée."):
        services.validate_mapping(mapping, by=secretary)


def test_removing_a_crosswalk_needs_a_reason_and_is_logged(
    referential: FrameworkVersion, secretary: Any, esco: External
) -> None:
    mapping = Mapping.objects.get(source__version=referential, target__concept__uri=CALCULATE)
    with refused("Indiquez le motif", field="reason"):
        services.remove_mapping(mapping, reason="", by=secretary)
    services.remove_mapping(mapping, reason="Trop large.", by=secretary)
    assert targets(referential, "CB-NUM-02") == set()
    change = last_change(referential)
    assert (change.operation, change.summary, change.reason) == ("unmap", "CB-NUM-02 ↛ ESCO 19ba11f3", "Trop large.")
    assert change.details == {"target": CALCULATE}


# --- typography -----------------------------------------------------------------------------------------------------


def typography_faults(text: str) -> list[str]:
    """Where French typography wants a no-break space and the text has none, or a plain one: inside « » and before
    a closing colon (U+00A0), before ; ? ! (U+202F); and straight apostrophes. A colon or a question mark inside a
    word (an address such as http://…?q=) is not punctuation and is left alone."""
    faults = []
    if re.search(r"«(?!\u00a0)|(?<!\u00a0)»", text):
        faults.append("« » sans espace insécable")
    if re.search(r"(?<!\u00a0):(?=\s|$)", text):
        faults.append("« : » sans espace insécable avant")
    if re.search(r"(?<!\u202f)[;?!](?=\s|$)", text):
        faults.append("« ; ? ! » sans espace fine insécable avant")
    if "'" in text:
        faults.append("apostrophe droite")
    return faults


def test_the_typography_check_catches_plain_spaces() -> None:
    assert typography_faults("Le code « X » : déjà pris ; choisissez") == [
        "« » sans espace insécable",
        "« : » sans espace insécable avant",
        "« ; ? ! » sans espace fine insécable avant",
    ]
    assert typography_faults("Le code «\u00a0X\u00a0»\u00a0: pris\u202f; l’autre") == []


def test_the_typography_check_catches_missing_or_wrong_spaces() -> None:
    assert typography_faults("Le code «X»: pris; l'autre?") == [
        "« » sans espace insécable",
        "« : » sans espace insécable avant",
        "« ; ? ! » sans espace fine insécable avant",
        "apostrophe droite",
    ]
    assert typography_faults("«\u202fX\u202f»\u202f: pris\u00a0!") == [
        "« » sans espace insécable",
        "« : » sans espace insécable avant",
        "« ; ? ! » sans espace fine insécable avant",
    ]
    assert typography_faults("Voyez http://example.org/?q=1 (version 1.0)\u202f?") == []


def test_refusals_follow_french_typography(draft: FrameworkVersion, secretary: Any, esco: External) -> None:
    earlier = FrameworkVersion.objects.get(framework=draft.framework, number="1.0")
    attempts = [
        lambda: add(earlier, "CB-LIT", secretary, label="Lire des plans"),
        lambda: add(draft, None, secretary, kind="competence", code="CB-X-01", label="X"),
        lambda: add(draft, "CB-LIT", secretary, code="CB-LIT-03", label="Lire"),
        lambda: add(draft, "CB-LIT", secretary, label="Lire", levels={"P9": {"fr": "x"}}),
        lambda: services.move_concept(node(draft, "SB"), parent=node(draft, "CB-LIT"), reason=REASON, by=secretary),
        lambda: services.retire_concept(node(draft, "CB-LIT"), reason=REASON, by=secretary),
        lambda: services.resolve_target("esco", "inconnu"),
        lambda: services.start_version(draft.framework, by=secretary),
        lambda: services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire"}, reason=REASON, by=secretary),
    ]
    messages: list[str] = []
    for attempt in attempts:
        with refused() as caught:
            attempt()
        messages.extend(caught[0].messages)
    # The check means something only if the refusals hold the marks it looks at.
    assert sum("«" in message for message in messages) >= 5, messages
    assert sum(":" in message for message in messages) >= 5, messages
    assert {message: typography_faults(message) for message in messages if typography_faults(message)} == {}
