"""validate's semantic findings agree with brute-force enumeration of the rules' completions:
which items can never apply or hold, which party contradicts itself (and the minimal set it
names), which precondition its party rules out, which items are redundant and what they
follow from."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from parley.ci.validate import validate

from ..support.reference import Assignment, RefItem, RefWorkspace
from ..support.strategies import propagating_workspaces, workspaces, write_workspace

SEMANTIC = {"when-never-holds", "require-never-holds", "position-contradicts-itself",
            "precondition-never-applies", "redundant-item"}

Finding = tuple[str, str, frozenset[str]]


def _key(item: RefItem) -> str:
    return f"{item.party}/{item.id}"


def _preferred(candidates: Sequence[RefItem], suffices: Callable[[list[RefItem]], bool]
               ) -> list[RefItem]:
    """The minimal subset that deleting candidates from the last one keeps (the set
    QuickXplain prefers)."""
    kept = list(candidates)
    for item in reversed(candidates):
        trial = [k for k in kept if k is not item]
        if suffices(trial):
            kept = trial
    return kept


def expected(ref: RefWorkspace) -> set[Finding]:
    """The semantic findings, by their definitions, over every completion of the rules."""
    worlds = ref.completions({})

    def some(test: Callable[[Assignment], bool], items: Sequence[RefItem] = ()) -> bool:
        return any(test(w) and all(ref._implication(i, w) for i in items) for w in worlds)

    found: set[Finding] = set()
    for party in ref.parties():
        items = [i for i in ref.items if i.party == party]
        hard = [i for i in items if i.kind != "demand"]
        impossible = set()
        for item in items:
            when = item.when
            if when is not None and not some(lambda w, c=when: ref._ev(c, w)):
                impossible.add(_key(item))
                found.add(("when-never-holds", _key(item), frozenset()))
            elif not some(lambda w, i=item: (i.when is None or ref._ev(i.when, w))
                          and ref._ev(i.require, w)):
                impossible.add(_key(item))
                found.add(("require-never-holds", _key(item), frozenset()))
        if hard and not some(lambda w: True, hard):
            members = _preferred(hard, lambda chosen: not some(lambda w: True, chosen))
            found.add(("position-contradicts-itself", party,
                       frozenset(_key(m) for m in members)))
            continue
        for item in hard:
            if item.kind != "precondition" or _key(item) in impossible:
                continue
            others = [o for o in hard if o is not item]
            applies = item.when
            assert applies is not None

            def situation(w: Assignment, c: str = applies) -> bool:
                return ref._ev(c, w)

            if not some(situation, others):
                blockers = _preferred(others, lambda chosen, t=situation: not some(t, chosen))
                impossible.add(_key(item))
                found.add(("precondition-never-applies", _key(item),
                           frozenset(_key(b) for b in blockers)))
        redundant: set[str] = set()
        for item in reversed(items):
            if _key(item) in impossible:
                continue
            premises = [o for o in hard if o is not item and _key(o) not in redundant]

            def failing(w: Assignment, i: RefItem = item) -> bool:
                return not ref._implication(i, w)

            if some(failing, premises):
                continue
            redundant.add(_key(item))
            by = _preferred(premises, lambda chosen, t=failing: not some(t, chosen))
            found.add(("redundant-item", _key(item), frozenset(_key(b) for b in by)))
    return found


def reported(ref: RefWorkspace) -> set[Finding]:
    names = re.compile(r"p\d+/i\d+")
    with tempfile.TemporaryDirectory() as tmp:
        report = validate(write_workspace(ref, Path(tmp)))
    assert report.loaded, report.diagnostics
    return {(f.code, f.subject or "", frozenset(set(names.findall(f.message)) - {f.subject}))
            for f in report.diagnostics if f.code in SEMANTIC}


def _many_items() -> st.SearchStrategy[RefWorkspace]:
    return st.one_of(workspaces(max_parties=2, max_items=5, max_rules=3),
                     propagating_workspaces(max_parties=2, max_items=5))


@given(ref=_many_items())
def test_semantic_findings_agree_with_brute_force(ref: RefWorkspace) -> None:
    assert reported(ref) == expected(ref)
