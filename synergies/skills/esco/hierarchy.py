"""ESCO's broader relations as a tree: each concept's parent, and the cycles no tree can hold.

A concept's parent is its first broader concept, in order of precedence: the skills hierarchy, the pillar's broader
relations, the collections' `broaderConceptUri`; the other broaders are kept in `extra["also_broader"]`. A broader
concept missing from the files is a warning: the concept goes under the next broader present, or at the root.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from synergies.skills.esco.reading import LANGUAGES, Problems
from synergies.skills.models import Node

if TYPE_CHECKING:
    from synergies.skills.esco.concepts import EscoConcept, Parsed


def _refuse_cycles(concepts: dict[str, EscoConcept], problems: Problems) -> None:
    """A depth-first walk of the broader relations between imported concepts; the first cycle met is refused, named
    concept by concept."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour: dict[str, int] = dict.fromkeys(concepts, WHITE)
    for start in concepts:
        if colour[start] != WHITE:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(concepts[start].broader_uris))]
        path = [start]
        colour[start] = GREY
        while stack:
            uri, broader = stack[-1]
            following = next((b for b in broader if b in concepts and colour[b] != BLACK), None)
            if following is None:
                colour[uri] = BLACK
                stack.pop()
                path.pop()
                continue
            if colour[following] == GREY:
                cycle = [*path[path.index(following) :], following]
                names = " → ".join(f"« {concepts[u].name} » ({u})" for u in cycle)
                problems.add(
                    concepts[following].file,
                    _("les relations « plus large » forment un cycle : %(cycle)s. Un concept ne peut être plus large "
                      "que lui-même ; corrigez les fichiers.") % {"cycle": names},
                )  # fmt: skip
                return
            colour[following] = GREY
            path.append(following)
            stack.append((following, iter(concepts[following].broader_uris)))


# --- the tree ---------------------------------------------------------------------------------------------------------


def _natural(code: str) -> list[tuple[int, int, str]]:
    """S1.2 before S1.10; ISCED-F codes keep their string order (0011 after 001)."""
    return [(0, int(part), part) if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part]


def _sort_key(concept: EscoConcept) -> tuple[int, Any]:
    if concept.kind == Node.Kind.GROUP:
        return (0, _natural(concept.code))
    return (1, (concept.name.casefold(), concept.code))


def build_tree(parsed: Parsed) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The concepts as the nested data `loading.build_nodes` writes, and their count per kind. Warnings about
    broader concepts missing from the files are added to `parsed.warnings`."""
    concepts = parsed.concepts
    children: dict[str | None, list[EscoConcept]] = defaultdict(list)
    extras: dict[str, dict[str, Any]] = {}
    for concept in concepts.values():
        broader = concept.broader_uris
        parent = next((uri for uri in broader if uri in concepts), None)
        for uri in broader:
            if uri not in concepts:
                parsed.warnings.append(
                    (
                        _("« %(name)s » (%(uri)s) : le concept plus large %(broader)s est absent des fichiers.")
                        if parent
                        else _(
                            "« %(name)s » (%(uri)s) : le concept plus large %(broader)s est absent des fichiers ; "
                            "le concept est placé à la racine."
                        )
                    )
                    % {"name": concept.name, "uri": concept.uri, "broader": uri}
                )
        children[parent].append(concept)
        extra: dict[str, Any] = {"status": concept.status} if concept.status else {}
        if concept.kind == Node.Kind.SKILL:
            extra.update(
                skill_type=concept.skill_type, reuse_level=concept.reuse_level, collections=concept.collections
            )
        elif concept.collections:
            extra["collections"] = concept.collections
        also = [uri for uri in broader if uri != parent]
        if also:
            extra["also_broader"] = also
        note = concept.scope_notes.get("fr") or concept.scope_notes.get("en")
        if note:
            extra["scope_note"] = note
        extras[concept.uri] = extra
    for siblings in children.values():
        siblings.sort(key=_sort_key)

    def subtree(concept: EscoConcept) -> dict[str, Any]:
        labels = {concept.labels.get(language, "") for language in LANGUAGES}
        alternatives: list[str] = []
        for language in LANGUAGES:
            for alt in concept.alt_labels.get(language, []):
                if alt not in labels and alt not in alternatives:
                    alternatives.append(alt)
        return {
            "code": concept.code,
            "kind": concept.kind,
            "uri": concept.uri,
            "label": concept.labels.get("fr", ""),
            "label_en": concept.labels.get("en", ""),
            "definition": concept.definitions.get("fr", ""),
            "definition_en": concept.definitions.get("en", ""),
            "alt_labels": alternatives,
            "extra": extras[concept.uri],
            "children": [subtree(child) for child in children.get(concept.uri, [])],
        }

    counts = {Node.Kind.GROUP.value: 0, Node.Kind.SKILL.value: 0}
    for concept in concepts.values():
        counts[concept.kind] += 1
    # Recursion depth is the tree's depth (about ten for ESCO), not its size.
    return [subtree(root) for root in children.get(None, [])], counts
