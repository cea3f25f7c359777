"""The life of a pôle's referential: created once from a seed, drafted again from the version in force (a full copy:
same concepts, new nodes), numbered, discarded while it is only a draft — and frozen, like the rest of the pôle, once
the pôle's mandate has expired."""

from __future__ import annotations

from typing import Any

import pytest

from synergies.decisions import services as decisions
from synergies.lib.models import AuditEntry
from synergies.poles.models import Pole
from synergies.skills import exports, services
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, LevelDescriptor, Mapping, Node
from synergies.skills.tests.conftest import (
    EXPIRED_DAY,
    READ,
    REASON,
    SMALL,
    SMALL_SIZE,
    External,
    children,
    node,
    refused,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def content(version: FrameworkVersion) -> dict[str, Any]:
    """What a version states, by code: place, texts, paliers and crosswalks (not primary keys)."""
    nodes = Node.objects.filter(version=version).select_related("concept", "parent__concept")
    levels = LevelDescriptor.objects.filter(node__version=version).select_related("node__concept")
    mappings = Mapping.objects.filter(source__version=version).select_related("source__concept", "target")
    return {
        "nodes": {
            n.concept.code: (
                n.parent.concept.code if n.parent else None,
                n.position,
                n.kind,
                n.label,
                n.label_en,
                n.definition,
                n.definition_en,
                n.examples,
                n.search_text,
            )
            for n in nodes
        },
        "levels": {(d.node.concept.code, d.level, d.text, d.text_en) for d in levels},
        "mappings": {
            (m.source.concept.code, m.target_id, m.relation, m.rationale, m.confidence, m.validated_by_id)
            for m in mappings
        },
    }


# --- creating the referential ---------------------------------------------------------------------------------------


def test_a_referential_is_created_with_a_first_draft_holding_the_seed(
    referential: FrameworkVersion, pole: Pole, secretary: Any
) -> None:
    framework = referential.framework
    assert (framework.slug, framework.kind, framework.pole, framework.publisher) == (
        "hainaut-centre-cb",
        Framework.Kind.INTERNAL,
        pole,
        "Hainaut-Centre",
    )
    assert (referential.number, referential.status, referential.based_on) == ("1.0", "draft", None)
    assert referential.notes == SMALL["version"]["notes"]
    assert referential.nodes.count() == SMALL_SIZE
    assert children(referential, None) == ["SB", "SE"]
    assert children(referential, "CB-LIT") == ["CB-LIT-01", "CB-LIT-03", "CB-LIT-04", "CB-LIT-06"]
    created = Change.objects.get(version=referential, operation=Change.Operation.CREATE)
    assert created.summary == "Version 1.0 créée\u00a0: 13 concepts, 2 correspondances"
    assert created.by == secretary
    assert AuditEntry.objects.filter(verb="skills.framework.create", actor=secretary).count() == 1


def test_a_referential_created_before_esco_is_loaded_skips_the_crosswalks(pole: Pole, secretary: Any) -> None:
    version = services.create_referential(pole, by=secretary, data=SMALL)
    assert version.nodes.count() == SMALL_SIZE
    assert not Mapping.objects.exists()


def test_the_default_seed_is_the_referential_of_the_design(pole: Pole, secretary: Any) -> None:
    version = services.create_referential(pole, by=secretary)
    assert children(version, None) == ["SB", "SE", "VIE"]
    assert version.nodes.filter(kind=Node.Kind.DOMAIN).count() == 7
    assert version.nodes.filter(kind=Node.Kind.COMPETENCE).count() == 35  # DESIGN §5: 6 + 6 + 5 + 4 + 4 + 5 + 5


def test_a_pole_has_one_referential_only(referential: FrameworkVersion, pole: Pole, secretary: Any) -> None:
    with refused("Ce pôle a déjà son référentiel : créez-en plutôt une nouvelle version."):
        services.create_referential(pole, by=secretary, data=SMALL)


# --- a new version --------------------------------------------------------------------------------------------------


def test_a_new_version_copies_nodes_parents_paliers_and_crosswalks(
    adopted: FrameworkVersion, draft: FrameworkVersion, secretary: Any
) -> None:
    assert (draft.number, draft.status, draft.based_on, draft.created_by) == ("1.1", "draft", adopted, secretary)
    assert content(draft) == content(adopted)
    assert content(draft)["levels"] and content(draft)["mappings"]
    old = {n.concept_id: n.pk for n in adopted.nodes.all()}
    new = {n.concept_id: n.pk for n in draft.nodes.all()}
    assert old.keys() == new.keys()  # the same concepts…
    assert not set(old.values()) & set(new.values())  # …stated by new nodes
    assert Concept.objects.filter(framework=draft.framework).count() == SMALL_SIZE
    stated = {key: value for key, value in exports.canonical_content(exports.load(draft)).items() if key != "version"}
    assert stated == {k: v for k, v in exports.canonical_content(exports.load(adopted)).items() if k != "version"}


def test_editing_the_copy_leaves_the_version_in_force_untouched(
    adopted: FrameworkVersion, draft: FrameworkVersion, secretary: Any
) -> None:
    before = content(adopted)
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire et comprendre"}, reason=REASON, by=secretary)
    services.retire_concept(node(draft, "CB-LIT-06"), reason=REASON, by=secretary)
    assert content(adopted) == before
    assert node(adopted, "CB-LIT-03").label == "Lire"


def test_a_new_version_is_logged_and_audited(draft: FrameworkVersion, secretary: Any) -> None:
    change = Change.objects.get(version=draft)
    assert change.operation == Change.Operation.CREATE
    assert change.summary == "Version 1.1 établie à partir de la version 1.0 (13 concepts)"
    assert change.reason == "Nouvelle version du référentiel."
    assert AuditEntry.objects.filter(verb="skills.version.start", actor=secretary).count() == 1


def test_a_new_version_keeps_the_lineage_of_its_base(draft: FrameworkVersion, adopt: Any, secretary: Any) -> None:
    services.merge_concepts([node(draft, "CB-LIT-06")], into=node(draft, "CB-LIT-04"), reason=REASON, by=secretary)
    adopt(draft)
    following = services.start_version(draft.framework, by=secretary)
    assert list(node(following, "CB-LIT-04").derived_from.values_list("code", flat=True)) == ["CB-LIT-06"]


def test_a_second_draft_is_refused(draft: FrameworkVersion, secretary: Any) -> None:
    with refused(
        "La version 1.1 est déjà en préparation : modifiez-la, ou abandonnez-la d’abord.", code="draft_exists"
    ):
        services.start_version(draft.framework, by=secretary)


def test_a_new_version_needs_a_version_in_force(referential: FrameworkVersion, secretary: Any) -> None:
    framework = referential.framework
    with refused("La version 1.0 est déjà en préparation", code="draft_exists"):
        services.start_version(framework, by=secretary)
    services.discard_draft(referential, by=secretary)
    with refused("Aucune version n’est encore en vigueur : complétez le brouillon existant."):
        services.start_version(framework, by=secretary)


def test_an_external_framework_is_not_versioned_here(esco: External, secretary: Any) -> None:
    with refused("Un référentiel externe ne se modifie pas ici : importez sa nouvelle version."):
        services.start_version(esco.framework, by=secretary)


def test_numbers_follow_on_from_the_highest_one(adopted: FrameworkVersion, secretary: Any) -> None:
    framework = adopted.framework
    assert services.next_number(framework) == "1.1"
    draft = services.start_version(framework, by=secretary, number=" 2.0 ")
    assert draft.number == "2.0"
    assert services.next_number(framework) == "2.1"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("v2", "Un numéro de version s’écrit 1.2 ou 2.0 (chiffres séparés par des points)."),
        ("1..2", "Un numéro de version s’écrit 1.2 ou 2.0"),
        ("1.2.3.4", "Un numéro de version s’écrit 1.2 ou 2.0"),
        ("1.0", "La version 1.0 existe déjà."),
    ],
)
def test_a_faulty_or_taken_number_is_refused(
    adopted: FrameworkVersion, secretary: Any, number: str, message: str
) -> None:
    with refused(message, field="number"):
        services.start_version(adopted.framework, by=secretary, number=number)


def test_next_number_starts_at_one_and_ignores_foreign_numbers(db: Any) -> None:
    framework = Framework.objects.create(slug="x", code="X", name="X", kind=Framework.Kind.EXTERNAL)
    assert services.next_number(framework) == "1.0"
    FrameworkVersion.objects.create(framework=framework, number="2024-v3")
    FrameworkVersion.objects.create(framework=framework, number="1.9", status=FrameworkVersion.Status.ADOPTED)
    assert services.next_number(framework) == "1.10"


# --- discarding a draft ---------------------------------------------------------------------------------------------


def test_discarding_a_draft_deletes_its_content_but_keeps_the_concepts(
    draft: FrameworkVersion, adopted: FrameworkVersion, secretary: Any
) -> None:
    kept = content(adopted)
    services.discard_draft(draft, by=secretary)
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert not Node.objects.filter(version_id=draft.pk).exists()
    assert not Change.objects.filter(version_id=draft.pk).exists()
    assert Concept.objects.filter(framework=adopted.framework).count() == SMALL_SIZE
    assert content(adopted) == kept
    assert AuditEntry.objects.filter(verb="skills.version.discard", actor=secretary).count() == 1
    assert services.start_version(adopted.framework, by=secretary).number == "1.1"


def test_a_version_in_force_cannot_be_discarded(adopted: FrameworkVersion, secretary: Any) -> None:
    with refused(
        "La version 1.0 de « Compétences de base » est en vigueur : elle ne peut plus être modifiée.", code="immutable"
    ):
        services.discard_draft(adopted, by=secretary)


def test_a_draft_a_proposal_was_made_about_is_kept(draft: FrameworkVersion, secretary: Any) -> None:
    proposal = services.propose_adoption(draft, by=secretary)
    with refused("est soumise à la décision du comité", code="pending"):
        services.discard_draft(draft, by=secretary)
    decisions.withdraw_proposal(proposal, by=secretary, reason="À revoir")
    with refused("Une proposition du registre se rapporte à cette version : elle est conservée."):
        services.discard_draft(draft, by=secretary)


# --- an expired pôle ------------------------------------------------------------------------------------------------


READ_ONLY = (
    "Le pôle « Compétences de base » est expiré : seules son évaluation et ses archives restent modifiables (R7)."
)


def test_the_referential_of_an_expired_pole_is_read_only(
    draft: FrameworkVersion, secretary: Any, esco: External, frozen: Any
) -> None:
    lire = node(draft, "CB-LIT-03")
    mapping = Mapping.objects.get(source=lire)
    frozen.move_to(EXPIRED_DAY)
    attempts = [
        lambda: services.add_concept(
            draft, {"label": "Lire des plans"}, parent=node(draft, "CB-LIT"), reason=REASON, by=secretary
        ),
        lambda: services.update_concept(lire, {"label": "Lire vite"}, reason=REASON, by=secretary),
        lambda: services.move_concept(lire, parent=node(draft, "CB-NUM"), reason=REASON, by=secretary),
        lambda: services.retire_concept(node(draft, "CB-LIT-06"), reason=REASON, by=secretary),
        lambda: services.add_mapping(
            lire, esco.nodes["60c78287"], relation="relatedMatch", rationale="Lien.", by=secretary
        ),
        lambda: services.remove_mapping(mapping, reason=REASON, by=secretary),
        lambda: services.discard_draft(draft, by=secretary),
        lambda: services.propose_adoption(draft, by=secretary),
    ]
    for attempt in attempts:
        with refused(READ_ONLY, code="read_only"):
            attempt()


def test_an_expired_pole_starts_no_version_and_creates_no_referential(
    adopted: FrameworkVersion, pole: Pole, secretary: Any, frozen: Any
) -> None:
    frozen.move_to(EXPIRED_DAY)
    with refused(READ_ONLY):
        services.start_version(adopted.framework, by=secretary)
    with refused(READ_ONLY):
        services.create_referential(pole, by=secretary, data=SMALL)


def test_before_it_expires_the_same_pole_edits_its_draft(draft: FrameworkVersion, secretary: Any) -> None:
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire vite"}, reason=REASON, by=secretary)
    assert node(draft, "CB-LIT-03").label == "Lire vite"
    assert Mapping.objects.filter(source__version=draft, target__concept__uri=READ).exists()
