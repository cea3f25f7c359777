"""The secretariat's screens for bodies and seats, and the composition's import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.lib import csvio
from synergies.poles import services, transfer
from synergies.poles.compliance import compliance_of
from synergies.poles.forms import (
    BodyForm,
    CompositionImportForm,
    EndSeatForm,
    InterestForm,
    SeatForm,
)
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.views.common import (
    add_errors,
    get_pole_for_user,
    pole_context,
)


@login_required
def body_create(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_working_group(pole, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Groupe de travail « %(name)s » créé.") % {"name": body.name})
            return redirect("poles:body", basin=pole.basin.code, code=pole.code, body=body.slug)
    return render(
        request,
        "poles/form_page.html",
        {"form": form, **pole_context(request, pole), "title": _("Créer un groupe de travail")},
    )


@login_required
def body_detail(request: HttpRequest, basin: str, code: str, body: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    target = get_object_or_404(Body, pole=pole, slug=body)
    seats = (
        target.seats.select_related("organisation", "representative", "substitute", "chamber")
        .prefetch_related("interests")
        .order_by("-end", "role", "organisation__name")
    )
    today = timezone.localdate()
    return render(
        request,
        "poles/body_detail.html",
        {
            **pole_context(request, pole),
            "body": target,
            "current": [s for s in seats if s.is_in_force(today)],
            "past": [s for s in seats if not s.is_in_force(today)],
            "compliance": compliance_of(pole, today),
            "today": today,
        },
    )


@login_required
def body_edit(request: HttpRequest, basin: str, code: str, body: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    target = get_object_or_404(Body, pole=pole, slug=body)
    form = BodyForm(request.POST or None, instance=target)
    warning = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(target, form.cleaned_data, by=request.user, confirm=form.cleaned_data["confirm"])
        except services.CompositionWarning as exc:
            warning = exc.compliance
            form.ask_confirmation()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect("poles:body", basin=pole.basin.code, code=pole.code, body=target.slug)
    title = _("Modifier « %(name)s »") % {"name": target.name}
    context = {"form": form, "warning": warning, **pole_context(request, pole), "title": title}
    return render(request, "poles/form_page.html", context)


def _seat_form_page(request: HttpRequest, pole: Pole, body: Body, seat: Seat) -> HttpResponse:
    form = SeatForm(request.POST or None, instance=seat, pole=pole)
    warning = None
    if request.method == "POST" and form.is_valid():
        seat = form.instance
        seat.body = body
        try:
            services.save_seat(seat, by=request.user, confirm=form.cleaned_data["confirm"])
        except services.CompositionWarning as exc:
            warning = exc.compliance
            form.ask_confirmation()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Siège enregistré."))
            return redirect("poles:body", basin=pole.basin.code, code=pole.code, body=body.slug)
    title = _("Modifier un siège de « %(body)s »") if seat.pk else _("Ajouter un siège à « %(body)s »")
    return render(
        request,
        "poles/seat_form.html",
        {
            "form": form,
            **pole_context(request, pole),
            "body": body,
            "warning": warning,
            "title": title % {"body": body.name},
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def seat_create(request: HttpRequest, basin: str, code: str, body: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    target = get_object_or_404(Body, pole=pole, slug=body)
    return _seat_form_page(request, pole, target, Seat(body=target, start=timezone.localdate()))


@login_required
def seat_edit(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    seat = get_object_or_404(Seat.objects.select_related("body"), pk=pk, body__pole=pole)
    return _seat_form_page(request, pole, seat.body, seat)


@login_required
def seat_end(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    seat = get_object_or_404(
        Seat.objects.select_related("body", "organisation", "representative"), pk=pk, body__pole=pole
    )
    form = EndSeatForm(request.POST or None, initial={"end": timezone.localdate()})
    warning = None
    if request.method == "POST" and form.is_valid():
        try:
            services.end_seat(
                seat, on=form.cleaned_data["end"], by=request.user, confirm=bool(request.POST.get("confirm"))
            )
        except services.CompositionWarning as exc:
            warning = exc.compliance
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Le siège prend fin le %(date)s.") % {"date": form.cleaned_data["end"].strftime("%d/%m/%Y")}
            )
            return redirect("poles:body", basin=pole.basin.code, code=pole.code, body=seat.body.slug)
    return render(
        request, "poles/seat_end.html", {"form": form, **pole_context(request, pole), "seat": seat, "warning": warning}
    )


@login_required
@require_POST
def seat_interest(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    seat = get_object_or_404(Seat.objects.select_related("body"), pk=pk, body__pole=pole)
    form = InterestForm(request.POST)
    if form.is_valid():
        services.declare_interest(seat, by=request.user, **form.cleaned_data)
        messages.success(request, _("Déclaration d’intérêts enregistrée."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("poles:body", basin=pole.basin.code, code=pole.code, body=seat.body.slug)


@login_required
def composition_import(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    if pole.is_read_only():
        messages.error(
            request,
            _("Ce pôle est %(status)s : sa composition ne se modifie plus (R7).") % {"status": pole.status.label},
        )
        return redirect(pole)
    form = CompositionImportForm(request.POST or None, request.FILES or None)
    problems: list[csvio.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            report = transfer.import_composition(
                form.cleaned_data["file"],
                pole=pole,
                by=request.user,
                filename=getattr(request.FILES.get("file"), "name", ""),
            )
        except csvio.CsvError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Composition importée : %(created)s siège(s) ajouté(s), %(updated)s mis à jour.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect(pole)
    return render(
        request,
        "poles/composition_import.html",
        {**pole_context(request, pole), "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def composition_export(request: HttpRequest, basin: str, code: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.manage_seats")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    name = f"composition-{pole.code}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            transfer.export_xlsx(pole), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    streaming = StreamingHttpResponse(transfer.export_csv(pole), content_type="text/csv; charset=utf-8")
    streaming["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return streaming
