"""The catalogue's search as the page and the API both run it: reading the criteria of a query string, asking the
index, loading the page's practices and naming every facet value.

Written once so that a filter means the same thing on the page and in the API. Reading never fails: what cannot be
read is left out and described in `errors`, so the page shows a sensible result and the API answers 400 with the
same French messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlencode

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.basins.models import Basin, Commune
from synergies.directory.types import World
from synergies.lib import search
from synergies.lib.text import fold
from synergies.practices.models import EvidenceLevel, Kind, Modality, Practice, Public
from synergies.practices.services.indexing import FACETS, INDEX
from synergies.skills.models import FrameworkVersion, Node

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 5000
MAX_QUERY_CHARS = 300
MAX_VALUES = 30
SUMMARY_CHARS = 240
INSPIRING = "inspirante"

SORTS = {"pertinence": "relevance", "recent": "newest", "titre": "title"}
SORT_LABELS = {
    "pertinence": gettext_lazy("pertinence"),
    "recent": gettext_lazy("les plus récentes d’abord"),
    "titre": gettext_lazy("titre, de A à Z"),
}

# Facets whose values come from the data: read by their shape, since an unknown but well-formed value simply finds
# nothing (a commune where nothing is published yet).
SHAPES = {
    "domain": re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
    "skill": re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
    "commune": re.compile(r"[0-9]{5}"),
    "sub_area": re.compile(r"[^\x00-\x1f\x7f]{1,80}"),
    "basin": re.compile(r"[a-z0-9][a-z0-9-]{0,49}"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN = re.compile(r"[^\W_]+")


class Params(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...


def vocabulary(facet: str) -> dict[str, str] | None:
    """The values of a closed facet and their labels, in the order screens list them; None for the other facets."""
    table: dict[str, list[tuple[Any, Any]]] = {
        "kind": Kind.choices,
        "public": Public.choices,
        "modality": Modality.choices,
        "evidence": EvidenceLevel.choices,
        "world": World.choices,
        "label": [(INSPIRING, _("Pratique inspirante"))],
    }
    choices = table.get(facet)
    return None if choices is None else {str(value): str(label) for value, label in choices}


@dataclass(frozen=True)
class Criteria:
    """What a visitor asks: words, facet values (OR within a facet, AND between facets), a sort and a page."""

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE
    exact: bool = False

    @property
    def sort_key(self) -> str:
        """The sort asked for, else relevance for a query and the newest first for a plain listing."""
        return self.sort or ("pertinence" if self.q else "recent")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def is_selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, ())

    def as_params(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        pairs += [(facet, value) for facet in FACETS for value in self.filters.get(facet, ())]
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.exact:
            pairs.append(("exact", "1"))
        if self.page_size != PAGE_SIZE:
            pairs.append(("page_size", str(self.page_size)))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, **changes: Any) -> str:
        return urlencode(replace(self, **changes).as_params())

    def toggled(self, facet: str, value: str) -> Criteria:
        """The same search with `value` of `facet` added or removed, from its first page."""
        chosen = self.filters.get(facet, ())
        values = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        filters = {name: vals for name, vals in {**self.filters, facet: values}.items() if vals}
        return replace(self, filters=filters, page=1)


def _integer(raw: Any, name: str, low: int, high: int, default: int, message: str, errors: dict[str, list[str]]) -> int:
    if raw in (None, ""):
        return default
    try:
        number = int(str(raw).strip())
    except ValueError:
        errors.setdefault(name, []).append(message)
        return default
    if number < low:
        errors.setdefault(name, []).append(message)
        return default
    if number > high:
        errors.setdefault(name, []).append(message)
        return high
    return number


def _facet_values(facet: str, raw: list[str], errors: dict[str, list[str]]) -> tuple[str, ...]:
    known = vocabulary(facet)
    kept: list[str] = []
    for value in dict.fromkeys(v.strip() for v in raw if v.strip()):
        if known is not None and value not in known:
            message = _("Valeur inconnue : « %(value)s ». Valeurs possibles : %(choices)s.") % {
                "value": value[:80],
                "choices": ", ".join(known),
            }
        elif known is None and not SHAPES[facet].fullmatch(value):
            message = _("« %(value)s » n’est pas une valeur possible de ce filtre.") % {"value": value[:80]}
        else:
            kept.append(value)
            continue
        errors.setdefault(facet, []).append(message)
    if len(kept) > MAX_VALUES:
        errors.setdefault(facet, []).append(_("Au plus %(max)d valeurs par filtre.") % {"max": MAX_VALUES})
    return tuple(kept[:MAX_VALUES])


def parse_criteria(params: Params, *, page_sizes: bool = False) -> tuple[Criteria, dict[str, list[str]]]:
    """The criteria of a query string, and a French message for each parameter that could not be read as given.

    `page_sizes` lets the caller choose how many results a page holds (the API); the page always shows twenty.
    """
    errors: dict[str, list[str]] = {}
    q = " ".join(_CONTROL.sub(" ", str(params.get("q") or "")).split())
    if len(q) > MAX_QUERY_CHARS:
        errors["q"] = [_("La recherche compte au plus %(max)d caractères.") % {"max": MAX_QUERY_CHARS}]
        q = q[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] if " " in q[:MAX_QUERY_CHARS] else q[:MAX_QUERY_CHARS]
    filters = {}
    for facet in FACETS:
        values = _facet_values(facet, params.getlist(facet), errors)
        if values:
            filters[facet] = values
    sort = str(params.get("sort") or "").strip()
    if sort and sort not in SORTS:
        errors["sort"] = [
            _("Tri inconnu : « %(value)s ». Tris possibles : %(choices)s.")
            % {"value": sort[:40], "choices": ", ".join(SORTS)}
        ]
        sort = ""
    page = _integer(
        params.get("page"),
        "page",
        1,
        MAX_PAGE,
        1,
        _("Le numéro de page est un nombre entier de 1 à %(max)d.") % {"max": MAX_PAGE},
        errors,
    )
    page_size = PAGE_SIZE
    if page_sizes:
        page_size = _integer(
            params.get("page_size"),
            "page_size",
            1,
            MAX_PAGE_SIZE,
            PAGE_SIZE,
            _("La taille de page est un nombre entier de 1 à %(max)d.") % {"max": MAX_PAGE_SIZE},
            errors,
        )
    exact = str(params.get("exact") or "").strip().lower() in ("1", "true", "oui")
    return Criteria(q=q, filters=filters, sort=sort, page=page, page_size=page_size, exact=exact), errors


@dataclass(frozen=True)
class Option:
    """A facet value as screens offer it: its label, how many results choosing it would give, and whether it is on.

    `group` gathers values under a heading: a commune under its sub-area, a competence under its domain's label.
    """

    value: str
    label: str
    count: int
    selected: bool
    group: str = ""


@dataclass(frozen=True)
class SkillName:
    code: str
    label: str
    main: bool


@dataclass(frozen=True)
class Card:
    """A practice as a result: its record, its score, its title and summary with the query's words marked."""

    practice: Practice
    score: float
    title: SafeString
    summary: SafeString
    skills: list[SkillName]

    @property
    def main_skills(self) -> list[SkillName]:
        return [skill for skill in self.skills if skill.main]


@dataclass(frozen=True)
class Outcome:
    criteria: Criteria
    result: search.SearchResult
    cards: list[Card]
    facets: dict[str, list[Option]]

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.criteria.page_size))

    @property
    def has_next(self) -> bool:
        return self.criteria.page < self.page_count

    @property
    def query(self) -> search.ParsedQuery:
        return self.result.query

    @property
    def corrected_q(self) -> str:
        """What was typed, each corrected word replaced by its correction: the words the results are for."""
        corrections = self.query.corrections
        if not corrections:
            return self.criteria.q
        return _TOKEN.sub(lambda m: corrections.get(fold(m.group()), m.group()), self.criteria.q)


def _search(criteria: Criteria) -> search.SearchResult:
    result = search.search(
        INDEX,
        criteria.q,
        filters=dict(criteria.filters),
        facets=FACETS,
        order=SORTS[criteria.sort_key],
        offset=criteria.offset,
        limit=criteria.page_size,
    )
    if criteria.exact and result.query.corrections:
        # A word is corrected only when no document holds it, and every word must match: as typed, nothing does.
        return search.SearchResult(total=0, hits=[], facets={facet: {} for facet in FACETS}, query=result.query)
    return result


def run(criteria: Criteria, *, last_page_if_beyond: bool = False) -> Outcome:
    """The search, its page of practices (in a fixed number of queries) and its named facets.

    With `last_page_if_beyond`, a page number past the end shows the last page instead (a stale link, a typo).
    """
    result = _search(criteria)
    if last_page_if_beyond and criteria.page > 1 and criteria.offset >= result.total:
        criteria = replace(criteria, page=max(1, math.ceil(result.total / criteria.page_size)))
        result = _search(criteria)
    ids = [hit.object_id for hit in result.hits]
    found = Practice.objects.for_cards().public_in_bulk(ids)
    codes = {
        *(tag.concept.code for practice in found.values() for tag in practice.skills.all()),
        *result.facets.get("domain", {}),
        *result.facets.get("skill", {}),
        *criteria.filters.get("domain", ()),
        *criteria.filters.get("skill", ()),
    }
    nodes = _nodes(codes)
    cards = [
        _card(found[hit.object_id], hit.score, result.query, nodes) for hit in result.hits if hit.object_id in found
    ]
    return Outcome(criteria, result, cards, _facet_options(result, criteria, nodes))


@dataclass(frozen=True)
class _Named:
    label: str
    group: str
    rank: int


@dataclass(frozen=True)
class _Nodes:
    by_code: dict[str, _Named]
    by_concept: dict[int, str]


def _nodes(codes: set[str]) -> _Nodes:
    """The French labels of the referential versions in force for these concept codes, in tree order (one query,
    read as values: a page names about fifty concepts, and model instances would cost more than the query)."""
    if not codes:
        return _Nodes({}, {})
    rows = (
        Node.objects.filter(version__status=FrameworkVersion.Status.ADOPTED, concept__code__in=codes)
        .order_by("version__framework_id", "parent__position", "position", "pk")
        .values_list("concept__code", "concept_id", "label", "label_en", "parent__label", "parent__label_en")
    )
    by_code: dict[str, _Named] = {}
    by_concept: dict[int, str] = {}
    for rank, (code, concept_id, label, label_en, parent, parent_en) in enumerate(rows):
        name = label or label_en  # as Node.display_label
        by_code.setdefault(code, _Named(name, parent or parent_en or "", rank))
        by_concept[concept_id] = name
    return _Nodes(by_code, by_concept)


NO_QUERY = search.ParsedQuery(original="", words=[], corrections={}, expansions={}, is_empty=True)


def card_for(practice: Practice) -> Card:
    """One practice (loaded with `for_cards`) as the search would show it, without a query: the API's detail."""
    return _card(practice, 0.0, NO_QUERY, _nodes({tag.concept.code for tag in practice.skills.all()}))


def _card(practice: Practice, score: float, query: search.ParsedQuery, nodes: _Nodes) -> Card:
    skills = [
        SkillName(tag.concept.code, nodes.by_concept.get(tag.concept_id, ""), tag.is_main)
        for tag in practice.skills.all()
    ]
    return Card(
        practice=practice,
        score=score,
        title=search.highlight(practice.title, query),
        summary=search.highlight(practice.summary, query, max_chars=SUMMARY_CHARS),
        skills=skills,
    )


def _facet_options(result: search.SearchResult, criteria: Criteria, nodes: _Nodes) -> dict[str, list[Option]]:
    """Every facet's values worth offering: those that would find something, and those already chosen."""
    values = {
        facet: list(dict.fromkeys([*result.facets.get(facet, {}), *criteria.filters.get(facet, ())]))
        for facet in FACETS
    }
    named: dict[str, dict[str, _Named]] = {}
    for facet in FACETS:
        known = vocabulary(facet)
        if known is not None:
            named[facet] = {value: _Named(label, "", rank) for rank, (value, label) in enumerate(known.items())}
    named["domain"] = named["skill"] = nodes.by_code
    named["sub_area"] = {value: _Named(value, "", 0) for value in values["sub_area"]}
    communes = Commune.objects.filter(nis_code__in=values["commune"]).order_by("sub_area", "name")
    named["commune"] = {
        commune.nis_code: _Named(commune.name, commune.sub_area, rank) for rank, commune in enumerate(communes)
    }
    basins = Basin.objects.filter(code__in=values["basin"]).order_by("order", "name") if values["basin"] else []
    named["basin"] = {basin.code: _Named(basin.name, "", rank) for rank, basin in enumerate(basins)}
    options: dict[str, list[Option]] = {}
    for facet in FACETS:
        counts = result.facets.get(facet, {})
        names = named.get(facet, {})
        fallback = len(names)
        entries = [(names.get(value, _Named(value, "", fallback)), value) for value in values[facet]]
        entries.sort(key=lambda entry: (entry[0].rank, fold(entry[0].label)))
        options[facet] = [
            Option(value, name.label, counts.get(value, 0), criteria.is_selected(facet, value), name.group)
            for name, value in entries
        ]
    return options
