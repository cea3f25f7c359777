"""The readable history of a record: every revision, and what changed between two of them.

Revisions keep their fields as a JSON snapshot (`services.records.snapshot`), so any two can be compared without the
record's current state. Long texts are compared word by word; the changed words are wrapped in <del> / <ins> with a
hidden « supprimé / ajouté » marker, so the change reads without colour and with a screen reader alike.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.practices.models import EvidenceLevel, Kind, Licence, Modality, Palier, Practice, Public, Revision
from synergies.practices.services.records import EDITABLE_FIELDS
from synergies.practices.views.common import get_practice_for_user, practice_crumbs

CHOICES: dict[str, type[models.Choices]] = {
    "kind": Kind,
    "modality": Modality,
    "licence": Licence,
    "evidence_level": EvidenceLevel,
    "publics": Public,
    "levels": Palier,
}
RELATIONS = {
    "skills": gettext_lazy("compétences"),
    "communes": gettext_lazy("communes"),
    "partners": gettext_lazy("partenaires"),
    "links": gettext_lazy("liens"),
}
LIST_FIELDS = {"publics", "levels", *RELATIONS}
MAX_WORDS = 20000
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Change:
    name: str
    label: str
    before: str = ""
    after: str = ""
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text), for long texts
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _model_field(name: str) -> Any:
    try:
        return Practice._meta.get_field(name)
    except FieldDoesNotExist:  # a field an older snapshot had, or a relation: compared as a value
        return None


def _label(name: str) -> str:
    if name in RELATIONS:
        return str(RELATIONS[name])
    model_field = _model_field(name)
    return str(model_field.verbose_name) if model_field is not None else name


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return _("(vide)")
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if name in CHOICES:
        labels = dict(CHOICES[name].choices)
        return str(labels.get(value, labels.get(str(value), value)))
    return str(value)


def _is_long(name: str) -> bool:
    return isinstance(_model_field(name), models.TextField)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as runs of kept, deleted and inserted words (by lines when the texts are very long)."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    if len(old) + len(new) > MAX_WORDS:
        old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(new[j1:j2])))
    return pieces


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What differs between two snapshots, field by field in the record's order."""
    names = [*EDITABLE_FIELDS, *RELATIONS]
    names += [n for n in [*before, *after] if n not in names]
    changes = []
    for name in dict.fromkeys(names):
        old, new = before.get(name), after.get(name)
        if old == new or (not old and not new):
            continue
        change = Change(name=name, label=_label(name))
        if name in LIST_FIELDS:
            old_items = [_display(name, v) for v in old or []] if name in CHOICES else list(old or [])
            new_items = [_display(name, v) for v in new or []] if name in CHOICES else list(new or [])
            change.removed = [item for item in old_items if item not in new_items]
            change.added = [item for item in new_items if item not in old_items]
        elif _is_long(name):
            change.pieces = word_diff(str(old or ""), str(new or ""))
        else:
            change.before, change.after = _display(name, old), _display(name, new)
        changes.append(change)
    return changes


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """All revisions, and the changes between `a` (by default the latest) and `de` (by default the one before)."""
    practice = get_practice_for_user(request, slug, "practices.follow_practice")
    revisions = practice.revisions.select_related("author").order_by("-number")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    newer_number = _number(request.GET.get("a")) or practice.revision
    older_number = _number(request.GET.get("de"))
    if older_number is None or older_number >= newer_number:
        older_number = newer_number - 1
    pair = {r.number: r for r in Revision.objects.filter(practice=practice, number__in=[newer_number, older_number])}
    newer, older = pair.get(newer_number), pair.get(older_number)
    changes = compare(older.snapshot if older else {}, newer.snapshot) if newer is not None else []
    numbers = list(range(practice.revision, 0, -1))
    return render(
        request,
        "practices/editor/history.html",
        {
            "practice": practice,
            "page": page,
            "revisions": page.object_list,
            "newer": newer,
            "older": older,
            "changes": changes,
            "numbers": numbers,
            "crumbs": practice_crumbs(
                practice,
                (_("Suivi"), reverse("practices:review", kwargs={"slug": practice.slug})),
                (_("Historique"), None),
            ),
        },
    )
