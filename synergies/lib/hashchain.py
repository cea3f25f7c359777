"""A tamper-evident chain of records: each entry's hash covers its data and the hash of the entry before it.

Why each entry carries the hash of the previous one: a hash of a record alone only proves that the record matches its
own hash, and whoever can edit the row can recompute that hash too. Chaining makes every hash depend on everything
before it: changing one character of a past entry, inserting an entry, deleting one or swapping two changes the hash
that entry should have, which no longer matches the hash stored on the next entry, and `verify` names the first entry
where the chain breaks. An edit only goes unnoticed if every later hash is rewritten as well — and the same holds for
entries cut off the end of the chain, which leave nothing behind to disagree. Both are caught by comparing the last
hash with a copy kept out of the forger's reach (printed in minutes, sent with a transmission, held in a backup): one
short string then vouches for the whole history up to it.

The hash of an entry is the SHA-256 of the previous entry's hash (64 hexadecimal ASCII characters; `GENESIS` for the
first entry) followed by the entry's canonical form: JSON with sorted keys, no whitespace, UTF-8, and explicit
renderings for the values JSON lacks, so the same data always gives the same bytes, whatever the order its dictionary
was built in. The canonical form is about values: the data's schema (which keys, what they mean) is the caller's.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import hashlib
import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["GENESIS", "Break", "UnsupportedValue", "canonical", "link", "verify"]

GENESIS = "0" * 64
"""The "previous hash" of the first entry of every chain."""

K = TypeVar("K")

_HASH = re.compile(r"[0-9a-f]{64}")


class UnsupportedValue(TypeError):
    """A value that has no single canonical rendering; the message names where it is in the data."""


@dataclasses.dataclass(frozen=True)
class Break(Generic[K]):
    """The first entry whose stored hash is not the one its data and its predecessor give."""

    key: K
    expected: str
    found: str

    def __str__(self) -> str:
        return f"chain broken at {self.key!r}: expected {self.expected}, found {self.found}"


def canonical(data: Mapping[str, Any]) -> bytes:
    """Deterministic bytes for `data`, the same whatever order its keys were inserted in.

    Rendered as JSON: None, booleans, integers, finite floats, strings (enum members by their value), mappings with
    string keys, lists and tuples (as arrays). Rendered as strings: dates (`2026-03-29`), naive times (`10:30:00`),
    aware datetimes in UTC (`2026-03-29T08:00:00Z`, microseconds when there are some), decimals as written (`1.50`
    and `1.5` differ; a DecimalField always gives back the same places) and UUIDs (lower-case, hyphenated).
    Refused, with an `UnsupportedValue` naming the value's place: naive datetimes and aware times (no single instant),
    NaN and infinities, strings with lone surrogates (no UTF-8), sets (no order), bytes and anything else.
    """
    if not isinstance(data, Mapping):
        raise UnsupportedValue(f"data must be a mapping, not {type(data).__name__}")
    return json.dumps(
        _plain(data, "data"), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def link(previous_hash: str, data: Mapping[str, Any]) -> str:
    """The hash of an entry holding `data` that follows the entry whose hash is `previous_hash` (`GENESIS` if first)."""
    if not isinstance(previous_hash, str) or not _HASH.fullmatch(previous_hash):
        raise ValueError(f"previous hash must be 64 lower-case hexadecimal characters, not {previous_hash!r}")
    return hashlib.sha256(previous_hash.encode("ascii") + canonical(data)).hexdigest()


def verify(entries: Iterable[tuple[K, str, Mapping[str, Any]]]) -> Break[K] | None:
    """Walk `(key, stored_hash, data)` entries in chain order; return where the chain first breaks, or None if whole.

    Stops at the first break: once an entry is wrong, every later one is judged against a predecessor that cannot be
    trusted, so only the first break says where to look. A chain that verifies may still have lost entries at its end
    or been rewritten from some point on: compare its last hash with a copy kept elsewhere (see the module's doc).
    """
    previous = GENESIS
    for key, stored_hash, data in entries:
        expected = link(previous, data)
        if stored_hash != expected:
            return Break(key=key, expected=expected, found=stored_hash)
        previous = stored_hash
    return None


def _plain(value: Any, where: str) -> Any:
    if isinstance(value, enum.Enum):
        return _plain(value.value, where)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnsupportedValue(f"{where}: {value!r} has no canonical rendering; leave it out or use None")
        return value
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise UnsupportedValue(f"{where}: Decimal {value} has no canonical rendering; leave it out or use None")
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            raise UnsupportedValue(f"{where}: naive datetime {value.isoformat()} is no single instant; make it aware")
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        if value.tzinfo is not None:
            raise UnsupportedValue(f"{where}: aware time {value.isoformat()} is ambiguous; use an aware datetime")
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise UnsupportedValue(f"{where}: key {key!r} is a {type(key).__name__}; keys must be strings")
            plain[_text(key, where)] = _plain(item, f"{where}[{key!r}]")
        return plain
    if isinstance(value, list | tuple):
        return [_plain(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, set | frozenset):
        raise UnsupportedValue(f"{where}: a {type(value).__name__} has no order; pass a sorted list")
    raise UnsupportedValue(f"{where}: {type(value).__name__} has no canonical rendering")


def _text(value: str, where: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise UnsupportedValue(f"{where}: {value!r} is not valid Unicode (a lone surrogate)") from error
    return str.__str__(value)
