"""From parsed rows to a plan: what each row creates or changes, and every problem that forbids the import.

Nothing is written here. A row whose external identifier is already in the pôle's catalogue is compared with the
record as it stands, in the file's terms (its sixteen columns, resolved), so that re-importing a file finds what is
unchanged without touching it and calls the update service only for the records that really differ.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from synergies.basins.models import Commune
from synergies.directory.models import Organisation
from synergies.lib import csvio
from synergies.lib.text import fold
from synergies.poles.models import Pole
from synergies.practices.interchange import columns
from synergies.practices.interchange.lookups import Ambiguous, Existing, Lookups, existing_practices
from synergies.practices.models import EvidenceLevel, Status
from synergies.practices.models.vocabulary import PUBLIC_STATUSES
from synergies.skills.models import Concept

Problem = csvio.Problem
Progress = Callable[[str, int, int], None]

# The record's own fields the file sets (the others are relations: organisations, skills, communes).
RECORD_FIELDS = (
    "external_id",
    "title",
    "summary",
    "description",
    "kind",
    "publics",
    "modality",
    "duration_hours",
    "evidence_level",
    "url",
    "contact_email",
    "licence",
    "language",
)


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation the file names and the basin does not know: created, unverified, when the file is written."""

    name: str

    @property
    def key(self) -> str:
        return fold(self.name)


OrganisationRef = Organisation | NewOrganisation


@dataclass
class RowPlan:
    line: int
    fields: dict[str, Any]
    holder: OrganisationRef
    partners: list[OrganisationRef]
    concepts: list[Concept]
    communes: list[Commune]
    existing: Existing | None = None
    changed: bool = True
    publish: bool = False

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changed or self.publish else "unchanged"


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_organisations: dict[str, NewOrganisation] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _record_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The row's values for the record's own fields, empty cells given the record's defaults."""
    return {
        "external_id": values.get("external_id") or "",
        "title": values.get("title") or "",
        "summary": values.get("summary") or "",
        "description": values.get("description") or "",
        "kind": values.get("kind") or "",
        "publics": values.get("publics") or [],
        "modality": values.get("modality") or columns.DEFAULT_MODALITY,
        "duration_hours": values.get("duration_hours"),
        "evidence_level": values.get("evidence_level") or EvidenceLevel.DESCRIBED.value,
        "url": values.get("url") or "",
        "contact_email": values.get("contact_email") or "",
        "licence": values.get("licence") or columns.DEFAULT_LICENCE,
        "language": values.get("language") or columns.DEFAULT_LANGUAGE,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return bool(a == b)


def _unchanged(record: Existing, row: RowPlan) -> bool:
    """Whether writing the row would leave the record as it is (fields, holder, partners, skills, communes)."""
    if any(not _same(record.fields[name], row.fields[name]) for name in RECORD_FIELDS):
        return False
    if not isinstance(row.holder, Organisation) or row.holder.pk != record.holder_id:
        return False
    if any(isinstance(p, NewOrganisation) for p in row.partners):
        return False
    partners = [p.pk for p in row.partners if isinstance(p, Organisation) and p.pk != record.holder_id]
    if list(dict.fromkeys(partners)) != record.partner_ids:
        return False
    if {c.pk for c in row.concepts} != record.concept_ids:
        return False
    return {c.pk for c in row.communes} == record.commune_ids


class Planner:
    """Resolves each row against the lookups, collecting the problems of the whole file."""

    def __init__(self, pole: Pole, *, publish: bool, lookups: Lookups | None = None):
        self.pole = pole
        self.publish = publish
        self.lookups = lookups or Lookups.load(pole)
        self.plan = Plan()
        self.first_lines: dict[str, int] = {}
        self.find_organisation = functools.lru_cache(maxsize=4096)(self.lookups.organisations.find)

    def problem(self, line: int, column: str, message: str) -> None:
        self.plan.problems.append(Problem(line, column, message))

    def organisation(self, line: int, name: str) -> OrganisationRef | None:
        try:
            found = self.find_organisation(name)
        except Ambiguous as exc:
            self.problem(
                line,
                "organisations",
                _("« %(name)s » désigne plusieurs organisations du bassin (%(names)s) : écrivez le nom exact.")
                % {"name": name, "names": ", ".join(exc.names)},
            )
            return None
        if found is not None:
            return found
        new = NewOrganisation(name)
        return self.plan.new_organisations.setdefault(new.key, new)

    def concepts(self, line: int, codes: Sequence[str]) -> list[Concept]:
        if codes and not self.lookups.has_referential:
            self.problem(line, "skills", _("le pôle n’a pas de référentiel en vigueur : aucune compétence possible."))
            return []
        found: list[Concept] = []
        for code in codes:
            concept = self.lookups.competences.get(code)
            if concept is not None:
                found.append(concept)
            elif code in self.lookups.other_nodes:
                self.problem(
                    line,
                    "skills",
                    _("« %(code)s » est un(e) %(kind)s du référentiel, pas une compétence : indiquez ses compétences.")
                    % {"code": code, "kind": self.lookups.other_nodes[code]},
                )
            else:
                self.problem(
                    line,
                    "skills",
                    _("compétence « %(code)s » inconnue dans la version en vigueur du référentiel du pôle.")
                    % {"code": code},
                )
        return found

    def communes(self, line: int, codes: Sequence[str]) -> list[Commune]:
        found: list[Commune] = []
        for code in codes:
            commune = self.lookups.communes.get(code)
            if commune is not None:
                found.append(commune)
            elif code in self.lookups.foreign_communes:
                self.problem(
                    line,
                    "communes",
                    _("la commune %(code)s (%(name)s) n’est pas du bassin du pôle.")
                    % {"code": code, "name": self.lookups.foreign_communes[code]},
                )
            else:
                self.problem(line, "communes", _("code INS « %(code)s » inconnu.") % {"code": code})
        return list(dict.fromkeys(found))

    def add(self, row: csvio.ParsedRow) -> RowPlan | None:
        values = row.values
        external_id = values.get("external_id")
        if external_id:
            first = self.first_lines.setdefault(external_id, row.line)
            if first != row.line:
                self.problem(
                    row.line, "external_id", _("même identifiant externe qu’à la ligne %(line)s.") % {"line": first}
                )
        names = values.get("organisations") or []
        refs = [self.organisation(row.line, name) for name in names]
        concepts = self.concepts(row.line, values.get("skills") or [])
        communes = self.communes(row.line, values.get("communes") or [])
        if not refs or any(ref is None for ref in refs):
            return None
        resolved = [ref for ref in refs if ref is not None]
        plan = RowPlan(
            line=row.line,
            fields=_record_fields(values),
            holder=resolved[0],
            partners=resolved[1:],
            concepts=concepts,
            communes=communes,
        )
        self.plan.rows.append(plan)
        return plan

    def match_existing(self) -> None:
        """Pair rows with the records carrying their external identifier; refuse to overwrite archived records."""
        existing = existing_practices(self.pole, self.first_lines, RECORD_FIELDS)
        for row in self.plan.rows:
            practice = existing.get(row.fields["external_id"]) if row.fields["external_id"] else None
            if practice is None:
                row.publish = self.publish
                continue
            if practice.status == Status.ARCHIVED:
                self.problem(
                    row.line,
                    "external_id",
                    _(
                        "la pratique « %(title)s » qui porte cet identifiant est archivée : sortez-la des archives avant de la réimporter."
                    )
                    % {"title": practice.title},
                )
            row.existing = practice
            row.changed = not _unchanged(practice, row)
            row.publish = self.publish and practice.status not in PUBLIC_STATUSES


def plan_rows(pole: Pole, rows: Sequence[csvio.ParsedRow], *, publish: bool, progress: Progress | None = None) -> Plan:
    planner = Planner(pole, publish=publish)
    total = len(rows)
    for number, row in enumerate(rows, start=1):
        planner.add(row)
        if progress is not None and (number % 1000 == 0 or number == total):
            progress("validated", number, total)
    planner.match_existing()
    planner.plan.problems.sort(key=lambda p: p.line)
    return planner.plan
