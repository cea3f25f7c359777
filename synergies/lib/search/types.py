"""The values that cross the engine's boundary: what callers index, and what a search answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Document:
    """A record as the engine sees it: weighted texts, facet values and sort keys, with no knowledge of its model.

    ``fields`` keys are weights: « A » (title), « B » (summary, keywords), « C » (body).
    """

    object_id: int
    fields: dict[str, str]
    facets: dict[str, list[str]]
    sort_date: datetime.date | datetime.datetime | None
    sort_title: str

    def text(self, weight: str) -> str:
        return self.fields.get(weight) or ""

    def sort_time(self) -> int | None:
        """Seconds since the epoch: one integer column orders dates and datetimes alike, with no time zone games."""
        moment = self.sort_date
        if moment is None:
            return None
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, datetime.time.min, tzinfo=datetime.UTC)
        elif timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return int(moment.timestamp())


@dataclass(frozen=True)
class QueryUnit:
    """One thing the query asks for: a word or a synonym phrase, matched by any of its alternatives.

    Each alternative is a sequence of folded words that must all appear (the bitmaps that count the matches
    know no word positions, so the ranked page does the same): the word itself, its expansions, its correction.
    """

    word: str
    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ParsedQuery:
    original: str
    words: list[str]
    corrections: dict[str, str]
    expansions: dict[str, list[str]]
    is_empty: bool
    units: tuple[QueryUnit, ...] = field(default=(), repr=False)
    stems: frozenset[str] = field(default=frozenset(), repr=False)


@dataclass(frozen=True)
class Hit:
    object_id: int
    score: float


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    query: ParsedQuery
    # When no document holds every unit of the query: how many of them each result holds at least.
    at_least: int | None = None

    @property
    def is_relaxed(self) -> bool:
        return self.at_least is not None
