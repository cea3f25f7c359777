"""The pôle's ⚙ settings that the apps above keep in a one-to-one row each (meetings, consensus, transmissions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from synergies.lib import audit
from synergies.poles.models import Pole
from synergies.poles.services.governance import check_writable


@transaction.atomic
def save_pole_settings(
    settings: models.Model, data: Mapping[str, Any], *, fields: Iterable[str], verb: str, by: Any
) -> models.Model:
    """Save `settings` (a row whose `pole` is its key, new or not) with `data`, audited field by field."""
    pole: Pole = settings.pole  # type: ignore[attr-defined]
    check_writable(pole)
    fields = list(fields)
    saved = type(settings).objects.filter(pk=settings.pk).first() if settings.pk else None  # type: ignore[attr-defined]
    before = audit.snapshot(saved, fields) if saved is not None else {}
    for name in fields:
        if name in data:
            setattr(settings, name, data[name])
    settings.full_clean()
    settings.save()
    audit.record(
        actor=by,
        verb=verb,
        target=settings,
        scope=pole.basin,
        changes=audit.diff(before, audit.snapshot(settings, fields)),
    )
    return settings
