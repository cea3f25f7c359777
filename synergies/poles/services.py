"""Writes to the pôles. Each is one transaction with an audit entry; views, imports and commands call nothing else.

Errors are French `ValidationError`s that name the rule they enforce, raised before anything is written.
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
    Evaluation,
    InterestDeclaration,
    Mandate,
    Modalities,
    Pole,
    Seat,
    last_day_of_years,
)

POLE_FIELDS = [
    "basin",
    "name",
    "code",
    "theme_kind",
    "theme",
    "transversal_reference",
    "transversal_date",
    "description",
    "missions",
    "evaluation_lead_days",
]
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

R7_TEXT = _("Un pôle de synergies est créé pour une durée limitée à trois années maximum (article 18, R7).")


class CompositionWarning(ValidationError):
    """The change would make a compliant pôle non-compliant; the caller confirms or cancels."""

    def __init__(self, compliance: Compliance):
        super().__init__(
            _("Cette modification rendrait le pôle non conforme : %(reasons)s")
            % {"reasons": " ".join(r.fix for r in compliance.failing())},
            code="breaks_compliance",
        )
        self.compliance = compliance


def _check_writable(pole: Pole) -> None:
    if pole.is_read_only():
        raise ValidationError(
            _("Le pôle « %(name)s » est %(status)s : seules son évaluation et ses archives restent modifiables (R7).")
            % {"name": pole.name, "status": pole.status.label},
            code="read_only",
        )


def _validate_pole(pole: Pole) -> None:
    errors: dict[str, str] = {}
    if pole.theme_kind == Pole.ThemeKind.THEME:
        if pole.theme_id is None:
            errors["theme"] = _("Choisissez la thématique commune du rapport sur laquelle le pôle est fondé (R1).")
        elif pole.theme.basin_id != pole.basin_id:  # type: ignore[union-attr]
            errors["theme"] = _("Cette thématique appartient au rapport d’un autre bassin (R1).")
    elif pole.theme_kind == Pole.ThemeKind.TRANSVERSAL and not (pole.transversal_reference and pole.transversal_date):
        errors["transversal_reference"] = _(
            "Un pôle transversal l’est par une décision de l’Instance : indiquez sa référence et sa date (R1)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_pole(data: Mapping[str, Any], *, by: Any) -> Pole:
    pole = Pole(**{k: v for k, v in data.items() if k in POLE_FIELDS})
    pole.code = (pole.code or "").upper()
    pole.full_clean()
    _validate_pole(pole)
    pole.save()
    Body.objects.create(
        pole=pole, kind=Body.Kind.STEERING_COMMITTEE, name=_("Comité de pilotage"), slug="comite-de-pilotage"
    )
    audit.record_creation(actor=by, verb="pole.create", target=pole, fields=POLE_FIELDS)
    return pole


@transaction.atomic
def update_pole(pole: Pole, data: Mapping[str, Any], *, by: Any) -> Pole:
    _check_writable(pole)
    before = audit.snapshot(Pole.objects.get(pk=pole.pk), POLE_FIELDS)
    for name, value in data.items():
        if name in POLE_FIELDS and name != "basin":
            setattr(pole, name, value)
    pole.code = pole.code.upper()
    pole.full_clean()
    _validate_pole(pole)
    pole.save()
    audit.record_update(actor=by, verb="pole.update", target=pole, before=before, fields=POLE_FIELDS)
    return pole


@transaction.atomic
def adopt_modalities(pole: Pole, *, text: str, adopted_on: datetime.date, reference: str = "", by: Any) -> Modalities:
    _check_writable(pole)
    if not text.strip():
        raise ValidationError({"text": _("Le texte des modalités est vide.")})
    version = (pole.modalities.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    modalities = Modalities.objects.create(
        pole=pole,
        version=version,
        text=text,
        adopted_on=adopted_on,
        reference=reference,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(actor=by, verb="pole.modalities", target=pole, changes={"modalités": [version - 1 or None, version]})
    return modalities


def _validate_mandate(mandate: Mandate) -> None:
    errors: dict[str, list[str]] = {}
    if mandate.start and mandate.end:
        if mandate.end <= mandate.start:
            errors.setdefault("end", []).append(_("La fin du mandat doit suivre son début."))
        elif mandate.end > mandate.latest_allowed_end:
            errors.setdefault("end", []).append(
                R7_TEXT
                + " "
                + _("Ce mandat commence le %(start)s : il doit se terminer au plus tard le %(latest)s.")
                % {
                    "start": mandate.start.strftime("%d/%m/%Y"),
                    "latest": mandate.latest_allowed_end.strftime("%d/%m/%Y"),
                }
            )
        overlapping = Mandate.objects.filter(pole=mandate.pole, start__lte=mandate.end, end__gte=mandate.start).exclude(
            pk=mandate.pk
        )
        if overlapping.exists():
            errors.setdefault("start", []).append(
                _("Ce mandat chevauche le %(other)s.") % {"other": overlapping.first()}
            )
    if not mandate.decision_reference or not mandate.decision_date:
        errors.setdefault("decision_reference", []).append(
            _("Un mandat naît d’une décision de l’Instance : indiquez sa référence et sa date (R2, R7).")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_first_mandate(
    pole: Pole,
    *,
    start: datetime.date,
    end: datetime.date,
    decision_reference: str,
    decision_date: datetime.date,
    by: Any,
) -> Mandate:
    """The Instance creates the pôle for a first mandate; later ones come only from `renew_mandate`."""
    pole = Pole.objects.select_for_update().get(pk=pole.pk)
    if pole.mandates.exists():
        raise ValidationError(
            _(
                "Ce pôle a déjà un mandat : un nouveau mandat ne s’ouvre que par un renouvellement après évaluation (R7)."
            ),
            code="already_created",
        )
    mandate = Mandate(
        pole=pole, number=1, start=start, end=end, decision_reference=decision_reference, decision_date=decision_date
    )
    _validate_mandate(mandate)
    mandate.save()
    Evaluation.objects.create(mandate=mandate)
    audit.record(
        actor=by,
        verb="pole.mandate.open",
        action=AuditEntry.Action.CREATE,
        target=pole,
        changes={"mandat": [None, str(mandate)], "décision": [None, decision_reference]},
    )
    return mandate


@transaction.atomic
def record_evaluation(
    mandate: Mandate,
    *,
    summary: str,
    submitted_on: datetime.date | None,
    file: Any = None,
    file_type: str = "",
    by: Any,
) -> Evaluation:
    """The evaluation file stays open even when the pôle is expired (R7)."""
    evaluation, _created = Evaluation.objects.get_or_create(mandate=mandate)
    if evaluation.verdict != Evaluation.Verdict.PENDING:
        raise ValidationError(_("L’Instance a déjà rendu son verdict sur cette évaluation."), code="decided")
    before = {"summary": evaluation.summary, "submitted_on": str(evaluation.submitted_on or "")}
    evaluation.summary = summary
    evaluation.submitted_on = submitted_on
    if file is not None:
        evaluation.file = file
        evaluation.file_type = file_type
    evaluation.save()
    audit.record(
        actor=by,
        verb="pole.evaluation",
        target=mandate.pole,
        changes=audit.diff(before, {"summary": summary, "submitted_on": str(submitted_on or "")}),
    )
    return evaluation


@transaction.atomic
def record_verdict(mandate: Mandate, *, verdict: str, reference: str, date: datetime.date, by: Any) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().get(mandate=mandate)
    if verdict not in (Evaluation.Verdict.RENEWED, Evaluation.Verdict.NOT_RENEWED):
        raise ValidationError(
            {"verdict": _("L’Instance se prononce pour le renouvellement ou le non-renouvellement du pôle (R7).")}
        )
    if evaluation.verdict != Evaluation.Verdict.PENDING:
        raise ValidationError(_("L’Instance a déjà rendu son verdict sur cette évaluation (R7)."), code="decided")
    if not evaluation.is_complete:
        raise ValidationError(
            _(
                "Le dossier d’évaluation n’est pas complet (synthèse ou fichier, et date de remise) : l’Instance ne peut pas encore se prononcer (R7)."
            ),
            code="incomplete",
        )
    if not reference or not date:
        raise ValidationError(_("Indiquez la référence et la date de la décision de l’Instance."), code="no_reference")
    evaluation.verdict = verdict
    evaluation.verdict_reference = reference
    evaluation.verdict_date = date
    evaluation.save(update_fields=["verdict", "verdict_reference", "verdict_date"])
    audit.record(actor=by, verb="pole.evaluation.verdict", target=mandate.pole, changes={"verdict": [None, verdict]})
    return evaluation


@transaction.atomic
def renew_mandate(
    mandate: Mandate, *, end: datetime.date, decision_reference: str, decision_date: datetime.date, by: Any
) -> Mandate:
    """Open the next mandate, the day after this one ends, if and only if the Instance renewed the pôle (R7)."""
    evaluation = Evaluation.objects.filter(mandate=mandate).first()
    if evaluation is None or not evaluation.is_complete or evaluation.verdict != Evaluation.Verdict.RENEWED:
        raise ValidationError(
            _(
                "Un pôle n’est renouvelable qu’après évaluation de son fonctionnement par l’Instance, et sur sa décision de renouvellement (R7)."
            ),
            code="not_evaluated",
        )
    if Mandate.objects.filter(pole=mandate.pole, start__gt=mandate.start).exists():
        raise ValidationError(_("Ce mandat a déjà été renouvelé."), code="already_renewed")
    following = Mandate(
        pole=mandate.pole,
        number=mandate.number + 1,
        start=mandate.end + datetime.timedelta(days=1),
        end=end,
        decision_reference=decision_reference,
        decision_date=decision_date,
    )
    _validate_mandate(following)
    following.save()
    Evaluation.objects.create(mandate=following)
    audit.record(
        actor=by,
        verb="pole.mandate.renew",
        action=AuditEntry.Action.CREATE,
        target=mandate.pole,
        changes={"mandat": [str(mandate), str(following)], "décision": [None, decision_reference]},
    )
    return following


@transaction.atomic
def close_pole(pole: Pole, *, on: datetime.date, reference: str, by: Any) -> Pole:
    if not reference:
        raise ValidationError(_("Indiquez la décision de l’Instance qui clôture le pôle."), code="no_reference")
    pole.closed_on = on
    pole.closing_reference = reference
    pole.save(update_fields=["closed_on", "closing_reference"])
    audit.record(actor=by, verb="pole.close", target=pole, changes={"clôturé le": [None, str(on)]})
    return pole


def _unique_body_slug(pole: Pole, name: str) -> str:
    base = slugify(fold(name))[:70] or "groupe"
    taken = set(pole.bodies.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_working_group(pole: Pole, data: Mapping[str, Any], *, by: Any) -> Body:
    _check_writable(pole)
    body = Body(pole=pole, kind=Body.Kind.WORKING_GROUP, **{k: v for k, v in data.items() if k in BODY_FIELDS})
    body.slug = _unique_body_slug(pole, body.name)
    body.full_clean()
    body.save()
    audit.record_creation(actor=by, verb="pole.body.create", target=body, fields=BODY_FIELDS)
    return body


@transaction.atomic
def update_body(body: Body, data: Mapping[str, Any], *, by: Any, confirm: bool = False) -> Body:
    """Change a body; closing a working group ends its seats, so it is simulated and warned about like a seat."""
    _check_writable(body.pole)
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
    _check_writable(pole)
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


def default_mandate_end(start: datetime.date) -> datetime.date:
    return last_day_of_years(start, 3)
