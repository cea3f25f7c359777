"""The catalogue's search index: what a published practice says, and the facets a visitor narrows it by.

Only what visitors may see is indexed (published practices and those due for their yearly review), so the public
search never needs a visibility filter. Every service that changes a practice calls `refresh` in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import translation

from synergies.lib import search
from synergies.practices.models import Partner, Practice, PracticeSkill, Public
from synergies.practices.models.vocabulary import PUBLIC_STATUSES
from synergies.skills.models import FrameworkVersion, Node

INDEX = "practices"
PUBLIC_LABELS = dict(Public.choices)
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


@dataclass(frozen=True)
class SkillNames:
    """What the index says of tagged concepts: each one's label and its domain (code and label), from the latest
    released version that states it (a draft's wording is not public)."""

    labels: dict[int, str]
    domains: dict[int, tuple[str, str]]


def skill_names(concept_ids: Iterable[int]) -> SkillNames:
    rows = (
        Node.objects.filter(concept_id__in=set(concept_ids))
        .exclude(version__status=FrameworkVersion.Status.DRAFT)
        .order_by("concept_id", "-version_id")
        .values_list("concept_id", "label", "label_en", "parent__concept__code", "parent__label", "parent__label_en")
    )
    names = SkillNames({}, {})
    for concept_id, label, label_en, domain, domain_label, domain_label_en in rows:
        names.labels.setdefault(concept_id, label or label_en)
        if domain:
            names.domains.setdefault(concept_id, (domain, domain_label or domain_label_en))
    return names


def document_for(practice: Practice, names: SkillNames | None = None) -> search.Document:
    """The practice as the index holds it. Its words rank by where they are: the title first, then the summary and
    what names the practice (its holder, its communes with their postal codes, its skills' codes), then the rest:
    the record's other texts, its partners, and the labels of its skills and publics, so that a visitor's own words
    (« lire », « jeunes ») find a practice tagged with them even when its text does not say so."""
    tags = list(practice.skills.all())
    if names is None:
        names = skill_names(t.concept_id for t in tags)
    communes = list(practice.communes.all())
    partners = list(practice.partners.all())
    labels = {
        *(names.labels.get(t.concept_id, "") for t in tags),
        *(names.domains[t.concept_id][1] for t in tags if t.concept_id in names.domains),
    }
    with translation.override("fr"):  # the index is French, whichever language the writer's request speaks
        publics = [str(PUBLIC_LABELS.get(code, "")) for code in practice.publics]
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
                    " ".join(f"{c.name} {c.postal_code}" for c in communes),
                    " ".join(t.concept.code for t in tags),
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
                    " ".join(sorted(label for label in labels if label)),
                    " ".join(publics),
                ]
            ),
        },
        facets={
            "kind": [practice.kind],
            "public": list(practice.publics),
            "domain": sorted({names.domains[t.concept_id][0] for t in tags if t.concept_id in names.domains}),
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
        names = skill_names(t.concept_id for p in batch for t in p.skills.all())
        for practice in batch:
            yield document_for(practice, names)


def rebuild() -> int:
    """Index every public practice afresh (to repair the index, or after a change of what it holds)."""
    search.clear_index(INDEX)
    return search.index_documents(INDEX, documents(Practice.objects.all()))
