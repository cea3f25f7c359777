"""A version's tree, built in Python from one query, so that its pages cost the same whatever the referential's size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from synergies.lib.text import fold
from synergies.skills.models import FrameworkVersion, Node

__all__ = ["Branch", "TreeNode", "build_tree", "load_tree", "search_tree"]


@dataclass(slots=True)
class TreeNode:
    """What a tree page shows of a node, read with values(): building model instances for an ESCO-sized version
    costs more than the page itself."""

    pk: int
    parent_id: int | None
    position: int
    kind: str
    label: str
    label_en: str
    search_text: str
    code: str

    @property
    def display_label(self) -> str:
        return self.label or self.label_en


TREE_FIELDS = ("pk", "parent_id", "position", "kind", "label", "label_en", "search_text", "concept__code")


@dataclass
class Branch:
    node: Node | TreeNode
    depth: int
    children: list[Branch] = field(default_factory=list)
    matches: bool = False
    open: bool = False

    @property
    def code(self) -> str:
        return self.node.code

    def walk(self) -> Iterator[Branch]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def size(self) -> int:
        return sum(1 for _ in self.walk()) - 1


def build_tree(nodes: Iterable[Node | TreeNode]) -> list[Branch]:
    """Roots in order, each with its children in order. A node whose parent is missing (or a loop) becomes a root
    rather than vanishing."""
    nodes = sorted(nodes, key=lambda n: (n.position, n.pk))
    branches = {node.pk: Branch(node=node, depth=0) for node in nodes}
    roots: list[Branch] = []
    for node in nodes:
        branch = branches[node.pk]
        parent = branches.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(branch)
    seen: set[int] = set()

    def place(branch: Branch, depth: int) -> None:
        seen.add(branch.node.pk)
        branch.depth = depth
        branch.children = [child for child in branch.children if child.node.pk not in seen]
        for child in branch.children:
            place(child, depth + 1)

    for root in roots:
        place(root, 0)
    for pk, branch in branches.items():  # cut off by a loop: shown at the top, once
        if pk not in seen:
            roots.append(branch)
            place(branch, 0)
    return roots


def load_tree(version: FrameworkVersion) -> list[Branch]:
    rows = Node.objects.filter(version=version).values_list(*TREE_FIELDS)
    return build_tree(TreeNode(*row) for row in rows)


def search_tree(roots: list[Branch], query: str) -> tuple[list[Branch], int]:
    """Keep the branches whose node matches every word of `query` (accents and case ignored), with their ancestors
    (opened, to show where a match sits) and their descendants; returns the pruned roots and the number of matches."""
    words = fold(query).split()
    if not words:
        return roots, 0

    def hit(branch: Branch) -> bool:
        return all(word in branch.node.search_text for word in words)

    def prune(branch: Branch) -> Branch | None:
        if hit(branch):
            for below in branch.walk():
                below.matches = hit(below)
            return branch
        kept = [b for b in (prune(child) for child in branch.children) if b is not None]
        if not kept:
            return None
        branch.children = kept
        branch.open = True
        return branch

    found = [b for b in (prune(root) for root in roots) if b is not None]
    return found, sum(b.matches for root in found for b in root.walk())
