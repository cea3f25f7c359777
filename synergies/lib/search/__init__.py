"""A faceted French search engine that knows no domain: documents are keyed by an index name and an object id.

SQLite (FTS5) and PostgreSQL (tsvector) sit behind the same functions and give the same answers on the same data;
the backend follows the connection's vendor. Writes run inside the caller's transaction and never commit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from django.db import transaction

from . import bitmaps as _bitmaps
from . import query as _query
from .backends import backend as _backend
from .backends.base import chunks as _chunks
from .highlight import highlight
from .indexing import facet_pairs as _facet_pairs
from .indexing import prepare as _prepare
from .models import SearchDocument, SearchSynonym, SearchWord
from .types import Document, Hit, ParsedQuery, SearchResult

__all__ = [
    "Document",
    "Hit",
    "ParsedQuery",
    "SearchResult",
    "SearchSynonym",
    "clear_index",
    "highlight",
    "index_document",
    "index_documents",
    "remove_document",
    "search",
    "similar",
]

ORDERS = ("relevance", "newest", "title")
MAX_LIMIT = 1000
SIMILAR_WORDS = 8


def index_document(index: str, doc: Document) -> None:
    """Insert or replace one document."""
    index_documents(index, [doc])


def index_documents(index: str, docs: Iterable[Document], *, batch_size: int = 1000) -> int:
    """Insert or replace many documents, a batch at a time; returns how many were written.

    Rows are written per batch, but the bitmaps are changed once for the whole call: a bitmap rewritten per
    batch would cost a full rewrite of every common word's set a hundred times over for a rebuild.
    """
    engine = _backend()
    written = 0
    changes = _bitmaps.Changes()
    with transaction.atomic(savepoint=False):
        for batch in _chunks(docs, max(1, batch_size)):
            engine.write(index, [_prepare(index, doc) for doc in batch], changes)  # type: ignore[arg-type]
            written += len(batch)
        changes.apply(index)
    return written


def remove_document(index: str, object_id: int) -> None:
    with transaction.atomic(savepoint=False):
        _backend().remove(index, object_id)


def clear_index(index: str) -> None:
    """Forget every document and word of ``index`` (its synonyms stay: they are editorial, not derived)."""
    with transaction.atomic(savepoint=False):
        _backend().clear(index)


def search(
    index: str,
    q: str,
    *,
    filters: Mapping[str, Collection[str]] | None = None,
    facets: Sequence[str] = (),
    order: str = "relevance",
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    """Documents matching every word of ``q`` and every facet filter, a page of them, and disjunctive counts.

    Filter values are OR-ed within a facet and facets AND-ed; an empty collection filters nothing. The counts of
    a facet ignore that facet's own filter, so a user can see what widening their choice would bring. When no
    document holds every word of the query (filters aside), the documents holding the most of them are found, and
    ``at_least`` says how many words each holds: « numérique près de Mons » still finds what says « numérique »
    and « Mons ».
    """
    if order not in ORDERS:
        raise ValueError(f"Unknown order {order!r}: expected one of {', '.join(ORDERS)}.")
    engine = _backend()
    parsed = _query.parse(index, q, engine.find_candidates)
    if parsed.is_empty and order == "relevance":
        order = "newest"
    chosen = {str(facet): sorted({str(value) for value in values}) for facet, values in (filters or {}).items()}
    total, hits, counts, at_least = engine.run(
        index,
        parsed.units,
        {facet: values for facet, values in chosen.items() if values},
        list(dict.fromkeys(facets)),
        order,
        max(0, int(offset)),
        max(0, min(int(limit), MAX_LIMIT)),
    )
    return SearchResult(total=total, hits=hits, facets=counts, query=parsed, at_least=at_least)


def similar(index: str, object_id: int, *, limit: int = 5, boost_facets: Sequence[str] = ()) -> list[Hit]:
    """« Voir aussi »: documents sharing the rarest words of this one's title and summary, itself excluded.

    Rare words say what a document is about; common ones would rank every document alike. Each value of
    ``boost_facets`` shared with this document ranks above any number of shared words.
    """
    row = (
        SearchDocument.objects.filter(index=index, object_id=object_id)
        .values_list("slot", "keywords", "facets")
        .first()
    )
    if row is None or not row[1]:
        return []
    slot, keywords, facets = row
    frequencies = dict(
        SearchWord.objects.filter(index=index, word__in=keywords.split()).values_list("word", "frequency")
    )
    shared = sorted((frequency, word) for word, frequency in frequencies.items() if frequency > 1)
    words = [word for _, word in shared[:SIMILAR_WORDS]]
    if not words:
        return []
    wanted = set(boost_facets)
    boosted = [(facet, value) for facet, value in _facet_pairs(facets) if facet in wanted]
    return _backend().similar(index, slot, words, boosted, max(0, min(int(limit), MAX_LIMIT)))
