"""The catalogue's search page: words, facets that combine, sorting and pages, for anyone, with or without JavaScript.

The page reads its criteria and runs the search through `synergies.practices.search`, exactly as the API does; what
is left here is how the page lays them out: facet fieldsets, removable chips, links to pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from synergies.practices import search as catalogue
from synergies.practices.views.common import catalogue_crumbs

LEGENDS = {
    "kind": _("Nature"),
    "public": _("Public"),
    "domain": _("Domaine du référentiel"),
    "skill": _("Compétence"),
    "territory": _("Territoire"),
    "sub_area": _("Sous-région"),
    "commune": _("Commune"),
    "modality": _("Modalité"),
    "evidence": _("Niveau de preuve"),
    "world": _("Monde de l’organisation porteuse"),
    "label": _("Label"),
    "basin": _("Bassin EFE"),
}
FOLDED_AFTER = 8  # longer facets start folded (in <details>) unless one of their values is chosen
PAGES_AROUND = 2


@dataclass(frozen=True)
class Choice:
    """A checkbox of the filter form; a lead stands for a whole section (« Toute la sous-région … »)."""

    facet: str
    option: catalogue.Option
    id: str
    lead: bool = False

    @property
    def text(self) -> str:
        if self.lead:
            return gettext("Toute la sous-région %(name)s") % {"name": self.option.label}
        return capfirst(self.option.label)

    @property
    def count_text(self) -> str:
        """« 12 pratiques », worded here rather than by a template tag in each of the page's hundred-odd checkboxes."""
        count = self.option.count
        return ngettext("%(counter)s pratique", "%(counter)s pratiques", count) % {"counter": count}


@dataclass
class Section:
    """Values under a heading of their own: a sub-area with its communes, a domain with its competences."""

    legend: str
    lead: Choice | None = None
    choices: list[Choice] = field(default_factory=list)


@dataclass
class FacetGroup:
    name: str
    legend: str
    choices: list[Choice] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def lists(self) -> list[tuple[str, list[Choice]]]:
        """The group's lists of checkboxes as the page shows them: its own choices, then each section's under its
        legend (a section's lead first)."""
        lists = [("", self.choices)] if self.choices else []
        for section in self.sections:
            lists.append((section.legend, [section.lead, *section.choices] if section.lead else section.choices))
        return lists

    @property
    def all_choices(self) -> Iterator[Choice]:
        for _legend, choices in self.lists:
            yield from choices

    @property
    def has_selection(self) -> bool:
        return any(choice.option.selected for choice in self.all_choices)

    @property
    def folded(self) -> bool:
        return sum(1 for _ in self.all_choices) > FOLDED_AFTER and not self.has_selection


def _choices(facet: str, options: list[catalogue.Option], *, lead: bool = False) -> list[Choice]:
    return [Choice(facet, option, f"filtre-{facet}-{n}", lead) for n, option in enumerate(options)]


def _sectioned(facet: str, options: list[catalogue.Option]) -> list[Section]:
    sections: dict[str, Section] = {}
    for choice in _choices(facet, options):
        sections.setdefault(choice.option.group, Section(choice.option.group)).choices.append(choice)
    return list(sections.values())


def facet_groups(facets: dict[str, list[catalogue.Option]]) -> list[FacetGroup]:
    """The form's fieldsets, in the order a practitioner narrows a search; empty facets are left out."""
    groups = [FacetGroup(name, str(LEGENDS[name]), choices=_choices(name, facets[name])) for name in ("kind", "public")]
    groups.append(FacetGroup("domain", str(LEGENDS["domain"]), choices=_choices("domain", facets["domain"])))
    groups.append(FacetGroup("skill", str(LEGENDS["skill"]), sections=_sectioned("skill", facets["skill"])))
    territory = FacetGroup("territory", str(LEGENDS["territory"]))
    by_name = {section.legend: section for section in _sectioned("commune", facets["commune"])}
    for lead in _choices("sub_area", facets["sub_area"], lead=True):
        section = by_name.pop(lead.option.value, Section(lead.option.value))
        section.lead = lead
        territory.sections.append(section)
    territory.sections.extend(by_name.values())
    groups.append(territory)
    groups += [
        FacetGroup(name, str(LEGENDS[name]), choices=_choices(name, facets[name]))
        for name in ("modality", "evidence", "world", "label")
    ]
    if len(facets["basin"]) > 1 or any(option.selected for option in facets["basin"]):
        groups.append(FacetGroup("basin", str(LEGENDS["basin"]), choices=_choices("basin", facets["basin"])))
    return [group for group in groups if any(True for _ in group.all_choices)]


@dataclass(frozen=True)
class Chip:
    facet: str
    label: str
    url: str


def chips(outcome: catalogue.Outcome) -> list[Chip]:
    """Each chosen value, with the address of the same search without it."""
    criteria = outcome.criteria
    found = []
    for facet, values in criteria.filters.items():
        labels = {option.value: option.label for option in outcome.facets.get(facet, [])}
        for value in values:
            found.append(
                Chip(str(LEGENDS[facet]), labels.get(value, value), "?" + criteria.toggled(facet, value).querystring())
            )
    return found


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap (…)
    url: str = ""
    current: bool = False


def page_links(outcome: catalogue.Outcome) -> list[PageLink]:
    """The first, the last and the pages around the current one, with gaps between them."""
    criteria, last = outcome.criteria, outcome.page_count
    wanted = sorted(
        {1, last, *range(max(1, criteria.page - PAGES_AROUND), min(last, criteria.page + PAGES_AROUND) + 1)}
    )
    links: list[PageLink] = []
    for number in wanted:
        if links and links[-1].number is not None and number - (links[-1].number or 0) > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, "?" + criteria.querystring(page=number), number == criteria.page))
    return links


def hidden_fields(criteria: catalogue.Criteria, *, keep: tuple[str, ...]) -> list[tuple[str, str]]:
    """The parameters a form carries along unseen (the other forms' choices), without the page number."""
    return [(name, value) for name, value in criteria.as_params() if name in keep]


def search_page(request: HttpRequest) -> HttpResponse:
    criteria, _errors = catalogue.parse_criteria(request.GET)
    outcome = catalogue.run(criteria, last_page_if_beyond=True)
    criteria = outcome.criteria
    facet_names = tuple(catalogue.FACETS)
    context: dict[str, Any] = {
        "criteria": criteria,
        "outcome": outcome,
        "groups": facet_groups(outcome.facets),
        "chips": chips(outcome),
        "sorts": [(key, label, key == criteria.sort_key) for key, label in catalogue.SORT_LABELS.items()],
        "query_hidden": hidden_fields(criteria, keep=(*facet_names, "sort")),
        "filters_hidden": hidden_fields(criteria, keep=("q", "sort", "exact")),
        "sort_hidden": hidden_fields(criteria, keep=("q", "exact", *facet_names)),
        "pages": page_links(outcome) if outcome.page_count > 1 else [],
        "previous_url": "?" + criteria.querystring(page=criteria.page - 1) if criteria.page > 1 else "",
        "next_url": "?" + criteria.querystring(page=criteria.page + 1) if outcome.has_next else "",
        "exact_url": "?" + criteria.querystring(exact=True, page=1),
        "corrected_url": "?" + criteria.querystring(q=outcome.corrected_q, exact=False, page=1),
        "expansions": list(outcome.query.expansions.items()),
        "clear_url": "?" + criteria.querystring(filters={}, page=1),
        "crumbs": catalogue_crumbs((_("Recherche"), None)),
    }
    return render(request, "practices/search.html", context)
