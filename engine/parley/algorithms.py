"""Two small generic algorithms the engine relies on, written once: QuickXplain's preferred
minimal subset, and union-find.

>>> preferred_subset([3, 1, 2], lambda chosen: {1, 2} <= set(chosen) or 3 in chosen)
[3]
>>> groups(["a", "b", "c"], [("a", "c")])
[['a', 'c'], ['b']]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def preferred_subset(candidates: Sequence[T], suffices: Callable[[list[T]], bool]
                     ) -> list[T]:
    """The preferred minimal subset of ``candidates`` that ``suffices``, by QuickXplain
    (Junker 2004).

    ``suffices`` must be monotone (a superset of a sufficient set suffices) and hold for
    all of ``candidates``; when it holds for the empty set the answer is empty. Of all
    minimal sufficient subsets the one returned avoids the later candidates most — the same
    set as deleting candidates one by one from the last — so it depends only on the
    question and the order of ``candidates``, never on what was asked before. It takes
    O(k·log(n/k)) tests for an answer of k among n.
    """
    if not candidates or suffices([]):
        return []

    def explain(base: list[T], grew: bool, part: Sequence[T]) -> list[T]:
        if grew and suffices(base):
            return []
        if len(part) == 1:
            return [part[0]]
        half = len(part) // 2
        first, second = part[:half], part[half:]
        from_second = explain([*base, *first], bool(first), second)
        from_first = explain([*base, *from_second], bool(from_second), first)
        return from_first + from_second

    return explain([], False, list(candidates))


class UnionFind:
    """Disjoint sets of hashable keys, with path halving."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, key: Hashable) -> Hashable:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, keys: Iterable[Hashable]) -> None:
        """Put every key of ``keys`` in one set."""
        iterator = iter(keys)
        first = next(iterator, None)
        if first is None:
            return
        root = self.find(first)
        for key in iterator:
            other = self.find(key)
            if other != root:
                self.parent[other] = root


def groups(keys: Iterable[K], links: Iterable[Iterable[K]]) -> list[list[K]]:
    """``keys`` grouped so that keys linked, directly or through others, share a group;
    groups in order of their first key, keys in the order given."""
    sets = UnionFind()
    ordered = list(keys)
    for key in ordered:
        sets.find(key)
    for link in links:
        sets.union(link)
    found: dict[Hashable, list[K]] = {}
    for key in ordered:
        found.setdefault(sets.find(key), []).append(key)
    return list(found.values())
