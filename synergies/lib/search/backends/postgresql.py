"""PostgreSQL: a weighted ``tsvector`` on the document row, under a GIN index, ranked by ``ts_rank``.

The whole vector (title A, summary B, body C, facet keys D) selects the documents; the ranking reads ``head``, its
A and B part, kept in the row. Ranking the whole vector meant reading it back from out-of-line storage for every
matching document (about 12 µs each: 50 ms for a common word at 100,000 documents); the head costs about a sixth
of that. A word found only in the body still matches, and ranks after the title and summary matches, newest first.

Python folds, splits and drops stop words; the ``synergies_french`` configuration (``unaccent`` then
``french_stem``) stems, at indexing and at query time alike. Queries are assembled from ``plainto_tsquery``
calls over the parsed words, each passed as a parameter: user text never meets the tsquery syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from .. import analysis
from ..indexing import PreparedDocument
from ..types import QueryUnit
from .base import DOCUMENT_COLUMNS, Backend, Groups, SqlPart, document_row, placeholders, unit_groups

CONFIG = "synergies_french"
# ts_rank weights in D, C, B, A order, over the head vector, which holds A and B only.
WEIGHTS = "'{0, 0, 0.4, 1.0}'::float4[]"
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
)
# The title and summary part of VECTOR (A and B come first, so their positions are the same in both).
HEAD = f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B')"


class PostgresqlBackend(Backend):
    vendor = "postgresql"
    binary_collation = ' COLLATE "C"'

    def lock(self, cursor: CursorWrapper, index: str) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"lib.search:{index}"])

    def insert_documents(self, cursor: CursorWrapper, index: str, docs: list[tuple[int, PreparedDocument]]) -> None:
        cursor.executemany(
            f"INSERT INTO lib_searchdocument ({DOCUMENT_COLUMNS}, tsv, head) "
            f"VALUES ({placeholders(DOCUMENT_COLUMNS.split(','))}, {VECTOR}, {HEAD})",
            [(*document_row(index, slot, doc), *doc.texts(), doc.keys, *doc.texts()[:2]) for slot, doc in docs],
        )

    def match(
        self,
        index: str,
        units: Sequence[QueryUnit],
        groups: Groups,
        *,
        scored: bool = True,
        at_least: int | None = None,
    ) -> SqlPart:
        keys = ["(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(group)) + ")" for group in groups]
        key_params: list[Any] = [key for group in groups for key in group]
        if not groups:
            keys, key_params = ["plainto_tsquery('simple', %s)"], [analysis.index_key(index)]
        condition, condition_params = " && ".join(keys), key_params
        score, score_params = "0.0", list[Any]()
        if units:
            terms = ["(" + " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(u.alternatives)) + ")" for u in units]
            words = [[" ".join(alt) for alt in unit.alternatives] for unit in units]
            groups_of_units = unit_groups(len(units), at_least)
            text = " || ".join("(" + " && ".join(terms[i] for i in group) + ")" for group in groups_of_units)
            text = f"({text})"
            text_params: list[Any] = [word for group in groups_of_units for i in group for word in words[i]]
            condition, condition_params = f"{text} && {condition}", [*text_params, *key_params]
            if scored:
                score, score_params = f"ts_rank({WEIGHTS}, head, {text}, 1)", text_params
        return (
            f"SELECT id, {score} AS score FROM lib_searchdocument WHERE tsv @@ ({condition})",
            [*score_params, *condition_params],
        )

    def slot_table(self, slots: list[int]) -> tuple[str, Any]:
        return "unnest(%s::integer[]) AS j(value)", slots

    def find_candidates(self, index: str, words: Sequence[tuple[str, int]]) -> list[tuple[str, str, int]]:
        """Trigram neighbours through the GIN index; the edit distance is then checked in Python."""
        conditions = " OR ".join(["word %% %s"] * len(words))
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT word, spelling, frequency FROM lib_searchword WHERE "index" = %s AND '
                f"({conditions}) ORDER BY frequency DESC LIMIT 500",
                [index, *(word for word, _ in words)],
            )
            return list(cursor.fetchall())
