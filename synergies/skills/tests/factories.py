"""Small builders of referentials for the skills tests: records saved directly, without the services (whose own tests
exercise them), so a test states only the content it is about."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping as MappingType
from typing import Any

from synergies.decisions.models import Decision
from synergies.poles.models import Pole
from synergies.skills import exports
from synergies.skills.models import Concept, Framework, FrameworkVersion, LevelDescriptor, Mapping, Node

__all__ = ["add_mapping", "add_node", "make_framework", "make_version", "release"]

RELEASED_ON = datetime.date(2026, 3, 2)

_numbers = itertools.count(1)


def make_framework(pole: Pole | None = None, *, slug: str | None = None, code: str = "CB", **fields: Any) -> Framework:
    """The pôle's own referential when a pôle is given, else an external framework."""
    internal = pole is not None
    number = next(_numbers)
    fields.setdefault("name", "Compétences de base" if internal else f"Cadre externe {code}")
    return Framework.objects.create(
        slug=slug or f"{code.lower()}-{number}",
        code=code,
        kind=Framework.Kind.INTERNAL if internal else Framework.Kind.EXTERNAL,
        pole=pole,
        **fields,
    )


def make_version(
    framework: Framework, number: str = "1.0", status: str = FrameworkVersion.Status.DRAFT, **fields: Any
) -> FrameworkVersion:
    return FrameworkVersion.objects.create(framework=framework, number=number, status=status, **fields)


def add_node(
    version: FrameworkVersion,
    code: str,
    label: str,
    *,
    parent: Node | None = None,
    kind: str = Node.Kind.COMPETENCE,
    definition: str = "",
    levels: MappingType[str, str | tuple[str, str]] | None = None,
    uri: str = "",
    **fields: Any,
) -> Node:
    """A node of `version` for the concept `code` of its framework (created on first use, reused by later versions).

    `levels` maps a palier code to its descriptor, or to a (French, English) pair; `position` defaults to the next one
    among the node's siblings."""
    concept, _ = Concept.objects.get_or_create(framework_id=version.framework_id, code=code, defaults={"uri": uri})
    if "position" not in fields:
        fields["position"] = Node.objects.filter(version=version, parent=parent).count()
    node = Node.objects.create(
        version=version, concept=concept, parent=parent, kind=kind, label=label, definition=definition, **fields
    )
    for level, text in (levels or {}).items():
        french, english = (text, "") if isinstance(text, str) else text
        LevelDescriptor.objects.create(node=node, level=level, text=french, text_en=english)
    return node


def add_mapping(
    source: Node,
    target: Node,
    relation: str = Mapping.Relation.CLOSE,
    *,
    rationale: str = "Les deux concepts décrivent la même capacité.",
    confidence: int = 80,
) -> Mapping:
    return Mapping.objects.create(
        source=source, target=target, relation=relation, rationale=rationale, confidence=confidence
    )


def release(
    version: FrameworkVersion, *, on: datetime.date = RELEASED_ON, decision: Decision | None = None
) -> FrameworkVersion:
    """Put a draft in force (draft → adopted, the one change the model allows), with its content hash; the version
    in force before it, if any, is superseded on the same day."""
    current = FrameworkVersion.objects.filter(framework_id=version.framework_id).current().exclude(pk=version.pk)
    for previous in current:
        previous.status = FrameworkVersion.Status.SUPERSEDED
        previous.superseded_on = on
        previous.save()
    version.content_hash = exports.content_hash(version)
    version.status = FrameworkVersion.Status.ADOPTED
    version.released_on = on
    version.decision = decision
    version.save()
    return version
