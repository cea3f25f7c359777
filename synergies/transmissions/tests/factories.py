"""Records the transmissions' tests (and the permission matrix) make directly, without another app's services."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from synergies.decisions.models import Decision
from synergies.lib.hashchain import GENESIS, link
from synergies.lib.pdf import sha256
from synergies.poles.models import Body, Pole
from synergies.transmissions.models import Event, Response, Transmission

TODAY = datetime.date(2026, 3, 16)
PDF = b"%PDF-1.4\n% transmission de test\n%%EOF\n"


def write_decision(pole: Pole, body: Body, **fields: Any) -> Decision:
    """An entry of the register made directly, chained to the pôle's last one."""
    last = Decision.objects.of_pole(pole).order_by("-sequence").first()
    sequence = (last.sequence if last else 0) + 1
    decided_on = fields.pop("decided_on", TODAY - datetime.timedelta(days=30))
    year = decided_on.year
    number = Decision.objects.of_pole(pole).filter(year=year).count() + 1
    data = {
        "kind": fields.pop("kind", "decision"),
        "title": fields.pop("title", f"Décision de test n° {sequence}"),
        "text": fields.pop("text", "Le comité de pilotage **adopte** le référentiel des compétences de base."),
        "rationale": fields.pop("rationale", "Après trois réunions de travail."),
        "method": fields.pop("method", "meeting"),
        "decided_on": decided_on,
        "is_public": fields.pop("is_public", True),
    }
    previous = last.hash if last else GENESIS
    reference = f"{pole.code}-{year}-{number:03d}"
    digest = link(previous, {"reference": reference, **data})
    return Decision.objects.create(
        pole=pole,
        body=body,
        sequence=sequence,
        year=year,
        number=number,
        reference=reference,
        recorded_at=timezone.now(),
        previous_hash=previous,
        hash=digest,
        **data,
        **fields,
    )


def make_transmission(subject: Decision, *, status: str = Transmission.Status.SENT, **fields: Any) -> Transmission:
    """A transmission saved directly at `status` (with its PDF once sent, a response once answered), numbered next."""
    pole = subject.pole
    year = fields.pop("year", TODAY.year)
    number = Transmission.objects.filter(pole=pole, year=year).count() + 1
    sent = status != Transmission.Status.PREPARED
    sent_at: datetime.datetime | None = (
        fields.pop("sent_at", timezone.now() - datetime.timedelta(days=10)) if sent else None
    )
    transmission = Transmission.objects.create(
        pole=pole,
        year=year,
        number=number,
        reference=f"{pole.code}-T-{year}-{number:03d}",
        kind=subject.kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        title=fields.pop("title", subject.title),
        recipient_name=f"Instance Bassin EFE {pole.basin.name}",
        recipient_email="instance@example.org",
        status=status,
        sent_at=sent_at,
        response_due=fields.pop("response_due", TODAY + datetime.timedelta(days=50)) if sent else None,
        pdf=ContentFile(PDF, name=f"{pole.code}-{year}-{number}.pdf") if sent else "",
        pdf_sha256=sha256(PDF) if sent else "",
        **fields,
    )
    Event.objects.create(transmission=transmission, kind=Event.Kind.PREPARED, at=timezone.now())
    if sent_at is not None:
        Event.objects.create(transmission=transmission, kind=Event.Kind.SENT, at=sent_at)
    if status == Transmission.Status.ANSWERED:
        Response.objects.create(transmission=transmission, verdict=Response.Verdict.APPROVED, received_on=TODAY)
    return transmission
