"""The secretariat's editor: each form changes the draft through its service and logs why; refusals come back as
French errors next to the form with nothing written; an adopted version, or one before the committee, offers no form
at all; members read drafts but do not edit them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.decisions.models import Proposal
from synergies.skills import exports
from synergies.skills.models import Change, FrameworkVersion, Mapping, Node
from synergies.skills.tests.conftest import External, node
from synergies.testing.auth import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def url(name: str, version: FrameworkVersion, **kwargs: Any) -> str:
    return reverse(f"skills:{name}", kwargs={"framework": version.framework.slug, "number": version.number, **kwargs})


@pytest.fixture
def staff(secretary: Any) -> Client:
    return log_in(Client(), secretary)


def changes(version: FrameworkVersion) -> list[tuple[str, str]]:
    return list(version.changes.order_by("pk").values_list("operation", "reason"))


def test_the_editor_lists_every_concept_of_the_draft_with_its_actions(staff: Client, draft: FrameworkVersion) -> None:
    response = staff.get(url("editor", draft))
    body = response.content.decode()

    assert response.status_code == 200
    for code in Node.objects.filter(version=draft).values_list("concept__code", flat=True):
        assert f'id="concept-{code}"' in body
        assert url("concept_move", draft, code=code) in body


def test_adding_a_concept_suggests_its_code_and_logs_the_reason(staff: Client, draft: FrameworkVersion) -> None:
    response = staff.post(
        url("concept_add", draft),
        {
            "parent": "CB-LIT",
            "code": "",
            "label": "Lire un plan",
            "definition": "Se repérer sur un plan.",
            "reason": "Demande des employeurs.",
        },
    )

    added = Node.objects.get(version=draft, label="Lire un plan")
    assert response.status_code == 302 and response["Location"].endswith(f"#concept-{added.concept.code}")
    assert added.parent is not None and added.parent.concept.code == "CB-LIT"
    assert changes(draft)[-1] == ("add", "Demande des employeurs.")


def test_a_form_without_reason_is_refused_next_to_the_field_and_writes_nothing(
    staff: Client, draft: FrameworkVersion
) -> None:
    before = Node.objects.filter(version=draft).count(), Change.objects.filter(version=draft).count()
    response = staff.post(url("concept_add", draft), {"parent": "CB-LIT", "label": "Lire un plan", "reason": ""})

    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    assert (Node.objects.filter(version=draft).count(), Change.objects.filter(version=draft).count()) == before


def test_editing_a_concept_renames_it_and_sets_its_paliers(staff: Client, draft: FrameworkVersion) -> None:
    target = node(draft, "CB-LIT-01")
    response = staff.post(
        url("concept_edit", draft, code="CB-LIT-01"),
        {
            "label": "Écouter, comprendre",
            "label_en": target.label_en,
            "definition": target.definition,
            "definition_en": target.definition_en,
            "examples": target.examples.replace("\n", "\r\n"),
            "alt_labels": "",
            "level_P2": "Comprend une consigne simple.",
            "level_P2_en": "Understands a simple instruction.",
            "reason": "Plus court.",
        },
    )

    target = node(draft, "CB-LIT-01")
    assert response.status_code == 302
    assert target.label == "Écouter, comprendre"
    assert target.levels.get(level="P2").text == "Comprend une consigne simple."
    assert changes(draft)[-1] == ("rename", "Plus court.")


def test_moving_a_domain_into_its_own_competence_shows_the_error_and_moves_nothing(
    staff: Client, draft: FrameworkVersion
) -> None:
    response = staff.post(url("concept_move", draft, code="CB-LIT"), {"parent": "CB-LIT-01", "reason": "Essai."})

    assert response.status_code == 400
    assert "circulaire" in response.content.decode()
    assert node(draft, "CB-LIT").parent is not None and node(draft, "CB-LIT").parent.concept.code == "SB"  # type: ignore[union-attr]
    assert not draft.changes.filter(operation="move").exists()


def test_moving_a_competence_to_another_domain_places_it_at_the_rank_given(
    staff: Client, draft: FrameworkVersion
) -> None:
    response = staff.post(
        url("concept_move", draft, code="CB-LIT-01"), {"parent": "CB-NUM", "position": "1", "reason": "Essai."}
    )

    moved = node(draft, "CB-LIT-01")
    assert response.status_code == 302
    assert moved.parent is not None and moved.parent.concept.code == "CB-NUM" and moved.position == 0


def test_split_merge_and_retire_go_through_their_forms(staff: Client, draft: FrameworkVersion) -> None:
    staff.post(
        url("concept_split", draft, code="CB-LIT-01"),
        {"code_1": "", "label_1": "Écouter", "definition_1": "", "reason": "Trop large."},
    )
    part = Node.objects.get(version=draft, label="Écouter")
    assert list(part.derived_from.values_list("code", flat=True)) == ["CB-LIT-01"]

    staff.post(
        url("concept_merge", draft, code="CB-LIT-01"), {"sources": [part.concept.code], "reason": "Finalement un."}
    )
    assert not Node.objects.filter(pk=part.pk).exists()

    staff.post(url("concept_retire", draft, code="CB-LIT-01"), {"reason": "Couvert ailleurs."})
    assert not Node.objects.filter(version=draft, concept__code="CB-LIT-01").exists()
    assert [op for op, _reason in changes(draft)][-3:] == ["split", "merge", "retire"]


def test_a_crosswalk_to_an_esco_uri_that_was_not_imported_is_refused_in_the_form(
    staff: Client, draft: FrameworkVersion, esco: External
) -> None:
    before = Mapping.objects.filter(source__version=draft).count()
    response = staff.post(
        url("mapping_add", draft, code="CB-LIT-01"),
        {
            "framework": "esco",
            "reference": "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000",
            "relation": "closeMatch",
            "confidence": "70",
            "rationale": "Essai.",
        },
    )

    assert response.status_code == 400
    assert "n’existe pas dans ESCO" in response.content.decode()
    assert Mapping.objects.filter(source__version=draft).count() == before


def test_a_crosswalk_is_added_validated_and_removed_with_a_reason(
    staff: Client, draft: FrameworkVersion, digcomp: External
) -> None:
    target = Node.objects.filter(version__framework__slug="digcomp").select_related("concept").first()
    assert target is not None
    response = staff.post(
        url("mapping_add", draft, code="CB-NUM-01"),
        {
            "framework": "digcomp",
            "reference": target.concept.code,
            "relation": "relatedMatch",
            "confidence": "60",
            "rationale": "Voisins.",
        },
    )
    assert response.status_code == 302
    mapping = Mapping.objects.get(source__version=draft, source__concept__code="CB-NUM-01", target=target)
    assert not mapping.is_validated

    staff.post(url("mapping_validate", draft, pk=mapping.pk))
    mapping.refresh_from_db()
    assert mapping.is_validated

    staff.post(url("mapping_remove", draft, pk=mapping.pk), {"reason": "Trop lointain."})
    assert not Mapping.objects.filter(pk=mapping.pk).exists()
    assert changes(draft)[-1] == ("unmap", "Trop lointain.")


def test_proposing_the_adoption_creates_the_proposal_and_freezes_the_editor(
    staff: Client, draft: FrameworkVersion
) -> None:
    response = staff.post(url("propose", draft), {"rationale": ""})

    proposal = Proposal.objects.get(subject_id=str(draft.pk))
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    frozen = staff.get(url("editor", draft))
    assert frozen.status_code == 302 and frozen["Location"] == draft.get_absolute_url()
    refused = staff.post(url("concept_retire", draft, code="CB-LIT-01"), {"reason": "Trop tard."})
    assert refused.status_code == 302
    assert Node.objects.filter(version=draft, concept__code="CB-LIT-01").exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("editor", {}, None),
        ("concept_add", {}, {"parent": "CB-LIT", "label": "Forgé", "reason": "Essai."}),
        ("concept_edit", {"code": "CB-LIT-01"}, {"label": "Forgé", "reason": "Essai."}),
        ("concept_move", {"code": "CB-LIT-01"}, {"parent": "CB-NUM", "reason": "Essai."}),
        ("concept_retire", {"code": "CB-LIT-01"}, {"reason": "Essai."}),
        ("propose", {}, {"rationale": ""}),
        ("discard", {}, {}),
    ],
)
def test_no_editor_page_changes_an_adopted_version(
    staff: Client, adopted: FrameworkVersion, name: str, kwargs: dict[str, str], data: dict[str, str] | None
) -> None:
    fingerprint = adopted.content_hash
    response = staff.post(url(name, adopted, **kwargs), data) if data is not None else staff.get(url(name, adopted))

    assert response.status_code == 302 and response["Location"] == adopted.get_absolute_url()
    adopted.refresh_from_db()
    assert adopted.status == FrameworkVersion.Status.ADOPTED
    assert exports.content_hash(adopted) == fingerprint == adopted.content_hash


def test_a_member_reads_the_draft_but_the_editor_refuses_them(
    member: Any, council: Any, draft: FrameworkVersion
) -> None:
    client = log_in(Client(), member)  # holds the CPAS seat of the committee

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(url("editor", draft)).status_code == 403
    assert client.post(url("concept_retire", draft, code="CB-LIT-01"), {"reason": "Essai."}).status_code == 403
    assert Node.objects.filter(version=draft, concept__code="CB-LIT-01").exists()


def test_an_outsider_does_not_find_the_draft_nor_its_editor(outsider: Any, draft: FrameworkVersion) -> None:
    client = log_in(Client(), outsider)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(url("editor", draft)).status_code == 404


def test_starting_a_new_version_from_the_version_page_opens_its_editor(
    staff: Client, adopted: FrameworkVersion
) -> None:
    response = staff.post(reverse("skills:start", kwargs={"framework": adopted.framework.slug}), {"number": ""})

    draft = FrameworkVersion.objects.get(framework=adopted.framework, status="draft")
    assert draft.number == "1.1"
    assert response.status_code == 302 and response["Location"] == url("editor", draft)


def test_the_secretariat_creates_the_poles_referential_from_the_seed(staff: Client, pole: Any, esco: External) -> None:
    response = staff.post(reverse("skills:create", kwargs={"basin": pole.basin.code, "code": pole.code}))

    version = FrameworkVersion.objects.get(framework__pole=pole)
    assert response.status_code == 302 and response["Location"] == url("editor", version)
    assert version.is_draft and version.nodes.filter(concept__code="CB-LIT-03").exists()
