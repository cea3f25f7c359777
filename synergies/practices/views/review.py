"""The follow-up page of one record: its state and the next steps, the review conversation, its broken links, its
attachments and its latest versions; and the POST endpoints of transitions and comments.

Which buttons show is decided by the record (`workflow.allowed`) and the user (`rules.TRANSITION_PERMS`); the endpoint
checks both again, so a stale page cannot move a record where it may not go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from synergies.poles.views.common import add_errors
from synergies.practices.forms import AttachmentForm, CommentForm, TransitionForm
from synergies.practices.models import Practice
from synergies.practices.rules import TRANSITION_PERMS
from synergies.practices.services import workflow
from synergies.practices.views.common import get_practice_for_user, practice_crumbs

FOLLOW = "practices.follow_practice"
RECENT_REVISIONS = 10

# name: (button, message label or None when the step takes no message, whether the message is required)
STEPS: dict[str, tuple[Any, Any, bool]] = {
    "submit": (gettext_lazy("Soumettre à la modération"), gettext_lazy("Un mot pour les modérateurs"), False),
    "withdraw": (gettext_lazy("Retirer de la modération"), None, False),
    "start_review": (gettext_lazy("Commencer la relecture"), None, False),
    "request_changes": (gettext_lazy("Demander des modifications"), gettext_lazy("Ce qu’il faut modifier"), True),
    "publish": (gettext_lazy("Publier"), None, False),
    "ask_for_review": (gettext_lazy("Demander la relecture annuelle"), None, False),
    "confirm": (gettext_lazy("Confirmer le contenu pour un an"), None, False),
    "reopen": (gettext_lazy("Rouvrir pour modification"), None, False),
    "archive": (gettext_lazy("Archiver"), gettext_lazy("Note d’archivage"), False),
    "restore": (gettext_lazy("Sortir des archives"), None, False),
}
DONE = {
    "submit": gettext_lazy("La fiche est soumise à la modération."),
    "withdraw": gettext_lazy("La fiche est retirée de la modération : elle redevient un brouillon."),
    "start_review": gettext_lazy("La relecture est commencée."),
    "request_changes": gettext_lazy("Les modifications sont demandées aux auteurs de la fiche."),
    "publish": gettext_lazy("La fiche est publiée dans le catalogue."),
    "ask_for_review": gettext_lazy("La relecture annuelle est demandée aux auteurs de la fiche."),
    "confirm": gettext_lazy("Le contenu est confirmé pour un an."),
    "reopen": gettext_lazy("La fiche est rouverte : elle quitte le catalogue public jusqu’à sa prochaine publication."),
    "archive": gettext_lazy("La fiche est archivée."),
    "restore": gettext_lazy("La fiche est sortie des archives : elle redevient un brouillon."),
}
ACTIONS: dict[str, Callable[[Practice, Any, str], Any]] = {
    "submit": lambda p, by, text: workflow.submit_practice(p, by=by, message=text),
    "withdraw": lambda p, by, text: workflow.withdraw_practice(p, by=by),
    "start_review": lambda p, by, text: workflow.start_review(p, by=by),
    "request_changes": lambda p, by, text: workflow.request_changes(p, by=by, message=text),
    "publish": lambda p, by, text: workflow.publish_practice(p, by=by),
    "ask_for_review": lambda p, by, text: workflow.ask_for_review(p, by=by),
    "confirm": lambda p, by, text: workflow.confirm_practice(p, by=by),
    "reopen": lambda p, by, text: workflow.reopen_practice(p, by=by),
    "archive": lambda p, by, text: workflow.archive_practice(p, by=by, note=text[:300]),
    "restore": lambda p, by, text: workflow.restore_practice(p, by=by),
}


def next_steps(request: HttpRequest, practice: Practice, failed: dict[str, TransitionForm]) -> list[dict[str, Any]]:
    steps = []
    for name in workflow.TRANSITIONS:
        if workflow.allowed(practice, name) and request.user.has_perm(TRANSITION_PERMS[name], practice):
            button, message_label, required = STEPS[name]
            form = failed.get(name) or TransitionForm(auto_id=f"id_{name}_%s")
            if message_label is not None:
                form.fields["message"].label = message_label
                form.fields["message"].required = required
            steps.append({"name": name, "button": button, "form": form if message_label is not None else None})
    return steps


def review_page(
    request: HttpRequest,
    practice: Practice,
    *,
    failed: dict[str, TransitionForm] | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "practice": practice,
        "steps": next_steps(request, practice, failed or {}),
        "can_edit": request.user.has_perm("practices.change_practice", practice),
        "is_moderator": request.user.has_perm("practices.moderate_practice", practice),
        "comments": list(practice.comments.select_related("author")),
        "comment_form": comment_form or CommentForm(),
        "links": list(practice.links.all()),
        "attachments": list(practice.attachments.all()),
        "attachment_form": AttachmentForm(),
        "revisions": list(practice.revisions.select_related("author")[:RECENT_REVISIONS]),
        "revision_total": practice.revision,
        "crumbs": practice_crumbs(practice, (_("Suivi"), None)),
    }
    return render(request, "practices/editor/review.html", context, status=status)


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    return review_page(request, get_practice_for_user(request, slug, FOLLOW))


@login_required
@require_POST
def transition(request: HttpRequest, slug: str, transition: str) -> HttpResponse:
    if transition not in workflow.TRANSITIONS:
        raise Http404
    practice = get_practice_for_user(request, slug, TRANSITION_PERMS[transition])
    if not workflow.allowed(practice, transition):
        messages.error(
            request,
            _("Cette étape n’est pas possible depuis l’état « %(status)s ».")
            % {"status": practice.get_status_display()},
        )
        return redirect("practices:review", slug=practice.slug)
    form = TransitionForm(request.POST, auto_id=f"id_{transition}_%s")
    text = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        ACTIONS[transition](practice, request.user, text)
    except ValidationError as exc:
        practice.refresh_from_db()
        if hasattr(exc, "error_dict") and "message" in exc.error_dict:
            add_errors(form, exc)
            return review_page(request, practice, failed={transition: form}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(DONE[transition]))
    return redirect("practices:review", slug=practice.slug)


@login_required
@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request, slug, FOLLOW)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            workflow.comment_practice(practice, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Votre message est ajouté à la conversation."))
            return redirect(reverse("practices:review", kwargs={"slug": practice.slug}) + "#conversation")
    return review_page(request, practice, comment_form=form, status=400)
