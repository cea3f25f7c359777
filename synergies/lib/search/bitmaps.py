"""Document sets as bitmaps: every facet value and every stem of an index maps to the set of document slots holding it.

Counting facets by joining rows costs about a microsecond per matching row, so a common word over 100,000
documents costs tens of milliseconds per facet group; a bitmap AND plus a popcount over the same documents costs
microseconds. Each document gets a small dense slot number within its index, and each set is stored as a
little-endian bit string, zlib-compressed when sparse (a rare word's set then takes a few dozen bytes).

Writers collect the bits to set and clear per key and apply them with one read and one write per touched key,
so a bulk import touches each bitmap once per call rather than once per document.

Every search reads every value of its facets: over a megabyte at 100,000 documents, a third of a search's time
on PostgreSQL. Those sets change only when documents are written, so each process keeps the last ones it read
together with the index's version token (``SearchIndexVersion``), which every write replaces; a search then reads
the token and only its own stems and filters.
"""

from __future__ import annotations

import secrets
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

CHUNK = 300

Key = tuple[str, str, str]  # (kind, name, value): ("f", facet, value), ("w", "", stem), or ALL
ALL: Key = ("a", "", "")


def facet_key(facet: str, value: str) -> Key:
    return ("f", facet, value)


def stem_key(stem: str) -> Key:
    return ("w", "", stem)


def decode(blob: bytes | memoryview | None) -> int:
    if not blob:
        return 0
    raw = bytes(blob)
    return int.from_bytes(zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw[1:], "little")


def encode(bits: int) -> bytes:
    """Compressed when that pays (rare words), raw otherwise: decompressing dense sets would cost more than reading."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    packed = zlib.compress(raw, 1)
    return b"z" + packed if len(packed) < len(raw) // 2 else b"r" + raw


def load(index: str, keys: Iterable[Key] = (), *, facets: Sequence[str] = ()) -> dict[Key, int]:
    """The bitmaps of ``keys`` and of every value of ``facets``; absent keys are empty sets.

    With ``facets``, two queries whether or not this process holds them already (the version token, then the
    bitmaps it does not hold), so that a page's query count does not depend on what the process served before; a
    search always asks for ``ALL``, which is never held.
    """
    keys = set(keys)
    if not facets:
        return _select(index, keys, ())
    facets = tuple(sorted(set(facets)))
    token = version(index)  # read before the bitmaps: a write in between only makes the next search read them again
    place = (connection.alias, str(connection.settings_dict["NAME"]), index, facets)
    held = _held_facets.get(place)
    if held is not None and held[0] == token:
        found = _select(index, {key for key in keys if not (key[0] == "f" and key[1] in facets)}, ())
        found.update(held[1])
        return found
    found = _select(index, keys, facets)
    _held_facets[place] = (token, {key: bits for key, bits in found.items() if key[0] == "f" and key[1] in facets})
    return found


# (database alias, database name, index, facets) → (version token, the facets' bitmaps), per process.
_held_facets: dict[tuple[str, str, str, tuple[str, ...]], tuple[str, dict[Key, int]]] = {}


def version(index: str) -> str:
    """The index's current version token; "" until its first write."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT token FROM lib_searchindexversion WHERE "index" = %s', [index])
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def touch(index: str) -> None:
    """Give the index a new version token, in the writer's transaction: every process's held facets are stale."""
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO lib_searchindexversion ("index", token) VALUES (%s, %s) '
            'ON CONFLICT ("index") DO UPDATE SET token = excluded.token',
            [index, secrets.token_hex(16)],
        )


def _select(index: str, keys: Iterable[Key], facets: Sequence[str]) -> dict[Key, int]:
    """The bitmaps of ``keys`` and of every value of ``facets``, in one query."""
    groups: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for kind, name, value in sorted(set(keys)):
        groups[(kind, name)].append(value)
    conditions, params = [], list[Any]()
    for (kind, name), values in groups.items():
        conditions.append(f"(kind = %s AND name = %s AND value IN ({', '.join(['%s'] * len(values))}))")
        params.extend([kind, name, *values])
    if facets:
        conditions.append(f"(kind = 'f' AND name IN ({', '.join(['%s'] * len(facets))}))")
        params.extend(facets)
    if not conditions:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT kind, name, value, bits FROM lib_searchbitmap WHERE "index" = %s AND ({" OR ".join(conditions)})',
            [index, *params],
        )
        return {(kind, name, value): decode(blob) for kind, name, value, blob in cursor.fetchall()}


class Changes:
    """Bits to set and to clear, per key, applied to the stored bitmaps in one pass."""

    def __init__(self) -> None:
        self.slots: set[int] = set()
        self.added: defaultdict[Key, array[int]] = defaultdict(lambda: array("l"))
        self.removed: defaultdict[Key, array[int]] = defaultdict(lambda: array("l"))

    def add(self, slot: int, keys: Iterable[Key]) -> None:
        self.slots.add(slot)
        for key in keys:
            self.added[key].append(slot)

    def remove(self, slot: int, keys: Iterable[Key]) -> None:
        for key in keys:
            self.removed[key].append(slot)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def apply(self, index: str) -> None:
        """Read every touched bitmap, change it, write it back; clears happen before sets (a replaced document)."""
        keys = sorted(set(self.added) | set(self.removed))
        if keys:
            touch(index)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            current = load(index, chunk)
            rows = []
            for key in chunk:
                bits = current.get(key, 0) & ~_bits(self.removed.get(key, ()))
                bits |= _bits(self.added.get(key, ()))
                rows.append((index, *key, encode(bits)))
            with connection.cursor() as cursor:
                cursor.executemany(
                    'INSERT INTO lib_searchbitmap ("index", kind, name, value, bits) VALUES (%s, %s, %s, %s, %s) '
                    'ON CONFLICT ("index", kind, name, value) DO UPDATE SET bits = excluded.bits',
                    rows,
                )
        self.added.clear()
        self.removed.clear()
        self.slots.clear()


def counts(sets: Sequence[int]) -> list[int]:
    """How many of ``sets`` hold each slot, as bit planes: plane i holds the slots whose count has bit i set.

    Adding a set is a ripple-carry addition over whole bitmaps, a few integer operations per plane."""
    planes: list[int] = []
    for carry in sets:
        for i, plane in enumerate(planes):
            planes[i], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    return planes


def equal_to(planes: list[int], value: int, within: int) -> int:
    """The slots of ``within`` whose count (as ``counts`` gives it) is exactly ``value``."""
    if value >> len(planes):
        return 0
    for i, plane in enumerate(planes):
        within &= plane if value >> i & 1 else ~plane
    return within


def positions(bits: int) -> list[int]:
    """The slots a bitmap holds, in increasing order."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [8 * i + j for i, byte in enumerate(raw) if byte for j in range(8) if byte >> j & 1]


def _bits(positions: Iterable[int]) -> int:
    """Many slots to one integer through a byte buffer: shifting a big integer once per slot would be quadratic."""
    positions = list(positions)
    if not positions:
        return 0
    buffer = bytearray(max(positions) // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")
