"""The basic-skills referential (R9) and the frameworks it speaks to.

A `Framework` is a pôle's own referential (« Compétences de base ») or an external one (ESCO, DigComp, CléA…). It
lives in `FrameworkVersion`s: a pôle's drafts are edited, then adopted by a decision of the pôle's register and
frozen, until a later adoption supersedes them; an external framework's versions are imported as published.

A `Concept` is the identity that lasts across versions (its code, hence its URI, never changes); a `Node` is what one
version says of it: its place in the tree, its labels, definition, examples and level descriptors. Comparing two
versions is comparing their nodes concept by concept (`diff.py`). A `Mapping` is a SKOS crosswalk from a node to a
node of another framework; a `Change` is one line of a draft's change log.

Once a version is no longer a draft, nothing of its content changes: the models refuse to save or delete it, and the
querysets refuse bulk writes (`ImmutableVersion`).

One module per topic: frameworks, versions (and the guards of a version's content), concepts, crosswalks, changes.
Every name is imported from here, the querysets and the guards outside `__all__` included.
"""

from synergies.skills.models.changes import Change
from synergies.skills.models.changes import ChangeQuerySet as ChangeQuerySet
from synergies.skills.models.concepts import Concept, LevelDescriptor, Lineage, Node
from synergies.skills.models.concepts import LevelDescriptorQuerySet as LevelDescriptorQuerySet
from synergies.skills.models.concepts import LineageQuerySet as LineageQuerySet
from synergies.skills.models.concepts import NodeQuerySet as NodeQuerySet
from synergies.skills.models.crosswalks import Mapping
from synergies.skills.models.crosswalks import MappingQuerySet as MappingQuerySet
from synergies.skills.models.frameworks import Framework
from synergies.skills.models.frameworks import FrameworkQuerySet as FrameworkQuerySet
from synergies.skills.models.versions import ContentQuerySet as ContentQuerySet
from synergies.skills.models.versions import FrameworkVersion, ImmutableVersion
from synergies.skills.models.versions import VersionContent as VersionContent
from synergies.skills.models.versions import VersionQuerySet as VersionQuerySet
from synergies.skills.models.versions import ensure_draft as ensure_draft

__all__ = [
    "Change",
    "Concept",
    "Framework",
    "FrameworkVersion",
    "ImmutableVersion",
    "LevelDescriptor",
    "Lineage",
    "Mapping",
    "Node",
]
