"""Proposals: the members' list and page, their own position; the secretariat's drafting, rounds and closing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.decisions import services
from synergies.decisions.forms import (
    ConsensusForm,
    ConsensusSettingsForm,
    MeetingPositionsForm,
    OpenRoundForm,
    PositionForm,
    ProposalDocumentForm,
    ProposalForm,
    ReasonForm,
)
from synergies.decisions.models import Method, Position, Proposal, Round
from synergies.decisions.subjects import describe
from synergies.decisions.views.common import add_errors, get_pole_for_user, get_proposal_for_user, pole_context
from synergies.poles.models import Pole
from synergies.poles.views.settings import settings_page

PAGE_SIZE = 25


def _back(proposal: Proposal) -> HttpResponse:
    return redirect(proposal)


@login_required
def proposal_list(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "decisions.view_proposals")
    status = request.GET.get("statut", "")
    proposals = Proposal.objects.of_pole(pole).select_related("body", "decision")
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/proposal_list.html",
        {
            **pole_context(request, pole),
            "page": page,
            "status": status,
            "statuses": Proposal.Status.choices,
            "query": f"statut={status}" if status in Proposal.Status.values else "",
            "can_manage": request.user.has_perm("decisions.manage_proposals", pole),
        },
    )


def _rounds(proposal: Proposal) -> list[Round]:
    positions = Position.objects.select_related("seat__organisation", "person").order_by("created_at", "pk")
    return list(
        proposal.rounds.select_related("meeting__body")
        .prefetch_related(Prefetch("positions", queryset=positions))
        .order_by("-number")
    )


@login_required
def proposal_detail(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.view_proposals")
    rounds = _rounds(proposal)
    current = rounds[0] if rounds else None
    can_manage = request.user.has_perm("decisions.manage_proposals", pole)
    context = {
        **pole_context(request, pole),
        "proposal": proposal,
        "rounds": rounds,
        "current": current,
        "can_close": current is not None and current.is_open and services.may_close(current),
        "decision": getattr(proposal, "decision", None) if proposal.status == Proposal.Status.ADOPTED else None,
        "subject": describe(proposal.subject) if proposal.subject_type_id else None,
        "documents": list(proposal.documents.prefetch_related("versions")),
        "can_manage": can_manage,
        "can_take_position": request.user.has_perm("decisions.take_position", pole)
        and current is not None
        and current.is_open
        and current.method != Method.MEETING,
        "document_form": ProposalDocumentForm() if can_manage and not proposal.is_closed else None,
        "reason_form": ReasonForm(),
        "now": timezone.now(),
    }
    return render(request, "decisions/proposal_detail.html", context)


@login_required
def proposal_create(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "decisions.manage_proposals")
    form = ProposalForm(request.POST or None, pole=pole)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.create_proposal(pole, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Proposition enregistrée en préparation."))
            return _back(proposal)
    return _form_page(request, pole, form, _("Nouvelle proposition"), status=400 if request.method == "POST" else 200)


@login_required
def proposal_edit(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    form = ProposalForm(request.POST or None, instance=proposal, pole=pole)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(proposal, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return _back(proposal)
    if request.method != "POST" and proposal.status != Proposal.Status.DRAFT:
        messages.info(
            request, _("Cette proposition a déjà été soumise aux membres : ouvrez un nouveau tour pour la reformuler.")
        )
        return _back(proposal)
    return _form_page(
        request,
        pole,
        form,
        _("Modifier « %(title)s »") % {"title": proposal.title},
        cancel=proposal.get_absolute_url(),
        status=400 if request.method == "POST" else 200,
    )


def _form_page(
    request: HttpRequest, pole: Pole, form: Any, title: str, *, cancel: str = "", intro: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "decisions/form_page.html",
        {**pole_context(request, pole), "form": form, "title": title, "cancel_url": cancel, "intro": intro},
        status=status,
    )


@login_required
@require_POST
def proposal_document(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    _pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    form = ProposalDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_document(
                proposal,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                content_type=form.cleaned_data["content_type"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Document joint à la proposition."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return _back(proposal)


@login_required
def round_open(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """Open the first round, or a new one that reformulates the proposal."""
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    form = OpenRoundForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.open_round(
                proposal,
                method=data["method"],
                meeting=data["meeting"],
                deadline=data["deadline"],
                text=data["text"],
                rationale=data["rationale"],
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Tour %(n)s ouvert.") % {"n": round.number})
            return _back(proposal)
    first = not proposal.rounds.exists()
    return _form_page(
        request,
        pole,
        form,
        _("Soumettre « %(title)s » aux membres") % {"title": proposal.title}
        if first
        else _("Reformuler « %(title)s » : nouveau tour") % {"title": proposal.title},
        cancel=proposal.get_absolute_url(),
        intro=_(
            "En réunion : le secrétariat enregistre les positions des sièges présents. En ligne : les membres "
            "prennent position eux-mêmes. Procédure écrite : une échéance, un rappel, et le silence vaut accord si "
            "les règles du pôle le prévoient."
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def position(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """A member takes (or changes) their own position, online or in a written procedure."""
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.take_position")
    round = services.current_round(proposal)
    person = getattr(request.user, "person", None)
    voices = services.voices_of(person, round) if round is not None else []
    refusal = _refusal(proposal, round, voices)
    seats = [v.seat for v in voices if not v.refusal]
    form = PositionForm(request.POST or None, seats=seats)
    if request.method == "POST" and refusal:
        form.is_valid()
        form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid() and round is not None:
        try:
            services.take_position(
                round,
                person=person,
                stance=form.cleaned_data["stance"],
                text=form.cleaned_data["text"],
                seat=form.cleaned_data.get("seat"),
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Votre position est enregistrée."))
            return _back(proposal)
    current = []
    if round is not None and voices:
        current = list(
            round.positions.current().filter(seat__in=[v.seat for v in voices]).select_related("seat__organisation")
        )
    return render(
        request,
        "decisions/position.html",
        {
            **pole_context(request, pole),
            "proposal": proposal,
            "round": round,
            "form": form if not refusal else None,
            "refusal": refusal,
            "voices": voices,
            "current_positions": current,
        },
        status=400 if request.method == "POST" else 200,
    )


def _refusal(proposal: Proposal, round: Round | None, voices: list[services.Voice]) -> str:
    if round is None or proposal.status != Proposal.Status.OPEN or not round.is_open:
        return _("Cette proposition n’est pas soumise aux membres en ce moment.")
    if round.method == Method.MEETING:
        return _("Cette proposition se décide en réunion : votre position y est enregistrée par le secrétariat.")
    if round.deadline is not None and timezone.now() >= round.deadline:
        return _("L’échéance est passée : plus aucune position ne peut être prise.")
    if not voices:
        return _(
            "Vous n’occupez aucun siège de « %(body)s » appelé à se prononcer (les observateur·rices ne prennent pas "
            "position)."
        ) % {"body": proposal.body.name}
    if all(v.refusal for v in voices):
        return voices[0].refusal
    return ""


def _meeting_round(proposal: Proposal) -> Round | None:
    round = services.current_round(proposal)
    if round is None or round.method != Method.MEETING or not round.is_open:
        return None
    return round


@login_required
def meeting_positions(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """One form with a row per seat taking part in the meeting."""
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    round = _meeting_round(proposal)
    seats, current = _table(round)
    form = MeetingPositionsForm(request.POST if request.method == "POST" else None, seats=seats, current=current)
    if request.method == "POST" and round is None:
        messages.error(request, _("Aucun tour en réunion n’est ouvert pour cette proposition."))
        return _back(proposal)
    if request.method == "POST" and form.is_valid() and round is not None:
        changed = [(s, stance, text) for s, stance, text in form.entries() if _changed(current.get(s.pk), stance, text)]
        try:
            services.record_meeting_positions(
                round, [services.Entry(s, stance, text) for s, stance, text in changed], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Positions enregistrées."))
            return _back(proposal)
    return render(
        request,
        "decisions/meeting_positions.html",
        {**pole_context(request, pole), "proposal": proposal, "round": round, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _changed(existing: Position | None, stance: str, text: str) -> bool:
    return existing is None or existing.stance != stance or existing.text != text.strip()


def _table(round: Round | None) -> tuple[list[Any], dict[int, Position]]:
    if round is None:
        return [], {}
    seats = services.eligible_seats(round)
    at_table = services.taking_part_ids(round, seats)
    current = {p.seat_id: p for p in round.positions.current()}
    return [s for s in seats if s.pk in at_table], current


@login_required
def consensus(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """« Consensus constaté » in the meeting, with the objections voiced (none, most often); closes the round."""
    pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    round = _meeting_round(proposal)
    seats, _current = _table(round)
    form = ConsensusForm(request.POST if request.method == "POST" else None, seats=seats)
    if request.method == "POST" and round is None:
        messages.error(request, _("Aucun tour en réunion n’est ouvert pour cette proposition."))
        return _back(proposal)
    if request.method == "POST" and form.is_valid() and round is not None:
        try:
            closed = services.note_consensus(
                round, objections=[services.Entry(s, "object", t) for s, t in form.objections()], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            _outcome_message(request, closed)
            return _back(proposal)
    return render(
        request,
        "decisions/consensus.html",
        {**pole_context(request, pole), "proposal": proposal, "round": round, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _outcome_message(request: HttpRequest, round: Round) -> None:
    explanation = round.outcome_detail.get("explanation", "")
    if round.outcome == Round.Outcome.ADOPTED:
        messages.success(request, explanation)
    else:
        messages.warning(request, explanation)


def _action(request: HttpRequest, basin: str, code: str, pk: int, do: Any) -> HttpResponse:
    _pole, proposal = get_proposal_for_user(request, basin, code, pk, "decisions.manage_proposals")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        do(proposal, reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(proposal)


@login_required
@require_POST
def round_close(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    def do(proposal: Proposal, reason: str) -> None:
        round = services.current_round(proposal)
        if round is None:
            raise ValidationError(_("Aucun tour n’est ouvert pour cette proposition."))
        _outcome_message(request, services.close_round(round, by=request.user))

    return _action(request, basin, code, pk, do)


@login_required
@require_POST
def proposal_postpone(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    def do(proposal: Proposal, reason: str) -> None:
        services.postpone_proposal(proposal, reason=reason, by=request.user)
        messages.success(request, _("Proposition reportée."))

    return _action(request, basin, code, pk, do)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    def do(proposal: Proposal, reason: str) -> None:
        services.withdraw_proposal(proposal, reason=reason, by=request.user)
        messages.success(request, _("Proposition retirée."))

    return _action(request, basin, code, pk, do)


@login_required
def consensus_settings(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    return settings_page(
        request,
        basin,
        code,
        form_class=ConsensusSettingsForm,
        title=_("Règles du consensus"),
        verb="decision.settings.update",
        next_url=reverse("decisions:proposals", kwargs={"basin": basin, "code": code.upper()}),
    )
