"""What every view of the decisions shares: finding a proposal or a decision for a user (404/403)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from synergies.decisions.models import Decision, Proposal
from synergies.poles.models import Pole
from synergies.poles.views.common import add_errors, get_pole_for_user, pole_context, require_perm

__all__ = [
    "add_errors",
    "get_decision_for_user",
    "get_pole_for_user",
    "get_proposal_for_user",
    "pole_context",
    "require_perm",
]


def get_proposal_for_user(request: HttpRequest, basin: str, code: str, pk: int, perm: str) -> tuple[Pole, Proposal]:
    """The pôle and its proposal, or 404 (unknown, or of another pôle), or 403 (perm missing on the pôle)."""
    pole = get_pole_for_user(request, basin, code, perm)
    proposal = get_object_or_404(Proposal.objects.select_related("body", "corrects"), pk=pk, pole=pole)
    proposal.pole = pole
    return pole, proposal


def get_decision_for_user(request: HttpRequest, basin: str, code: str, reference: str) -> tuple[Pole, Decision]:
    """A decision of the register: public ones for everyone who sees the pôle, the others for its members and
    secretariat only (404 otherwise: the public does not learn that a non-public decision exists)."""
    pole = get_pole_for_user(request, basin, code, "decisions.view_register")
    decision = get_object_or_404(
        Decision.objects.select_related("body", "corrects", "round__meeting", "subject_type"),
        pole=pole,
        reference=reference,
    )
    if not decision.is_public and not request.user.has_perm("decisions.view_all_decisions", pole):
        raise Http404
    decision.pole = pole
    return pole, decision
