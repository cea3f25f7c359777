"""The public pages of the pôles: list, presentation, compliance at any date, operating modalities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.poles import services
from synergies.poles.compliance import compliance_for_poles, compliance_of
from synergies.poles.forms import (
    ComplianceDateForm,
    ModalitiesForm,
)
from synergies.poles.models import Pole
from synergies.poles.views.common import (
    get_pole_for_user,
    group_by_body,
    pole_context,
    seats_for_display,
)


def pole_list(request: HttpRequest) -> HttpResponse:
    poles = list(
        Pole.objects.public()
        .select_related("basin", "theme")
        .prefetch_related("mandates")
        .order_by("basin__order", "name")
    )
    verdicts = compliance_for_poles(poles)
    return render(request, "poles/pole_list.html", {"rows": [(p, verdicts[p.pk]) for p in poles]})


def pole_detail(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    today = timezone.localdate()
    bodies = list(pole.bodies.filter(closed_on__isnull=True).order_by("kind", "name"))
    seats = seats_for_display(pole, today)
    context = {
        **pole_context(request, pole),
        "mandates": list(pole.mandates.all()),
        "current": pole.mandate_on(today),
        "modalities": pole.modalities.first(),
        "compliance": compliance_of(pole, today, seats=seats),
        "bodies": group_by_body(bodies, seats),
    }
    return render(request, "poles/pole_detail.html", context)


def pole_compliance(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    form = ComplianceDateForm(request.GET or None)
    day = form.cleaned_data["date"] if form.is_valid() and form.cleaned_data["date"] else timezone.localdate()
    return render(
        request,
        "poles/pole_compliance.html",
        {**pole_context(request, pole), "form": form, "compliance": compliance_of(pole, day)},
    )


def modalities(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    can_manage = request.user.has_perm("poles.change_pole", pole)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    latest = pole.modalities.first()
    form = ModalitiesForm(
        request.POST or None, initial={"text": latest.text if latest else "", "adopted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_modalities(pole, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Nouvelle version des modalités enregistrée."))
            return redirect("poles:modalities", basin=pole.basin.code, code=pole.code)
    versions = pole.modalities.select_related("recorded_by")
    return render(
        request,
        "poles/modalities.html",
        {**pole_context(request, pole), "versions": versions, "form": form if can_manage else None},
    )
