"""Frameworks as data: a JSON file describes a framework, one of its versions and its tree of concepts.

The external frameworks the pôle maps its referential to (DigComp, CléA, CECR…) ship as such files in
`data/frameworks/`, and the pôle's seed referential is built from the same structure: one format, one validator,
one way of writing a tree of nodes. `build_nodes` is also what the ESCO import writes its ~14,000 concepts with,
hence bulk inserts level by level of the tree rather than one save per node.

A file is checked as a whole before anything is written, and every problem is reported with the file and the JSON
path of the faulty value (« concepts[2].children[0] : code manquant »), so that whoever edits a file by hand finds
the mistake without reading code.

`checking` reads and checks a file, `nodes` writes a checked tree as a version's nodes, `frameworks` brings an
external framework up to date and puts its version in force; loading every bundled file is done here, beside the
directory it reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from synergies.skills.loading.checking import read_data_file
from synergies.skills.loading.frameworks import external_framework, load_framework_file, release
from synergies.skills.loading.nodes import build_nodes
from synergies.skills.models import FrameworkVersion

__all__ = [
    "DATA_DIR",
    "FRAMEWORKS_DIR",
    "build_nodes",
    "external_framework",
    "load_external_frameworks",
    "load_framework_file",
    "read_data_file",
    "release",
]

DATA_DIR = Path(__file__).parent.parent / "data"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"


def load_external_frameworks(*, by: Any = None) -> list[FrameworkVersion]:
    """Every data file of data/frameworks/, in one transaction: a faulty file loads none of them."""
    with transaction.atomic():
        return [load_framework_file(path, by=by) for path in sorted(FRAMEWORKS_DIR.glob("*.json"))]
