"""Writes to a pôle's bodies and seats, checked against the composition rules (R2–R5) before anything is saved.

A change that would make a compliant pôle non-compliant raises `CompositionWarning` unless confirmed; once
confirmed and saved, the basin's secretariat is alerted.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergies.directory.models import Affiliation
from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.tasks import enqueue_on_commit
from synergies.lib.text import fold
from synergies.poles import tasks
from synergies.poles.compliance import compliance_of, simulate, simulate_closure
from synergies.poles.composition import Compliance
from synergies.poles.models import (
    Body,
    InterestDeclaration,
    Pole,
    Seat,
)
from synergies.poles.services.governance import check_writable

BODY_FIELDS = ["name", "mission", "deliverables", "deadline"]
SEAT_FIELDS = [
    "organisation",
    "representative",
    "substitute",
    "origin",
    "chamber",
    "role",
    "start",
    "end",
    "designation_reference",
    "designation_date",
    "competent_in_theme",
    "names_public",
]


class CompositionWarning(ValidationError):
    """The change would make a compliant pôle non-compliant; the caller confirms or cancels."""

    def __init__(self, compliance: Compliance):
        super().__init__(
            _("Cette modification rendrait le pôle non conforme : %(reasons)s")
            % {"reasons": " ".join(r.fix for r in compliance.failing())},
            code="breaks_compliance",
        )
        self.compliance = compliance


def _unique_body_slug(pole: Pole, name: str) -> str:
    base = slugify(fold(name))[:70] or "groupe"
    taken = set(pole.bodies.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_working_group(pole: Pole, data: Mapping[str, Any], *, by: Any) -> Body:
    check_writable(pole)
    body = Body(pole=pole, kind=Body.Kind.WORKING_GROUP, **{k: v for k, v in data.items() if k in BODY_FIELDS})
    body.slug = _unique_body_slug(pole, body.name)
    body.full_clean()
    body.save()
    audit.record_creation(actor=by, verb="pole.body.create", target=body, fields=BODY_FIELDS)
    return body


@transaction.atomic
def update_body(body: Body, data: Mapping[str, Any], *, by: Any, confirm: bool = False) -> Body:
    """Change a body; closing a working group ends its seats, so it is simulated and warned about like a seat."""
    check_writable(body.pole)
    saved = Body.objects.get(pk=body.pk)
    before = audit.snapshot(saved, [*BODY_FIELDS, "closed_on"])
    for name, value in data.items():
        if name in [*BODY_FIELDS, "closed_on"]:
            setattr(body, name, value)
    if body.closed_on and body.is_steering_committee:
        raise ValidationError({"closed_on": _("Le comité de pilotage ne se clôture pas : il vit avec le pôle.")})
    body.full_clean()
    if body.closed_on and body.closed_on != saved.closed_on:
        now = compliance_of(body.pole, body.closed_on)
        after = simulate_closure(body.pole, body, day=body.closed_on)
        if now.compliant and not after.compliant and not confirm:
            raise CompositionWarning(after)
        _alert_if_broken(body.pole, now, after, by)
    body.save()
    audit.record_update(
        actor=by, verb="pole.body.update", target=body, before=before, fields=[*BODY_FIELDS, "closed_on"]
    )
    return body


def _affiliated(person: Any, organisation: Any, day: datetime.date) -> bool:
    return Affiliation.objects.current(on=day).filter(person=person, organisation=organisation).exists()


def validate_seat(seat: Seat) -> None:
    """Every rule a seat must follow on its own and within its body, each refused with its reason."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if seat.end and seat.start and seat.end < seat.start:
        add("end", _("Un siège ne peut se terminer avant d’avoir commencé."))
    if seat.organisation_id is None and seat.representative_id is None:
        add(
            "organisation",
            _("Un siège est tenu par une organisation (avec un·e représentant·e) ou par une personne ressource."),
        )
    if seat.organisation_id is None and seat.origin != Seat.Origin.RESOURCE_PERSON:
        add(
            "origin",
            _("Un siège sans organisation est tenu à titre personnel : son origine est « personne ressource »."),
        )
    if seat.representative_id and seat.representative_id == seat.substitute_id:
        add("substitute", _("Le ou la suppléant·e doit être une autre personne que le ou la représentant·e."))
    if seat.organisation is not None and seat.start:
        for field_name, person in (("representative", seat.representative), ("substitute", seat.substitute)):
            if person is not None and not _affiliated(person, seat.organisation, seat.start):
                add(
                    field_name,
                    _(
                        "%(person)s n’est pas affilié·e à « %(organisation)s » au %(date)s : ajoutez d’abord l’affiliation dans l’annuaire."
                    )
                    % {
                        "person": person.full_name,
                        "organisation": seat.organisation.name,
                        "date": seat.start.strftime("%d/%m/%Y"),
                    },
                )
    if seat.designation_date and not seat.designation_reference:
        add("designation_reference", _("Une désignation par l’Instance porte la référence de sa décision (R2)."))
    if (
        seat.body.is_steering_committee
        and seat.role not in (Seat.Role.OBSERVER,)
        and not (seat.designation_reference and seat.designation_date)
    ):
        add(
            "designation_reference",
            _(
                "L’Instance désigne les membres du comité de pilotage : indiquez la référence et la date de la désignation (R2)."
            ),
        )
    if seat.origin in (Seat.Origin.CHAMBER_EDUCATION, Seat.Origin.CHAMBER_EMPLOYMENT_TRAINING):
        expected = "education" if seat.origin == Seat.Origin.CHAMBER_EDUCATION else "employment_training"
        if seat.chamber_id is None:
            add("chamber", _("Précisez la chambre dont ce siège est issu."))
        elif seat.chamber.kind != expected or seat.chamber.basin_id != seat.body.pole.basin_id:  # type: ignore[union-attr]
            add("chamber", _("Cette chambre ne correspond pas à l’origine choisie, ou appartient à un autre bassin."))
    people = [p for p in (seat.representative_id, seat.substitute_id) if p]
    if people and seat.start:
        clash = (
            Seat.objects.filter(body_id=seat.body_id)
            .exclude(pk=seat.pk)
            .held_by_any(people)
            .overlapping(seat.start, seat.end)
            .select_related("organisation")
            .first()
        )
        if clash is not None:
            add(
                "representative",
                _("Cette personne occupe déjà un siège de cet organe sur la même période (%(seat)s).")
                % {"seat": clash.holder_name()},
            )
    if errors:
        raise ValidationError(errors)


def _verdicts(pole: Pole, seat: Seat) -> tuple[Compliance, Compliance]:
    """The verdicts before and after the change, today or on the first later day the change would break compliance.

    Composition changes only where a seat begins or ends: a seat ending today (its last day) is gone tomorrow, one
    ending next month from the day after; so those days are checked along with today."""
    today = timezone.localdate()
    saved = Seat.objects.filter(pk=seat.pk).first() if seat.pk else None
    edges = [seat.start, seat.end and seat.end + datetime.timedelta(days=1)]
    if saved is not None:
        edges += [saved.start, saved.end and saved.end + datetime.timedelta(days=1)]
    first: tuple[Compliance, Compliance] | None = None
    for day in sorted({today, *(d for d in edges if d and d > today)}):
        before, after = compliance_of(pole, day), simulate(pole, add=seat, day=day)
        if before.compliant and not after.compliant:
            return before, after
        first = first or (before, after)
    assert first is not None
    return first


def _alert_if_broken(pole: Pole, before: Compliance, after: Compliance, by: Any) -> None:
    if before.compliant and not after.compliant:
        audit.record(
            actor=by, verb="pole.compliance.broken", target=pole, message=" ".join(r.fix for r in after.failing())
        )
        enqueue_on_commit(tasks.alert_compliance_broken, pole.pk, after.day.isoformat())


@transaction.atomic
def save_seat(seat: Seat, *, by: Any, confirm: bool = False) -> Seat:
    """Create or change a seat. A change that would break compliance raises CompositionWarning unless confirmed;
    once saved, it alerts the secretariat."""
    pole = seat.body.pole
    check_writable(pole)
    seat.full_clean(exclude=["body"], validate_constraints=False)
    validate_seat(seat)
    before, after = _verdicts(pole, seat)
    if before.compliant and not after.compliant and not confirm:
        raise CompositionWarning(after)
    created = seat.pk is None
    old = audit.snapshot(Seat.objects.get(pk=seat.pk), SEAT_FIELDS) if not created else {}
    seat.save()
    audit.record(
        actor=by,
        verb="pole.seat.create" if created else "pole.seat.update",
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        target=seat,
        changes=audit.diff(old, audit.snapshot(seat, SEAT_FIELDS)),
    )
    _alert_if_broken(pole, before, after, by)
    return seat


@transaction.atomic
def end_seat(seat: Seat, *, on: datetime.date | None = None, by: Any, confirm: bool = False) -> Seat:
    day = on or timezone.localdate()
    if day < seat.start:
        raise ValidationError({"end": _("Un siège ne peut se terminer avant d’avoir commencé.")})
    seat.end = day
    return save_seat(seat, by=by, confirm=confirm)


@transaction.atomic
def declare_interest(
    seat: Seat, *, text: str, declared_on: datetime.date | None = None, by: Any
) -> InterestDeclaration:
    if not text.strip():
        raise ValidationError({"text": _("La déclaration est vide.")})
    declaration = InterestDeclaration.objects.create(
        seat=seat, text=text.strip(), declared_on=declared_on or timezone.localdate()
    )
    audit.record(actor=by, verb="pole.seat.interest", action=AuditEntry.Action.CREATE, target=seat)
    return declaration
