"""The secretariat's editor of a draft: each page is a form, a service call, and back to the draft.

Every view takes the draft through `_draft_for_editor`: a 404 for whoever may not read drafts (the draft does not
exist for them), a 403 for members who read it but do not edit it. Once the version is adopted, or while its adoption
is on the committee's table, the pages say so and send back to the version instead of offering a form the services
would refuse.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergies.lib.views import require_perm
from synergies.poles.views.common import add_errors, get_pole_for_user
from synergies.skills import services
from synergies.skills.forms import (
    ConceptAddForm,
    ConceptEditForm,
    MappingForm,
    MergeForm,
    MoveForm,
    ProposeForm,
    ReasonForm,
    SplitForm,
    StartForm,
)
from synergies.skills.models import FrameworkVersion, Mapping, Node
from synergies.skills.tree import build_tree
from synergies.skills.views.common import MANAGE, get_framework_for_user, get_version_for_user, version_context


def _draft_for_editor(request: HttpRequest, framework: str, number: str) -> FrameworkVersion:
    version = get_version_for_user(request, framework, number)
    require_perm(request, MANAGE, version.framework)
    return version


def _closed(request: HttpRequest, version: FrameworkVersion) -> HttpResponse | None:
    """Back to the version, with the reason, when it can no longer be edited."""
    try:
        services.check_editable(version)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
        return redirect(version)
    return None


def _nodes(version: FrameworkVersion) -> list[Node]:
    """The draft's nodes in tree order (depth-first), for the editor's table and the forms' choices."""
    tree = build_tree(Node.objects.filter(version=version).for_tree())
    return [cast(Node, branch.node) for root in tree for branch in root.walk()]


def _node(version: FrameworkVersion, code: str) -> Node:
    node = get_object_or_404(
        Node.objects.select_related("concept", "parent__concept"), version=version, concept__code=code
    )
    node.version = version
    return node


def _form_page(
    request: HttpRequest,
    version: FrameworkVersion,
    form: Any,
    *,
    title: str,
    submit: str,
    node: Node | None = None,
    template: str = "skills/editor/form_page.html",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        version_context(request, version, form=form, title=title, submit=submit, node=node, **extra),
        status=400 if request.method == "POST" else 200,
    )


def _run(request: HttpRequest, form: Any, action: Callable[[], Any], success: str) -> bool:
    """Call the service when the form is valid; its refusals become the form's errors. True when done."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def editing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the pages that change a draft: the draft (and the concept named by `code`) for the secretariat, or back to
    the version when it can no longer be edited."""

    @functools.wraps(view)
    @login_required
    def page(request: HttpRequest, framework: str, number: str, code: str | None = None) -> HttpResponse:
        version = _draft_for_editor(request, framework, number)
        if (closed := _closed(request, version)) is not None:
            return closed
        if code is None:
            return view(request, version)
        return view(request, version, _node(version, code))

    return page


def _to_editor(version: FrameworkVersion, code: str = "") -> HttpResponse:
    response = redirect("skills:editor", framework=version.framework.slug, number=version.number)
    if code:
        response["Location"] += f"#concept-{code}"
    return response


# --- the draft as a whole ---------------------------------------------------------------------------------------------


@editing
def editor(request: HttpRequest, version: FrameworkVersion) -> HttpResponse:
    nodes = _nodes(version)
    depth: dict[int | None, int] = {}
    for node in nodes:
        depth[node.pk] = depth[node.parent_id] + 1 if node.parent_id in depth else 0
        node.depth = depth[node.pk]  # type: ignore[attr-defined]
    recent = list(version.changes.select_related("by").order_by("-at", "-pk")[:10])
    return render(request, "skills/editor/editor.html", version_context(request, version, nodes=nodes, recent=recent))


@login_required
@require_POST
def referential_create(request: HttpRequest, basin: str, code: str) -> HttpResponse:
    pole = get_pole_for_user(request, basin, code, "skills.create_referential")
    try:
        version = services.create_referential(pole, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("skills:pole", basin=basin, code=code)
    messages.success(
        request, _("Le référentiel est créé : sa première version est un brouillon à compléter puis à proposer.")
    )
    return _to_editor(version)


@login_required
def version_start(request: HttpRequest, framework: str) -> HttpResponse:
    found = get_framework_for_user(request, framework, MANAGE)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.start_version(
                found, number=form.cleaned_data["number"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("La version %(number)s est ouverte en brouillon.") % {"number": version.number})
            return _to_editor(version)
    current = found.versions.current().first()
    return render(
        request,
        "skills/editor/start.html",
        {**version_context(request, current, form=form), "version": current}
        if current
        else {"framework": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@editing
def version_propose(request: HttpRequest, version: FrameworkVersion) -> HttpResponse:
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose_adoption(version, rationale=form.cleaned_data["rationale"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("La proposition d’adoption est prête : ouvrez-la à la décision du comité, en réunion ou par écrit."),
            )
            return redirect(proposal)
    from synergies.skills.diff import diff_versions

    changes = diff_versions(version.based_on, version) if version.based_on else None
    return _form_page(
        request, version, form, title=_("Proposer l’adoption de la version %(n)s") % {"n": version.number},
        submit=_("Préparer la proposition"), template="skills/editor/propose.html", changes=changes,
    )  # fmt: skip


@editing
def version_discard(request: HttpRequest, version: FrameworkVersion) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    form.fields["reason"].required = False
    if request.method == "POST":
        try:
            services.discard_draft(version, by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Le brouillon %(number)s est abandonné.") % {"number": version.number})
            return redirect(version.framework)
    return _form_page(
        request, version, form, title=_("Abandonner le brouillon %(n)s") % {"n": version.number},
        submit=_("Abandonner le brouillon"),
        intro=_("Le brouillon et son journal sont supprimés ; les versions adoptées ne changent pas."),
    )  # fmt: skip


# --- one concept -----------------------------------------------------------------------------------------------------


@editing
def concept_add(request: HttpRequest, version: FrameworkVersion) -> HttpResponse:
    nodes = _nodes(version)
    by_code = {node.concept.code: node for node in nodes}
    form = ConceptAddForm(request.POST or None, nodes=nodes, initial={"parent": request.GET.get("parent", "")})
    created: list[Node] = []

    def add() -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("parent", "reason")}
        parent = by_code.get(form.cleaned_data["parent"] or "")
        created.append(
            services.add_concept(version, data, parent=parent, reason=form.cleaned_data["reason"], by=request.user)
        )

    if _run(request, form, add, _("Concept ajouté.")):
        return _to_editor(version, created[0].concept.code)
    return _form_page(request, version, form, title=_("Ajouter un concept"), submit=_("Ajouter"))


@editing
def concept_edit(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    form = ConceptEditForm(request.POST or None, node=node)

    def update() -> None:
        services.update_concept(node, form.service_data(), reason=form.cleaned_data["reason"], by=request.user)

    if _run(request, form, update, _("Modifications enregistrées.")):
        return _to_editor(version, code)
    mappings = list(
        node.mappings.select_related("target__concept", "target__version__framework", "validated_by").order_by("pk")
    )
    return _form_page(
        request, version, form, node=node, title=_("Modifier %(code)s") % {"code": code}, submit=_("Enregistrer"),
        template="skills/editor/concept_edit.html", mappings=mappings,
    )  # fmt: skip


@editing
def concept_move(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    nodes = _nodes(version)
    by_code = {n.concept.code: n for n in nodes}
    initial = {"parent": node.parent.concept.code if node.parent else "", "position": node.position + 1}
    form = MoveForm(request.POST or None, nodes=nodes, node=node, initial=initial)

    def move() -> None:
        position = form.cleaned_data["position"]
        services.move_concept(
            node, parent=by_code.get(form.cleaned_data["parent"] or ""), reason=form.cleaned_data["reason"],
            position=position - 1 if position else None, by=request.user,
        )  # fmt: skip

    if _run(request, form, move, _("Concept déplacé.")):
        return _to_editor(version, code)
    return _form_page(
        request, version, form, node=node, title=_("Déplacer %(code)s") % {"code": code}, submit=_("Déplacer")
    )


@editing
def concept_split(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    form = SplitForm(request.POST or None)

    def split() -> None:
        services.split_concept(node, form.parts(), reason=form.cleaned_data["reason"], by=request.user)

    if _run(request, form, split, _("Concept scindé : complétez au besoin la définition de l’original.")):
        return _to_editor(version, code)
    return _form_page(
        request, version, form, node=node, title=_("Scinder %(code)s") % {"code": code}, submit=_("Scinder"),
        intro=_("Les nouveaux concepts se placent juste après l’original et gardent la trace de leur origine."),
    )  # fmt: skip


@editing
def concept_merge(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    nodes = _nodes(version)
    by_code = {n.concept.code: n for n in nodes}
    form = MergeForm(request.POST or None, nodes=nodes, node=node)

    def merge() -> None:
        sources = [by_code[c] for c in form.cleaned_data["sources"]]
        services.merge_concepts(sources, into=node, reason=form.cleaned_data["reason"], by=request.user)

    if _run(request, form, merge, _("Concepts fusionnés.")):
        return _to_editor(version, code)
    return _form_page(
        request, version, form, node=node, title=_("Fusionner dans %(code)s") % {"code": code}, submit=_("Fusionner")
    )


@editing
def concept_retire(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    form = ReasonForm(request.POST or None)

    def retire() -> None:
        services.retire_concept(node, reason=form.cleaned_data["reason"], by=request.user)

    if _run(request, form, retire, _("Concept retiré de la version ; son code reste réservé.")):
        return _to_editor(version)
    return _form_page(
        request, version, form, node=node, title=_("Retirer %(code)s") % {"code": code}, submit=_("Retirer"),
        intro=_("« %(label)s » ne figurera plus dans cette version. Les versions précédentes le gardent.") % {"label": node.label},
    )  # fmt: skip


# --- crosswalks ------------------------------------------------------------------------------------------------------


@editing
def mapping_add(request: HttpRequest, version: FrameworkVersion, node: Node) -> HttpResponse:
    code = node.concept.code
    form = MappingForm(request.POST or None, version=version)

    def add() -> None:
        data = form.cleaned_data
        target = services.resolve_target(data["framework"], data["reference"])
        services.add_mapping(
            node, target, relation=data["relation"], rationale=data["rationale"], confidence=data["confidence"],
            validated=data["validated"], by=request.user,
        )  # fmt: skip

    if _run(request, form, add, _("Correspondance ajoutée.")):
        return redirect("skills:concept_edit", framework=version.framework.slug, number=version.number, code=code)
    return _form_page(
        request, version, form, node=node, title=_("Ajouter une correspondance à %(code)s") % {"code": code},
        submit=_("Ajouter la correspondance"),
    )  # fmt: skip


def _mapping(version: FrameworkVersion, pk: int) -> Mapping:
    return get_object_or_404(Mapping.objects.select_related("source__concept"), pk=pk, source__version=version)


def _on_mapping(
    request: HttpRequest, framework: str, number: str, pk: int, action: Callable[[Mapping], Any], success: str
) -> HttpResponse:
    """A POST button on a crosswalk of the draft's concept page: the service's refusal or success as a message, then
    back to the concept."""
    version = _draft_for_editor(request, framework, number)
    mapping = _mapping(version, pk)
    try:
        action(mapping)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("skills:concept_edit", framework=framework, number=number, code=mapping.source.concept.code)


@login_required
@require_POST
def mapping_validate(request: HttpRequest, framework: str, number: str, pk: int) -> HttpResponse:
    return _on_mapping(
        request, framework, number, pk, lambda m: services.validate_mapping(m, by=request.user),
        _("Correspondance validée."),
    )  # fmt: skip


@login_required
@require_POST
def mapping_remove(request: HttpRequest, framework: str, number: str, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _on_mapping(
        request, framework, number, pk, lambda m: services.remove_mapping(m, reason=reason, by=request.user),
        _("Correspondance retirée."),
    )  # fmt: skip
