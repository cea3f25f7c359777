"""The decision register: the public list with search and filters, a decision's page, the open-data export, and the
secretariat's correction of a decision (a new proposal citing it: the entry itself never changes)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from synergies.decisions import services
from synergies.decisions.forms import CorrectionForm, RegisterFilterForm
from synergies.decisions.models import Decision, Position
from synergies.decisions.subjects import describe
from synergies.decisions.views.common import (
    add_errors,
    get_decision_for_user,
    get_pole_for_user,
    pole_context,
    require_perm,
)
from synergies.lib import csvio

PAGE_SIZE = 25
EXPORT_COLUMNS = ["reference", "decided_on", "kind", "title", "text", "rationale", "method", "corrects", "hash"]


def register(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "decisions.view_register")
    visible = Decision.objects.visible_to(request.user, pole)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    form = RegisterFilterForm(request.GET or None, years=years)
    decisions = form.apply(visible).for_register().select_related("corrects")
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "decisions/register.html",
        {
            **pole_context(request, pole),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "sees_all": request.user.has_perm("decisions.view_all_decisions", pole),
            "can_manage": request.user.has_perm("decisions.manage_proposals", pole),
        },
    )


def decision_detail(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    pole, decision = get_decision_for_user(request, basin, code, reference)
    reservations: list[Position] = []
    if decision.round_id:
        reservations = list(
            Position.objects.current()
            .filter(round_id=decision.round_id, stance="reservation")
            .select_related("seat__organisation")
            .order_by("seat__organisation__name", "pk")
        )
    context = {
        **pole_context(request, pole),
        "decision": decision,
        "subject": describe(decision.subject) if decision.subject_type_id else None,
        "corrections": list(decision.corrected_by.select_related("pole__basin").order_by("sequence")),
        "reservations": reservations,
        "can_correct": request.user.has_perm("decisions.correct_decision", pole),
    }
    return render(request, "decisions/decision_detail.html", context)


def register_export(request: HttpRequest, basin: str, code: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The public register as open data (public decisions only, whoever asks)."""
    pole = get_pole_for_user(request, basin, code, "decisions.view_register")
    if fmt not in ("csv", "json"):
        raise Http404
    decisions = Decision.objects.of_pole(pole).public().select_related("corrects").order_by("sequence")
    rows = [
        [
            d.reference,
            d.decided_on.isoformat(),
            d.kind,
            d.title,
            d.text,
            d.rationale,
            d.method,
            d.corrects.reference if d.corrects else "",
            d.hash,
        ]
        for d in decisions
    ]
    filename = f"registre-{pole.basin.code}-{pole.code}.{fmt}"
    if fmt == "json":
        payload = {
            "pole": pole.code,
            "basin": pole.basin.code,
            "decisions": [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows],
        }
        response: HttpResponse | StreamingHttpResponse = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(csvio.write(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def decision_correct(request: HttpRequest, basin: str, code: str, reference: str) -> HttpResponse:
    pole, decision = get_decision_for_user(request, basin, code, reference)
    require_perm(request, "decisions.correct_decision", pole)
    form = CorrectionForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.start_correction(
                decision, by=request.user, text=form.cleaned_data["text"], rationale=form.cleaned_data["rationale"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("La proposition corrigeant %(reference)s est créée : soumettez-la aux membres.")
                % {"reference": decision.reference},
            )
            return redirect(proposal)
    return render(
        request,
        "decisions/form_page.html",
        {
            **pole_context(request, pole),
            "form": form,
            "title": _("Corriger la décision %(reference)s") % {"reference": decision.reference},
            "intro": _(
                "Une décision inscrite au registre ne se modifie pas : la correction est une nouvelle proposition "
                "qui, une fois adoptée, cite la décision %(reference)s."
            )
            % {"reference": decision.reference},
            "cancel_url": decision.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )
