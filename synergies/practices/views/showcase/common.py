"""What the showcase's pages share: finding a practice for a user, loading lists of cards in a fixed number of
queries, the labels of the referential's concepts, and the catalogue's breadcrumbs.

Lists of practices come either from the database (the latest, a commune's) or from the search index (facets,
« voir aussi », the feeds); both end in `cards`, which reads the practices in three queries whatever their number,
keeps only what visitors may see, and keeps the order it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from synergies.practices.models import Partner, Practice, PracticeQuerySet, PracticeSkill
from synergies.skills.models import Concept, FrameworkVersion, Node

CARDS_ON_HOME = 6


def catalogue_crumbs(*more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Pratiques et outils"), reverse("practices:index") if more else None), *more]


def with_cards(queryset: PracticeQuerySet) -> PracticeQuerySet:
    """`for_cards` and the decision that labels each practice (its page's address needs the pôle and the basin)."""
    return queryset.for_cards().select_related("label_decision__pole__basin")


def cards(ids: Sequence[int]) -> list[Practice]:
    """The published practices of `ids`, in that order (ids of practices no longer public are dropped)."""
    found = with_cards(Practice.objects.all()).public_in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


def for_page(queryset: PracticeQuerySet) -> PracticeQuerySet:
    """Everything a practice's page shows, in a fixed number of queries."""
    return queryset.select_related(
        "holder", "contact_person", "pole__basin", "label_decision__pole__basin", "created_by"
    ).prefetch_related(
        "communes",
        "links",
        "attachments",
        Prefetch("skills", queryset=PracticeSkill.objects.select_related("concept__framework")),
        Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
    )


def get_practice_for_user(request: HttpRequest, slug: str) -> Practice:
    """The practice, or 404 when it does not exist or the user may not see it (a draft, for a visitor)."""
    practice = get_object_or_404(for_page(Practice.objects.all()), slug=slug)
    if not request.user.has_perm("practices.view_practice", practice):
        raise Http404
    return practice


@dataclass(frozen=True)
class Skill:
    """A skill a practice works on, as the referential in force names it."""

    concept: Concept
    is_main: bool
    label: str
    domain_code: str
    domain_label: str

    @property
    def code(self) -> str:
        return self.concept.code


def current_nodes(concepts: Iterable[Concept]) -> dict[int, Node]:
    """Each concept as the version in force of its framework states it (one query)."""
    nodes = Node.objects.filter(
        concept__in=list(concepts), version__status=FrameworkVersion.Status.ADOPTED
    ).select_related("parent__concept")
    return {node.concept_id: node for node in nodes}


def skills_of(practice: Practice) -> list[Skill]:
    tags = list(practice.skills.all())
    nodes = current_nodes(tag.concept for tag in tags) if tags else {}
    skills = []
    for tag in tags:
        node = nodes.get(tag.concept_id)
        parent = node.parent if node is not None else None
        skills.append(
            Skill(
                concept=tag.concept,
                is_main=tag.is_main,
                label=node.display_label if node is not None else "",
                domain_code=parent.concept.code if parent is not None else "",
                domain_label=parent.display_label if parent is not None else "",
            )
        )
    return skills


def optional_url(name: str, **kwargs: Any) -> str:
    """The address of a page another part of the catalogue provides, or "" while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
