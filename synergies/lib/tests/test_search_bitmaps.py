"""The bitmap arithmetic of lib.search, checked against plain Python sets on random sets of slots."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from synergies.lib.search import bitmaps

slot_sets = st.lists(st.sets(st.integers(min_value=0, max_value=300), max_size=40), max_size=9)


def bits_of(slots: set[int]) -> int:
    return sum(1 << slot for slot in slots)


@given(slot_sets)
def test_counts_and_equal_to_give_each_slot_the_number_of_sets_holding_it(sets: list[set[int]]) -> None:
    planes = bitmaps.counts([bits_of(slots) for slots in sets])
    universe = set().union(*sets) | {301}
    for value in range(len(sets) + 2):
        expected = {slot for slot in universe if sum(slot in slots for slots in sets) == value}
        assert bitmaps.positions(bitmaps.equal_to(planes, value, bits_of(universe))) == sorted(expected)


@given(st.sets(st.integers(min_value=0, max_value=5000), max_size=200))
def test_positions_lists_the_slots_of_a_bitmap_in_order(slots: set[int]) -> None:
    assert bitmaps.positions(bits_of(slots)) == sorted(slots)
    assert bitmaps.positions(bitmaps.decode(bitmaps.encode(bits_of(slots)))) == sorted(slots)
