from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.accounts.models import Role
from synergies.basins.models import Basin
from synergies.lib import csvio
from synergies.lib.uploads import serve_upload
from synergies.poles import documents, services, transfer
from synergies.poles.compliance import compliance_for_poles, compliance_of
from synergies.poles.forms import (
    BodyForm,
    ComplianceDateForm,
    CompositionImportForm,
    DocumentForm,
    EndSeatForm,
    EvaluationForm,
    InterestForm,
    MandateForm,
    ModalitiesForm,
    OverviewForm,
    PoleForm,
    RenewalForm,
    SeatForm,
    VerdictForm,
)
from synergies.poles.models import Body, BodyDocument, DocumentVersion, Evaluation, Mandate, Pole, Seat


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def get_pole_for_user(request: HttpRequest, basin: str, code: str, perm: str) -> Pole:
    """The pôle, or 404 when it does not exist or is an unpublished proposal the user may not see, or 403."""
    pole = get_object_or_404(
        Pole.objects.select_related("basin", "theme").prefetch_related("mandates__evaluation"),
        basin__code=basin,
        code=code.upper(),
    )
    if not request.user.has_perm("poles.view_pole", pole):
        raise Http404
    _require(request, perm, pole)
    return pole


def pole_context(request: HttpRequest, pole: Pole) -> dict[str, Any]:
    """What every page of a pôle shows in its navigation."""
    return {
        "pole": pole,
        "can_manage": request.user.has_perm("poles.change_pole", pole),
        "is_member": request.user.has_perm("poles.view_members_area", pole),
    }


def _staff_basins(user: Any) -> Any:
    if user.is_platform_admin:
        return Basin.objects.all()
    return Basin.objects.filter(pk__in=user.scope_ids(Role.SECRETARIAT, Basin))


def _seats_for_display(pole: Pole, day: datetime.date) -> list[Seat]:
    return list(
        Seat.objects.of_pole(pole)
        .in_force(day)
        .for_composition()
        .order_by("body__kind", "body__name", "role", "organisation__name")
    )


def _group_by_body(bodies: list[Body], seats: list[Seat]) -> list[tuple[Body, list[Seat]]]:
    grouped: dict[int, list[Seat]] = {body.pk: [] for body in bodies}
    for seat in seats:
        grouped.setdefault(seat.body_id, []).append(seat)
    return [(body, grouped[body.pk]) for body in bodies]


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
    seats = _seats_for_display(pole, today)
    context = {
        **pole_context(request, pole),
        "mandates": list(pole.mandates.all()),
        "current": pole.mandate_on(today),
        "modalities": pole.modalities.first(),
        "compliance": compliance_of(pole, today),
        "bodies": _group_by_body(bodies, seats),
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


@login_required
def members_area(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    """Fellow members' contacts and the documents of the bodies, for members and the secretariat."""
    pole = get_pole_for_user(request, basin, code, "poles.view_members_area")
    today = timezone.localdate()
    bodies = list(
        pole.bodies.filter(closed_on__isnull=True)
        .order_by("kind", "name")
        .prefetch_related(
            Prefetch("documents", queryset=BodyDocument.objects.prefetch_related("versions__uploaded_by"))
        )
    )
    seats = list(
        Seat.objects.of_pole(pole)
        .in_force(today)
        .select_related("body", "organisation", "representative", "substitute")
        .prefetch_related("interests")
        .order_by("body__kind", "body__name", "role")
    )
    return render(
        request,
        "poles/members_area.html",
        {
            **pole_context(request, pole),
            "bodies": _group_by_body(bodies, seats),
            "can_upload": request.user.has_perm("poles.upload_document", pole),
            "document_form": DocumentForm(),
        },
    )


@login_required
def document_download(request: HttpRequest, basin: str, code: str, pk: int) -> Any:
    pole = get_pole_for_user(request, basin, code, "poles.view_members_area")
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document__body"), pk=pk, document__body__pole=pole
    )
    return serve_upload(version.file.open("rb"), filename=version.filename, content_type=version.content_type)


@login_required
@require_POST
def document_upload(request: HttpRequest, basin: str, code: str, body: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.upload_document")
    target = get_object_or_404(Body, pole=pole, slug=body)
    existing = request.POST.get("document")
    document = get_object_or_404(BodyDocument, pk=existing, body=target) if existing else None
    form = DocumentForm(request.POST, request.FILES, needs_title=document is None)
    if form.is_valid():
        version = documents.add_version(
            target,
            document=document,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            content_type=form.cleaned_data["content_type"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        messages.success(
            request,
            _("« %(title)s », version %(n)s, est en ligne.") % {"title": version.document.title, "n": version.number},
        )
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("poles:members", basin=pole.basin.code, code=pole.code)


@login_required
def pole_create(request: HttpRequest) -> HttpResponse:
    _require(request, "poles.add_pole")
    form = PoleForm(request.POST or None, basins=_staff_basins(request.user))
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
    form = PoleForm(request.POST or None, instance=pole, basins=_staff_basins(request.user))
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
            _add_errors(form, exc)
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
            _add_errors(form, exc)
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


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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
            _add_errors(form, exc)
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


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Compliance at a glance across the pôles of the basins the user serves."""
    _require(request, "poles.view_overview")
    basins = _staff_basins(request.user)
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
