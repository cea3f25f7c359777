"""The composition engine: does a pôle, on a given day, gather what article 18 requires (R3) and does its steering
committee represent the Instance's three components (R4)?

The rules are evaluated on plain facts (`SeatFact`), so they can be tested exhaustively without a database, and so
that a change can be simulated before it is saved. How the law is read:
- a seat counts when it is in force on the day, has someone to hold it (representative or substitute), and is a
  member's seat: observers and resource persons (by role or by origin) represent no category or component;
- R3 looks at the members the Instance designated, in every body of the pôle (the pôle « rassemble » these
  representatives; outside resource persons of a working group do not count); (a) and (b) require the
  organisation to be local — one of its sites is in the basin —, (c) requires it to be in the basin and declared
  competent in the pôle's theme;
- R4 looks at the steering committee only; an organisation's component comes from its type (DESIGN.md §5).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.directory.types import Component, R3Category

COUNTED_ROLES = {"chair", "vice_chair", "secretary", "member"}


@dataclass(frozen=True)
class SeatFact:
    seat_id: int | None
    body_kind: str
    role: str
    organisation: str | None
    category: R3Category | None
    component: Component | None
    located_in_basin: bool
    competent_in_theme: bool
    held: bool
    start: datetime.date
    end: datetime.date | None
    origin: str = ""
    designated: bool = True

    def in_force(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    @property
    def counts(self) -> bool:
        return (
            self.held
            and self.role in COUNTED_ROLES
            and self.organisation is not None
            and self.origin != "resource_person"
        )

    @property
    def counts_for_r3(self) -> bool:
        """The members the Instance designated: a working group's outside resource persons gather nobody (art. 18)."""
        return self.counts and self.designated

    @property
    def in_committee(self) -> bool:
        return self.body_kind == "steering_committee"


@dataclass
class RuleResult:
    id: str
    ok: bool
    label: str
    explanation: str
    fix: str = ""
    seats: list[int] = field(default_factory=list)


@dataclass
class Compliance:
    day: datetime.date
    results: list[RuleResult]
    warnings: list[str]

    @property
    def compliant(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def verdict(self) -> str:
        return _("conforme") if self.compliant else _("non conforme")

    def failing(self) -> list[RuleResult]:
        return [r for r in self.results if not r.ok]

    def failing_ids(self) -> set[str]:
        return {r.id for r in self.failing()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "compliant": self.compliant,
            "verdict": self.verdict,
            "rules": [asdict(r) for r in self.results],
            "warnings": list(self.warnings),
        }


def _names(facts: Iterable[SeatFact]) -> str:
    return ", ".join(sorted({f.organisation or "" for f in facts}))


def _satisfied(rule_id: str, label: str, facts: list[SeatFact]) -> RuleResult:
    return RuleResult(
        rule_id,
        True,
        label,
        _("Satisfaite par : %(names)s.") % {"names": _names(facts)},
        seats=sorted(f.seat_id for f in facts if f.seat_id is not None),
    )


def _r3(counted: list[SeatFact], category: R3Category, rule_id: str, label: str, fix: str) -> RuleResult:
    of_category = [f for f in counted if f.category == category]
    good = [f for f in of_category if f.located_in_basin and (category != R3Category.C or f.competent_in_theme)]
    if good:
        return _satisfied(rule_id, label, good)
    reasons = []
    outside = [f for f in of_category if not f.located_in_basin]
    if outside:
        reasons.append(
            ngettext(
                "%(names)s n’a aucune implantation dans le bassin.",
                "%(names)s n’ont aucune implantation dans le bassin.",
                len({f.organisation for f in outside}),
            )
            % {"names": _names(outside)}
        )
    not_competent = [f for f in of_category if f.located_in_basin and not f.competent_in_theme]
    if category == R3Category.C and not_competent:
        reasons.append(
            ngettext(
                "%(names)s n’est pas déclaré compétent dans la thématique du pôle.",
                "%(names)s ne sont pas déclarés compétents dans la thématique du pôle.",
                len({f.organisation for f in not_competent}),
            )
            % {"names": _names(not_competent)}
        )
    explanation = " ".join(reasons) or _("Aucun siège en vigueur ne relève de cette catégorie.")
    return RuleResult(rule_id, False, label, explanation, fix)


def _r4(committee: list[SeatFact], component: Component, has_committee: bool) -> RuleResult:
    rule_id = f"R4-{component.value}"
    label = _("Composante « %(component)s » représentée au comité de pilotage") % {"component": component.label}
    fix = _("Il manque au comité de pilotage un représentant de la composante « %(component)s ».") % {
        "component": component.label
    }
    good = [f for f in committee if f.component == component]
    if good:
        return _satisfied(rule_id, label, good)
    if not has_committee:
        return RuleResult(rule_id, False, label, _("Le pôle n’a pas de comité de pilotage."), fix)
    return RuleResult(rule_id, False, label, _("Aucun siège en vigueur du comité ne relève de cette composante."), fix)


def evaluate(facts: Iterable[SeatFact], day: datetime.date, *, has_committee: bool = True) -> Compliance:
    """The verdict of R3 and R4 for these seats on `day`."""
    in_force = [f for f in facts if f.in_force(day)]
    counted = [f for f in in_force if f.counts_for_r3]
    committee = [f for f in in_force if f.counts and f.in_committee]
    results = [
        _r3(
            counted,
            R3Category.A,
            "R3a",
            _("Entreprises, intercommunales de développement économique ou partenaires sociaux locaux"),
            _(
                "Il manque une entreprise locale, une intercommunale de développement économique ou un partenaire social local."
            ),
        ),
        _r3(
            counted,
            R3Category.B,
            "R3b",
            _("Opérateurs locaux de l’emploi, de la formation professionnelle ou de l’insertion"),
            _(
                "Il manque un opérateur local de l’emploi, de la formation professionnelle ou de l’insertion situé dans le bassin."
            ),
        ),
        _r3(
            counted,
            R3Category.C,
            "R3c",
            _("Opérateurs d’enseignement qualifiant situés dans le bassin et compétents dans la thématique"),
            _(
                "Il manque un opérateur d’enseignement qualifiant situé dans le bassin et compétent dans la thématique du pôle."
            ),
        ),
        *(_r4(committee, component, has_committee) for component in Component),
    ]
    warnings = [
        _("Siège vacant (ni représentant·e ni suppléant·e) : %(name)s.") % {"name": f.organisation or "?"}
        for f in in_force
        if not f.held
    ]
    return Compliance(day=day, results=results, warnings=warnings)
