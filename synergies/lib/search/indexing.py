"""Preparing documents for storage: the analysis runs once per document, then every backend writes the same rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain

from . import analysis
from .types import Document

WEIGHTS = ("A", "B", "C")
MAX_WORD_LENGTH = 100


@dataclass(frozen=True)
class PreparedDocument:
    object_id: int
    terms: dict[str, list[analysis.Term]]
    keys: str
    facets: list[tuple[str, str]]
    sort_time: int | None
    sort_title: str
    keywords: str
    stem_set: tuple[str, ...]

    def words(self, weight: str) -> str:
        return " ".join([term[0] for term in self.terms[weight]])

    def facet_lines(self) -> str:
        return "\n".join(f"{facet}\x1f{value}" for facet, value in self.facets)

    def texts(self) -> tuple[str, str, str]:
        return self.words("A"), self.words("B"), self.words("C")

    def stems(self, weight: str) -> str:
        return " ".join([term[2] for term in self.terms[weight]])


def prepare(index: str, doc: Document) -> PreparedDocument:
    terms = {weight: analysis.terms(doc.text(weight)) for weight in WEIGHTS}
    facets = sorted({(facet[:64], str(value)[:255]) for facet, values in doc.facets.items() for value in values})
    keys = " ".join([analysis.index_key(index), *(analysis.facet_key(index, facet, value) for facet, value in facets)])
    keywords = " ".join(dict.fromkeys(term[0] for term in terms["A"] + terms["B"]))
    return PreparedDocument(
        object_id=int(doc.object_id),
        terms=terms,
        keys=keys,
        facets=facets,
        sort_time=doc.sort_time(),
        sort_title=analysis.sortable(doc.sort_title)[:255],
        keywords=keywords,
        stem_set=tuple(
            {term[2] for term in chain(terms["A"], terms["B"], terms["C"]) if len(term[2]) <= MAX_WORD_LENGTH}
        ),
    )


def facet_pairs(lines: str) -> list[tuple[str, str]]:
    """The facet values stored by ``PreparedDocument.facet_lines``."""
    return [(facet, value) for facet, _, value in (line.partition("\x1f") for line in lines.split("\n") if line)]


def vocabulary(index: str, docs: list[PreparedDocument]) -> list[tuple[str, str, str, str, int]]:
    """(index, word, stem, spelling, documents) rows, sorted so concurrent writers lock words in the same order."""
    counts: Counter[str] = Counter()
    spellings: dict[str, analysis.Term] = {}
    for doc in docs:
        seen = {term[0]: term for weight in WEIGHTS for term in doc.terms[weight]}
        counts.update(seen.keys())
        spellings.update(seen)
    return [
        (index, word, spellings[word][2], spellings[word][1][:MAX_WORD_LENGTH], count)
        for word, count in sorted(counts.items())
        if len(word) <= MAX_WORD_LENGTH and not word.isdigit()
    ]
