"""Writes to a pôle itself: creation, modalities, mandates, evaluation and closing (R1, R2, R7).

Each is one transaction with an audit entry; errors are French `ValidationError`s naming the rule they enforce.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.poles.models import (
    Body,
    Evaluation,
    Mandate,
    Modalities,
    Pole,
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

R7_TEXT = _("Un pôle de synergies est créé pour une durée limitée à trois années maximum (article 18, R7).")


def check_writable(pole: Pole) -> None:
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
    check_writable(pole)
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
    check_writable(pole)
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


def default_mandate_end(start: datetime.date) -> datetime.date:
    return last_day_of_years(start, 3)
