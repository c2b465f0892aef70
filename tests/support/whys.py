"""The property every decided status must have: its *why* forces it in the brute-force
reference, and no smaller set of the same facts does."""

from __future__ import annotations

from typing import Any

import parley

from .reference import RefWorkspace, ev


def _why_forces(ref: RefWorkspace, why: list[parley.Reason], test: Any) -> bool:
    settled = {r.term: r.value for r in why if r.kind == "term"}
    rules = [r.rule for r in why if r.kind == "rule"]
    return ref.forces(settled, rules, test)


def _status_test(ref: RefWorkspace, item: Any, status: str, detail: str | None) -> Any:
    """The property of completions that a status with its why claims to force."""
    if status == "not_applicable":
        return lambda c: not _ev(item.when, c)
    if status in ("satisfied", "met"):
        return item.implication
    if status == "unmet" and detail == "unaddressed":
        return lambda c: _ev(item.when, c)
    return lambda c: not item.implication(c)


def _ev(text: str, env: dict[str, Any]) -> bool:

    return ev(text, env)


def assert_whys_are_minimal_and_forcing(ref: RefWorkspace, result: parley.CheckResult) -> None:
    """Every decided item's why forces its status in the reference, and no smaller set does;
    an open item has no why."""
    for item in ref.items:
        got = result.item(item.party, item.id)
        if got.status == "open":
            assert got.why == []
            continue
        test = _status_test(ref, item, got.status, got.detail)
        assert _why_forces(ref, got.why, test), (item, got.why)
        for dropped in range(len(got.why)):
            smaller = got.why[:dropped] + got.why[dropped + 1:]
            assert not _why_forces(ref, smaller, test), ("why not minimal", item, got.why)
