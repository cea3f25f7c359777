"""Builders for the showcase's tests: a practice labelled by a register entry, and many practices at once.

The label is written straight into the register (a decision row with its hash) rather than through a consensus round:
the label's own tests walk that road; here only its display matters.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from synergies.decisions.models import Decision
from synergies.decisions.services.register import reference_for
from synergies.directory.tests.utils import plain
from synergies.lib import hashchain
from synergies.poles.models import Body, Pole
from synergies.practices.models import Practice
from synergies.practices.services import indexing
from synergies.practices.tests.factories import make_practice

COMMUNES = ("58001", "53053", "55040", "58002", "53014")
SKILLS = ("CB-LIT-03", "CB-NUM-02", "CB-DIG-01", "CB-SOC-02", "CB-LIT-04")


def register_entry(pole: Pole, *, title: str = "Label « pratique inspirante »", is_public: bool = True) -> Decision:
    entries = Decision.objects.filter(pole=pole)
    last = entries.order_by("-sequence").first()
    number = entries.count() + 1
    decided_on = datetime.date(2026, 3, 12)
    decision = Decision(
        pole=pole,
        sequence=number,
        year=decided_on.year,
        number=number,
        reference=reference_for(pole, decided_on.year, number),
        body=pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE),
        kind="decision",
        title=title,
        text="Le comité reconnaît la pratique comme inspirante.",
        method="meeting",
        decided_on=decided_on,
        is_public=is_public,
        recorded_at=timezone.now().replace(microsecond=0),
        previous_hash=last.hash if last else hashchain.GENESIS,
    )
    decision.hash = hashchain.link(decision.previous_hash, {"reference": decision.reference, "n": number})
    decision.save(force_insert=True)
    return decision


def label(practice: Practice, **kwargs: Any) -> Decision:
    decision = register_entry(practice.pole, **kwargs)
    Practice.objects.filter(pk=practice.pk).update(label_decision=decision)
    practice.refresh_from_db()
    indexing.refresh(practice)
    return decision


def many_practices(
    pole: Pole, count: int, *, start: int = 0, communes: tuple[str, ...] | None = None, **fields: Any
) -> list[Practice]:
    """`count` published practices spread over a few communes and skills, each published a minute apart."""
    base = timezone.now() - datetime.timedelta(days=1)
    practices = []
    for n in range(start, start + count):
        practices.append(
            make_practice(
                pole,
                title=f"Pratique numéro {n:03d}",
                summary=f"Un atelier de lecture et de calcul, variante {n}.",
                communes=communes or (COMMUNES[n % len(COMMUNES)],),
                skills=(SKILLS[n % len(SKILLS)],),
                published_at=base + datetime.timedelta(minutes=n),
                **fields,
            )
        )
    return practices


def text_of(response: Any) -> str:
    """The page's words as a reader sees them: tags dropped, entities decoded, spaces (no-break ones too) collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    words = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", plain(words)).strip()
