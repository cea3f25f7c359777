"""lib.hashchain: canonical bytes, links from the genesis on, and verification that names the first broken entry."""

from __future__ import annotations

import datetime
import decimal
import enum
import hashlib
import uuid
from collections.abc import Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synergies.lib.hashchain import GENESIS, Break, UnsupportedValue, canonical, link, verify

Entry = tuple[str, str, Mapping[str, Any]]

BRUSSELS = ZoneInfo("Europe/Brussels")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(st.text(max_size=8), st.text(min_size=1, max_size=20), min_size=1, max_size=4)


def chained(records: list[Mapping[str, Any]]) -> list[Entry]:
    entries: list[Entry] = []
    previous = GENESIS
    for number, data in enumerate(records, start=1):
        previous = link(previous, data)
        entries.append((f"X-2026-{number:03}", previous, data))
    return entries


def register() -> list[Entry]:
    return chained(
        [
            {"number": "X-2026-001", "title": "Adopter le référentiel", "adopted_on": datetime.date(2026, 3, 2)},
            {"number": "X-2026-002", "title": "Modalités « de fonctionnement »", "votes": [1, 2, 3]},
            {"number": "X-2026-003", "title": "Corriger X-2026-001", "cites": "X-2026-001"},
            {"number": "X-2026-004", "title": "Budget", "amount": decimal.Decimal("1250.50")},
        ]
    )


class Colour(enum.StrEnum):
    GREEN = "green"


class Size(enum.IntEnum):
    LARGE = 3


# canonical


def test_canonical_json_has_sorted_keys_no_whitespace_and_keeps_accents_in_utf8():
    assert canonical({"é": "« Œuvre »", "b": [True, None, 1.5], "a": {"z": 1, "y": "x"}}) == (
        '{"a":{"y":"x","z":1},"b":[true,null,1.5],"é":"« Œuvre »"}'.encode()
    )


def test_canonical_bytes_do_not_depend_on_the_order_a_dictionary_was_built_in():
    one = {"title": "Réunion", "meta": {"a": 1, "b": [1, 2]}, "when": datetime.date(2026, 3, 29)}
    other = {"when": datetime.date(2026, 3, 29), "meta": {"b": [1, 2], "a": 1}, "title": "Réunion"}

    assert canonical(one) == canonical(other)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6), st.randoms())
def test_canonical_bytes_are_the_same_for_any_insertion_order(data, random):
    keys = list(data)
    random.shuffle(keys)

    assert canonical({key: data[key] for key in keys}) == canonical(data)


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (datetime.date(2026, 3, 29), "2026-03-29"),
        (datetime.datetime(2026, 3, 29, 10, 0, tzinfo=BRUSSELS), "2026-03-29T08:00:00Z"),
        (datetime.datetime(2026, 3, 28, 10, 0, tzinfo=BRUSSELS), "2026-03-28T09:00:00Z"),
        (datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC), "2026-01-02T03:04:05.000006Z"),
        (datetime.time(10, 30), "10:30:00"),
        (decimal.Decimal("1250.50"), "1250.50"),
        (decimal.Decimal("-0.001"), "-0.001"),
        (uuid.UUID("4FF6DF71-6988-4300-8966-9FABB2B59186"), "4ff6df71-6988-4300-8966-9fabb2b59186"),
        (Colour.GREEN, "green"),
        (Size.LARGE, 3),
        (("a", 1), ["a", 1]),
    ],
)
def test_values_json_lacks_are_rendered_explicitly(value, rendered):
    assert canonical({"v": value}) == canonical({"v": rendered})


def test_the_same_instant_written_in_two_zones_gives_the_same_bytes():
    in_brussels = datetime.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BRUSSELS)
    in_utc = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)

    assert canonical({"at": in_brussels}) == canonical({"at": in_utc})
    assert canonical({"at": in_brussels.replace(fold=0)}) != canonical({"at": in_utc})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (datetime.datetime(2026, 3, 29, 10, 0), "naive datetime"),
        (datetime.time(10, 0, tzinfo=datetime.UTC), "aware time"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (decimal.Decimal("NaN"), "Decimal NaN"),
        (decimal.Decimal("-Infinity"), "Decimal -Infinity"),
        ({"b", "a"}, "set has no order"),
        (frozenset({1}), "frozenset has no order"),
        (b"bytes", "bytes has no canonical rendering"),
        (object(), "object has no canonical rendering"),
        ({1: "one"}, "keys must be strings"),
        ("\ud800", "lone surrogate"),
        ({"\udfff": 1}, "lone surrogate"),
    ],
)
def test_values_without_one_rendering_are_refused_with_a_clear_error(value, message):
    with pytest.raises(UnsupportedValue, match=message):
        canonical({"v": value})


def test_a_refused_value_is_named_by_its_place_in_the_data():
    with pytest.raises(UnsupportedValue, match=r"^data\['items'\]\[1\]\['tags'\]: a set has no order"):
        canonical({"items": [1, {"tags": {"x"}}]})


def test_only_a_mapping_can_be_canonical():
    with pytest.raises(UnsupportedValue, match="must be a mapping"):
        canonical(["a", "b"])  # type: ignore[arg-type]


def test_an_unsupported_value_is_a_type_error():
    assert issubclass(UnsupportedValue, TypeError)


# link


def test_the_genesis_is_a_fixed_all_zero_hash():
    assert GENESIS == "0" * 64


def test_the_first_link_hashes_the_genesis_then_the_canonical_data():
    data = {"title": "Première"}

    assert link(GENESIS, data) == hashlib.sha256(GENESIS.encode() + canonical(data)).hexdigest()


def test_a_link_depends_on_the_previous_hash_as_much_as_on_the_data():
    data = {"title": "Même contenu"}
    first = link(GENESIS, data)

    assert link(first, data) != first
    assert link(GENESIS, data) == first
    assert len(first) == 64


@pytest.mark.parametrize("previous", ["", "abc", "0" * 63, "A" * 64, "g" * 64, "0" * 65, None])
def test_a_link_refuses_a_previous_hash_that_is_not_one(previous):
    with pytest.raises(ValueError, match="previous hash"):
        link(previous, {"a": 1})


# verify


def test_an_intact_chain_verifies():
    assert verify(register()) is None


def test_an_empty_chain_verifies():
    assert verify([]) is None


@pytest.mark.parametrize("index", range(4))
def test_one_changed_character_breaks_the_chain_at_exactly_that_entry_and_names_it(index):
    entries = register()
    key, stored, data = entries[index]
    tampered = {**data, "title": data["title"].replace("e", "é", 1)}
    entries[index] = (key, stored, tampered)
    previous = entries[index - 1][1] if index else GENESIS

    found = verify(entries)

    assert found == Break(key=key, expected=link(previous, tampered), found=stored)
    assert f"X-2026-00{index + 1}" in str(found)


@given(st.lists(records, min_size=1, max_size=6), st.data())
def test_a_changed_character_anywhere_in_any_entry_is_found_at_that_entry(history, data):
    entries = chained(history)
    index = data.draw(st.integers(0, len(entries) - 1), label="entry")
    key, stored, record = entries[index]
    field = data.draw(st.sampled_from(sorted(record)), label="field")
    text = record[field]
    position = data.draw(st.integers(0, len(text) - 1), label="position")
    replacement = data.draw(
        st.characters(exclude_categories=["Cs"]).filter(lambda c: c != text[position]), label="replacement"
    )
    record = {**record, field: text[:position] + replacement + text[position + 1 :]}
    entries[index] = (key, stored, record)

    found = verify(entries)

    assert found is not None
    assert found.key == key
    assert found.found == stored


def test_a_changed_stored_hash_breaks_the_chain_at_that_entry():
    entries = register()
    key, stored, data = entries[2]
    entries[2] = (key, stored[:-1] + ("0" if stored[-1] != "0" else "1"), data)

    found = verify(entries)

    assert found is not None
    assert (found.key, found.expected) == (key, stored)


def test_an_entry_inserted_with_a_made_up_hash_is_found_where_it_was_inserted():
    entries = register()
    entries.insert(2, ("X-2026-999", "f" * 64, {"title": "Ajout"}))

    found = verify(entries)

    assert found is not None
    assert found.key == "X-2026-999"


def test_an_entry_inserted_with_a_correct_link_is_found_at_the_entry_after_it():
    entries = register()
    forged = {"title": "Ajout discret"}
    entries.insert(2, ("X-2026-999", link(entries[1][1], forged), forged))

    found = verify(entries)

    assert found is not None
    assert found.key == "X-2026-003"


@pytest.mark.parametrize(("deleted", "broken"), [(0, "X-2026-002"), (1, "X-2026-003"), (2, "X-2026-004")])
def test_a_deleted_entry_is_found_at_the_entry_after_it(deleted, broken):
    entries = register()
    del entries[deleted]

    found = verify(entries)

    assert found is not None
    assert found.key == broken


def test_two_swapped_entries_break_the_chain_at_the_first_of_them():
    entries = register()
    entries[1], entries[2] = entries[2], entries[1]

    found = verify(entries)

    assert found is not None
    assert found.key == "X-2026-003"


def test_entries_cut_off_the_end_are_found_by_comparing_the_last_hash_with_a_copy_kept_elsewhere():
    entries = register()
    kept_elsewhere = entries[-1][1]
    del entries[-1]

    assert verify(entries) is None
    assert entries[-1][1] != kept_elsewhere


def test_a_chain_rewritten_from_an_entry_on_is_found_by_comparing_the_last_hash_with_a_copy_kept_elsewhere():
    original = register()
    kept_elsewhere = original[-1][1]
    rewritten = chained([data for _, _, data in original[:2]] + [{"title": "Tout réécrit"}, original[3][2]])

    assert verify(rewritten) is None
    assert rewritten[-1][1] != kept_elsewhere


def test_verification_stops_reading_at_the_first_break():
    entries = register()
    key, _, data = entries[1]
    entries[1] = (key, "0" * 64, data)

    def rows() -> Iterator[Entry]:
        yield from entries[:2]
        raise AssertionError("read past the first break")

    found = verify(rows())

    assert found is not None
    assert found.key == key


def test_keys_can_be_anything_that_names_an_entry():
    data = {"title": "Un"}

    found = verify([((2026, 1), "bad", data)])

    assert found == Break(key=(2026, 1), expected=link(GENESIS, data), found="bad")
