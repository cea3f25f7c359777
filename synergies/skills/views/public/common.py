"""What the referentials' public pages share: their breadcrumbs, and the versions the user may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from synergies.skills.models import Framework, FrameworkVersion


def _index_crumbs(*more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Référentiels"), reverse("skills:index")), *more]


def _version_crumbs(version: FrameworkVersion, *more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    framework = version.framework
    label = _("Version %(number)s") % {"number": version.number}
    return _index_crumbs(
        (framework.name, framework.get_absolute_url()),
        (label, version.get_absolute_url() if more else None),
        *more,
    )


def _visible_versions(request: HttpRequest, framework: Framework) -> list[FrameworkVersion]:
    """The framework's versions the user may see, oldest first, each knowing its framework (no query per row)."""
    versions = list(FrameworkVersion.objects.visible_to(request.user, framework).order_by("created_at", "pk"))
    for version in versions:
        version.framework = framework
    return versions
