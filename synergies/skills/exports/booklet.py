"""The printable booklet (PDF): what its template shows of each concept, its paliers and its crosswalks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synergies.lib.pdf import render_pdf
from synergies.skills.exports.content import Snapshot, load
from synergies.skills.levels import PALIERS, Palier
from synergies.skills.models import FrameworkVersion, Mapping, Node


@dataclass(frozen=True)
class Crosswalk:
    relation: str
    code: str
    label: str
    framework: str
    uri: str
    rationale: str


@dataclass(frozen=True)
class Entry:
    """One concept of the booklet, with what the template shows of it."""

    node: Node
    depth: int
    anchor: str
    in_contents: bool
    levels: list[tuple[Palier, str]]
    crosswalks: list[Crosswalk]

    @property
    def heading(self) -> int:
        """h2 for the roots (families), h3 below, h4 from the third level on (the competences)."""
        return min(self.depth + 1, 4)


def _entries(snapshot: Snapshot) -> list[Entry]:
    entries = []
    for node in snapshot.nodes:
        texts = {d.level: d.text for d in snapshot.levels.get(node.pk, [])}
        depth = snapshot.depth[node.pk]
        entries.append(
            Entry(
                node=node,
                depth=depth,
                anchor=f"concept-{node.pk}",
                in_contents=depth <= 2 and bool(snapshot.children.get(node.pk)),
                levels=[(palier, texts.get(palier.code, "")) for palier in PALIERS] if texts else [],
                crosswalks=[
                    Crosswalk(
                        relation=str(Mapping.Relation(m.relation).label),
                        code=m.target.concept.code,
                        label=m.target.display_label,
                        framework=m.target.version.framework.name,
                        uri=m.target.concept.resolved_uri,
                        rationale=m.rationale,
                    )
                    for m in snapshot.mappings.get(node.pk, [])
                ],
            )
        )
    return entries


def booklet_context(version: FrameworkVersion) -> dict[str, Any]:
    """What `skills/pdf/booklet.html` renders, loaded in the same fixed number of queries as the other exports."""
    snapshot = load(version)
    entries = _entries(snapshot)
    return {
        "version": snapshot.version,
        "framework": snapshot.framework,
        "pole": snapshot.framework.pole,
        "decision": snapshot.version.decision,
        "is_draft": snapshot.version.is_draft,
        "entries": entries,
        "contents": [entry for entry in entries if entry.in_contents],
        "paliers": PALIERS,
        "has_levels": any(entry.levels for entry in entries),
    }


def booklet_pdf(version: FrameworkVersion) -> bytes:
    """The printable booklet: cover, contents by family and domain, then every concept with its paliers and its
    crosswalks."""
    return render_pdf("skills/pdf/booklet.html", booklet_context(version))
