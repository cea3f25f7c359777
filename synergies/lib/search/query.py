"""Turning what someone typed into query units: synonym phrases recognised, typos corrected, nothing executable.

The result holds folded words only (letters and digits), so whatever the input, no character of it can reach a
full-text query language as an operator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz.distance import DamerauLevenshtein

from . import analysis
from .models import SearchSynonym, SearchWord
from .types import ParsedQuery, QueryUnit

MAX_UNITS = 32
MIN_CORRECTED_LENGTH = 4

# (index, [(word, max distance)]) -> [(word, spelling, frequency)], one query for every word to correct.
CandidateFinder = Callable[[str, Sequence[tuple[str, int]]], list[tuple[str, str, int]]]


def max_distance(word: str) -> int:
    return 1 if len(word) < 8 else 2


def parse(index: str, q: str, find_candidates: CandidateFinder) -> ParsedQuery:
    """Parse ``q`` for ``index``; reads the synonyms (one query) and, when some word is unknown, the vocabulary."""
    tokens = analysis.words(q or "")[: MAX_UNITS * 2]
    if not tokens:
        return ParsedQuery(original=q, words=[], corrections={}, expansions={}, is_empty=True)
    synonyms = _synonyms(index)
    longest = max((len(key) for key in synonyms), default=1)
    token_stems = [analysis.stem(token) for token in tokens]
    units: list[QueryUnit] = []
    expansions: dict[str, list[str]] = {}
    seen: set[frozenset[tuple[str, ...]]] = set()
    position = 0
    while position < len(tokens) and len(units) < MAX_UNITS:
        for size in range(min(longest, len(tokens) - position), 0, -1):
            key = tuple(token_stems[position : position + size])
            if key in synonyms:
                break
        else:
            size, key = 1, ()
        phrase = tuple(tokens[position : position + size])
        alternatives = [phrase]
        if key:
            shown = synonyms[key]
            expansions[" ".join(phrase)] = shown
            alternatives.extend(tuple(analysis.words(text)) for text in shown)
        unit = QueryUnit(word=" ".join(phrase), alternatives=tuple(alt for alt in alternatives if alt))
        signature = frozenset(tuple(analysis.stem(word) for word in alt) for alt in unit.alternatives)
        if signature not in seen:
            seen.add(signature)
            units.append(unit)
        position += size
    corrections = _correct(index, units, expansions, find_candidates)
    final = tuple(
        QueryUnit(unit.word, (*unit.alternatives, (corrections[unit.word][0],))) if unit.word in corrections else unit
        for unit in units
    )
    return ParsedQuery(
        original=q,
        words=[unit.word for unit in final],
        corrections={typed: spelling for typed, (_, spelling) in corrections.items()},
        expansions=expansions,
        is_empty=False,
        units=final,
        stems=frozenset(analysis.stem(word) for unit in final for alt in unit.alternatives for word in alt),
    )


def _synonyms(index: str) -> dict[tuple[str, ...], list[str]]:
    """Read on every search, never cached: an edit in the admin applies at once in every process."""
    found: dict[tuple[str, ...], list[str]] = {}
    for synonym in SearchSynonym.objects.filter(index=index).only("term", "expansions"):
        key = tuple(analysis.stems(synonym.term))
        if key:
            found.setdefault(key, []).extend(synonym.expansion_list())
    return found


def _correct(
    index: str, units: list[QueryUnit], expansions: dict[str, list[str]], find_candidates: CandidateFinder
) -> dict[str, tuple[str, str]]:
    """Typed word -> (folded correction, spelling) for words no document contains, closest and most frequent first."""
    correctable = [
        unit.word
        for unit in units
        if unit.word not in expansions and len(unit.word) >= MIN_CORRECTED_LENGTH and unit.word.isalpha()
    ]
    if not correctable:
        return {}
    wanted = {analysis.stem(word) for word in correctable}
    known = set(SearchWord.objects.filter(index=index, stem__in=wanted).values_list("stem", flat=True).distinct())
    unknown = [word for word in correctable if analysis.stem(word) not in known]
    if not unknown:
        return {}
    candidates = find_candidates(index, [(word, max_distance(word)) for word in unknown])
    corrections: dict[str, tuple[str, str]] = {}
    for word in unknown:
        limit = max_distance(word)
        ranked = []
        for candidate, spelling, frequency in candidates:
            if abs(len(candidate) - len(word)) > limit:
                continue
            distance = DamerauLevenshtein.distance(word, candidate, score_cutoff=limit)
            if distance <= limit:
                ranked.append((distance, -frequency, candidate, spelling))
        if ranked:
            _, _, candidate, spelling = min(ranked)
            corrections[word] = (candidate, spelling)
    return corrections
