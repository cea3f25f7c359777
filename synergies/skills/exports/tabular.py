"""The CSV export: one row per concept, in tree order, for spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from synergies.lib import csvio
from synergies.skills.exports.content import Snapshot, load
from synergies.skills.levels import palier_codes
from synergies.skills.models import FrameworkVersion

SEPARATOR = " | "
CSV_HEADER: tuple[str, ...] = (
    "code",
    "parent",
    "kind",
    "depth",
    "label",
    "label_en",
    "definition",
    "definition_en",
    "examples",
    *palier_codes(),
    "mappings",
)


def _csv_rows(snapshot: Snapshot) -> Iterator[list[Any]]:
    for node in snapshot.nodes:
        parent = snapshot.parent_of(node)
        texts = {d.level: d.text for d in snapshot.levels.get(node.pk, [])}
        yield [
            node.concept.code,
            parent.concept.code if parent else "",
            node.kind,
            snapshot.depth[node.pk],
            node.label,
            node.label_en,
            node.definition,
            node.definition_en,
            SEPARATOR.join(node.example_list),
            *(texts.get(code, "") for code in palier_codes()),
            SEPARATOR.join(f"{m.relation} {m.target.concept.resolved_uri}" for m in snapshot.mappings.get(node.pk, [])),
        ]


def csv_rows(version: FrameworkVersion) -> list[list[Any]]:
    """One row per node under `CSV_HEADER`, in tree order; `depth` counts from 1 for the roots (a family)."""
    return list(_csv_rows(load(version)))


def to_csv(version: FrameworkVersion) -> bytes:
    """The CSV as the house writes it for spreadsheets (lib.csvio): UTF-8 with BOM, semicolons, formulas defused."""
    return b"".join(csvio.write(CSV_HEADER, csv_rows(version)))
