"""Proposals: drafting, documents, postponing, withdrawing, correcting a decision, and past decisions for the demo."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.decisions import subjects
from synergies.decisions.models import Decision, Kind, Method, Proposal, Round
from synergies.decisions.services.rounds import Entry, current_round, note_consensus, open_round
from synergies.lib import audit
from synergies.meetings.models import AgendaItem, Meeting
from synergies.poles.documents import add_version
from synergies.poles.models import Body, DocumentVersion, Pole
from synergies.poles.services import check_writable

PROPOSAL_FIELDS = ["body", "kind", "title", "text", "rationale", "is_public", "agenda_item"]


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _validate(proposal: Proposal) -> None:
    errors: dict[str, str] = {}
    if proposal.body_id is None or proposal.body.pole_id != proposal.pole_id:
        errors["body"] = _("Choisissez un organe de ce pôle.")
    elif proposal.body.closed_on is not None:
        errors["body"] = _("Cet organe est clôturé.")
    if not proposal.title.strip():
        errors["title"] = _("Donnez un intitulé à la proposition.")
    if not proposal.text.strip():
        errors["text"] = _("Le texte proposé est vide.")
    if proposal.kind not in Kind.values:
        errors["kind"] = _("Choisissez la nature de la proposition.")
    if proposal.agenda_item is not None and proposal.agenda_item.meeting.body_id != proposal.body_id:
        errors["agenda_item"] = _("Ce point est à l’ordre du jour d’une réunion d’un autre organe.")
    if errors:
        raise ValidationError(errors)


def _set_subject(proposal: Proposal, subject: models.Model | None) -> None:
    if subject is None:
        proposal.subject_type, proposal.subject_id = None, ""
    else:
        proposal.subject_type = ContentType.objects.get_for_model(subject)
        proposal.subject_id = str(subject.pk)


@transaction.atomic
def create_proposal(
    pole: Pole,
    data: Mapping[str, Any],
    *,
    by: Any,
    subject: models.Model | None = None,
    corrects: Decision | None = None,
) -> Proposal:
    """A draft proposal of `pole`, about `subject` (any record: a modalities version, a referential version…)."""
    check_writable(pole)
    proposal = Proposal(pole=pole, created_by=_user(by), **{k: v for k, v in data.items() if k in PROPOSAL_FIELDS})
    if proposal.body_id is None:
        proposal.body = pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)
    if corrects is not None:
        if corrects.pole_id != pole.pk:
            raise ValidationError(_("On ne corrige que les décisions du registre de ce pôle."))
        proposal.corrects = corrects
    _set_subject(proposal, subject)
    if corrects is None:
        subjects.check(subject)
    _validate(proposal)
    proposal.save()
    audit.record_creation(actor=by, verb="decision.proposal.create", target=proposal, fields=PROPOSAL_FIELDS)
    return proposal


@transaction.atomic
def update_proposal(proposal: Proposal, data: Mapping[str, Any], *, by: Any) -> Proposal:
    """Only a draft is edited in place; once put to the members, a new round reformulates it (history kept)."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("pole__basin").get(pk=proposal.pk)
    check_writable(proposal.pole)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(
            _(
                "La proposition est « %(status)s » : elle ne se modifie plus ; ouvrez un nouveau tour pour la reformuler."
            )
            % {"status": proposal.get_status_display()}
        )
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    for name, value in data.items():
        if name in PROPOSAL_FIELDS:
            setattr(proposal, name, value)
    _validate(proposal)
    proposal.save()
    audit.record_update(
        actor=by, verb="decision.proposal.update", target=proposal, before=before, fields=PROPOSAL_FIELDS
    )
    return proposal


@transaction.atomic
def attach_document(
    proposal: Proposal, *, title: str, upload: Any, content_type: str, note: str = "", by: Any
) -> DocumentVersion:
    """A document of the proposal, kept as a document of its body (its versions all kept)."""
    if proposal.is_closed:
        raise ValidationError(_("La proposition est close : ses documents ne changent plus."))
    version = add_version(
        proposal.body, document=None, title=title, upload=upload, content_type=content_type, note=note, by=by
    )
    proposal.documents.add(version.document)
    audit.record(actor=by, verb="decision.proposal.document", target=proposal, changes={"document": [None, title]})
    return version


def _end_open_round(proposal: Proposal, by: Any, now: datetime.datetime, why: str) -> None:
    round = current_round(proposal)
    if round is not None and round.closed_at is None:
        round.closed_at = now
        round.closed_by = _user(by)
        round.outcome_detail = {"explanation": why}
        round.save(update_fields=["closed_at", "closed_by", "outcome_detail"])


@transaction.atomic
def postpone_proposal(
    proposal: Proposal, *, by: Any, reason: str = "", now: datetime.datetime | None = None
) -> Proposal:
    """Set aside for later: an open round ends without outcome; a new round may be opened later."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("pole__basin").get(pk=proposal.pk)
    if proposal.status not in (Proposal.Status.OPEN, Proposal.Status.NOT_ADOPTED, Proposal.Status.DRAFT):
        raise ValidationError(
            _("La proposition est « %(status)s » : elle ne peut pas être reportée.")
            % {"status": proposal.get_status_display()}
        )
    before = proposal.status
    note = _("Reportée : %(reason)s.") % {"reason": reason} if reason else _("Reportée.")
    _end_open_round(proposal, by, now, note)
    proposal.status = Proposal.Status.POSTPONED
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        verb="decision.proposal.postpone",
        target=proposal,
        changes={"status": [before, proposal.status]},
        message=reason,
    )
    return proposal


@transaction.atomic
def withdraw_proposal(
    proposal: Proposal, *, by: Any, reason: str = "", now: datetime.datetime | None = None
) -> Proposal:
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("pole__basin").get(pk=proposal.pk)
    if proposal.is_closed:
        raise ValidationError(
            _("La proposition est « %(status)s » : elle ne peut plus être retirée.")
            % {"status": proposal.get_status_display()}
        )
    before = proposal.status
    note = _("Retirée : %(reason)s.") % {"reason": reason} if reason else _("Retirée.")
    _end_open_round(proposal, by, now, note)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        verb="decision.proposal.withdraw",
        target=proposal,
        changes={"status": [before, proposal.status]},
        message=reason,
    )
    return proposal


@transaction.atomic
def start_correction(decision: Decision, *, by: Any, text: str | None = None, rationale: str = "") -> Proposal:
    """A draft that, once adopted, corrects `decision` (which itself never changes)."""
    title = _("Correction de la décision %(reference)s — %(title)s") % {
        "reference": decision.reference,
        "title": decision.title,
    }
    return create_proposal(
        decision.pole,
        {
            "body": decision.body,
            "kind": decision.kind,
            "title": title[:250],
            "text": decision.text if text is None else text,
            "rationale": rationale,
            "is_public": decision.is_public,
        },
        by=by,
        subject=decision.subject,
        corrects=decision,
    )


@transaction.atomic
def record_past_decision(
    pole: Pole,
    *,
    meeting: Meeting,
    title: str,
    text: str,
    by: Any,
    kind: str = Kind.DECISION,
    rationale: str = "",
    is_public: bool = True,
    subject: models.Model | None = None,
    corrects: Decision | None = None,
    objections: Sequence[Entry] = (),
    agenda_item: AgendaItem | None = None,
    now: datetime.datetime | None = None,
) -> Round:
    """For the demo loader and the recovery of paper archives: a proposal decided by « consensus constaté » in a
    meeting already held, through the very path of a live meeting (its attendance must be recorded). The decision
    is dated on the meeting's day, which is never in the future."""
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(_("Seule une réunion déjà tenue peut porter une décision passée."))
    proposal = create_proposal(
        pole,
        {
            "body": meeting.body,
            "kind": kind,
            "title": title,
            "text": text,
            "rationale": rationale,
            "is_public": is_public,
            "agenda_item": agenda_item,
        },
        by=by,
        subject=subject,
        corrects=corrects,
    )
    round = open_round(proposal, method=Method.MEETING, meeting=meeting, by=by, now=now)
    return note_consensus(round, objections=objections, by=by, now=now)


def decisions_about(subject: models.Model) -> Any:
    return Decision.objects.about(subject).select_related("pole__basin").order_by("decided_on", "sequence")


__all__ = [
    "PROPOSAL_FIELDS",
    "attach_document",
    "create_proposal",
    "decisions_about",
    "postpone_proposal",
    "record_past_decision",
    "start_correction",
    "update_proposal",
    "withdraw_proposal",
]
