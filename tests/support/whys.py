"""The property every decided status must have: its *why* forces it in the brute-force
reference, and no smaller set of the same facts does — flat (terms and rules) and staged
(settlements, clauses and rules, each with its stages)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

import parley

from .reference import Fact, RefItem, RefWorkspace, StagedRef, ev


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


def staged_facts(ref: StagedRef, why: list[parley.Reason]) -> list[Fact]:
    """The facts a staged why names, each checked against the proposal as written: a term
    with the value and the stage that writes it, a clause with the stage it starts at."""
    facts = []
    for reason in why:
        if reason.kind == "term":
            assert (reason.stage_number is not None) == ref.proposal.staged, reason
            fact = ref.settlement(reason.term or "", reason.stage_number or 1)
            assert fact is not None and type(fact.value) is type(reason.value) and (
                fact.value == reason.value), ("no such settlement", reason)
        elif reason.kind == "clause":
            fact = ref.clause(reason.clause or "")
            assert fact is not None, ("no such clause", reason)
            assert reason.stage_number == fact.first, reason  # a clause makes it staged
        else:
            assert reason.kind == "rule", reason
            fact = ref.rule(reason.rule or "")
            assert fact is not None, ("no such rule", reason)
        if reason.kind != "rule":
            assert reason.stage == (ref.proposal.label(fact.first) if ref.proposal.staged
                                    else None), reason
        facts.append(fact)
    assert len(set(facts)) == len(facts), ("a fact named twice", why)
    return facts


def assert_staged_whys_are_minimal_and_forcing(ref: StagedRef, result: parley.CheckResult
                                               ) -> None:
    """Every decided item's why, read as facts of the staged proposal (settlements in force
    up to the next settlement of their term, clauses over their stages, rules at every
    stage), forces its status in the staged reference, and no smaller set does; an open item
    has no why."""
    for item in ref.ws.items:
        got = result.item(item.party, item.id)
        if got.status == "open":
            assert got.why == [], (item, got.why)
            continue
        test = ref.claim(item, got.status, got.detail)
        facts = staged_facts(ref, got.why)
        assert ref.forces(facts, test), ("why does not force the status", item, got.status,
                                         got.why)
        for dropped in range(len(facts)):
            smaller = facts[:dropped] + facts[dropped + 1:]
            assert not ref.forces(smaller, test), ("why not minimal", item, got.status,
                                                   got.why)


def _names_in_reading_order(text: str) -> list[str]:
    """The term names of a condition's text, in the order it names them."""
    refs = [node for node in ast.walk(ast.parse(text, mode="eval"))
            if isinstance(node, ast.Name | ast.Attribute)]
    inner = {id(node.value) for node in refs if isinstance(node, ast.Attribute)}
    outer = [node for node in refs if id(node) not in inner]
    return [_dotted(node) for node in sorted(outer, key=lambda n: (n.lineno, n.col_offset))]


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    assert isinstance(node, ast.Name)
    return node.id


def _asked(item: RefItem, status: str, detail: str | None) -> list[str]:
    """The texts of the condition a status's why is about, in reading order."""
    if status == "not_applicable" or (status == "unmet" and detail == "unaddressed"):
        return [item.when or "True"]
    return [text for text in (item.when, item.require) if text is not None]


def salient_why(ref: RefWorkspace, settled: Mapping[str, Any], item: RefItem, status: str,
                detail: str | None) -> set[tuple[str, Any]]:
    """The why design.md's preference order gives, by brute force: the proposal's terms
    before the rules; among each, facts about the terms the condition names (in the order it
    names them), then those one rule away, then the rest; the preferred minimal forcing set
    is what deleting from the last leaves."""
    named: dict[str, int] = {}
    for text in _asked(item, status, detail):
        for name in _names_in_reading_order(text):
            named.setdefault(name, len(named))
    rule_names = {rid: set(_names_in_reading_order(when)) | set(_names_in_reading_order(then))
                  for rid, when, then in ref.rules}
    linked = {name for names in rule_names.values() if names & named.keys() for name in names}
    candidates = [("term", term) for term in settled] + [("rule", rid) for rid, _, _ in ref.rules]

    def rank(entry: tuple[int, tuple[str, str]]) -> tuple[bool, int, int, int]:
        position, (kind, key) = entry
        names = {key} if kind == "term" else rule_names[key]
        mentioned = [named[name] for name in names if name in named]
        tier, first = (0, min(mentioned)) if mentioned else \
            (1, len(named)) if names & linked else (2, len(named))
        return kind == "rule", tier, first, position

    ordered = [fact for _, fact in sorted(enumerate(candidates), key=rank)]
    test = _status_test(ref, item, status, detail)

    def forces(facts: list[tuple[str, str]]) -> bool:
        return ref.forces({k: settled[k] for kind, k in facts if kind == "term"},
                          [k for kind, k in facts if kind == "rule"], test)

    chosen = list(ordered)
    for fact in reversed(ordered):
        smaller = [f for f in chosen if f != fact]
        if forces(smaller):
            chosen = smaller
    return set(chosen)


def assert_whys_are_salient(ref: RefWorkspace, settled: Mapping[str, Any],
                            result: parley.CheckResult) -> None:
    """Every decided item's why is the one the preference order picks."""
    for item in ref.items:
        got = result.item(item.party, item.id)
        if got.status in ("open", "unknown"):
            continue
        named = {("term", r.term) if r.kind == "term" else ("rule", r.rule) for r in got.why}
        assert named == salient_why(ref, settled, item, got.status, got.detail), (
            item, got.status, got.why)
