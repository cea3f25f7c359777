"""What a file's codes and names point to, loaded once for the whole file in a handful of queries.

Skills are the competences of the pôle's referential version in force (as in the editor); communes are the basin's,
by current NIS code or by a code from before the 2019 mergers; organisations are the basin's, by name or acronym,
ignoring case and accents. Existing practices are found by their external identifier in the pôle's catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from synergies.basins.models import Commune
from synergies.directory.models import Organisation
from synergies.lib.text import fold
from synergies.poles.models import Pole
from synergies.practices.forms.record import version_in_force
from synergies.practices.models import Partner, Practice, PracticeSkill
from synergies.skills.models import Concept, Node

CHUNK = 500


def chunked(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    """Slices small enough for an `IN (…)` on every database (SQLite caps the number of parameters)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


class Ambiguous(Exception):
    def __init__(self, names: list[str]):
        self.names = names


@dataclass
class OrganisationIndex:
    """The basin's organisations by folded name, then by folded acronym."""

    by_name: dict[str, list[Organisation]] = field(default_factory=dict)
    by_acronym: dict[str, list[Organisation]] = field(default_factory=dict)

    @classmethod
    def of_basin(cls, basin: Any) -> OrganisationIndex:
        by_name: dict[str, list[Organisation]] = defaultdict(list)
        by_acronym: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in Organisation.objects.in_basin(basin).order_by("-is_active", "pk"):
            by_name[fold(organisation.name)].append(organisation)
            if organisation.acronym:
                by_acronym[fold(organisation.acronym)].append(organisation)
        return cls(dict(by_name), dict(by_acronym))

    def find(self, name: str) -> Organisation | None:
        """The one organisation with this name (or, failing that, acronym); None if none; Ambiguous if several."""
        key = fold(name)
        for candidates in (self.by_name.get(key), self.by_acronym.get(key)):
            if candidates:
                if len(candidates) > 1:
                    raise Ambiguous([o.name for o in candidates])
                return candidates[0]
        return None


@dataclass
class Lookups:
    has_referential: bool
    competences: dict[str, Concept]
    other_nodes: dict[str, str]  # code → kind label, for codes of the version that are not competences
    communes: dict[str, Commune]
    foreign_communes: dict[str, str]  # code → name, for communes of other basins
    organisations: OrganisationIndex

    @classmethod
    def load(cls, pole: Pole) -> Lookups:
        version = version_in_force(pole)
        competences: dict[str, Concept] = {}
        other_nodes: dict[str, str] = {}
        if version is not None:
            for node in Node.objects.filter(version=version).select_related("concept"):
                if node.kind == Node.Kind.COMPETENCE:
                    competences[node.concept.code.upper()] = node.concept
                else:
                    other_nodes[node.concept.code.upper()] = str(node.get_kind_display())
        communes: dict[str, Commune] = {}
        foreign: dict[str, str] = {}
        for commune in Commune.objects.prefetch_related("aliases"):
            codes = [commune.nis_code, *(alias.nis_code for alias in commune.aliases.all())]
            for code in codes:
                if commune.basin_id == pole.basin_id:
                    communes[code] = commune
                else:
                    foreign[code] = commune.name
        return cls(
            has_referential=version is not None,
            competences=competences,
            other_nodes=other_nodes,
            communes=communes,
            foreign_communes=foreign,
            organisations=OrganisationIndex.of_basin(pole.basin),
        )


@dataclass
class Existing:
    """A record of the catalogue as the file would describe it: read as plain values, no model instances."""

    pk: int
    status: str
    title: str
    fields: dict[str, Any]
    holder_id: int
    partner_ids: list[int] = field(default_factory=list)
    concept_ids: set[int] = field(default_factory=set)
    commune_ids: set[int] = field(default_factory=set)


def existing_practices(pole: Pole, external_ids: Iterable[str], record_fields: Sequence[str]) -> dict[str, Existing]:
    """The pôle's records carrying these external identifiers, in five queries per few hundred."""
    wanted = sorted(set(external_ids))
    found: dict[str, Existing] = {}
    names = ["pk", "status", "holder_id", *record_fields]
    for chunk in chunked(wanted):
        by_pk: dict[int, Existing] = {}
        for values in Practice.objects.of_pole(pole).filter(external_id__in=chunk).values(*names):
            record = Existing(
                pk=values["pk"],
                status=values["status"],
                title=values["title"],
                holder_id=values["holder_id"],
                fields={name: values[name] for name in record_fields},
            )
            by_pk[record.pk] = found[record.fields["external_id"]] = record
        pks = list(by_pk)
        for practice_id, concept_id in PracticeSkill.objects.filter(practice_id__in=pks).values_list(
            "practice_id", "concept_id"
        ):
            by_pk[practice_id].concept_ids.add(concept_id)
        communes = Practice.communes.through.objects.filter(practice_id__in=pks)
        for practice_id, commune_id in communes.values_list("practice_id", "commune_id"):
            by_pk[practice_id].commune_ids.add(commune_id)
        partners = Partner.objects.filter(practice_id__in=pks).order_by("practice_id", "position", "pk")
        for practice_id, organisation_id in partners.values_list("practice_id", "organisation_id"):
            by_pk[practice_id].partner_ids.append(organisation_id)
    return found
