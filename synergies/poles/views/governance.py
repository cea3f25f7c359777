"""The secretariat's screens for the pôle itself: creation, editing, mandates and evaluation, the overview."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib.uploads import serve_upload
from synergies.poles import services
from synergies.poles.compliance import compliance_for_poles
from synergies.poles.forms import (
    EvaluationForm,
    MandateForm,
    OverviewForm,
    PoleForm,
    RenewalForm,
    VerdictForm,
)
from synergies.poles.models import Evaluation, Mandate, Pole
from synergies.poles.views.common import (
    get_pole_for_user,
    pole_context,
    require_perm,
    staff_basins,
)


@login_required
def pole_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "poles.add_pole")
    form = PoleForm(request.POST or None, basins=staff_basins(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            pole = services.create_pole(form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Le pôle « %(name)s » est créé. Ouvrez son premier mandat dès la décision de l’Instance.")
                % {"name": pole.name},
            )
            return redirect("poles:mandates", basin=pole.basin.code, code=pole.code)
    return render(request, "poles/form_page.html", {"form": form, "title": _("Créer un pôle de synergies")})


@login_required
def pole_edit(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.change_pole")
    form = PoleForm(request.POST or None, instance=pole, basins=staff_basins(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pole(pole, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(pole)
    return render(
        request, "poles/form_page.html", {"form": form, **pole_context(request, pole), "title": _("Modifier le pôle")}
    )


@login_required
def mandates(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    """Mandates and their evaluation: open the first, file the evaluation, record the verdict, renew (R7)."""
    pole = get_pole_for_user(request, basin, code, "poles.manage_mandates")
    all_mandates = list(pole.mandates.all())
    last = all_mandates[-1] if all_mandates else None
    evaluation = getattr(last, "evaluation", None) if last else None
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "open": MandateForm(request.POST if action == "open" else None, initial=_first_mandate_initial()),
        "evaluation": EvaluationForm(
            request.POST if action == "evaluation" else None,
            request.FILES if action == "evaluation" else None,
            initial={
                "summary": evaluation.summary if evaluation else "",
                "submitted_on": evaluation.submitted_on if evaluation else None,
            },
        ),
        "verdict": VerdictForm(request.POST if action == "verdict" else None),
        "renew": RenewalForm(request.POST if action == "renew" else None, initial=_renewal_initial(last)),
    }
    if action in forms and forms[action].is_valid():
        try:
            _apply_mandate_action(action, pole, last, forms[action].cleaned_data, request.user)
        except ValidationError as exc:
            forms[action].add_error(None, exc)
        else:
            messages.success(request, _("Enregistré."))
            return redirect("poles:mandates", basin=pole.basin.code, code=pole.code)
    refused: list[str] = []
    if action is not None and action in forms and action not in _forms_shown(last, evaluation):
        refused = [str(message) for errors in forms[action].errors.values() for message in errors]
    context = {
        **pole_context(request, pole),
        "mandates": all_mandates,
        "last": last,
        "evaluation": evaluation,
        "forms": forms,
        "refused": refused,
        "today": timezone.localdate(),
    }
    return render(request, "poles/mandates.html", context, status=400 if action in forms else 200)


def _forms_shown(last: Mandate | None, evaluation: Evaluation | None) -> set[str]:
    """The forms mandates.html offers in this state: the refusal of any other (posted from a page left open while
    the state changed) is shown at the top of the page, or it would go unseen."""
    if last is None:
        return {"open"}
    if evaluation is not None and evaluation.verdict == Evaluation.Verdict.PENDING:
        return {"evaluation", "verdict"} if evaluation.is_complete else {"evaluation"}
    if evaluation is not None and evaluation.verdict == Evaluation.Verdict.RENEWED:
        return {"renew"}
    return set()


def _first_mandate_initial() -> dict[str, Any]:
    start = timezone.localdate()
    return {"start": start, "end": services.default_mandate_end(start)}


def _renewal_initial(last: Mandate | None) -> dict[str, Any]:
    if last is None:
        return {}
    return {"end": services.default_mandate_end(last.end + datetime.timedelta(days=1))}


def _apply_mandate_action(action: str, pole: Pole, last: Mandate | None, data: dict[str, Any], user: Any) -> None:
    if action == "open":
        services.open_first_mandate(pole, by=user, **data)
        return
    if last is None:
        raise ValidationError(_("Ouvrez d’abord un premier mandat."))
    if action == "evaluation":
        services.record_evaluation(
            last,
            summary=data["summary"],
            submitted_on=data["submitted_on"],
            file=data.get("file"),
            file_type=data.get("file_type", ""),
            by=user,
        )
    elif action == "verdict":
        services.record_verdict(last, verdict=data["verdict"], reference=data["reference"], date=data["date"], by=user)
    elif action == "renew":
        services.renew_mandate(last, by=user, **data)


@login_required
def evaluation_file(request: HttpRequest, basin: str, code: str, number: int) -> Any:
    pole = get_pole_for_user(request, basin, code, "poles.manage_mandates")
    evaluation = get_object_or_404(Evaluation, mandate__pole=pole, mandate__number=number)
    if not evaluation.file:
        raise Http404
    name = f"evaluation-{pole.code}-mandat-{number}{evaluation.file.name[evaluation.file.name.rfind('.') :]}"
    return serve_upload(
        evaluation.file.open("rb"), filename=name, content_type=evaluation.file_type or "application/octet-stream"
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Compliance at a glance across the pôles of the basins the user serves."""
    require_perm(request, "poles.view_overview")
    basins = staff_basins(request.user)
    form = OverviewForm(request.GET or None, basins=basins)
    chosen = form.cleaned_data["bassin"] if form.is_valid() and form.cleaned_data["bassin"] else None
    poles = list(
        Pole.objects.filter(basin__in=[chosen] if chosen else basins)
        .select_related("basin", "theme")
        .prefetch_related("mandates__evaluation")
        .order_by("basin__order", "name")
    )
    verdicts = compliance_for_poles(poles)
    rows = [(p, verdicts[p.pk], p.mandate_on(timezone.localdate())) for p in poles]
    return render(
        request, "poles/overview.html", {"form": form, "rows": rows, "can_add": request.user.has_perm("poles.add_pole")}
    )
