"""The members' area: fellow members' contacts and the bodies' documents with their versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.lib.uploads import serve_upload
from synergies.poles import documents
from synergies.poles.forms import (
    DocumentForm,
)
from synergies.poles.models import Body, BodyDocument, DocumentVersion, Seat
from synergies.poles.views.common import (
    get_pole_for_user,
    group_by_body,
    pole_context,
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
            "bodies": group_by_body(bodies, seats),
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
