"""The import of ESCO's skills pillar from the official CSV download (https://esco.ec.europa.eu/).

What is read: `skills_<lang>.csv`, `skillGroups_<lang>.csv`, `skillsHierarchy_<lang>.csv`,
`broaderRelationsSkillPillar_<lang>.csv` and every `<name>SkillsCollection_<lang>.csv` (transversal, digComp,
language, green…), in French and in English: a directory may hold both, each language filling its own labels
(`label`/`definition` from `_fr`, `label_en`/`definition_en` from `_en`). Other files of the download are listed as
ignored. Columns are found by their names, never by their order, which differs from one file to the next.

How ESCO becomes a tree: the skills hierarchy gives each group its parent (level 0 → 1 → 2 → 3); a skill's parent is
its first broader concept (from the pillar's broader relations, then from the collections' `broaderConceptUri`),
the other broaders are kept in `extra["also_broader"]`. A broader concept that is not among the imported ones is a
warning, not an error (an extract is still usable); a cycle in the broader relations is an error, since no tree can
hold it. A concept's code is its ESCO code for groups (S1.2, K06, L, T, ISCED-F codes), the UUID of its URI
otherwise; its URI is ESCO's own.

Everything is checked before anything is written, and the whole import is one transaction: a bad file imports
nothing. The tree is written by `loading.build_nodes`, a few bulk inserts per level of the tree, so the full ESCO
(~14,000 skills) imports in seconds; re-importing a number already imported changes nothing (a released version is
frozen), a new number supersedes the version in force.

The files are read in `reading`, what they say of each concept is gathered and checked in `concepts`, and placed in a
tree in `hierarchy`; the import itself, below, writes it in one transaction and returns a `report.ImportReport`.
"""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.skills.esco.concepts import EscoConcept as EscoConcept
from synergies.skills.esco.concepts import Parsed as Parsed
from synergies.skills.esco.concepts import parse_directory
from synergies.skills.esco.hierarchy import build_tree
from synergies.skills.esco.reading import EscoFile as EscoFile
from synergies.skills.esco.reading import Problems as Problems
from synergies.skills.esco.reading import Row as Row
from synergies.skills.esco.reading import Table as Table
from synergies.skills.esco.reading import find_files as find_files
from synergies.skills.esco.reading import read_table as read_table
from synergies.skills.esco.report import ImportReport
from synergies.skills.loading import DATA_DIR, build_nodes, external_framework, release
from synergies.skills.models import Change, FrameworkVersion, Node
from synergies.skills.services.common import log_change, user_of

__all__ = ["BUNDLED", "ESCO_FRAMEWORK", "ImportReport", "import_esco", "parse_directory"]

BUNDLED = DATA_DIR / "esco-1.2.0"

ESCO_FRAMEWORK: dict[str, str] = {
    "slug": "esco",
    "code": "ESCO",
    "name": "ESCO — classification européenne des aptitudes, compétences, certifications et professions",
    "name_en": "ESCO — European Skills, Competences, Qualifications and Occupations",
    "publisher": "Commission européenne",
    "homepage": "https://esco.ec.europa.eu/",
    "licence": "© Union européenne, réutilisation autorisée (décision 2011/833/UE)",
    "description": (
        "La classification multilingue des aptitudes, compétences, certifications et professions de la Commission "
        "européenne. Synergies en importe le pilier des aptitudes et connaissances : les groupes de la hiérarchie "
        "(aptitudes, connaissances, langues, aptitudes transversales) et les aptitudes des collections, chacune avec "
        "son URI officielle, vers lesquelles le référentiel du pôle établit ses correspondances."
    ),
}


def _counts_of(version: FrameworkVersion) -> dict[str, int]:
    counts = {Node.Kind.GROUP.value: 0, Node.Kind.SKILL.value: 0}
    for row in Node.objects.filter(version=version).values("kind").annotate(count=Count("pk")).order_by():
        counts[row["kind"]] = row["count"]
    return counts


def _as_tuple(number: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in number.split(".")) if re.fullmatch(r"\d+(\.\d+)*", number) else None


def _check_newer(number: str, current: FrameworkVersion | None) -> None:
    if current is None:
        return
    new, old = _as_tuple(number), _as_tuple(current.number)
    if new is not None and old is not None and new < old:
        raise ValidationError(
            _(
                "ESCO %(number)s est antérieure à la version en vigueur (%(current)s) : une version plus ancienne ne "
                "peut la remplacer."
            )
            % {"number": number, "current": current.number},
            code="older_version",
        )


def import_esco(
    directory: str | Path,
    *,
    number: str = "1.2.0",
    by: Any = None,
    released_on: datetime.date | None = None,
) -> ImportReport:
    """Import the ESCO CSV files of `directory` as version `number` of the ESCO framework, in one transaction."""
    started = time.perf_counter()
    number = (number or "").strip()
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,19}", number):
        raise ValidationError(
            _("« %(number)s » n’est pas un numéro de version ESCO (par exemple 1.2.0).") % {"number": number},
            code="invalid_number",
        )
    parsed = parse_directory(directory)
    with transaction.atomic():
        framework = external_framework(ESCO_FRAMEWORK)
        existing = framework.versions.filter(number=number).first()
        if existing is not None and not existing.is_draft:
            return ImportReport(
                version=existing,
                created=False,
                counts=_counts_of(existing),
                files=parsed.files,
                languages=parsed.languages,
                rows=parsed.rows,
                lines=parsed.lines,
                seconds=time.perf_counter() - started,
                warnings=parsed.warnings,
                ignored=parsed.ignored,
            )
        if existing is not None:
            raise ValidationError(
                _("Un brouillon de la version %(number)s d’ESCO existe : supprimez-le avant d’importer.")
                % {"number": number},
                code="draft_exists",
            )
        previous = framework.versions.current().first()
        _check_newer(number, previous)
        tree, counts = build_tree(parsed)
        notes = _(
            "Import des fichiers CSV officiels d’ESCO %(number)s (%(languages)s) : %(groups)s groupes, %(skills)s "
            "aptitudes et connaissances."
        ) % {
            "number": number,
            "languages": ", ".join(parsed.languages),
            "groups": counts[Node.Kind.GROUP],
            "skills": counts[Node.Kind.SKILL],
        }
        version = FrameworkVersion.objects.create(
            framework=framework, number=number, notes=notes, based_on=previous, created_by=user_of(by)
        )
        total = build_nodes(version, tree, framework=framework)
        log_change(
            version,
            Change.Operation.IMPORT,
            summary=_("Import d’ESCO %(number)s : %(count)s concepts") % {"number": number, "count": total},
            reason=_("Version publiée par la Commission européenne."),
            by=by,
            details={"files": parsed.files, "counts": counts, "warnings": len(parsed.warnings)},
        )
        release(version, released_on=released_on)
        audit.record(
            actor=by,
            verb="skills.esco.import",
            action=AuditEntry.Action.IMPORT,
            target=version,
            changes={"nodes": [None, total], "superseded": [None, str(previous) if previous else None]},
            message=", ".join(parsed.files),
        )
    return ImportReport(
        version=version,
        created=True,
        counts=counts,
        files=parsed.files,
        languages=parsed.languages,
        rows=parsed.rows,
        lines=parsed.lines,
        seconds=time.perf_counter() - started,
        warnings=parsed.warnings,
        ignored=parsed.ignored,
        superseded=previous,
    )
