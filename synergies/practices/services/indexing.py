"""The catalogue's search index: what a published practice says, and the facets a visitor narrows it by.

Only what visitors may see is indexed (published practices and those due for their yearly review), so the public
search never needs a visibility filter. Every service that changes a practice calls `refresh` in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch

from synergies.lib import search
from synergies.practices.models import Partner, Practice, PracticeSkill
from synergies.practices.models.vocabulary import PUBLIC_STATUSES
from synergies.skills.models import Node

INDEX = "practices"
FACETS = (
    "kind",
    "public",
    "domain",
    "skill",
    "commune",
    "sub_area",
    "modality",
    "evidence",
    "world",
    "basin",
    "label",
)


def _domain_codes(concept_ids: Iterable[int]) -> dict[int, str]:
    """Each competence concept's domain code, from the latest version that states it."""
    nodes = (
        Node.objects.filter(concept_id__in=set(concept_ids), parent__isnull=False)
        .order_by("concept_id", "-version_id")
        .values_list("concept_id", "parent__concept__code")
    )
    domains: dict[int, str] = {}
    for concept_id, parent_code in nodes:
        domains.setdefault(concept_id, parent_code)
    return domains


def document_for(practice: Practice, domains: dict[int, str] | None = None) -> search.Document:
    tags = list(practice.skills.all())
    if domains is None:
        domains = _domain_codes(t.concept_id for t in tags)
    communes = list(practice.communes.all())
    partners = list(practice.partners.all())
    skill_labels = [t.concept.code for t in tags]
    return search.Document(
        object_id=practice.pk,
        fields={
            "A": practice.title,
            "B": " ".join(
                [
                    practice.summary,
                    practice.easy_read_summary,
                    practice.holder.name,
                    practice.holder.acronym,
                    " ".join(c.name for c in communes),
                    " ".join(skill_labels),
                ]
            ),
            "C": "\n".join(
                [
                    practice.description,
                    practice.objectives,
                    practice.results,
                    practice.success_factors,
                    practice.pitfalls,
                    practice.transferability,
                    practice.access_conditions,
                    " ".join(p.organisation.name for p in partners),
                ]
            ),
        },
        facets={
            "kind": [practice.kind],
            "public": list(practice.publics),
            "domain": sorted({domains[t.concept_id] for t in tags if t.concept_id in domains}),
            "skill": [t.concept.code for t in tags],
            "commune": [c.nis_code for c in communes],
            "sub_area": sorted({c.sub_area for c in communes}),
            "modality": [practice.modality],
            "evidence": [str(practice.evidence_level)],
            "world": [str(practice.holder.world.value)],
            "basin": [practice.pole.basin.code],
            "label": ["inspirante"] if practice.is_inspiring else [],
        },
        sort_date=practice.published_at,
        sort_title=practice.title,
    )


def for_indexing(queryset: Any) -> Any:
    return queryset.select_related("holder", "pole__basin").prefetch_related(
        "communes",
        Prefetch("skills", queryset=PracticeSkill.objects.select_related("concept")),
        Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
    )


def refresh(practice: Practice) -> None:
    """Put the practice in the index as it now is, or take it out when visitors may no longer see it."""
    if practice.status in PUBLIC_STATUSES:
        fresh = for_indexing(Practice.objects.filter(pk=practice.pk)).get()
        search.index_document(INDEX, document_for(fresh))
    else:
        search.remove_document(INDEX, practice.pk)


def documents(queryset: Any, *, chunk: int = 2000) -> Iterator[search.Document]:
    ids = list(queryset.published().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = list(for_indexing(Practice.objects.filter(pk__in=ids[start : start + chunk])))
        domains = _domain_codes(t.concept_id for p in batch for t in p.skills.all())
        for practice in batch:
            yield document_for(practice, domains)


def rebuild() -> int:
    """Index every public practice afresh (to repair the index, or after a change of what it holds)."""
    search.clear_index(INDEX)
    return search.index_documents(INDEX, documents(Practice.objects.all()))
