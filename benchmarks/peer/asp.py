"""The answer set peer: Parley's item statuses, verdicts and demand scores computed by clingo.

The encoding is ``parley.lp`` beside this module; this module writes the *instance* — the
facts that describe one workspace and its proposals — and asks clingo two questions per
proposal: the cautious and the brave consequences of ``phi/1`` (Φ) and ``applies/1`` (A) of
every item, under the proposal's settlements as assumptions. A third call, only when no
party is incompatible and not all are compatible, asks whether every red line and
precondition can hold at once (``completable``) or not (``deadlocked``).

The peer reads the workspace with Parley's loader (conditions parsed, families and
quantifiers expanded), so a comparison measures deciding, not reading YAML. Everything after
that — the formula graph, the grounding, the statuses and verdicts — is its own: nothing of
Parley's decision core, solver or semantics module is used. It covers what a plain
``parley check`` decides: items in force today, no ``--as-of``, no ``--assume-status-quo``,
no whys.

Grounding. A bool is one choice atom per stage, an enum a choice of exactly one value. An
int is order-encoded over its *cut points* only: for every comparison ``t op b`` the points
``b`` and ``b + 1`` (inside the term's range), so ``ge(t, k)`` says ``t >= k`` and an answer
set fixes the interval between two cuts that ``t`` lies in. No condition can tell two values
of one interval apart, so completions taken up to those intervals have exactly the
entailments of the completions themselves — a term of range 0..3650 compared with three
constants costs six atoms per stage, not 3,651. An int compared with another int term is
the exception: both get every value as a cut point, and ``a >= b`` is grounded over ``b``'s
range. Settling ``t = v`` becomes two assumptions, the nearest cut at or below ``v`` true and
the nearest above false; the chain ``ge(t, k+) → ge(t, k)`` does the rest.

>>> import tempfile, pathlib
>>> import parley
>>> from benchmarks.generate import generate
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = generate(pathlib.Path(tmp), items=40, proposals=2)
...     ws = parley.load(tmp)
...     proposals = ws.proposals()
...     peer = Peer(ws.loaded, proposals)
...     [disagreements(ws.check(p), peer.check(p)) for p in proposals]
[[], []]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import clingo

from parley.compiled import CompiledItem, CompiledProposal, LoadedWorkspace
from parley.conditions.tree import (
    And,
    Compare,
    Condition,
    Const,
    Member,
    Not,
    Operand,
    Or,
    StageOp,
    TermRef,
)
from parley.models import TermSpec, Value

ENCODING = Path(__file__).with_name("parley.lp")

#: ``a op b`` read from the other side: ``3 < t`` is ``t > 3``.
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _quote(text: str) -> str:
    """An ASP string constant (term names and item keys never need more than this)."""
    return json.dumps(text)


class Instance:
    """The facts of one workspace and its proposals for a plan of ``stages`` stages.

    Conditions become nodes of one graph, shared wherever two conditions have a part in
    common (``key`` ignores where a condition was written)."""

    def __init__(self, terms: dict[str, TermSpec], stages: int) -> None:
        self.terms = terms
        self.stages = stages
        self.facts: list[str] = [f"stage(1..{stages})."]
        self.nodes: dict[tuple[Any, ...], int] = {}
        self.cuts: dict[str, set[int]] = defaultdict(set)
        self.full: set[str] = set()
        self.top = self._node(("top",), "top({n}).")
        self.bottom = self._node(("or",), "or({n}).")

    # -- the formula graph ----------------------------------------------------------------
    def _node(self, key: tuple[Any, ...], *facts: str) -> int:
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = len(self.nodes)
            self.facts.extend(f.format(n=found) for f in facts)
        return found

    def neg(self, child: int) -> int:
        if child == self.top:
            return self.bottom
        if child == self.bottom:
            return self.top
        return self._node(("neg", child), f"neg({{n}},{child}).")

    def conj(self, kind: str, children: Iterable[int]) -> int:
        unit, zero = (self.top, self.bottom) if kind == "and" else (self.bottom, self.top)
        parts = tuple(dict.fromkeys(c for c in children if c != unit))
        if zero in parts:
            return zero
        if not parts:
            return unit
        if len(parts) == 1:
            return parts[0]
        return self._node((kind, parts), f"{kind}({{n}}).",
                          *(f"arg({{n}},{c})." for c in parts))

    def condition(self, node: Condition) -> int:
        """The graph node of ``node`` (an expanded condition tree)."""
        if isinstance(node, TermRef):
            return self._bool(node.name)
        if isinstance(node, Const):
            return self.top if node.value is True else self.bottom
        if isinstance(node, Compare):
            return self.compare(node.op, node.left, node.right)
        if isinstance(node, Member):
            assert isinstance(node.term, TermRef), "families are expanded on loading"
            inside = self.conj("or", (self.compare("==", node.term, c) for c in node.values))
            return self.neg(inside) if node.negated else inside
        if isinstance(node, Not):
            return self.neg(self.condition(node.operand))
        if isinstance(node, (And, Or)):
            return self.conj("and" if isinstance(node, And) else "or",
                             [self.condition(o) for o in node.operands])
        if isinstance(node, StageOp):
            child = self.condition(node.operand)
            return self._node((node.op, child), f"{node.op}({{n}},{child}).")
        raise TypeError(f"not an expanded condition: {node!r}")

    def _bool(self, term: str) -> int:
        return self._node(("bool", term), f"atom_bool({{n}},{_quote(term)}).")

    def _at_least(self, term: str, bound: int) -> int:
        """``term >= bound``."""
        spec = self.terms[term]
        assert spec.min is not None and spec.max is not None
        if bound <= spec.min:
            return self.top
        if bound > spec.max:
            return self.bottom
        self.cuts[term].add(bound)
        return self._node(("ge", term, bound), f"atom_ge({{n}},{_quote(term)},{bound}).")

    def compare(self, op: str, left: Operand, right: Operand) -> int:
        if isinstance(left, Const):
            left, right, op = right, left, _FLIPPED[op]
        assert isinstance(left, TermRef), "one side of a comparison is a term"
        spec = self.terms[left.name]
        if isinstance(right, TermRef):
            return self._compare_terms(op, left.name, right.name, spec)
        assert isinstance(right, Const)
        value = right.value
        if spec.type == "int":
            assert isinstance(value, int)
            at_least = self._at_least
            equal = self.conj("and", (at_least(left.name, value),
                                      self.neg(at_least(left.name, value + 1))))
            return {"==": equal, "!=": self.neg(equal), ">=": at_least(left.name, value),
                    ">": at_least(left.name, value + 1),
                    "<=": self.neg(at_least(left.name, value + 1)),
                    "<": self.neg(at_least(left.name, value))}[op]
        if spec.type == "bool":
            equal = self._bool(left.name) if value is True else self.neg(self._bool(left.name))
        else:
            equal = self._node(("enum", left.name, value),
                               f"atom_enum({{n}},{_quote(left.name)},{_quote(str(value))}).")
        return equal if op == "==" else self.neg(equal)

    def _compare_terms(self, op: str, a: str, b: str, spec: TermSpec) -> int:
        if spec.type != "int":
            kind = "same_bool" if spec.type == "bool" else "same_enum"
            equal = self._node((kind, a, b), f"{kind}({{n}},{_quote(a)},{_quote(b)}).")
            return equal if op == "==" else self.neg(equal)
        self.full.update((a, b))

        def geq(x: str, y: str) -> int:
            return self._node(("geq", x, y), f"geq_int({{n}},{_quote(x)},{_quote(y)}).")

        equal = self.conj("and", (geq(a, b), geq(b, a)))
        return {">=": geq(a, b), "<=": geq(b, a), ">": self.neg(geq(b, a)),
                "<": self.neg(geq(a, b)), "==": equal, "!=": self.neg(equal)}[op]

    # -- the rest of the instance ---------------------------------------------------------
    def add(self, text: str) -> None:
        self.facts.append(text)

    def finish(self) -> str:
        """The instance as program text: the facts, then each term's type and cut points."""
        out = list(self.facts)
        for name, spec in self.terms.items():
            q = _quote(name)
            if spec.type == "bool":
                out.append(f"bool({q}).")
            elif spec.type == "enum":
                out.append(f"enum({q}).")
                out.extend(f"value({q},{_quote(v)})." for v in spec.values or [])
            else:
                assert spec.min is not None and spec.max is not None
                out.append(f"int({q},{spec.min},{spec.max}).")
                ordered = self.cut_points(name)
                out.extend(f"cut({q},{k})." for k in ordered)
                out.extend(f"next({q},{j},{k})." for j, k in pairwise(ordered))
        return "\n".join(out) + "\n"

    def cut_points(self, term: str) -> list[int]:
        spec = self.terms[term]
        assert spec.min is not None and spec.max is not None
        if term in self.full:
            return list(range(spec.min + 1, spec.max + 1))
        return sorted(self.cuts.get(term, ()))


@dataclass(frozen=True)
class PeerResult:
    """What the peer decides of one proposal: every item's status and detail, each party's
    verdict and demand score, the proposal's verdict."""

    items: dict[str, tuple[str, str | None]]
    parties: dict[str, str]
    scores: dict[str, int]
    verdict: str


class _Program:
    """One grounded program: the workspace for plans of one stage count, with the clauses
    of the proposals of that count (each behind its ``use(P)`` external)."""

    def __init__(self, loaded: LoadedWorkspace, items: Sequence[CompiledItem],
                 proposals: Sequence[CompiledProposal], stages: int) -> None:
        instance = Instance(loaded.terms, stages)
        for index, rule in enumerate(loaded.rules):
            instance.add(f"rule({index},{instance.condition(rule.when)},"
                         f"{instance.condition(rule.then)}).")
        #: Items whose ``when`` is absent or always true: they apply in every completion, and
        #: the encoding does not show their ``applies/1``.
        self.unconditional: set[str] = set()
        for item in items:
            when = instance.top if item.when is None else instance.condition(item.when)
            if when == instance.top:
                self.unconditional.add(item.key)
            key = _quote(item.key)
            instance.add(f"item({key},{when},{instance.condition(item.require)}).")
            if item.kind != "demand":
                instance.add(f"hard({key}).")
        self.index = {id(p): n for n, p in enumerate(proposals)}
        for n, proposal in enumerate(proposals):
            instance.add(f"proposal({n}).")
            for clause in proposal.clauses:
                when = instance.top if clause.when is None else instance.condition(clause.when)
                instance.add(f"clause({n},{when},{instance.condition(clause.then)},"
                             f"{clause.first},{clause.last}).")
        self.instance = instance
        # The domain heuristic lets each call lean the shown atoms the way its mode needs.
        self.control = clingo.Control(["--warn=none", "--heuristic=Domain"])
        self.control.add("base", [], ENCODING.read_text(encoding="utf-8") + instance.finish())
        self.control.ground([("base", [])])
        self.cuts = {name: instance.cut_points(name) for name, spec in loaded.terms.items()
                     if spec.type == "int"}

    def assumptions(self, proposal: CompiledProposal) -> list[tuple[clingo.Symbol, bool]]:
        """The proposal's settlements at every stage they are in force; its clauses are
        switched on (and every other proposal's off) as a side effect."""
        chosen = self.index.get(id(proposal))
        if chosen is None:
            raise ValueError(f"the peer was built without proposal {proposal.id!r}: its "
                             "clauses are not in the grounded program")
        for n in self.index.values():
            self.control.assign_external(clingo.Function("use", [clingo.Number(n)]),
                                         n == chosen)
        found: list[tuple[clingo.Symbol, bool]] = []
        for settlement in proposal.settlements:
            for stage in range(settlement.first, settlement.last + 1):
                found.extend(self._settled(settlement.term, settlement.value, stage))
        return found

    def _settled(self, term: str, value: Value, stage: int
                 ) -> list[tuple[clingo.Symbol, bool]]:
        name, at = clingo.String(term), clingo.Number(stage)
        if isinstance(value, bool):
            return [(clingo.Function("true", [name, at]), value)]
        if isinstance(value, str):
            return [(clingo.Function("is", [name, clingo.String(value), at]), True)]
        cuts = self.cuts[term]
        below = [k for k in cuts if k <= value]
        above = [k for k in cuts if k > value]
        found = []
        if below:
            found.append((clingo.Function("ge", [name, clingo.Number(below[-1]), at]), True))
        if above:
            found.append((clingo.Function("ge", [name, clingo.Number(above[0]), at]), False))
        return found

    def consequences(self, assumptions: list[tuple[clingo.Symbol, bool]], mode: str
                     ) -> set[clingo.Symbol] | None:
        """The shown atoms true in every answer set (``cautious``) or in some (``brave``);
        None when there is no answer set."""
        config: Any = self.control.configuration
        config.solve.enum_mode = mode
        config.solve.models = "0"
        # Brave consequences grow with each answer set and cautious ones shrink: leaning
        # every shown atom true (brave) or false (cautious) makes each answer set found
        # settle as many as it can, a third to a fifth of the answer sets otherwise needed.
        config.solver.dom_mod = "true,show" if mode == "brave" else "false,show"
        last: list[clingo.Symbol] | None = None
        with self.control.solve(assumptions=assumptions, yield_=True) as handle:
            for model in handle:
                last = model.symbols(shown=True)
        return None if last is None else set(last)

    def deal(self, assumptions: list[tuple[clingo.Symbol, bool]]) -> bool:
        """Whether some answer set keeps every red line and precondition."""
        config: Any = self.control.configuration
        config.solve.enum_mode = "auto"
        config.solve.models = "1"
        config.solver.dom_mod = "no"
        # An external is false unless assigned: ``deal`` is switched on for this call only.
        self.control.assign_external(clingo.Function("deal"), True)
        try:
            return bool(self.control.solve(assumptions=assumptions).satisfiable)
        finally:
            self.control.assign_external(clingo.Function("deal"), False)


class ProposalContradicts(Exception):
    """The proposal has no completion: Parley reports it as an input error."""


class Peer:
    """The answer set peer for one loaded workspace and the proposals it will be asked
    about (their clauses and stage counts shape the programs it grounds, once each)."""

    def __init__(self, loaded: LoadedWorkspace, proposals: Sequence[CompiledProposal]
                 ) -> None:
        self.loaded = loaded
        self.items = [item for _, position in sorted(loaded.positions.items())
                      for item in position.items_as_of(None)]
        by_count: dict[int, list[CompiledProposal]] = defaultdict(list)
        for proposal in proposals:
            by_count[proposal.stage_count].append(proposal)
        self._by_count = by_count
        self._programs: dict[int, _Program] = {}

    def program(self, stages: int) -> _Program:
        found = self._programs.get(stages)
        if found is None:
            found = self._programs[stages] = _Program(self.loaded, self.items,
                                                      self._by_count[stages], stages)
        return found

    def check(self, proposal: CompiledProposal) -> PeerResult:
        program = self.program(proposal.stage_count)
        assumptions = program.assumptions(proposal)
        brave = program.consequences(assumptions, "brave")
        if brave is None:
            raise ProposalContradicts(proposal.id)
        cautious = program.consequences(assumptions, "cautious") or set()

        def truth(name: str, key: str) -> bool | None:
            atom = clingo.Function(name, [clingo.String(key)])
            return True if atom in cautious else None if atom in brave else False

        statuses: dict[str, tuple[str, str | None]] = {}
        scores: dict[str, int] = defaultdict(int)
        for item in self.items:
            holds = truth("phi", item.key)
            applies = True if item.key in program.unconditional else truth("applies",
                                                                            item.key)
            status = _status(item, holds, applies)
            statuses[item.key] = status
            if item.kind == "demand" and status[0] == "met" and applies is True:
                scores[item.party] += item.spec.score
        parties = {party: _party_verdict([statuses[i.key] for i in self.items
                                          if i.party == party and i.kind != "demand"])
                   for party in sorted({i.party for i in self.items})}
        verdicts = set(parties.values())
        if "incompatible" in verdicts:
            verdict = "incompatible"
        elif verdicts <= {"compatible"}:
            verdict = "compatible"
        else:
            verdict = "completable" if program.deal(assumptions) else "deadlocked"
        return PeerResult(statuses, parties, {p: scores[p] for p in parties}, verdict)


def _status(item: CompiledItem, holds: bool | None, applies: bool | None
            ) -> tuple[str, str | None]:
    """An item's status from the truth of Φ and A (True entailed, False refuted, None
    open), as design.md defines it."""
    if item.kind == "precondition":
        if applies is False:
            return "not_applicable", None
        if holds is True:
            return "met", None
        if holds is False:
            return "unmet", "contradicted"
        return ("unmet", "unaddressed") if applies is True else ("open", None)
    if item.kind == "demand" and item.when is not None and applies is False:
        return "not_applicable", None
    if holds is None:
        return "open", None
    if item.kind == "red_line":
        return ("satisfied" if holds else "violated"), None
    return ("met" if holds else "unmet"), None


def _party_verdict(hard: list[tuple[str, str | None]]) -> str:
    if any(s == "violated" or d == "contradicted" for s, d in hard):
        return "incompatible"
    if any(s in ("open", "unmet") for s, _ in hard):
        return "conditional"
    return "compatible"


Summary = dict[str, Any]


def summary_of_check(result: Any) -> Summary:
    """What the comparison looks at in Parley's ``CheckResult``, as plain JSON data."""
    return {"items": {f"{i.party}/{i.id}": [i.status, i.detail]
                      for party in result.parties for i in party.items},
            "parties": {party.party: party.verdict for party in result.parties},
            "scores": {party.party: party.demand_score for party in result.parties},
            "verdict": result.verdict}


def summary_of_peer(result: PeerResult) -> Summary:
    """The same for the peer's result."""
    return {"items": {key: list(status) for key, status in result.items.items()},
            "parties": dict(result.parties), "scores": dict(result.scores),
            "verdict": result.verdict}


def differences(parley_summary: Summary, peer_summary: Summary) -> list[str]:
    """Every status, verdict or score on which two summaries differ, as readable lines."""
    found = []
    for part, name in (("items", ""), ("parties", "party "), ("scores", "demand score of ")):
        mine, theirs = parley_summary[part], peer_summary[part]
        for key in sorted(set(mine) | set(theirs)):
            if mine.get(key) != theirs.get(key):
                found.append(f"{name}{key}: Parley {_shown(mine.get(key))}, "
                             f"peer {_shown(theirs.get(key))}")
    if parley_summary["verdict"] != peer_summary["verdict"]:
        found.append(f"verdict: Parley {parley_summary['verdict']}, "
                     f"peer {peer_summary['verdict']}")
    return found


def _shown(value: Any) -> str:
    return str(tuple(value)) if isinstance(value, list) else str(value)


def disagreements(parley_result: Any, peer: PeerResult) -> list[str]:
    """Every status, verdict or score on which Parley's ``CheckResult`` and the peer differ,
    as readable lines (empty when they agree on everything)."""
    return differences(summary_of_check(parley_result), summary_of_peer(peer))
