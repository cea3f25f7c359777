"""The interchange pages: import a file into a pôle's catalogue (with its progress), export it, get the empty model.

Only the secretariat imports (`practices.import_practices`); anyone who sees the pôle exports its published records,
its moderators any state (`?statut=`), with the contact addresses that stay hidden from the others.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import xlsxio
from synergies.poles.models import Pole
from synergies.poles.views.common import get_pole_for_user, pole_context
from synergies.practices.interchange import exporting, jobs
from synergies.practices.interchange.columns import HEADER
from synergies.practices.interchange.forms import ImportForm
from synergies.practices.models import ImportJob, Status
from synergies.practices.views.common import pole_crumbs

IMPORT_PERM = "practices.import_practices"
RECENT_JOBS = 10
SHOWN_PROBLEMS = 500


def _import_crumbs(pole: Pole, *trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    url = reverse("practices:import", kwargs={"basin": pole.basin.code, "code": pole.code})
    return pole_crumbs(pole, (_("Importer des pratiques"), url if trail else None), *trail)


def _problems(job: ImportJob) -> list[dict[str, object]]:
    return [{"line": line, "column": column, "message": message} for line, column, message in job.problems]


@login_required
def import_page(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, IMPORT_PERM)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        can_publish=request.user.has_perm("practices.moderate_practice", pole),
    )
    refused: ImportJob | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            job = jobs.start_import(
                pole,
                form.cleaned_data["file"],
                by=request.user,
                filename=form.cleaned_data["filename"],
                publish=bool(form.cleaned_data.get("publish")),
            )
            if job.status != ImportJob.Status.FAILED:
                return redirect(job.get_absolute_url())
            refused, status = job, 400
        else:
            status = 400
    return render(
        request,
        "practices/interchange/import.html",
        {
            **pole_context(request, pole),
            "form": form,
            "refused": refused,
            "problems": _problems(refused)[:SHOWN_PROBLEMS] if refused else [],
            "problem_count": refused.problem_count if refused else 0,
            "columns": HEADER,
            "recent": ImportJob.objects.filter(pole=pole).select_related("created_by")[:RECENT_JOBS],
            "crumbs": _import_crumbs(pole),
        },
        status=status,
    )


@login_required
def import_job(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    """Where an import stands; the page polls itself (a small script) until the job is finished."""
    pole = get_pole_for_user(request, basin, code, IMPORT_PERM)
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk, pole=pole)
    progress = jobs.live_progress(job)
    percent = 100 if job.is_finished else jobs.percent(progress)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"status": job.status, "finished": job.is_finished, "percent": percent, **progress},
            headers={"Cache-Control": "no-store"},
        )
    return render(
        request,
        "practices/interchange/job.html",
        {
            **pole_context(request, pole),
            "job": job,
            "progress": progress,
            "percent": percent,
            "problems": _problems(job)[:SHOWN_PROBLEMS],
            "problem_count": job.problem_count,
            "status_url": f"{request.path}?format=json",
            "crumbs": _import_crumbs(pole, (_("Suivi de l’import"), None)),
        },
    )


def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exporting.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-pratiques.csv"'
    return response


def export(request: HttpRequest, basin: str, code: str) -> HttpResponse | StreamingHttpResponse:
    pole = get_pole_for_user(request, basin, code, "poles.view_pole")
    state = request.GET.get("statut", "")
    records = exporting.practices_to_export(pole, request.user, state)
    with_contact = request.user.has_perm("practices.moderate_practice", pole)
    chosen = state if state in (exporting.ALL_STATES, *Status.values) and with_contact else "publiees"
    filename = f"pratiques-{pole.basin.code}-{pole.code.lower()}-{chosen}-{timezone.localdate():%Y-%m-%d}"
    fmt = request.GET.get("format", "csv")
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        response = HttpResponse(
            exporting.xlsx_bytes(records, with_contact=with_contact, title=pole.name), content_type=xlsxio.CONTENT_TYPE
        )
        filename += ".xlsx"
    elif fmt == "csv":
        response = StreamingHttpResponse(
            exporting.csv_chunks(records, with_contact=with_contact), content_type="text/csv; charset=utf-8"
        )
        filename += ".csv"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
