"""Writing a checked tree of concepts as the nodes of a draft version, a few bulk inserts per level of the tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from synergies.skills.models import Concept, Framework, FrameworkVersion, LevelDescriptor, Node

BATCH_SIZE = 500


@dataclass
class _Pending:
    data: dict[str, Any]
    parent: _Pending | None
    position: int
    node: Node | None = None


def _flatten(concepts: Sequence[dict[str, Any]]) -> list[list[_Pending]]:
    """The tree's concepts by depth, each knowing its parent, so that a level is inserted once the one above has
    its primary keys."""
    levels: list[list[_Pending]] = []
    current = [_Pending(data, None, position) for position, data in enumerate(concepts)]
    while current:
        levels.append(current)
        current = [
            _Pending(child, pending, position)
            for pending in current
            for position, child in enumerate(pending.data.get("children") or [])
        ]
    return levels


def _lines(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return "\n".join(str(item).strip() for item in value if str(item).strip())


def _concepts_by_code(framework: Framework, wanted: dict[str, str]) -> dict[str, Concept]:
    """The framework's concepts for these codes ({code: uri}), created when missing (a code is the identity of a
    concept across versions), their URI set when one is given."""
    existing = {concept.code: concept for concept in Concept.objects.filter(framework=framework)}
    missing = [Concept(framework=framework, code=code, uri=uri) for code, uri in wanted.items() if code not in existing]
    if missing:
        Concept.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        if any(concept.pk is None for concept in missing):  # a backend that does not return primary keys
            existing = {concept.code: concept for concept in Concept.objects.filter(framework=framework)}
        else:
            existing.update({concept.code: concept for concept in missing})
    changed = []
    for code, uri in wanted.items():
        concept = existing[code]
        if uri and concept.uri != uri:
            concept.uri = uri
            changed.append(concept)
    if changed:
        Concept.objects.bulk_update(changed, ["uri"], batch_size=BATCH_SIZE)
    return existing


def build_nodes(version: FrameworkVersion, concepts: Sequence[dict[str, Any]], *, framework: Framework) -> int:
    """Write the tree `concepts` (the JSON format of this module, already checked) as the nodes of the draft
    `version`; return the number of nodes.

    A few queries whatever the size: the framework's concepts are read once and the missing ones bulk-created, then
    each depth of the tree is bulk-inserted after its parents. bulk_create skips Node.save, so the search text is
    computed here the same way."""
    if version.framework_id != framework.pk:
        raise ValueError("the version belongs to another framework")
    levels = _flatten(concepts)
    wanted = {pending.data["code"]: pending.data.get("uri") or "" for level in levels for pending in level}
    by_code = _concepts_by_code(framework, wanted)
    count = 0
    descriptors: list[LevelDescriptor] = []
    for level in levels:
        nodes = []
        for pending in level:
            data = pending.data
            node = Node(
                version=version,
                concept=by_code[data["code"]],
                parent=pending.parent.node if pending.parent else None,
                position=pending.position,
                kind=data["kind"],
                label=data.get("label") or "",
                label_en=data.get("label_en") or "",
                definition=data.get("definition") or "",
                definition_en=data.get("definition_en") or "",
                alt_labels=_lines(data.get("alt_labels")),
                examples=_lines(data.get("examples")),
                extra=data.get("extra") or {},
            )
            node.search_text = node.compute_search_text()
            pending.node = node
            nodes.append(node)
        Node.objects.bulk_create(nodes, batch_size=BATCH_SIZE)
        count += len(nodes)
        if any(node.pk is None for node in nodes):
            raise RuntimeError("the database backend returned no primary keys from bulk_create")
        for pending in level:
            for code, texts in sorted((pending.data.get("levels") or {}).items()):
                descriptors.append(
                    LevelDescriptor(node=pending.node, level=code, text=texts["fr"], text_en=texts.get("en") or "")
                )
    if descriptors:
        LevelDescriptor.objects.bulk_create(descriptors, batch_size=BATCH_SIZE)
    return count
