"""QuickXplain and union-find against brute force on small random instances."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from parley.algorithms import groups, preferred_subset


@given(st.lists(st.frozensets(st.integers(0, 6), max_size=4), min_size=1, max_size=4),
       st.permutations(range(7)))
def test_preferred_subset_is_minimal_and_the_one_deletion_finds(
        families: list[frozenset[int]], order: list[int]) -> None:
    def suffices(chosen: list[int]) -> bool:
        return any(m <= set(chosen) for m in families)

    if not suffices(order):
        return
    found = preferred_subset(order, suffices)
    assert suffices(found)
    for dropped in found:
        assert not suffices([c for c in found if c != dropped])  # minimal
    kept = list(order)
    for candidate in reversed(order):  # deletion from the least preferred
        trial = [c for c in kept if c != candidate]
        if suffices(trial):
            kept = trial
    assert sorted(found, key=order.index) == kept


def test_the_empty_set_is_tried_first() -> None:
    asked: list[list[int]] = []

    def suffices(chosen: list[int]) -> bool:
        asked.append(chosen)
        return True

    assert preferred_subset([1, 2, 3], suffices) == [] and asked == [[]]


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=8))
def test_groups_are_the_connected_components(links: list[tuple[int, int]]) -> None:
    keys = list(range(8))
    found = groups(keys, links)
    assert sorted(k for g in found for k in g) == keys
    where = {k: i for i, g in enumerate(found) for k in g}
    for a, b in links:
        assert where[a] == where[b]
    # No group splits into two parts with no link between them.
    for group in found:
        for size in range(1, len(group)):
            for part in itertools.combinations(group, size):
                inside = set(part)
                assert any((a in inside) != (b in inside) for a, b in links
                           if a in group and b in group)
