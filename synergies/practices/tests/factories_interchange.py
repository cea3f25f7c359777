"""Interchange files for the tests: rows as dicts, written in the sixteen columns (or in any other shape a test needs)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from synergies.practices.interchange.columns import HEADER
from synergies.practices.models import Partner, Practice, PracticeSkill, Revision
from synergies.testing.factories import OrganisationFactory


def row(**values: Any) -> dict[str, str]:
    """A complete, valid row; override any column."""
    base = {
        "external_id": "EPALE-001",
        "title": "Atelier de lecture à voix haute",
        "summary": "Un atelier hebdomadaire pour lire ensemble des textes du quotidien.",
        "description": "Deux heures par semaine, en petit groupe.",
        "kind": "methode",
        "organisations": "CISP Les Mots",
        "publics": "ALPHA|FLE",
        "skills": "CB-LIT-03|CB-LIT-04",
        "communes": "58001|53053",
        "modality": "presentiel",
        "duration_hours": "24,5",
        "evidence_level": "2",
        "url": "https://example.org/atelier",
        "contact_email": "contact@example.org",
        "licence": "CC-BY-4.0",
        "language": "fr",
    }
    base.update({key: str(value) for key, value in values.items()})
    return base


def csv_bytes(
    rows: Sequence[dict[str, str]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def holder(basin: Any, name: str = "CISP Les Mots", **fields: Any) -> Any:
    return OrganisationFactory(basin=basin, name=name, type="cisp", **fields)


def counts() -> dict[str, int]:
    """How many rows of each kind the catalogue holds, to show that a refused import wrote nothing."""
    return {
        "practices": Practice.objects.count(),
        "revisions": Revision.objects.count(),
        "skills": PracticeSkill.objects.count(),
        "partners": Partner.objects.count(),
        "communes": Practice.communes.through.objects.count(),
    }
