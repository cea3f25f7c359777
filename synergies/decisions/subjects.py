"""How the record a decision is about (its subject) is shown: a registry the apps above fill in.

A decision may adopt a modalities version, a referential version, label a practice, adopt a recommendation or a
project… The decisions app cannot import those apps (they sit above it); each registers, from its AppConfig.ready(),
how to name its records and where they live, and the decision's page shows the link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

__all__ = ["SubjectKind", "describe", "register"]


@dataclass(frozen=True)
class SubjectKind:
    label: Callable[[Any], str]
    url: Callable[[Any], str | None]


_KINDS: dict[str, SubjectKind] = {}


def _key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def register(model: type[models.Model], *, label: Callable[[Any], str], url: Callable[[Any], str | None]) -> None:
    _KINDS[_key(model)] = SubjectKind(label, url)


def describe(subject: models.Model | None) -> dict[str, str | None] | None:
    """{"label", "url"} for a subject (url None when it has no page); a subject of an unregistered kind is named by
    its model and its str()."""
    if subject is None:
        return None
    kind = _KINDS.get(_key(type(subject)))
    if kind is None:
        return {"label": f"{subject._meta.verbose_name} : {subject}", "url": None}
    return {"label": kind.label(subject), "url": kind.url(subject)}


def register_builtin() -> None:
    from synergies.poles.models import Modalities

    register(
        Modalities,
        label=lambda m: _("Modalités de fonctionnement, version %(n)s") % {"n": m.version},
        url=lambda m: reverse("poles:modalities", kwargs={"basin": m.pole.basin.code, "code": m.pole.code}),
    )
