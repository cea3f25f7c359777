"""How the record a decision is about (its subject) is shown: a registry the apps above fill in.

A decision may adopt a modalities version, a referential version, label a practice, adopt a recommendation or a
project… The decisions app cannot import those apps (they sit above it); each registers, from its AppConfig.ready(),
how to name its records and where they live, and the decision's page shows the link. Two optional hooks let the
subject's app take part in the decision without the decisions app knowing it:

- `check(subject)` raises a French ValidationError when a proposal about the subject may not be made now (a
  referential version that is not a draft, say); it runs when the proposal is created and when a round opens;
- `on_adopted(subject, decision)` runs inside the transaction that writes the decision into the register, so that
  the subject changes state with it (the referential version becomes the one in force) or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

__all__ = ["SubjectKind", "adopted", "check", "describe", "register"]


def _no_check(subject: Any) -> None:
    return None


@dataclass(frozen=True)
class SubjectKind:
    label: Callable[[Any], str]
    url: Callable[[Any], str | None]
    check: Callable[[Any], None] = _no_check
    on_adopted: Callable[[Any, Any], Any] | None = None


_KINDS: dict[str, SubjectKind] = {}


def _key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def register(
    model: type[models.Model],
    *,
    label: Callable[[Any], str],
    url: Callable[[Any], str | None],
    check: Callable[[Any], None] = _no_check,
    on_adopted: Callable[[Any, Any], Any] | None = None,
) -> None:
    _KINDS[_key(model)] = SubjectKind(label, url, check, on_adopted)


def check(subject: models.Model | None) -> None:
    """Raise the subject app's ValidationError when a proposal about `subject` may not go ahead now."""
    if subject is not None and (kind := _KINDS.get(_key(type(subject)))) is not None:
        kind.check(subject)


def adopted(decision: Any) -> None:
    """Tell the subject's app that `decision` (just written into the register) adopted its record."""
    subject = decision.subject
    if subject is not None and (kind := _KINDS.get(_key(type(subject)))) is not None and kind.on_adopted:
        kind.on_adopted(subject, decision)


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
