"""The moderators' pages of a pôle's catalogue: the queue of records waiting for them, the delegation of
moderation (secretariat only), and the search synonyms the secretariat edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.lib.search import SearchSynonym
from synergies.lib.views import require_perm
from synergies.poles.views.common import add_errors, get_pole_for_user, pole_context
from synergies.practices.forms import ModeratorForm, SynonymForm
from synergies.practices.models import Moderator, Practice, Status
from synergies.practices.services import synonyms as synonym_services
from synergies.practices.services.indexing import INDEX
from synergies.practices.services.moderators import delegate_moderation, revoke_moderation
from synergies.practices.views.common import PAGE_SIZE, catalogue_crumbs, pole_crumbs

QUEUE = (Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.TO_REVISE)
SYNONYMS = "practices.edit_synonyms"


@login_required
def moderation(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    """What waits in the pôle's catalogue, the longest waiting first, with a count per state."""
    pole = get_pole_for_user(request, basin, code, "practices.view_moderation_queue")
    waiting = Practice.objects.of_pole(pole).filter(status__in=QUEUE)
    counts = dict(waiting.order_by().values_list("status").annotate(n=Count("pk")))
    chosen = request.GET.get("statut", "")
    shown = waiting.filter(status=chosen) if chosen in QUEUE else waiting
    records = shown.select_related("holder").order_by("updated_at", "pk")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    states = [{"value": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in QUEUE]
    return render(
        request,
        "practices/moderation/queue.html",
        {
            **pole_context(request, pole),
            "page": page,
            "practices": page.object_list,
            "states": states,
            "chosen": chosen if chosen in QUEUE else "",
            "total": sum(counts.values()),
            "query": f"statut={chosen}" if chosen in QUEUE else "",
            "can_delegate": request.user.has_perm("practices.manage_moderators", pole),
            "crumbs": pole_crumbs(pole, (_("Modération"), None)),
        },
    )


@login_required
def moderators(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "practices.manage_moderators")
    form = ModeratorForm(request.POST or None, pole=pole)
    if request.method == "POST" and form.is_valid():
        try:
            delegate_moderation(pole, form.cleaned_data["user"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s modère désormais le catalogue du pôle.")
                % {"name": form.cleaned_data["user"].get_full_name()},
            )
            return redirect("practices:moderators", basin=pole.basin.code, code=pole.code)
    delegated = Moderator.objects.filter(pole=pole).select_related("user", "granted_by").order_by("user__full_name")
    return render(
        request,
        "practices/moderation/moderators.html",
        {
            **pole_context(request, pole),
            "form": form,
            "moderators": list(delegated),
            "crumbs": pole_crumbs(
                pole,
                (
                    _("Modération"),
                    reverse("practices:moderation", kwargs={"basin": pole.basin.code, "code": pole.code}),
                ),
                (_("Modérateurs"), None),
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def moderator_remove(request: HttpRequest, basin: str, code: str, pk: int) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "practices.manage_moderators")
    moderator = get_object_or_404(Moderator.objects.select_related("user", "pole__basin"), pole=pole, pk=pk)
    revoke_moderation(moderator, by=request.user)
    messages.success(
        request,
        _("%(name)s ne modère plus le catalogue du pôle.") % {"name": moderator.user.get_full_name()},
    )
    return redirect("practices:moderators", basin=pole.basin.code, code=pole.code)


# --- search synonyms ---------------------------------------------------------------------------------------------------


@login_required
def synonyms(request: HttpRequest) -> HttpResponse:
    require_perm(request, SYNONYMS)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            synonym = synonym_services.add_synonym(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Le synonyme « %(term)s » est ajouté.") % {"term": synonym.term})
            return redirect("practices:synonyms")
    page = Paginator(synonym_services.synonyms(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/moderation/synonyms.html",
        {
            "form": form,
            "page": page,
            "synonyms": page.object_list,
            "crumbs": catalogue_crumbs((_("Synonymes de la recherche"), None)),
        },
        status=400 if request.method == "POST" else 200,
    )


def _synonym(pk: int) -> SearchSynonym:
    return get_object_or_404(SearchSynonym, index=INDEX, pk=pk)


@login_required
def synonym_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, SYNONYMS)
    synonym = _synonym(pk)
    form = SynonymForm(request.POST or None, initial={"term": synonym.term, "expansions": synonym.expansions})
    if request.method == "POST" and form.is_valid():
        try:
            synonym_services.update_synonym(synonym, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Le synonyme « %(term)s » est modifié.") % {"term": synonym.term})
            return redirect("practices:synonyms")
    return render(
        request,
        "practices/moderation/synonym_form.html",
        {
            "form": form,
            "synonym": synonym,
            "crumbs": catalogue_crumbs(
                (_("Synonymes de la recherche"), reverse("practices:synonyms")), (synonym.term, None)
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, SYNONYMS)
    synonym = _synonym(pk)
    synonym_services.delete_synonym(synonym, by=request.user)
    messages.success(request, _("Le synonyme « %(term)s » est supprimé.") % {"term": synonym.term})
    return redirect("practices:synonyms")
