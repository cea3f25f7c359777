"""Exports of one version of a referential: SKOS (Turtle, JSON-LD), CSV, a printable booklet (PDF), and the
fingerprint of its content.

Every export reads the version through `load`, a fixed handful of queries whatever the size of the referential, so
a 2 000-skill ESCO version costs the database what a 30-concept draft costs.

One module per export: `skos` (Turtle, JSON-LD, and the modelling choices SKOS leaves open), `tabular` (CSV),
`booklet` (PDF), all built on `content` (the loaded version, its fingerprint, the files' names).
"""

from synergies.skills.exports.booklet import Crosswalk as Crosswalk
from synergies.skills.exports.booklet import Entry as Entry
from synergies.skills.exports.booklet import booklet_context, booklet_pdf
from synergies.skills.exports.content import Snapshot, content_hash, filename, load
from synergies.skills.exports.content import canonical_content as canonical_content
from synergies.skills.exports.skos import JSONLD_CONTEXT, skos_graph, to_jsonld, to_turtle
from synergies.skills.exports.tabular import CSV_HEADER, csv_rows, to_csv

__all__ = [
    "CSV_HEADER",
    "JSONLD_CONTEXT",
    "Snapshot",
    "booklet_context",
    "booklet_pdf",
    "content_hash",
    "csv_rows",
    "filename",
    "load",
    "skos_graph",
    "to_csv",
    "to_jsonld",
    "to_turtle",
]
