"""The kinds of subject a pôle can send up to the Instance, registered by the apps that own them.

Why a registry: the transmissions sit on layer 6, below the recommendations, the projects and the evaluations that
will travel the same road, so they cannot import them. Each app that owns a kind of subject tells the transmissions,
from its AppConfig.ready(), how to read one of its records:

    from synergies.transmissions import subjects

    class RecommendationsConfig(AppConfig):
        def ready(self) -> None:
            from synergies.recommendations.models import Recommendation

            subjects.register(
                Recommendation,
                label=_("Recommandations"),
                kind=lambda r: Transmission.Kind.RECOMMENDATION,
                title=lambda r: r.title,
                url=lambda r: r.get_absolute_url(),
                pdf_template="recommendations/pdf/transmitted.html",   # the subject's part of the PDF
                pdf_context=lambda r: {"recommendation": r},
                is_public=lambda r: r.is_public,
                pole=lambda r: r.pole,
                check=lambda r: None,                  # raise a French ValidationError when r may not be sent yet
                candidates=lambda pole: Recommendation.objects.adopted().of_pole(pole),   # offered by the form
            )

From then on, `services.prepare_transmission(recommendation, by=…)` sends it up like a decision, and the
recommendation's page lists its transmissions with `transmissions_of(recommendation)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.poles.models import Pole
from synergies.transmissions.models import Transmission, TransmissionQuerySet

__all__ = [
    "SubjectKind",
    "candidates_of",
    "for_subject",
    "is_registered",
    "register",
    "registered",
    "transmissions_of",
    "unregister",
]


def _no_check(obj: Any) -> None:
    return None


@dataclass(frozen=True)
class SubjectKind:
    """How the transmissions read one model's records. Every callable takes the record."""

    model: type[models.Model]
    label: Promise | str
    kind: Callable[[Any], str]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    pdf_template: str
    pdf_context: Callable[[Any], dict[str, Any]]
    is_public: Callable[[Any], bool]
    pole: Callable[[Any], Pole]
    check: Callable[[Any], None] = _no_check
    candidates: Callable[[Pole], Any] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_KINDS: dict[str, SubjectKind] = {}


def register(
    model: type[models.Model],
    *,
    kind: Callable[[Any], str],
    title: Callable[[Any], str],
    url: Callable[[Any], str],
    pdf_template: str,
    pdf_context: Callable[[Any], dict[str, Any]],
    is_public: Callable[[Any], bool],
    pole: Callable[[Any], Pole],
    check: Callable[[Any], None] = _no_check,
    candidates: Callable[[Pole], Any] | None = None,
    label: Promise | str = "",
) -> SubjectKind:
    """Let records of `model` travel as transmissions. Registering a model again replaces its first registration."""
    entry = SubjectKind(
        model=model,
        label=label or str(model._meta.verbose_name_plural),
        kind=kind,
        title=title,
        url=url,
        pdf_template=pdf_template,
        pdf_context=pdf_context,
        is_public=is_public,
        pole=pole,
        check=check,
        candidates=candidates,
    )
    _KINDS[entry.key] = entry
    return entry


def unregister(model: type[models.Model]) -> None:
    _KINDS.pop(model._meta.label_lower, None)


def registered() -> list[SubjectKind]:
    return list(_KINDS.values())


def is_registered(obj: Any) -> bool:
    return isinstance(obj, models.Model) and obj._meta.label_lower in _KINDS


def for_subject(obj: Any) -> SubjectKind:
    """The registration of `obj`'s model, or a French ValidationError when nothing of its kind is sent up."""
    if not is_registered(obj):
        raise ValidationError(
            _("Ce type d’objet ne peut pas être transmis à l’Instance : seuls les objets déclarés le peuvent."),
            code="unregistered",
        )
    return _KINDS[obj._meta.label_lower]


def subject_url(obj: Any) -> str:
    """The page of the subject, or "" when its app has none (yet)."""
    if obj is None or not is_registered(obj):
        return ""
    try:
        return for_subject(obj).url(obj) or ""
    except NoReverseMatch:
        return ""


def candidates_of(pole: Pole) -> list[tuple[SubjectKind, list[Any]]]:
    """For the form that prepares a transmission: each kind's records of `pole` that are not on the road yet
    (never transmitted), kind by kind."""
    found = []
    for entry in registered():
        if entry.candidates is None:
            continue
        content_type = ContentType.objects.get_for_model(entry.model)
        taken = set(
            Transmission.objects.of_pole(pole).filter(subject_type=content_type).values_list("subject_id", flat=True)
        )
        records = [obj for obj in entry.candidates(pole) if str(obj.pk) not in taken]
        found.append((entry, records))
    return found


def transmissions_of(subject: models.Model) -> TransmissionQuerySet:
    """The transmissions of `subject`, newest first, for a panel on the subject's own page (in the app above)."""
    return Transmission.objects.about(subject).select_related("response", "pole__basin").order_by("-prepared_at")


# --- the decisions and orientations of the register (layer 5, below us: registered here) --------------------------


def _decision_url(decision: Any) -> str:
    try:
        return reverse(
            "decisions:decision",
            kwargs={"basin": decision.pole.basin.code, "code": decision.pole.code, "reference": decision.reference},
        )
    except NoReverseMatch:
        return ""


def _check_decision(decision: Any) -> None:
    if decision.pk is None or not decision.hash:
        raise ValidationError(
            _("Seule une décision adoptée et inscrite au registre peut être transmise à l’Instance (R6)."),
            code="not_adopted",
        )
    corrections = list(decision.corrected_by.order_by("sequence").values_list("reference", flat=True))
    if corrections:
        raise ValidationError(
            _("La décision %(reference)s a été corrigée par la décision %(by)s : transmettez plutôt celle-ci.")
            % {"reference": decision.reference, "by": corrections[-1]},
            code="corrected",
        )


def register_decisions() -> None:
    from synergies.decisions.models import Decision
    from synergies.decisions.models import Kind as DecisionKind

    register(
        Decision,
        label=gettext_lazy("Décisions et orientations du registre"),
        kind=lambda d: (
            Transmission.Kind.ORIENTATION if d.kind == DecisionKind.ORIENTATION else Transmission.Kind.DECISION
        ),
        title=lambda d: d.title,
        url=_decision_url,
        pdf_template="transmissions/pdf/decision.html",
        pdf_context=lambda d: {"decision": d},
        is_public=lambda d: bool(d.is_public),
        pole=lambda d: d.pole,
        check=_check_decision,
        candidates=lambda pole: (
            Decision.objects.of_pole(pole)
            .filter(corrected_by__isnull=True)
            .select_related("pole__basin")
            .order_by("-sequence")
        ),
    )
