"""The record editor: creating a practice for a pôle, editing it, its attachments, and « Mes pratiques ».

Every page takes the practice through `get_practice_for_user` (a 404 for whoever may not see it, a 403 for whoever
may see but not change it); every write is one service call whose refusals come back as the form's errors, so a
failed save keeps everything typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.directory.models import Organisation
from synergies.lib.uploads import serve_stored
from synergies.poles.models import Pole
from synergies.poles.views.common import add_errors, get_pole_for_user
from synergies.practices.forms import AttachmentForm, RecordEditor
from synergies.practices.models import Link, Partner, Practice, PracticeSkill, Status
from synergies.practices.rules import organisations_of
from synergies.practices.services.attachments import add_attachment, remove_attachment
from synergies.practices.services.records import create_practice, update_practice
from synergies.practices.views.common import (
    PAGE_SIZE,
    catalogue_crumbs,
    get_practice_for_user,
    holders_for,
    pole_crumbs,
    practice_crumbs,
)

CHANGE = "practices.change_practice"


def _editor_page(request: HttpRequest, editor: RecordEditor, **context: Any) -> HttpResponse:
    return render(
        request,
        "practices/editor/practice_form.html",
        {"form": editor.form, "partners": editor.partners, "links": editor.links, **context},
        status=400 if request.method == "POST" else 200,
    )


def poles_open_to(user: Any) -> list[Pole]:
    """The pôles a user may add a practice to: those of the basins of their organisations, and those they moderate."""
    basins = set(Organisation.objects.filter(pk__in=organisations_of(user)).values_list("basin_id", flat=True))
    poles = Pole.objects.select_related("basin").prefetch_related("mandates").order_by("basin__order", "name")
    return [
        pole
        for pole in poles
        if not pole.is_read_only()
        and user.has_perm("poles.view_pole", pole)
        and (
            user.has_perm("practices.moderate_practice", pole)
            or (pole.basin_id in basins and user.has_perm("practices.add_practice", pole))
        )
    ]


@login_required
def create_choose(request: HttpRequest) -> HttpResponse:
    poles = poles_open_to(request.user)
    if len(poles) == 1:
        return redirect("practices:create", basin=poles[0].basin.code, code=poles[0].code)
    return render(
        request,
        "practices/editor/choose_pole.html",
        {"poles": poles, "crumbs": catalogue_crumbs((_("Nouvelle pratique"), None))},
    )


@login_required
def create(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "practices.add_practice")
    editor = RecordEditor(request.POST or None, pole=pole, holders=holders_for(request.user, pole))
    if request.method == "POST" and editor.is_valid():
        try:
            practice = create_practice(
                pole, by=request.user, fields=editor.fields(), relations=editor.relations(), note=editor.note
            )
        except ValidationError as exc:
            add_errors(editor.form, exc)
        else:
            messages.success(
                request,
                _("La fiche est enregistrée en brouillon. Soumettez-la à la modération quand elle est prête."),
            )
            return redirect("practices:review", slug=practice.slug)
    return _editor_page(
        request,
        editor,
        pole=pole,
        practice=None,
        read_only=pole.is_read_only(),
        crumbs=pole_crumbs(pole, (_("Nouvelle pratique"), None)),
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request, slug, "practices.follow_practice")
    if not request.user.has_perm(CHANGE, practice):
        messages.info(
            request,
            _("La fiche ne peut pas être modifiée dans l’état « %(status)s ».")
            % {"status": practice.get_status_display()},
        )
        return redirect("practices:review", slug=practice.slug)
    practice = (
        Practice.objects.select_related("pole__basin", "holder")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.order_by("position", "pk")),
            "links",
            Prefetch("skills", queryset=PracticeSkill.objects.select_related("concept")),
        )
        .get(pk=practice.pk)
    )
    pole = practice.pole
    editor = RecordEditor(
        request.POST or None, pole=pole, holders=holders_for(request.user, pole, practice), practice=practice
    )
    if request.method == "POST" and editor.is_valid():
        try:
            update_practice(
                practice, by=request.user, fields=editor.fields(), relations=editor.relations(), note=editor.note
            )
        except ValidationError as exc:
            add_errors(editor.form, exc)
        else:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect("practices:review", slug=practice.slug)
    return _editor_page(
        request,
        editor,
        pole=pole,
        practice=practice,
        read_only=pole.is_read_only(),
        attachments=list(practice.attachments.all()),
        crumbs=practice_crumbs(practice, (_("Modifier"), None)),
    )


# --- attachments -------------------------------------------------------------------------------------------------------


@login_required
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request, slug, CHANGE)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_attachment(
                practice,
                by=request.user,
                upload=form.cleaned_data["file"],
                content_type=form.cleaned_data["content_type"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("La pièce jointe est ajoutée."))
            return redirect(_attachments_of(practice))
    return render(
        request,
        "practices/editor/attachment_form.html",
        {"practice": practice, "form": form, "crumbs": practice_crumbs(practice, (_("Pièce jointe"), None))},
        status=400 if request.method == "POST" else 200,
    )


def _attachments_of(practice: Practice) -> str:
    return reverse("practices:review", kwargs={"slug": practice.slug}) + "#pieces-jointes"


def attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A file of the practice, for whoever may read the practice; always a download."""
    practice = get_practice_for_user(request, slug)
    found = get_object_or_404(practice.attachments, pk=pk)
    return serve_stored(found.file, filename=found.filename, content_type=found.content_type)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    practice = get_practice_for_user(request, slug, CHANGE)
    found = get_object_or_404(practice.attachments.select_related("practice__pole__basin"), pk=pk)
    try:
        remove_attachment(found, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("La pièce jointe « %(title)s » est retirée.") % {"title": found.title})
    return redirect(_attachments_of(practice))


# --- « Mes pratiques » -------------------------------------------------------------------------------------------------

AWAITING = (Status.CHANGES_REQUESTED, Status.TO_REVISE)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The records the user follows, the most recently changed first, with what each awaits from its editors."""
    followed = Practice.objects.followed_by(request.user)
    broken = Link.objects.broken().filter(practice=OuterRef("pk"))
    broken_count = broken.order_by().values("practice").annotate(n=Count("pk")).values("n")
    records = (
        followed.select_related("pole__basin", "holder")
        .annotate(broken_links=Coalesce(Subquery(broken_count, output_field=IntegerField()), 0))
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    by_status = dict(followed.order_by().values_list("status").annotate(n=Count("pk")))
    summary = {
        "changes_requested": by_status.get(Status.CHANGES_REQUESTED, 0),
        "to_revise": by_status.get(Status.TO_REVISE, 0),
        "broken": followed.filter(Exists(broken)).count(),
    }
    return render(
        request,
        "practices/editor/mine.html",
        {
            "page": page,
            "practices": page.object_list,
            "summary": summary,
            "total": page.paginator.count,
            "crumbs": catalogue_crumbs((_("Mes pratiques"), None)),
        },
    )
