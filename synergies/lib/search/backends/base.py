"""What both backends share: the rows written on indexing, a search in three statements, and « voir aussi ».

Counting is where a faceted search spends its time: a join and a GROUP BY cost about a microsecond per matching
row and per facet group, far too much when a common word matches most of 100,000 documents. So totals and
disjunctive counts come from bitmaps (``..bitmaps``: one per stem and per facet value, combined with integer
AND/OR and popcounts; the index's version token, then the bitmaps a process does not hold, in two queries), and
the full-text engine only ranks the page, over the documents matching the query and every filter (filters travel
in the full-text match as hashed key tokens). « Voir aussi » is counted on the bitmaps alone. A backend says how
to store the weighted text and how to select the documents matching query units and key groups (``match``).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from .. import analysis, bitmaps
from ..indexing import PreparedDocument, facet_pairs, vocabulary
from ..types import Hit, QueryUnit

Groups = list[list[str]]  # facet filters as key tokens: OR within a group, AND across groups
SqlPart = tuple[str, list[Any]]
# (sql, params, set it reads or None for the whole index, whether that set must be ranked)
MAX_RELAXED_UNITS = 6  # beyond, a query that nothing matches whole is not relaxed (combinations would multiply)

ORDERINGS = {
    "relevance": "score DESC, sort_time DESC NULLS LAST, object_id DESC",
    "newest": "sort_time DESC NULLS LAST, object_id DESC",
    "title": "sort_title{collation} ASC, object_id ASC",
}


def placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


class Backend:
    vendor = ""
    # Code point order, the order Python re-sorts the page in (PostgreSQL's default collation ignores punctuation).
    binary_collation = ""

    # --- writing ---------------------------------------------------------------------------------------------

    def lock(self, cursor: CursorWrapper, index: str) -> None:
        """Serialise the writers of one index, which share its bitmaps and its slot numbering (SQLite: one writer)."""

    def write(self, index: str, docs: list[PreparedDocument], changes: bitmaps.Changes) -> None:
        """Insert or replace ``docs`` with a fixed number of statements; their bits go to ``changes``."""
        if not docs:
            return
        docs = list({doc.object_id: doc for doc in docs}.values())
        object_ids = [doc.object_id for doc in docs]
        with connection.cursor() as cursor:
            self.lock(cursor, index)
            cursor.execute(
                f'SELECT object_id, id, slot, stems, facets FROM lib_searchdocument WHERE "index" = %s '
                f"AND object_id IN ({placeholders(object_ids)})",
                [index, *object_ids],
            )
            stale = {row[0]: row[1:] for row in cursor.fetchall()}
            if changes.slots.intersection(row[1] for row in stale.values()):
                changes.apply(index)  # a document written twice in one call: its first bits must land first
            cursor.execute('SELECT COALESCE(MAX(slot), -1) + 1 FROM lib_searchdocument WHERE "index" = %s', [index])
            free = int(cursor.fetchone()[0])
            if stale:
                self.delete_rows(cursor, list(stale.values()), changes)
            slots = {}
            for doc in docs:
                if doc.object_id in stale:
                    slots[doc.object_id] = stale[doc.object_id][1]
                else:
                    slots[doc.object_id], free = free, free + 1
            self.insert_documents(cursor, index, [(slots[doc.object_id], doc) for doc in docs])
            cursor.execute(
                f'SELECT object_id, id FROM lib_searchdocument WHERE "index" = %s AND object_id IN ({placeholders(object_ids)})',
                [index, *object_ids],
            )
            ids = dict(cursor.fetchall())
            self.insert_text(cursor, [(ids[doc.object_id], doc) for doc in docs])
            cursor.executemany(
                'INSERT INTO lib_searchword ("index", word, stem, spelling, frequency) VALUES (%s, %s, %s, %s, %s) '
                'ON CONFLICT ("index", word) DO UPDATE SET frequency = lib_searchword.frequency + excluded.frequency',
                vocabulary(index, docs),
            )
        for doc in docs:
            changes.add(slots[doc.object_id], doc_keys(doc.stem_set, doc.facets))

    def insert_documents(self, cursor: CursorWrapper, index: str, docs: list[tuple[int, PreparedDocument]]) -> None:
        cursor.executemany(
            f"INSERT INTO lib_searchdocument ({DOCUMENT_COLUMNS}) VALUES ({placeholders(DOCUMENT_COLUMNS.split(','))})",
            [document_row(index, slot, doc) for slot, doc in docs],
        )

    def insert_text(self, cursor: CursorWrapper, rows: list[tuple[int, PreparedDocument]]) -> None:
        """Store the weighted text of freshly inserted document rows (PostgreSQL did it with the row itself)."""

    def delete_text(self, cursor: CursorWrapper, ids: list[int]) -> None:
        """Remove the full-text rows of these documents (PostgreSQL's live on the document row)."""

    def delete_rows(
        self, cursor: CursorWrapper, rows: list[tuple[int, int, str, str]], changes: bitmaps.Changes
    ) -> None:
        """Delete documents given as (id, slot, stems, facets) rows, sending the bits they held to ``changes``."""
        ids = [row[0] for row in rows]
        for _, slot, stems, facets in rows:
            changes.remove(slot, doc_keys(stems.split(), facet_pairs(facets)))
        self.delete_text(cursor, ids)
        cursor.execute(f"DELETE FROM lib_searchdocument WHERE id IN ({placeholders(ids)})", ids)

    def remove(self, index: str, object_id: int) -> None:
        with connection.cursor() as cursor:
            self.lock(cursor, index)
            cursor.execute(
                'SELECT id, slot, stems, facets FROM lib_searchdocument WHERE "index" = %s AND object_id = %s',
                [index, int(object_id)],
            )
            rows = list(cursor.fetchall())
            if rows:
                changes = bitmaps.Changes()
                self.delete_rows(cursor, rows, changes)
                changes.apply(index)

    def clear(self, index: str) -> None:
        with connection.cursor() as cursor:
            self.lock(cursor, index)
            self.clear_text(cursor, index)
            for table in ("lib_searchbitmap", "lib_searchdocument", "lib_searchword"):
                cursor.execute(f'DELETE FROM {table} WHERE "index" = %s', [index])
            bitmaps.touch(index)

    def clear_text(self, cursor: CursorWrapper, index: str) -> None:
        """Remove the full-text rows of a whole index, before its document rows go."""

    # --- reading ---------------------------------------------------------------------------------------------

    def match(
        self,
        index: str,
        units: Sequence[QueryUnit],
        groups: Groups,
        *,
        scored: bool = True,
        at_least: int | None = None,
    ) -> SqlPart:
        """A SELECT of (id, score) over the documents of ``index`` matching the units and every key group; with
        ``at_least``, matching that many of the units (any of them).

        Sets that are only counted pass ``scored=False``: ranking thousands of documents nobody sees is the
        dearest part of a search.
        """
        raise NotImplementedError

    def find_candidates(self, index: str, words: Sequence[tuple[str, int]]) -> list[tuple[str, str, int]]:
        raise NotImplementedError

    def run(
        self,
        index: str,
        units: Sequence[QueryUnit],
        filters: Mapping[str, list[str]],
        facets: Sequence[str],
        order: str,
        offset: int,
        limit: int,
    ) -> tuple[int, list[Hit], dict[str, dict[str, int]], int | None]:
        """Total and disjunctive counts from the bitmaps; the page from the full-text engine (one more statement),
        which alone knows how to rank, and only reads the documents matching the query and every filter.

        When no document holds every unit together, the search falls back on the documents holding the most of
        them (at least k of n, k as large as finds something), and returns that k; otherwise None.
        """
        alternatives = [{tuple(analysis.stem(word) for word in alt) for alt in unit.alternatives} for unit in units]
        wanted = {
            bitmaps.ALL,
            *(bitmaps.facet_key(facet, value) for facet, values in filters.items() for value in values),
        }
        wanted.update(bitmaps.stem_key(stem) for alts in alternatives for alt in alts for stem in alt)
        loaded = bitmaps.load(index, wanted, facets=facets)
        every_document = loaded.get(bitmaps.ALL, 0)
        unit_sets = [
            functools.reduce(
                operator.or_,
                (
                    functools.reduce(operator.and_, (loaded.get(bitmaps.stem_key(stem), 0) for stem in alt))
                    for alt in alts
                ),
                0,
            )
            & every_document
            for alts in alternatives
        ]
        matching, at_least = functools.reduce(operator.and_, unit_sets, every_document), None
        if not matching and 2 <= len(unit_sets) <= MAX_RELAXED_UNITS:
            matching, at_least = relaxed(unit_sets)
        chosen = {
            facet: functools.reduce(operator.or_, (loaded.get(bitmaps.facet_key(facet, v), 0) for v in values), 0)
            for facet, values in filters.items()
        }
        found = functools.reduce(operator.and_, chosen.values(), matching)
        counts: dict[str, dict[str, int]] = {facet: {} for facet in facets}
        for facet in counts:
            within = functools.reduce(
                operator.and_, (bits for other, bits in chosen.items() if other != facet), matching
            )
            numbers = [
                (value, (within & bits).bit_count())
                for (kind, name, value), bits in loaded.items()
                if kind == "f" and name == facet
            ]
            counts[facet] = dict(sorted(((v, n) for v, n in numbers if n), key=lambda item: (-item[1], item[0])))
        total = found.bit_count()
        hits = self.page(index, units, filters, order, offset, limit, at_least) if limit and offset < total else []
        return total, hits, counts, at_least

    def page(
        self,
        index: str,
        units: Sequence[QueryUnit],
        filters: Mapping[str, list[str]],
        order: str,
        offset: int,
        limit: int,
        at_least: int | None = None,
    ) -> list[Hit]:
        if units or filters:
            groups = [
                [analysis.facet_key(index, facet, value) for value in values] for facet, values in filters.items()
            ]
            match, params = self.match(index, units, groups, scored=order == "relevance", at_least=at_least)
            sql = (
                f"SELECT d.object_id, m.score AS score FROM ({match}) m "
                f"JOIN lib_searchdocument d ON d.id = m.id ORDER BY {self.ordering(order)} LIMIT %s OFFSET %s"
            )
        else:
            sql = (
                'SELECT object_id, 0.0 AS score FROM lib_searchdocument WHERE "index" = %s '
                f"ORDER BY {self.ordering(order)} LIMIT %s OFFSET %s"
            )
            params = [index]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [Hit(object_id=int(object_id), score=float(score or 0)) for object_id, score in cursor.fetchall()]

    def ordering(self, order: str) -> str:
        return ORDERINGS[order].format(collation=self.binary_collation)

    def similar(
        self, index: str, slot: int, words: list[str], boosted: Sequence[tuple[str, str]], limit: int
    ) -> list[Hit]:
        """Documents sharing any of ``words`` with the document in ``slot``, itself excluded: those sharing more of
        the ``boosted`` facet values first, then those sharing more of the words, then the newest.

        Counted on the bitmaps: each document's number of shared words and values is summed bit-slice by bit-slice
        over whole sets, so « voir aussi » costs the same whether a word is shared by ten documents or ten thousand,
        and both backends give the same answer. Only the documents of the levels the page reaches are read, newest
        first. The score is the number of shared values plus the number n of shared words squashed as n / (n + 1).
        """
        stems = sorted({analysis.stem(word) for word in words})
        pairs = list(dict.fromkeys(boosted))
        loaded = bitmaps.load(index, [*map(bitmaps.stem_key, stems), *(bitmaps.facet_key(*pair) for pair in pairs)])
        word_sets = [loaded.get(bitmaps.stem_key(stem), 0) for stem in stems]
        sharing = functools.reduce(operator.or_, word_sets, 0) & ~(1 << slot)
        by_words = bitmaps.counts(word_sets)
        by_values = bitmaps.counts([loaded.get(bitmaps.facet_key(*pair), 0) for pair in pairs])
        hits: list[Hit] = []
        for values in range(len(pairs), -1, -1):
            with_values = bitmaps.equal_to(by_values, values, sharing)
            for shared in range(len(stems), 0, -1):
                if len(hits) >= limit:
                    return hits
                level = bitmaps.equal_to(by_words, shared, with_values)
                if level:
                    score = values + shared / (shared + 1)
                    hits += [Hit(object_id, score) for object_id in self.newest(index, level, limit - len(hits))]
        return hits

    def newest(self, index: str, slots: int, limit: int) -> list[int]:
        """The object ids of the newest ``limit`` documents among the ``slots`` of a bitmap (looked up by slot)."""
        source, param = self.slot_table(bitmaps.positions(slots))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.object_id FROM {source} CROSS JOIN lib_searchdocument d "
                f'WHERE d."index" = %s AND d.slot = j.value ORDER BY {self.ordering("newest")} LIMIT %s',
                [param, index, limit],
            )
            return [int(object_id) for (object_id,) in cursor.fetchall()]

    def slot_table(self, slots: list[int]) -> tuple[str, Any]:
        """A table ``j`` of one column ``value`` listing ``slots``, passed as one parameter whatever their number."""
        raise NotImplementedError


def relaxed(unit_sets: list[int]) -> tuple[int, int | None]:
    """The documents holding the most of the units, at least k of them with k as large as finds any; and k."""
    planes = bitmaps.counts(unit_sets)
    every = functools.reduce(operator.or_, unit_sets, 0)
    found = 0
    for k in range(len(unit_sets) - 1, 0, -1):
        found |= bitmaps.equal_to(planes, k, every)
        if found:
            return found, k
    return 0, None


def unit_groups(count: int, at_least: int | None) -> list[tuple[int, ...]]:
    """The groups of unit positions a document must hold all of, any group sufficing: every unit, or with
    ``at_least`` each combination of that many (at most ``MAX_RELAXED_UNITS`` units, hence a few dozen)."""
    if at_least is None or at_least >= count:
        return [tuple(range(count))]
    return list(itertools.combinations(range(count), at_least))


DOCUMENT_COLUMNS = '"index", object_id, slot, stems, facets, sort_time, sort_title, keywords'


def document_row(index: str, slot: int, doc: PreparedDocument) -> tuple[Any, ...]:
    stems = " ".join(doc.stem_set)
    return (index, doc.object_id, slot, stems, doc.facet_lines(), doc.sort_time, doc.sort_title, doc.keywords)


def doc_keys(stems: Iterable[str], facets: Iterable[tuple[str, str]]) -> list[bitmaps.Key]:
    return [
        bitmaps.ALL,
        *(bitmaps.stem_key(stem) for stem in stems),
        *(bitmaps.facet_key(facet, value) for facet, value in facets),
    ]


def chunks(items: Iterable[object], size: int) -> Iterable[list[object]]:
    batch: list[object] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
