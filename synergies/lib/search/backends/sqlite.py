"""SQLite: an FTS5 table of Python-stemmed text, one column per weight plus one of facet keys, ranked by bm25.

Every term reaches MATCH as a double-quoted string of stems the analysis produced (letters and digits only),
so no user character can act as an FTS5 operator.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from .. import analysis
from ..indexing import PreparedDocument
from ..types import QueryUnit
from .base import Backend, Groups, SqlPart, placeholders, unit_groups

# bm25 column weights: title, summary, body, facet keys (which must not rank).
SCORE = "-bm25(lib_searchtext, 10.0, 4.0, 1.0, 0.0)"


def quoted(words: Sequence[str]) -> str:
    """All the words of one alternative, each a quoted stem: the bitmaps count the same documents."""
    return "(" + " AND ".join('"' + analysis.stem(word).replace('"', '""') + '"' for word in words) + ")"


class SqliteBackend(Backend):
    vendor = "sqlite"

    def insert_text(self, cursor: CursorWrapper, rows: list[tuple[int, PreparedDocument]]) -> None:
        cursor.executemany(
            "INSERT INTO lib_searchtext (rowid, a, b, c, k) VALUES (%s, %s, %s, %s, %s)",
            [(doc_id, doc.stems("A"), doc.stems("B"), doc.stems("C"), doc.keys) for doc_id, doc in rows],
        )

    def delete_text(self, cursor: CursorWrapper, ids: list[int]) -> None:
        cursor.execute(f"DELETE FROM lib_searchtext WHERE rowid IN ({placeholders(ids)})", ids)

    def clear_text(self, cursor: CursorWrapper, index: str) -> None:
        cursor.execute(
            'DELETE FROM lib_searchtext WHERE rowid IN (SELECT id FROM lib_searchdocument WHERE "index" = %s)', [index]
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
        clauses = ["k : (" + " OR ".join(f'"{key}"' for key in group) + ")" for group in groups]
        if not groups:
            clauses.append(f'k : "{analysis.index_key(index)}"')
        if units:
            terms = ["(" + " OR ".join(quoted(alt) for alt in unit.alternatives) + ")" for unit in units]
            either = ["(" + " AND ".join(terms[i] for i in group) + ")" for group in unit_groups(len(terms), at_least)]
            clauses.insert(0, "{a b c} : (" + " OR ".join(either) + ")")
        score = SCORE if units and scored else "0.0"
        expression = " AND ".join(clauses)
        return f"SELECT rowid AS id, {score} AS score FROM lib_searchtext WHERE lib_searchtext MATCH %s", [expression]

    def slot_table(self, slots: list[int]) -> tuple[str, Any]:
        return "json_each(%s) j", json.dumps(slots)  # CROSS JOIN keeps it the outer loop

    def find_candidates(self, index: str, words: Sequence[tuple[str, int]]) -> list[tuple[str, str, int]]:
        """Words of a close length sharing the first letter or the next three (so that a slip on the first letter
        is corrected too), ranked in Python. One pass over the index's vocabulary, run only for unknown words."""
        conditions: list[str] = []
        params: list[Any] = [index]
        for word, distance in words:
            conditions.append(
                "(length(word) BETWEEN %s AND %s AND (substr(word, 1, 1) = %s OR substr(word, 2, 3) = %s))"
            )
            params.extend([len(word) - distance, len(word) + distance, word[0], word[1:4]])
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT word, spelling, frequency FROM lib_searchword WHERE "index" = %s AND '
                f"({' OR '.join(conditions)})",
                params,
            )
            return list(cursor.fetchall())
