"""What the referentials' pages share: finding a framework or a version for a user, and the page context."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from synergies.lib.views import require_perm
from synergies.poles.views.common import pole_context
from synergies.skills.models import Framework, FrameworkVersion, Node
from synergies.skills.services import pending_proposal

MANAGE = "skills.manage_framework"


def get_framework_for_user(request: HttpRequest, slug: str, perm: str = "skills.view_framework") -> Framework:
    """The framework, or 404 when it does not exist or the user may not read it (a pôle not yet public), or 403."""
    framework = get_object_or_404(Framework.objects.select_related("pole__basin"), slug=slug)
    if not request.user.has_perm("skills.view_framework", framework):
        raise Http404
    require_perm(request, perm, framework)
    return framework


def get_version_for_user(
    request: HttpRequest, slug: str, number: str, perm: str = "skills.view_framework"
) -> FrameworkVersion:
    """The version, or 404 when it does not exist or is a draft the user may not read, or 403 for `perm`."""
    framework = get_framework_for_user(request, slug, perm)
    version = get_object_or_404(
        FrameworkVersion.objects.visible_to(request.user, framework).select_related(
            "decision__pole__basin", "based_on"
        ),
        number=number,
    )
    version.framework = framework
    return version


def get_node_for_user(
    request: HttpRequest, slug: str, number: str, code: str, perm: str = "skills.view_framework"
) -> Node:
    version = get_version_for_user(request, slug, number, perm)
    node = get_object_or_404(
        Node.objects.select_related("concept", "parent__concept", "version"), version=version, concept__code=code
    )
    node.version = version
    return node


def framework_context(request: HttpRequest, framework: Framework, **extra: Any) -> dict[str, Any]:
    """The pôle's navigation when the framework is a pôle's referential, and what the user may do with it."""
    context: dict[str, Any] = {
        "framework": framework,
        "can_edit": request.user.has_perm(MANAGE, framework),
        "sees_drafts": request.user.has_perm("skills.view_drafts", framework),
    }
    if framework.pole is not None:
        context.update(pole_context(request, framework.pole))
    return {**context, **extra}


def version_context(request: HttpRequest, version: FrameworkVersion, **extra: Any) -> dict[str, Any]:
    can_edit = request.user.has_perm(MANAGE, version.framework)
    proposal = pending_proposal(version) if version.is_draft and can_edit else None
    return framework_context(
        request,
        version.framework,
        version=version,
        proposal=proposal,
        editable=can_edit and version.is_draft and proposal is None,
        **extra,
    )
