"""What changed between two versions, concept by concept: each editing operation shows up in exactly its own
section (with the lineage of merges and splits), between consecutive versions or not, in a constant number of
queries."""

from __future__ import annotations

from typing import Any

import pytest

from synergies.skills import services
from synergies.skills.diff import ConceptChange, VersionDiff, diff_versions
from synergies.skills.models import Concept, FrameworkVersion, LevelDescriptor, Mapping, Node
from synergies.skills.tests.conftest import CALCULATE, READ, REASON, Adopt, External, node, plain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

OLD_DEFINITION = "Mettre en œuvre un travail à plusieurs en respectant le rôle de chacun."
NEW_DEFINITION = "Mettre en œuvre un travail collectif en respectant le rôle et l’avis de chacun."


def section(diff: VersionDiff, name: str) -> list[str]:
    changes: list[ConceptChange] = getattr(diff, name)
    return [change.code for change in changes]


def one(diff: VersionDiff, name: str, code: str) -> ConceptChange:
    [change] = [c for c in getattr(diff, name) if c.code == code]
    return change


@pytest.fixture
def changed(draft: FrameworkVersion, secretary: Any, esco: External) -> FrameworkVersion:
    """Draft 1.1 after one of each editing operation on a copy of 1.0."""

    def edit(code: str, data: dict[str, Any]) -> None:
        services.update_concept(node(draft, code), data, reason=REASON, by=secretary)

    def link(code: str, target: str, relation: str) -> None:
        services.add_mapping(
            node(draft, code), esco.nodes[target], relation=relation, rationale="Voisins.", by=secretary
        )

    services.add_concept(draft, {"label": "Lire des plans"}, parent=node(draft, "CB-LIT"), reason=REASON, by=secretary)
    link("CB-LIT-07", "001115fb", "relatedMatch")
    services.retire_concept(node(draft, "CB-SOC-04"), reason=REASON, by=secretary)
    services.merge_concepts([node(draft, "CB-LIT-06")], into=node(draft, "CB-LIT-04"), reason=REASON, by=secretary)
    services.split_concept(node(draft, "CB-NUM-01"), [{"label": "Grands nombres"}], reason=REASON, by=secretary)
    edit("CB-LIT-03", {"label": "Lire et comprendre"})
    services.move_concept(node(draft, "CB-NUM-02"), parent=node(draft, "CB-LIT"), reason=REASON, by=secretary)
    edit("CB-SOC-02", {"definition": NEW_DEFINITION})
    edit("CB-LIT-01", {"examples": "Suivre une consigne orale."})
    edit("CB-NUM-02", {"levels": {"P2": {"fr": "Résout un problème à deux étapes.", "en": ""}}})
    link("CB-SOC-02", "60c78287", "closeMatch")
    for uri in (CALCULATE, READ):
        services.remove_mapping(
            Mapping.objects.get(source__version=draft, target__concept__uri=uri), reason=REASON, by=secretary
        )
    link("CB-LIT-03", "4ff6df71", "exactMatch")
    return draft


def test_each_operation_shows_in_exactly_its_own_section(adopted: FrameworkVersion, changed: FrameworkVersion) -> None:
    diff = diff_versions(adopted, changed)
    assert diff.counts() == {
        "added": 2,
        "removed": 2,
        "renamed": 1,
        "moved": 1,
        "redefined": 1,
        "detailed": 2,
        "mappings_added": 2,
        "mappings_removed": 1,
        "mappings_changed": 1,
    }
    assert section(diff, "added") == ["CB-LIT-07", "CB-NUM-03"]
    assert section(diff, "removed") == ["CB-LIT-06", "CB-SOC-04"]
    assert section(diff, "renamed") == ["CB-LIT-03"]
    assert section(diff, "moved") == ["CB-NUM-02"]
    assert section(diff, "redefined") == ["CB-SOC-02"]
    assert section(diff, "detailed") == ["CB-LIT-01", "CB-NUM-02"]
    assert not diff.is_empty


def test_added_and_removed_concepts_show_where_they_come_from_or_live_on(
    adopted: FrameworkVersion, changed: FrameworkVersion
) -> None:
    diff = diff_versions(adopted, changed)
    new = one(diff, "added", "CB-LIT-07")
    assert (new.old, new.new_parent, new.lineage) == (None, "CB-LIT", [])
    assert new.node.label == "Lire des plans"
    assert one(diff, "added", "CB-NUM-03").lineage == ["CB-NUM-01 «\u00a0Nombres\u00a0»"]
    merged = one(diff, "removed", "CB-LIT-06")
    assert (merged.new, merged.old_parent, merged.lineage) == (None, "CB-LIT", ["CB-LIT-04 «\u00a0Écrire\u00a0»"])
    assert one(diff, "removed", "CB-SOC-04").lineage == []


def test_renamed_moved_and_redefined_concepts_carry_their_before_and_after(
    adopted: FrameworkVersion, changed: FrameworkVersion
) -> None:
    diff = diff_versions(adopted, changed)
    renamed = one(diff, "renamed", "CB-LIT-03")
    assert (renamed.old.label, renamed.new.label) == ("Lire", "Lire et comprendre")  # type: ignore[union-attr]
    moved = one(diff, "moved", "CB-NUM-02")
    assert (moved.old_parent, moved.new_parent) == ("CB-NUM", "CB-LIT")
    redefined = one(diff, "redefined", "CB-SOC-02")
    assert redefined.definition == [
        ("same", "Mettre en œuvre un travail"),
        ("del", "à plusieurs"),
        ("ins", "collectif"),
        ("same", "en respectant le rôle"),
        ("ins", "et l’avis"),
        ("same", "de chacun."),
    ]
    assert one(diff, "detailed", "CB-LIT-01").fields == ["exemples"]
    assert one(diff, "detailed", "CB-NUM-02").fields == ["paliers"]


def test_crosswalks_gained_lost_and_changed_are_listed(adopted: FrameworkVersion, changed: FrameworkVersion) -> None:
    diff = diff_versions(adopted, changed)
    assert [(m.code, m.framework, m.target_code, m.relation) for m in diff.mappings_added] == [
        ("CB-LIT-07", "ESCO", "001115fb", "concept associé"),
        ("CB-SOC-02", "ESCO", "60c78287", "correspondance proche"),
    ]
    assert [(m.code, m.target_code, m.target_label) for m in diff.mappings_removed] == [
        ("CB-NUM-02", "19ba11f3", "effectuer des calculs")
    ]
    [relation] = diff.mappings_changed
    assert (relation.code, relation.old_relation, relation.relation) == (
        "CB-LIT-03",
        "correspondance proche",
        "correspondance exacte",
    )


def test_the_summary_names_the_changes_for_the_adoption_proposal(
    adopted: FrameworkVersion, changed: FrameworkVersion
) -> None:
    assert plain(diff_versions(adopted, changed).summary()) == (
        "Changements par rapport à la version 1.0 : 2 concepts ajoutés (CB-LIT-07, CB-NUM-03) ; "
        "2 concepts retirés (CB-LIT-06, CB-SOC-04) ; 1 concept renommé (CB-LIT-03) ; 1 concept déplacé (CB-NUM-02) ; "
        "1 définition revue (CB-SOC-02) ; 4 correspondances modifiées."
    )


def test_identical_versions_make_an_empty_diff(adopted: FrameworkVersion, draft: FrameworkVersion) -> None:
    diff = diff_versions(adopted, draft)
    assert diff.is_empty
    assert set(diff.counts().values()) == {0}
    assert plain(diff.summary()) == "Aucun changement par rapport à la version 1.0."


def test_a_position_change_within_the_same_parent_is_no_move(
    adopted: FrameworkVersion, draft: FrameworkVersion, secretary: Any
) -> None:
    services.move_concept(
        node(draft, "CB-LIT-06"), parent=node(draft, "CB-LIT"), position=0, reason=REASON, by=secretary
    )
    assert diff_versions(adopted, draft).moved == []


def test_the_diff_read_backwards_swaps_additions_and_removals(
    adopted: FrameworkVersion, changed: FrameworkVersion
) -> None:
    diff = diff_versions(changed, adopted)
    assert section(diff, "added") == ["CB-LIT-06", "CB-SOC-04"]
    assert section(diff, "removed") == ["CB-LIT-07", "CB-NUM-03"]
    assert one(diff, "moved", "CB-NUM-02").new_parent == "CB-NUM"


@pytest.fixture
def third(changed: FrameworkVersion, adopt: Adopt, secretary: Any) -> FrameworkVersion:
    """1.1 adopted, then draft 1.2: CB-LIT-03 renamed again and CB-LIT-07, added in 1.1, retired."""
    adopt(changed)
    version = services.start_version(changed.framework, by=secretary)
    services.update_concept(
        node(version, "CB-LIT-03"), {"label": "Lire, comprendre et utiliser"}, reason=REASON, by=secretary
    )
    services.retire_concept(node(version, "CB-LIT-07"), reason=REASON, by=secretary)
    return version


def test_versions_a_version_apart_compare_directly(
    adopted: FrameworkVersion, changed: FrameworkVersion, third: FrameworkVersion
) -> None:
    diff = diff_versions(adopted, third)
    assert section(diff, "added") == ["CB-NUM-03"]  # CB-LIT-07 came and went in between
    assert section(diff, "removed") == ["CB-LIT-06", "CB-SOC-04"]
    renamed = one(diff, "renamed", "CB-LIT-03")
    assert (renamed.old.label, renamed.new.label) == ("Lire", "Lire, comprendre et utiliser")  # type: ignore[union-attr]
    assert section(diff, "moved") == ["CB-NUM-02"]
    assert section(diff, "redefined") == ["CB-SOC-02"]
    step = diff_versions(changed, third)
    assert (section(step, "removed"), section(step, "added"), section(step, "renamed")) == (
        ["CB-LIT-07"],
        [],
        ["CB-LIT-03"],
    )
    assert one(step, "renamed", "CB-LIT-03").old.label == "Lire et comprendre"  # type: ignore[union-attr]


def test_versions_a_version_apart_still_show_the_lineage(adopted: FrameworkVersion, third: FrameworkVersion) -> None:
    diff = diff_versions(adopted, third)
    assert one(diff, "removed", "CB-LIT-06").lineage == ["CB-LIT-04 «\u00a0Écrire\u00a0»"]
    assert one(diff, "added", "CB-NUM-03").lineage == ["CB-NUM-01 «\u00a0Nombres\u00a0»"]


def grow(version: FrameworkVersion, esco: External, size: int) -> None:
    """`size` more competences, each with a palier, a crosswalk and a lineage, written straight into the draft."""
    domain = node(version, "CB-NUM")
    source = node(version, "CB-NUM-01").concept
    for index in range(size):
        concept = Concept.objects.create(framework=version.framework, code=f"CB-NUM-{index + 10}")
        added = Node.objects.create(
            version=version,
            concept=concept,
            parent=domain,
            kind="competence",
            label=f"Calcul {index}",
            position=index + 2,
        )
        LevelDescriptor.objects.create(node=added, level="P1", text="Compte.")
        Mapping.objects.create(source=added, target=esco.nodes["19ba11f3"], relation="narrowMatch", rationale="x")
        added.derived_from.add(source)


def test_the_diff_costs_the_same_number_of_queries_whatever_the_size(
    adopted: FrameworkVersion, draft: FrameworkVersion, esco: External, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(8):
        small = diff_versions(adopted, draft)
    grow(draft, esco, 40)
    with django_assert_num_queries(8):
        large = diff_versions(adopted, draft)
        assert len(large.added) == 40 and len(large.mappings_added) == 40
        summary = large.summary()
    assert small.is_empty and "40 concepts ajoutés" in summary
