"""External frameworks: created or brought up to date, their versions loaded from a data file and put in force."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.skills.loading.checking import read_data_file
from synergies.skills.loading.nodes import build_nodes
from synergies.skills.models import Change, Framework, FrameworkVersion
from synergies.skills.services.common import log_change, user_of
from synergies.skills.services.versions import put_in_force


def external_framework(data: dict[str, Any]) -> Framework:
    """The external framework the data describe, created or brought up to date (name, publisher, licence…)."""
    slug = data["slug"]
    values = {
        field: data.get(field) or ""
        for field in ("code", "name", "name_en", "publisher", "homepage", "licence", "description")
    }
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        return Framework.objects.create(slug=slug, kind=Framework.Kind.EXTERNAL, pole=None, **values)
    if framework.kind != Framework.Kind.EXTERNAL:
        raise ValidationError(
            _("L’identifiant « %(slug)s » est déjà celui du référentiel d’un pôle (« %(name)s »).")
            % {"slug": slug, "name": framework.name},
            code="slug_taken",
        )
    changed = [field for field, value in values.items() if getattr(framework, field) != value]
    if changed:
        for field in changed:
            setattr(framework, field, values[field])
        framework.save(update_fields=changed)
    return framework


def release(version: FrameworkVersion, *, released_on: datetime.date | None) -> FrameworkVersion:
    """Put the draft of an external framework in force, as a pôle's adopted version is."""
    return put_in_force(version, on=released_on)


def load_framework_file(path: str | Path, *, by: Any = None) -> FrameworkVersion:
    """The external framework version a data file describes, loaded if it is not yet (idempotent).

    The version is written as a draft, then adopted, superseding the version in force: the same path as a pôle's
    referential, so that the guards on released versions hold for external frameworks too."""
    path = Path(path)
    data = read_data_file(path)
    if not data["framework"].get("slug"):
        raise ValidationError(
            _("%(file)s : framework.slug : valeur manquante (l’identifiant d’un cadre externe).") % {"file": path.name},
            code="invalid_data_file",
        )
    with transaction.atomic():
        framework = external_framework(data["framework"])
        number = data["version"]["number"]
        existing = framework.versions.filter(number=number).first()
        if existing is not None and not existing.is_draft:
            return existing
        if existing is not None:
            raise ValidationError(
                _(
                    "La version %(number)s de « %(framework)s » existe à l’état de brouillon : supprimez-la avant de "
                    "charger le fichier %(file)s."
                )
                % {"number": number, "framework": framework.name, "file": path.name},
                code="draft_exists",
            )
        previous = framework.versions.current().first()
        released = data["version"].get("released_on")
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=number,
            notes=data["version"].get("notes") or "",
            based_on=previous,
            created_by=user_of(by),
        )
        count = build_nodes(version, data["concepts"], framework=framework)
        log_change(
            version,
            Change.Operation.IMPORT,
            summary=_("Chargement de %(count)s concepts depuis %(file)s") % {"count": count, "file": path.name},
            reason=_("Version publiée par %(publisher)s.") % {"publisher": framework.publisher or framework.name},
            by=by,
            details={"file": path.name, "nodes": count},
        )
        release(version, released_on=datetime.date.fromisoformat(released) if released else None)
        audit.record(
            actor=by,
            verb="skills.framework.load",
            action=AuditEntry.Action.IMPORT,
            target=version,
            changes={"nodes": [None, count], "superseded": [None, str(previous) if previous else None]},
            message=path.name,
        )
    return version
