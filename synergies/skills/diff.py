"""What changed between two versions of a referential, concept by concept.

Concepts are matched by identity (their code never changes), so the comparison holds between any two versions, not
only consecutive ones: added and removed concepts, new labels, new places in the tree, new definitions (with the
words that changed), other details (examples, paliers, English texts) and crosswalks gained or lost. Where a removed
concept lives on in another (a merge) or an added one comes out of an earlier one (a split), the lineage the editor
recorded is shown beside it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.skills.models import FrameworkVersion, LevelDescriptor, Mapping, Node

__all__ = ["ConceptChange", "VersionDiff", "diff_versions", "word_diff"]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in "same", "del", "ins": the words a reader must notice, in order."""
    a, b = old.split(), new.split()
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", " ".join(b[j1:j2])))
    return pieces


@dataclass
class ConceptChange:
    code: str
    old: Node | None
    new: Node | None
    old_parent: str = ""
    new_parent: str = ""
    lineage: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    definition: list[tuple[str, str]] = field(default_factory=list)

    @property
    def node(self) -> Node:
        node = self.new or self.old
        assert node is not None
        return node


@dataclass
class MappingChange:
    code: str
    target_code: str
    target_label: str
    framework: str
    relation: str
    old_relation: str = ""


@dataclass
class VersionDiff:
    old: FrameworkVersion
    new: FrameworkVersion
    added: list[ConceptChange] = field(default_factory=list)
    removed: list[ConceptChange] = field(default_factory=list)
    renamed: list[ConceptChange] = field(default_factory=list)
    moved: list[ConceptChange] = field(default_factory=list)
    redefined: list[ConceptChange] = field(default_factory=list)
    detailed: list[ConceptChange] = field(default_factory=list)
    mappings_added: list[MappingChange] = field(default_factory=list)
    mappings_removed: list[MappingChange] = field(default_factory=list)
    mappings_changed: list[MappingChange] = field(default_factory=list)

    SECTIONS = ("added", "removed", "renamed", "moved", "redefined", "detailed")

    @property
    def is_empty(self) -> bool:
        return not any(
            getattr(self, name) for name in (*self.SECTIONS, "mappings_added", "mappings_removed", "mappings_changed")
        )

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (*self.SECTIONS, "mappings_added", "mappings_removed", "mappings_changed")
        }

    def summary(self) -> str:
        """One paragraph for the text of the adoption proposal."""
        if self.is_empty:
            return _("Aucun changement par rapport à la version %(number)s.") % {"number": self.old.number}
        parts = []
        for name, codes in (
            ("added", self.added),
            ("removed", self.removed),
            ("renamed", self.renamed),
            ("moved", self.moved),
            ("redefined", self.redefined),
        ):
            if codes:
                label = {
                    "added": ngettext("%(n)s concept ajouté", "%(n)s concepts ajoutés", len(codes)),
                    "removed": ngettext("%(n)s concept retiré", "%(n)s concepts retirés", len(codes)),
                    "renamed": ngettext("%(n)s concept renommé", "%(n)s concepts renommés", len(codes)),
                    "moved": ngettext("%(n)s concept déplacé", "%(n)s concepts déplacés", len(codes)),
                    "redefined": ngettext("%(n)s définition revue", "%(n)s définitions revues", len(codes)),
                }[name] % {"n": len(codes)}
                parts.append(f"{label} ({', '.join(c.code for c in codes)})")
        mapped = len(self.mappings_added) + len(self.mappings_removed) + len(self.mappings_changed)
        if mapped:
            parts.append(
                ngettext("%(n)s correspondance modifiée", "%(n)s correspondances modifiées", mapped) % {"n": mapped}
            )
        return _("Changements par rapport à la version %(number)s : %(parts)s.") % {
            "number": self.old.number,
            "parts": _(" ; ").join(parts),
        }


def _named(code: str, label: str) -> str:
    return _("%(code)s « %(label)s »") % {"code": code, "label": label}


def _nodes(version: FrameworkVersion) -> dict[str, Node]:
    nodes = (
        Node.objects.filter(version=version)
        .select_related("concept", "parent__concept")
        .prefetch_related(
            Prefetch("levels", queryset=LevelDescriptor.objects.order_by("level")),
            Prefetch(
                "mappings",
                queryset=Mapping.objects.select_related(
                    "target__concept__framework", "target__version__framework"
                ).order_by("pk"),
            ),
            "derived_from",
        )
    )
    return {node.concept.code: node for node in nodes}


def _parent_code(node: Node) -> str:
    return node.parent.concept.code if node.parent_id and node.parent else ""


def _levels(node: Node) -> list[tuple[str, str, str]]:
    return [(level.level, level.text, level.text_en) for level in node.levels.all()]


def _mappings(node: Node) -> dict[str, Mapping]:
    return {m.target.concept.resolved_uri: m for m in node.mappings.all()}


def _mapping_change(code: str, mapping: Mapping, old_relation: str = "") -> MappingChange:
    return MappingChange(
        code=code,
        target_code=mapping.target.concept.code,
        target_label=mapping.target.display_label,
        framework=mapping.target.version.framework.code,
        relation=mapping.get_relation_display(),
        old_relation=old_relation,
    )


def _sorted(changes: Iterable[ConceptChange]) -> list[ConceptChange]:
    return sorted(changes, key=lambda c: c.code)


def diff_versions(old: FrameworkVersion, new: FrameworkVersion) -> VersionDiff:
    """Compare two versions of the same framework (a constant number of queries whatever their size)."""
    before, after = _nodes(old), _nodes(new)
    result = VersionDiff(old=old, new=new)
    labels_before = {code: node.label for code, node in before.items()}
    labels_after = {code: node.label for code, node in after.items()}
    derived_after = {code: [c.code for c in node.derived_from.all()] for code, node in after.items()}

    for code in after.keys() - before.keys():
        node = after[code]
        lineage = [_named(c, labels_before.get(c, c)) for c in derived_after[code] if c in before]
        result.added.append(ConceptChange(code, None, node, new_parent=_parent_code(node), lineage=lineage))
    for code in before.keys() - after.keys():
        node = before[code]
        heirs = [_named(c, labels_after[c]) for c, sources in derived_after.items() if code in sources and c in after]
        result.removed.append(ConceptChange(code, node, None, old_parent=_parent_code(node), lineage=heirs))

    for code in before.keys() & after.keys():
        a, b = before[code], after[code]
        change = ConceptChange(code, a, b, old_parent=_parent_code(a), new_parent=_parent_code(b))
        if (a.label, a.label_en) != (b.label, b.label_en):
            result.renamed.append(change)
        if change.old_parent != change.new_parent:
            result.moved.append(change)
        if (a.definition, a.definition_en) != (b.definition, b.definition_en):
            change.definition = word_diff(a.definition, b.definition)
            result.redefined.append(change)
        details = [
            name
            for name, differs in (
                (_("exemples"), a.examples != b.examples),
                (_("autres intitulés"), a.alt_labels != b.alt_labels),
                (_("paliers"), _levels(a) != _levels(b)),
                (_("nature"), a.kind != b.kind),
            )
            if differs
        ]
        if details:
            change.fields = details
            result.detailed.append(change)
        old_maps, new_maps = _mappings(a), _mappings(b)
        for uri in new_maps.keys() - old_maps.keys():
            result.mappings_added.append(_mapping_change(code, new_maps[uri]))
        for uri in old_maps.keys() - new_maps.keys():
            result.mappings_removed.append(_mapping_change(code, old_maps[uri]))
        for uri in old_maps.keys() & new_maps.keys():
            if old_maps[uri].relation != new_maps[uri].relation:
                result.mappings_changed.append(
                    _mapping_change(code, new_maps[uri], old_relation=old_maps[uri].get_relation_display())
                )
    for code in after.keys() - before.keys():
        for mapping in after[code].mappings.all():
            result.mappings_added.append(_mapping_change(code, mapping))

    for name in VersionDiff.SECTIONS:
        setattr(result, name, _sorted(getattr(result, name)))
    for name in ("mappings_added", "mappings_removed", "mappings_changed"):
        getattr(result, name).sort(key=lambda m: (m.code, m.framework, m.target_code))
    return result
