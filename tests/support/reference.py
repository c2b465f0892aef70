"""A brute-force reference implementation of design.md's semantics, for tests only.

It shares no code with the engine's evaluation or solving: conditions are evaluated by its
own small interpreter over Python's ``ast``, and every question is answered by enumerating
all total assignments of a small vocabulary.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Assignment = dict[str, Any]


def domain(spec: Mapping[str, Any]) -> list[Any]:
    if spec["type"] == "bool":
        return [False, True]
    if spec["type"] == "enum":
        return list(spec["values"])
    return list(range(spec["min"], spec["max"] + 1))


def ev(text: str, env: Mapping[str, Any]) -> bool:
    return bool(_ev(ast.parse(text.strip(), mode="eval").body, env))


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    assert isinstance(node, ast.Attribute)
    return _name(node.value) + "." + node.attr


def _ev(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        values = [_ev(v, env) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _ev(node.operand, env)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_ev(node.operand, env)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return env[_name(node)]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_ev(e, env) for e in node.elts]
    if isinstance(node, ast.Compare):
        left = _ev(node.left, env)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _ev(right_node, env)
            ok = {
                ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
                ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
                ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
                ast.In: lambda a, b: any(type(a) is type(x) and a == x for x in b),
                ast.NotIn: lambda a, b: not any(type(a) is type(x) and a == x for x in b),
            }[type(op)](left, right)
            if not ok:
                return False
            left = right
        return True
    raise ValueError(f"unexpected node {ast.dump(node)}")


@dataclass
class RefItem:
    party: str
    id: str
    kind: str
    require: str
    when: str | None = None

    def implication(self, env: Mapping[str, Any]) -> bool:
        return (self.when is not None and not ev(self.when, env)) or ev(self.require, env)


@dataclass
class RefWorkspace:
    terms: dict[str, dict[str, Any]]
    rules: list[tuple[str, str, str]] = field(default_factory=list)  # (id, when, then)
    items: list[RefItem] = field(default_factory=list)

    def assignments(self) -> Iterator[Assignment]:
        names = sorted(self.terms)
        for values in itertools.product(*(domain(self.terms[n]) for n in names)):
            yield dict(zip(names, values, strict=True))

    def completions(self, settled: Mapping[str, Any], rules: Sequence[str] | None = None
                    ) -> list[Assignment]:
        chosen = [r for r in self.rules if rules is None or r[0] in rules]
        return [a for a in self.assignments()
                if all(a[k] == v and type(a[k]) is type(v) for k, v in settled.items())
                and all(not ev(w, a) or ev(t, a) for _, w, t in chosen)]

    # -- statuses --------------------------------------------------------------------------
    def status(self, item: RefItem, settled: Mapping[str, Any]) -> tuple[str, str | None]:
        comps = self.completions(settled)
        imp = [item.implication(c) for c in comps]
        if item.kind == "precondition":
            assert item.when is not None
            when = [ev(item.when, c) for c in comps]
            if not any(when):
                return "not_applicable", None
            if all(imp):
                return "met", None
            if all(when):
                if not any(ev(item.require, c) for c in comps):
                    return "unmet", "contradicted"
                return "unmet", "unaddressed"
            return "open", None
        if item.kind == "demand" and item.when is not None and not any(
                ev(item.when, c) for c in comps):
            return "not_applicable", None  # a demand scores only where it applies
        if all(imp):
            return ("satisfied" if item.kind == "red_line" else "met"), None
        if not any(imp):
            return ("violated" if item.kind == "red_line" else "unmet"), None
        return "open", None

    def party_verdict(self, party: str, settled: Mapping[str, Any]) -> str:
        hard = [self.status(i, settled) for i in self.items
                if i.party == party and i.kind != "demand"]
        if any(s == "violated" or d == "contradicted" for s, d in hard):
            return "incompatible"
        if any(s in ("open", "unmet") for s, _ in hard):
            return "conditional"
        return "compatible"

    def hard(self) -> list[RefItem]:
        return [i for i in self.items if i.kind != "demand"]

    def joint(self, settled: Mapping[str, Any], items: Sequence[RefItem]) -> bool:
        return any(all(i.implication(c) for i in items) for c in self.completions(settled))

    def proposal_verdict(self, settled: Mapping[str, Any]) -> str:
        verdicts = [self.party_verdict(p, settled) for p in sorted({i.party for i in self.items})]
        if "incompatible" in verdicts:
            return "incompatible"
        if all(v == "compatible" for v in verdicts):
            return "compatible"
        return "completable" if self.joint(settled, self.hard()) else "deadlocked"

    def forces(self, settled: Mapping[str, Any], rules: Sequence[str], test: Any) -> bool:
        """Whether every completion of ``settled`` under only ``rules`` passes ``test``."""
        return all(test(c) for c in self.completions(settled, rules))
