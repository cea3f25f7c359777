"""The decision register: writing an entry (numbered per pôle and year, chained by hash) and verifying the chain.

An entry's hashed data is everything that makes the decision — and no personal name: people may be erased and
pseudonymised later (DESIGN §8) without breaking the chain. The pôle's code is the one in the reference, as it was
when the decision was written (a pôle's code may be corrected later; its past references are not rewritten).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.decisions import subjects
from synergies.decisions.models import Decision, Proposal, Round
from synergies.lib import audit, hashchain
from synergies.lib.models import AuditEntry
from synergies.poles.models import Pole


def reference_for(pole: Pole, year: int, number: int) -> str:
    return f"{pole.code}-{year}-{number:03d}"


def hashed_data(decision: Decision) -> dict[str, Any]:
    """What the hash of an entry covers (see the module's doc)."""
    subject = ""
    if decision.subject_type_id:
        content_type = ContentType.objects.get_for_id(decision.subject_type_id)
        subject = f"{content_type.app_label}.{content_type.model}:{decision.subject_id}"
    return {
        "pole": decision.reference.rsplit("-", 2)[0],
        "reference": decision.reference,
        "sequence": decision.sequence,
        "year": decision.year,
        "number": decision.number,
        "kind": decision.kind,
        "title": decision.title,
        "text": decision.text,
        "rationale": decision.rationale,
        "method": decision.method,
        "decided_on": decision.decided_on,
        "body": decision.body_id,
        "is_public": decision.is_public,
        "corrects": decision.corrects.reference if decision.corrects_id and decision.corrects else None,
        "subject": subject,
        "summary": decision.summary,
        "positions": _positions(decision),
        "recorded_at": decision.recorded_at,
    }


def _positions(decision: Decision) -> list[list[Any]]:
    """The positions the adoption rests on, by seat (a seat id names no one, so erasing a person breaks nothing):
    editing a reservation, an objection or who took which position breaks the chain too."""
    if decision.round_id is None or decision.round is None:
        return []
    current = [p for p in decision.round.positions.all() if p.superseded_at is None]
    return sorted([p.seat_id, p.stance, p.text] for p in current)


def inscribe(
    proposal: Proposal, round: Round, *, decided_on: datetime.date, summary: dict[str, int], by: Any
) -> Decision:
    """Write the adopted proposal into its pôle's register. Called inside the closing transaction: the pôle's row is
    locked so that two adoptions at once cannot take the same number or the same place in the chain."""
    pole = Pole.objects.select_for_update(of=("self",)).get(pk=proposal.pole_id)
    entries = Decision.objects.filter(pole=pole)
    last = entries.order_by("-sequence").only("sequence", "hash").first()
    number = (entries.filter(year=decided_on.year).aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(
        pole=pole,
        sequence=(last.sequence if last else 0) + 1,
        year=decided_on.year,
        number=number,
        reference=reference_for(pole, decided_on.year, number),
        proposal=proposal,
        round=round,
        body_id=proposal.body_id,
        kind=proposal.kind,
        title=proposal.title,
        text=round.text,
        rationale=round.rationale,
        method=round.method,
        decided_on=decided_on,
        is_public=proposal.is_public,
        corrects=proposal.corrects,
        subject_type_id=proposal.subject_type_id,
        subject_id=proposal.subject_id if proposal.subject_type_id else "",
        summary=summary,
        recorded_at=timezone.now().replace(microsecond=0),
        previous_hash=last.hash if last else hashchain.GENESIS,
    )
    decision.hash = hashchain.link(decision.previous_hash, hashed_data(decision))
    decision.save(force_insert=True)
    subjects.adopted(decision)
    audit.record(
        actor=by,
        verb="decision.inscribe",
        action=AuditEntry.Action.CREATE,
        target=decision,
        changes={"reference": [None, decision.reference], "hash": [None, decision.hash]},
    )
    return decision


@dataclass(frozen=True)
class Verification:
    pole: Pole
    count: int
    last_hash: str
    broken_at: str | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _entries(pole: Pole) -> Iterator[Decision]:
    return (
        Decision.objects.filter(pole=pole)
        .select_related("corrects", "round")
        .prefetch_related("round__positions")
        .order_by("sequence")
        .iterator(chunk_size=500)
    )


def verify_register(pole: Pole) -> Verification:
    """Walk the pôle's register in chain order; name the first entry whose hash, predecessor or rank does not match."""
    previous = hashchain.GENESIS
    count = 0
    for decision in _entries(pole):
        count += 1
        if decision.sequence != count:
            return Verification(
                pole,
                count,
                previous,
                decision.reference,
                _("rang %(found)s au lieu de %(expected)s (une entrée manque ou a été insérée)")
                % {"found": decision.sequence, "expected": count},
            )
        if decision.previous_hash != previous:
            return Verification(
                pole,
                count,
                previous,
                decision.reference,
                _("l’empreinte précédente enregistrée ne correspond pas à l’entrée qui la précède"),
            )
        expected = hashchain.link(previous, hashed_data(decision))
        if expected != decision.hash:
            return Verification(
                pole,
                count,
                previous,
                decision.reference,
                _("empreinte attendue %(expected)s, trouvée %(found)s : son contenu a été modifié")
                % {"expected": expected, "found": decision.hash},
            )
        previous = decision.hash
    return Verification(pole, count, previous)
