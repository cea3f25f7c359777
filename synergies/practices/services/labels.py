"""The label « pratique inspirante »: only a decision of the pôle's register grants it (R9: make good practices visible).

The decisions app calls these through its subject hooks: `check_labellable` when a proposal to label a practice is
made, `grant_label` inside the transaction that writes the decision into the register.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from synergies.decisions import services as decisions
from synergies.decisions.models import Proposal
from synergies.lib import audit
from synergies.practices.models import Practice
from synergies.practices.services import indexing


def check_labellable(practice: Practice) -> None:
    if not practice.is_public:
        raise ValidationError(
            _("Seule une pratique publiée peut recevoir le label « pratique inspirante »."), code="not_published"
        )
    if practice.is_inspiring:
        raise ValidationError(_("Cette pratique porte déjà le label « pratique inspirante »."), code="already_labelled")


def propose_label(practice: Practice, *, by: Any, rationale: str = "") -> Proposal:
    """A proposal of the pôle's register to label the practice; the committee decides it by consensus like any other."""
    practice = Practice.objects.select_related("pole", "holder").get(pk=practice.pk)
    pending = Proposal.objects.filter(
        subject_type=ContentType.objects.get_for_model(Practice),
        subject_id=str(practice.pk),
        status__in=(Proposal.Status.DRAFT, Proposal.Status.OPEN, Proposal.Status.POSTPONED),
    )
    if pending.exists():
        raise ValidationError(
            _("Une proposition de label pour cette pratique attend déjà la décision du comité."), code="pending"
        )
    return decisions.create_proposal(
        practice.pole,
        {
            "title": _("Label « pratique inspirante » pour « %(title)s »") % {"title": practice.title},
            "text": _(
                "Le comité de pilotage reconnaît « %(title)s », portée par %(holder)s, comme pratique inspirante du "
                "pôle et la met en valeur dans le catalogue."
            )
            % {"title": practice.title, "holder": practice.holder.name},
            "rationale": rationale.strip(),
            "kind": "decision",
            "is_public": True,
        },
        by=by,
        subject=practice,
    )


def grant_label(practice: Practice, decision: Any) -> Practice:
    """Called as the decision enters the register, in its transaction: both happen or neither."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.pole_id != decision.pole_id:
        raise ValidationError(_("Seul le registre du pôle de la pratique peut la labelliser."), code="other_pole")
    check_labellable(practice)
    practice.label_decision = decision
    practice.save(update_fields=["label_decision", "updated_at"])
    audit.record(
        actor=None,
        verb="practices.label",
        target=practice,
        changes={"label_decision": [None, decision.pk]},
        message=str(decision),
    )
    indexing.refresh(practice)
    return practice
