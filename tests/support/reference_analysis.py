"""Brute-force references for the analyses (conflicts, concessions, suggest), tests only.

Built on ``reference.py``'s own interpreter: every completion of a small workspace is
enumerated once and summarised as the bitmask of the *seeds* (hard items, proposal terms)
it satisfies; a set of seeds is jointly satisfiable exactly when some mask contains it.
Every question below is then a plain search over subsets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .reference import RefItem, RefWorkspace, ev

Seed = tuple[str, ...]  # ("item", party, id) or ("term", name, repr(value))


def satisfied_masks(ws: RefWorkspace, seeds: Sequence[Any], fixed: Mapping[str, Any],
                    given: str | None) -> set[int]:
    """For each completion of ``fixed`` (under the rules and ``given``), the set of seeds it
    satisfies, as a bitmask. Seeds are RefItems or (term, value) pairs."""
    masks = set()
    for env in ws.completions(fixed):
        if given is not None and not ev(given, env):
            continue
        mask = 0
        for index, seed in enumerate(seeds):
            ok = seed.implication(env) if isinstance(seed, RefItem) else (
                env[seed[0]] == seed[1] and type(env[seed[0]]) is type(seed[1]))
            if ok:
                mask |= 1 << index
        masks.add(mask)
    return masks


def _sat(subset: int, masks: set[int]) -> bool:
    return any(subset & mask == subset for mask in masks)


def muses(count: int, masks: set[int]) -> list[int]:
    """Every minimal unsatisfiable subset of ``count`` seeds, as bitmasks."""
    out = []
    for subset in range(1 << count):
        if _sat(subset, masks):
            continue
        if all(_sat(subset & ~(1 << i), masks) for i in range(count) if subset >> i & 1):
            out.append(subset)
    return out


def mcses(count: int, masks: set[int]) -> list[int]:
    """Every minimal correction set: minimal sets whose removal leaves the rest satisfiable."""
    full = (1 << count) - 1
    out = []
    for dropped in range(1 << count):
        if not _sat(full & ~dropped, masks):
            continue
        if all(not _sat(full & ~(dropped & ~(1 << i)), masks)
               for i in range(count) if dropped >> i & 1):
            out.append(dropped)
    return out


def members(mask: int, seeds: Sequence[Any]) -> list[Any]:
    return [seed for index, seed in enumerate(seeds) if mask >> index & 1]


def key(seed: Any) -> tuple[str, ...]:
    if isinstance(seed, RefItem):
        return ("item", seed.party, seed.id)
    return ("term", seed[0], repr(seed[1]))


def concession_order(sets: list[list[RefItem]]) -> list[list[RefItem]]:
    """Cheapest first: fewer items, then fewer red lines, then the items' names."""
    return sorted(sets, key=lambda s: (len(s), sum(i.kind == "red_line" for i in s),
                                       sorted(f"{i.party}/{i.id}" for i in s)))


def best_suggestion(ws: RefWorkspace, settled: Mapping[str, Any]
                    ) -> tuple[int, int] | None:
    """(fewest settled terms changed, most demand weight scored) over every completion that
    keeps every hard item, lexicographically; None when there is none. A demand scores its
    weight where it applies and holds (its ``when`` and its ``require``)."""
    hard = ws.hard()
    demands = [i for i in ws.items if i.kind == "demand"]
    best: tuple[int, int] | None = None
    for env in ws.completions({}):
        if not all(item.implication(env) for item in hard):
            continue
        changed = sum(1 for k, v in settled.items()
                      if not (env[k] == v and type(env[k]) is type(v)))
        weight = sum(d.score for d in demands if ws.scores(d, env))
        score = (changed, -weight)
        if best is None or score < best:
            best = score
    return None if best is None else (best[0], -best[1])


def entailed(ws: RefWorkspace, settled: Mapping[str, Any], items: Sequence[RefItem]) -> bool:
    """Whether every completion keeps every hard item and scores every demand of ``items``."""
    comps = ws.completions(settled)
    return bool(comps) and all(ws.scores(i, env) if i.kind == "demand" else i.implication(env)
                               for env in comps for i in items)

