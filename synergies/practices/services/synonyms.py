"""The synonyms of the catalogue's search, which the secretariat edits: « alpha » also finds « alphabétisation ».

The search reads them at every query, so a change applies at the next search. Terms are compared without case or
accents (« FLE » and « fle » are one term); expansions are stored comma-separated, as the search lib reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.search import SearchSynonym
from synergies.lib.text import fold
from synergies.practices.services.indexing import INDEX
from synergies.practices.services.records import user_of

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


def synonyms() -> Any:
    return SearchSynonym.objects.filter(index=INDEX).order_by("term")


def _clean(term: str, expansions: str | Iterable[str], *, exclude: int | None = None) -> tuple[str, str]:
    term = " ".join(term.split())
    parts = expansions.split(",") if isinstance(expansions, str) else list(expansions)
    words = list(dict.fromkeys(" ".join(part.split()) for part in parts if part.strip()))
    errors: dict[str, str] = {}
    if not term:
        errors["term"] = _("Indiquez le terme.")
    elif any(fold(s.term) == fold(term) for s in synonyms().exclude(pk=exclude).only("term")):
        errors["term"] = _("Ce terme a déjà ses équivalents : modifiez-les plutôt.")
    words = [w for w in words if fold(w) != fold(term)]
    if not words:
        errors["expansions"] = _("Indiquez au moins un équivalent, différent du terme.")
    if errors:
        raise ValidationError(errors)
    return term[:100], ", ".join(words)


@transaction.atomic
def add_synonym(*, by: Any, term: str, expansions: str | Iterable[str]) -> SearchSynonym:
    term, joined = _clean(term, expansions)
    synonym = SearchSynonym.objects.create(index=INDEX, term=term, expansions=joined)
    audit.record(
        actor=user_of(by),
        verb="practices.synonym_add",
        action=AuditEntry.Action.CREATE,
        target=synonym,
        changes={"term": [None, term], "expansions": [None, joined]},
    )
    return synonym


@transaction.atomic
def update_synonym(synonym: SearchSynonym, *, by: Any, term: str, expansions: str | Iterable[str]) -> SearchSynonym:
    term, joined = _clean(term, expansions, exclude=synonym.pk)
    changes = audit.diff({"term": synonym.term, "expansions": synonym.expansions}, {"term": term, "expansions": joined})
    if changes:
        synonym.term, synonym.expansions = term, joined
        synonym.save(update_fields=["term", "expansions"])
        audit.record(actor=user_of(by), verb="practices.synonym_update", target=synonym, changes=changes)
    return synonym


@transaction.atomic
def delete_synonym(synonym: SearchSynonym, *, by: Any) -> None:
    audit.record(
        actor=user_of(by),
        verb="practices.synonym_delete",
        action=AuditEntry.Action.DELETE,
        target=synonym,
        changes={"term": [synonym.term, None], "expansions": [synonym.expansions, None]},
    )
    synonym.delete()


def default_synonyms(path: Path = DEFAULTS) -> list[tuple[str, list[str]]]:
    return [(row["term"], list(row["expansions"])) for row in json.loads(path.read_text(encoding="utf-8"))]


@transaction.atomic
def seed_synonyms(path: Path = DEFAULTS) -> int:
    """Add the shipped synonyms the index lacks; a term already there (perhaps edited) is left alone. Returns how
    many were added."""
    present = {fold(term) for term in synonyms().values_list("term", flat=True)}
    added = 0
    for term, expansions in default_synonyms(path):
        if fold(term) not in present:
            add_synonym(by=None, term=term, expansions=expansions)
            present.add(fold(term))
            added += 1
    return added
