"""Once adopted, a version never changes: every service refuses it with a French message, and so do the models and
their querysets, whoever calls them — only the step to « remplacée » is allowed, the way an adoption takes it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from synergies.skills import exports, services
from synergies.skills.models import (
    Change,
    Concept,
    FrameworkVersion,
    ImmutableVersion,
    LevelDescriptor,
    Lineage,
    Mapping,
    Node,
)
from synergies.skills.tests.conftest import REASON, Adopt, External, counts, message_of, node

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

IN_FORCE = (
    "La version 1.0 de « Compétences de base » est en vigueur : elle ne peut plus être modifiée. "
    "Créez une nouvelle version pour proposer des changements."
)


def refuses_as_immutable(attempt: Callable[[], Any], message: str = IN_FORCE) -> None:
    before = counts()
    with pytest.raises(ImmutableVersion) as info:
        attempt()
    assert message in message_of(info.value)
    assert info.value.code == "immutable"
    assert counts() == before


def service_calls(version: FrameworkVersion, secretary: Any, esco: External) -> dict[str, Callable[[], Any]]:
    mapping = Mapping.objects.filter(source__version=version).first()
    assert mapping is not None
    return {
        "add": lambda: services.add_concept(
            version, {"label": "Lire des plans"}, parent=node(version, "CB-LIT"), reason=REASON, by=secretary
        ),
        "update": lambda: services.update_concept(
            node(version, "CB-LIT-03"), {"label": "Lire vite"}, reason=REASON, by=secretary
        ),
        "move": lambda: services.move_concept(
            node(version, "CB-LIT-03"), parent=node(version, "CB-NUM"), reason=REASON, by=secretary
        ),
        "split": lambda: services.split_concept(
            node(version, "CB-LIT-03"), [{"label": "Lire vite"}], reason=REASON, by=secretary
        ),
        "merge": lambda: services.merge_concepts(
            [node(version, "CB-LIT-06")], into=node(version, "CB-LIT-04"), reason=REASON, by=secretary
        ),
        "retire": lambda: services.retire_concept(node(version, "CB-LIT-06"), reason=REASON, by=secretary),
        "map": lambda: services.add_mapping(
            node(version, "CB-SOC-02"),
            esco.nodes["60c78287"],
            relation="closeMatch",
            rationale="Proches.",
            by=secretary,
        ),
        "validate": lambda: services.validate_mapping(mapping, by=secretary),
        "unmap": lambda: services.remove_mapping(mapping, reason=REASON, by=secretary),
        "discard": lambda: services.discard_draft(version, by=secretary),
    }


SERVICES = ["add", "update", "move", "split", "merge", "retire", "map", "validate", "unmap", "discard"]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_refuses_a_version_in_force(
    adopted: FrameworkVersion, secretary: Any, esco: External, name: str
) -> None:
    refuses_as_immutable(service_calls(adopted, secretary, esco)[name])


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_refuses_a_superseded_version(
    adopted: FrameworkVersion, draft: FrameworkVersion, adopt: Adopt, secretary: Any, esco: External, name: str
) -> None:
    adopt(draft)
    calls = service_calls(adopted, secretary, esco)
    refuses_as_immutable(calls[name], "La version 1.0 de « Compétences de base » est remplacée : elle ne peut plus")


@pytest.mark.parametrize("name", SERVICES)
def test_the_same_services_work_on_the_draft_that_follows(
    draft: FrameworkVersion, secretary: Any, esco: External, name: str
) -> None:
    Mapping.objects.filter(source__version=draft).update(validated_at=None, validated_by=None)
    before = counts()
    service_calls(draft, secretary, esco)[name]()
    assert counts() != before


def test_the_content_hash_still_matches_after_every_refused_write(
    adopted: FrameworkVersion, secretary: Any, esco: External
) -> None:
    for call in service_calls(adopted, secretary, esco).values():
        with pytest.raises(ImmutableVersion):
            call()
    assert exports.content_hash(adopted) == adopted.content_hash


# --- the models -----------------------------------------------------------------------------------------------------


def content_rows(version: FrameworkVersion) -> dict[str, Model]:
    lire = node(version, "CB-LIT-03")
    return {
        "node": lire,
        "level": LevelDescriptor.objects.filter(node=lire).first(),  # type: ignore[dict-item]
        "mapping": Mapping.objects.filter(source=lire).first(),  # type: ignore[dict-item]
        "change": Change.objects.filter(version=version).first(),  # type: ignore[dict-item]
    }


@pytest.mark.parametrize("kind", ["node", "level", "mapping", "change"])
def test_content_rows_of_a_version_in_force_refuse_save_and_delete(adopted: FrameworkVersion, kind: str) -> None:
    row = content_rows(adopted)[kind]
    assert row is not None
    refuses_as_immutable(row.save)
    refuses_as_immutable(row.delete)
    assert type(row)._default_manager.filter(pk=row.pk).exists()


def test_nothing_new_is_attached_to_a_version_in_force(adopted: FrameworkVersion, esco: External) -> None:
    lire = node(adopted, "CB-LIT-03")
    concept = Concept.objects.create(framework=adopted.framework, code="CB-LIT-09")
    before = counts()
    attempts: list[Callable[[], Any]] = [
        lambda: Node.objects.create(
            version=adopted, concept=concept, parent=lire, kind="descriptor", label="Lire vite"
        ),
        lambda: LevelDescriptor.objects.create(node=lire, level="P4", text="Lit tout."),
        lambda: Mapping.objects.create(
            source=lire, target=esco.nodes["60c78287"], relation="closeMatch", rationale="x"
        ),
        lambda: Change.objects.create(
            version=adopted, operation="edit", summary="x", reason="x", at=datetime.datetime.now(tz=datetime.UTC)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ImmutableVersion):
            attempt()
    assert counts() == before


def test_a_draft_accepts_the_same_writes(draft: FrameworkVersion) -> None:
    for row in content_rows(draft).values():
        row.save()
    for row in reversed(list(content_rows(draft).values())):
        row.delete()
    assert not Node.objects.filter(version=draft, concept__code="CB-LIT-03").exists()


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Node, "version"),
        (LevelDescriptor, "node__version"),
        (Mapping, "source__version"),
        (Change, "version"),
    ],
)
def test_querysets_refuse_bulk_writes_to_a_version_in_force(adopted: FrameworkVersion, model: Any, lookup: str) -> None:
    rows = model.objects.filter(**{lookup: adopted})
    before = counts()
    field = {"Node": "label", "LevelDescriptor": "text", "Mapping": "rationale", "Change": "summary"}[model.__name__]
    with pytest.raises(ImmutableVersion):
        rows.update(**{field: "Réécrit"})
    with pytest.raises(ImmutableVersion):
        rows.delete()
    objects = list(rows)
    for row in objects:
        setattr(row, field, "Réécrit")
    with pytest.raises(ImmutableVersion):
        model.objects.bulk_update(objects, [field])
    copies = list(rows)
    for copy in copies:
        copy.pk = None
    with pytest.raises(ImmutableVersion):
        model.objects.bulk_create(copies)
    assert counts() == before
    assert not model.objects.filter(**{lookup: adopted, field: "Réécrit"}).exists()


def test_bulk_writes_mixing_a_draft_and_a_version_in_force_are_refused(
    adopted: FrameworkVersion, draft: FrameworkVersion
) -> None:
    with pytest.raises(ImmutableVersion):
        Node.objects.filter(concept__code="CB-LIT-03").update(label="Réécrit")
    assert node(draft, "CB-LIT-03").label == "Lire"
    assert Node.objects.filter(version=draft, concept__code="CB-LIT-03").update(label="Lire vite") == 1


# --- the version itself ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("number", "1.0.1"),
        ("notes", "Réécrite."),
        ("content_hash", "0" * 64),
        ("released_on", datetime.date(2025, 1, 1)),
        ("decision_id", None),
    ],
)
def test_the_record_of_a_version_in_force_does_not_change(adopted: FrameworkVersion, field: str, value: Any) -> None:
    version = FrameworkVersion.objects.get(pk=adopted.pk)
    setattr(version, field, value)
    refuses_as_immutable(version.save, "elle ne peut plus être modifiée.")
    assert getattr(FrameworkVersion.objects.get(pk=adopted.pk), field) == getattr(adopted, field)


def test_a_version_in_force_does_not_go_back_to_draft_nor_disappear(adopted: FrameworkVersion) -> None:
    version = FrameworkVersion.objects.get(pk=adopted.pk)
    version.status = FrameworkVersion.Status.DRAFT
    refuses_as_immutable(version.save, "elle ne peut plus être modifiée.")
    refuses_as_immutable(FrameworkVersion.objects.get(pk=adopted.pk).delete)
    assert FrameworkVersion.objects.get(pk=adopted.pk).status == FrameworkVersion.Status.ADOPTED


def test_the_refusal_names_the_version_as_it_stands(adopted: FrameworkVersion) -> None:
    version = FrameworkVersion.objects.get(pk=adopted.pk)
    version.number, version.status = "1.0.1", FrameworkVersion.Status.DRAFT
    refuses_as_immutable(version.save)


def test_a_version_in_force_may_be_superseded(adopted: FrameworkVersion) -> None:
    version = FrameworkVersion.objects.get(pk=adopted.pk)
    version.status = FrameworkVersion.Status.SUPERSEDED
    version.superseded_on = datetime.date(2026, 1, 15)
    version.save()
    stored = FrameworkVersion.objects.get(pk=adopted.pk)
    assert (stored.status, stored.superseded_on, stored.content_hash) == (
        "superseded",
        datetime.date(2026, 1, 15),
        adopted.content_hash,
    )


def test_the_versions_queryset_refuses_to_rewrite_or_delete_a_version_in_force(adopted: FrameworkVersion) -> None:
    rows = FrameworkVersion.objects.filter(pk=adopted.pk)
    with pytest.raises(ValidationError):
        rows.update(content_hash="0" * 64)
    with pytest.raises(ValidationError):
        rows.delete()
    assert FrameworkVersion.objects.get(pk=adopted.pk).content_hash == adopted.content_hash


def test_the_lineage_of_a_version_in_force_does_not_change(adopted: FrameworkVersion) -> None:
    lire = node(adopted, "CB-LIT-03")
    ecrire = node(adopted, "CB-LIT-04").concept
    before = counts()
    # `add` writes its rows inside Django's own atomic block, without a savepoint: a refusal raised there dooms the
    # enclosing transaction as a database error would. The savepoint plays the caller's own transaction.
    with pytest.raises(ImmutableVersion), transaction.atomic():
        lire.derived_from.add(ecrire)
    with pytest.raises(ImmutableVersion):
        Lineage.objects.create(node=lire, concept=ecrire)
    assert counts() == before
    assert exports.content_hash(adopted) == adopted.content_hash


def test_a_concepts_code_never_changes_once_a_version_holding_it_is_released(adopted: FrameworkVersion) -> None:
    concept = node(adopted, "CB-LIT-03").concept
    concept.code = "CB-LIT-99"
    with pytest.raises(ValidationError):
        concept.save()
    assert exports.content_hash(adopted) == adopted.content_hash
