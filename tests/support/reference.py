"""A brute-force reference implementation of design.md's semantics, for tests only.

It shares no code with the engine's evaluation or solving: conditions are evaluated by its
own small interpreter over Python's ``ast`` (compiled once per text into closures), and
every question is answered by enumerating completions of a small vocabulary.

Two references live here:

- ``RefWorkspace``'s own methods: the flat semantics (one stage, a proposal settles terms);
- ``StagedRef``: a proposal of stages 1..n with settlements per stage, clauses (top-level
  or in a stage, with an optional ``when`` and ``until``), completions as sequences of total
  assignments s1..sn, conditions *at* a stage (``ever``, ``before``, ``eventually``,
  ``sometime``), Φ and A per item, every status, the first failing stage, the verdicts,
  demand scores, and what a subset of the proposal's facts forces (for whys).

Term families are understood too (``f['a', r]`` subscripts and ``any``/``all`` over a set or
a literal list), so a workspace written with families can be checked as it is written.
"""

from __future__ import annotations

import ast
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Assignment = dict[str, Any]
Trace = tuple[Mapping[str, Any], ...]
"""One completion of a staged proposal: s1..sn, each a total assignment of every term."""

STAGE_OPERATORS = ("ever", "before", "eventually", "sometime")


def domain(spec: Mapping[str, Any]) -> list[Any]:
    if spec["type"] == "bool":
        return [False, True]
    if spec["type"] == "enum":
        return list(spec["values"])
    return list(range(spec["min"], spec["max"] + 1))


# -- the interpreter ----------------------------------------------------------------------
Fn = Callable[[Trace, int, Mapping[str, str]], Any]
"""A compiled condition: (completion, stage index from 0, quantifier variables) → value."""

Sets = tuple[tuple[str, tuple[str, ...]], ...]


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    assert isinstance(node, ast.Attribute), ast.dump(node)
    return _name(node.value) + "." + node.attr


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: any(_same(a, x) for x in b),
    ast.NotIn: lambda a, b: not any(_same(a, x) for x in b),
}


def _compile(node: ast.AST, sets: Mapping[str, tuple[str, ...]]) -> Fn:
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, sets) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda t, j, e: all(p(t, j, e) for p in parts)
        return lambda t, j, e: any(p(t, j, e) for p in parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _compile(node.operand, sets)
        return lambda t, j, e: not inner(t, j, e)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        assert isinstance(node.operand, ast.Constant)
        negative = -node.operand.value
        return lambda t, j, e: negative
    if isinstance(node, (ast.Name, ast.Attribute)):
        name = _name(node)
        return lambda t, j, e: t[j][name]
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda t, j, e: value
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_compile(x, sets) for x in node.elts]
        return lambda t, j, e: [i(t, j, e) for i in items]
    if isinstance(node, ast.Subscript):
        return _subscript(node)
    if isinstance(node, ast.Compare):
        left = _compile(node.left, sets)
        pairs = [(_COMPARE[type(op)], _compile(right, sets))
                 for op, right in zip(node.ops, node.comparators, strict=True)]

        def compare(t: Trace, j: int, e: Mapping[str, str]) -> bool:
            a = left(t, j, e)
            for test, right in pairs:
                b = right(t, j, e)
                if not test(a, b):
                    return False
                a = b
            return True

        return compare
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in ("any", "all"):
            return _quantifier(node, sets)
        if node.func.id in STAGE_OPERATORS:
            assert len(node.args) == 1 and not node.keywords
            return _stage_operator(node.func.id, _compile(node.args[0], sets))
    raise ValueError(f"unexpected node {ast.dump(node)}")


def _subscript(node: ast.Subscript) -> Fn:
    family = _name(node.value)
    indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    parts: list[tuple[bool, str]] = []  # (is a variable, member or variable name)
    for index in indices:
        if isinstance(index, ast.Constant):
            parts.append((False, index.value))
        else:
            assert isinstance(index, ast.Name), ast.dump(index)
            parts.append((True, index.id))
    return lambda t, j, e: t[j][".".join([family, *(e[p] if var else p for var, p in parts)])]


def _quantifier(node: ast.Call, sets: Mapping[str, tuple[str, ...]]) -> Fn:
    generator = node.args[0]
    assert isinstance(generator, ast.GeneratorExp) and len(generator.generators) == 1
    loop = generator.generators[0]
    assert isinstance(loop.target, ast.Name) and not loop.ifs
    var = loop.target.id
    if isinstance(loop.iter, ast.Name):
        members: tuple[str, ...] = tuple(sets[loop.iter.id])
    else:
        assert isinstance(loop.iter, (ast.List, ast.Tuple))
        members = tuple(e.value for e in loop.iter.elts)  # type: ignore[attr-defined]
    body = _compile(generator.elt, sets)
    if isinstance(node.func, ast.Name) and node.func.id == "all":
        return lambda t, j, e: all(body(t, j, {**e, var: m}) for m in members)
    return lambda t, j, e: any(body(t, j, {**e, var: m}) for m in members)


def _stage_operator(op: str, inner: Fn) -> Fn:
    if op == "ever":
        return lambda t, j, e: any(inner(t, i, e) for i in range(j + 1))
    if op == "before":
        return lambda t, j, e: any(inner(t, i, e) for i in range(j))
    if op == "eventually":
        return lambda t, j, e: any(inner(t, i, e) for i in range(j, len(t)))
    return lambda t, j, e: any(inner(t, i, e) for i in range(len(t)))


@functools.lru_cache(maxsize=4096)
def compiled(text: str, sets: Sets = ()) -> Callable[[Trace, int], bool]:
    """``text`` as a function of (completion, stage index from 0)."""
    fn = _compile(ast.parse(text.strip(), mode="eval").body, dict(sets))
    return lambda trace, j: bool(fn(trace, j, {}))


@functools.lru_cache(maxsize=4096)
def temporal(text: str) -> bool:
    """Whether ``text`` uses a stage operator (so it cannot be read one stage at a time)."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id in STAGE_OPERATORS
               for n in ast.walk(ast.parse(text.strip(), mode="eval")))


class _OneStage(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in STAGE_OPERATORS:
            return ast.Constant(False) if node.func.id == "before" else node.args[0]
        return node


def one_stage(text: str) -> str:
    """``text`` as a one-stage plan reads it, without stage operators: ``ever(C)``,
    ``eventually(C)`` and ``sometime(C)`` are C, ``before(C)`` is False (no earlier stage).

    >>> one_stage("before(a) or ever(not eventually(b))")
    'False or not b'
    """
    tree = _OneStage().visit(ast.parse(text.strip(), mode="eval"))
    return ast.unparse(ast.fix_missing_locations(tree))


def ev(text: str, env: Mapping[str, Any], sets: Sets = ()) -> bool:
    """``text`` in a one-stage completion ``env`` (``before(C)`` is false there)."""
    return compiled(text, sets)((env,), 0)


# -- workspaces ---------------------------------------------------------------------------
@dataclass
class RefItem:
    party: str
    id: str
    kind: str
    require: str
    when: str | None = None
    weight: int | None = None

    def implication(self, env: Mapping[str, Any]) -> bool:
        return (self.when is not None and not ev(self.when, env)) or ev(self.require, env)

    @property
    def score(self) -> int:
        return 1 if self.weight is None else self.weight


@dataclass
class RefWorkspace:
    terms: dict[str, dict[str, Any]]
    rules: list[tuple[str, str, str]] = field(default_factory=list)  # (id, when, then)
    items: list[RefItem] = field(default_factory=list)
    sets: dict[str, list[str]] = field(default_factory=dict)
    #: family name → (its sets, its members' spec); members are in ``terms`` too.
    families: dict[str, tuple[list[str], dict[str, Any]]] = field(default_factory=dict)

    @property
    def set_key(self) -> Sets:
        return tuple((name, tuple(members)) for name, members in self.sets.items())

    def members(self, family: str) -> list[str]:
        """A family's members, in declaration order, last index fastest."""
        dims = self.families[family][0]
        return [".".join((family, *combo))
                for combo in itertools.product(*(self.sets[d] for d in dims))]

    def parties(self) -> list[str]:
        return sorted({i.party for i in self.items})

    def assignments(self) -> Iterator[Assignment]:
        names = sorted(self.terms)
        for values in itertools.product(*(domain(self.terms[n]) for n in names)):
            yield dict(zip(names, values, strict=True))

    # -- the flat semantics -----------------------------------------------------------------
    def _ev(self, text: str, env: Mapping[str, Any]) -> bool:
        return ev(text, env, self.set_key)

    def _implication(self, item: RefItem, env: Mapping[str, Any]) -> bool:
        return (item.when is not None and not self._ev(item.when, env)) or self._ev(
            item.require, env)

    def completions(self, settled: Mapping[str, Any], rules: Sequence[str] | None = None
                    ) -> list[Assignment]:
        chosen = [r for r in self.rules if rules is None or r[0] in rules]
        return [a for a in self.assignments()
                if all(_same(a[k], v) for k, v in settled.items())
                and all(not self._ev(w, a) or self._ev(t, a) for _, w, t in chosen)]

    def status(self, item: RefItem, settled: Mapping[str, Any]) -> tuple[str, str | None]:
        comps = self.completions(settled)
        imp = [self._implication(item, c) for c in comps]
        when = [item.when is None or self._ev(item.when, c) for c in comps]
        if item.kind == "precondition":
            assert item.when is not None
            if not any(when):
                return "not_applicable", None
            if all(imp):
                return "met", None
            if all(when):
                if not any(self._ev(item.require, c) for c in comps):
                    return "unmet", "contradicted"
                return "unmet", "unaddressed"
            return "open", None
        if item.kind == "demand" and item.when is not None and not any(when):
            return "not_applicable", None
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

    def demand_score(self, party: str, settled: Mapping[str, Any]) -> int:
        """The weight of the party's demands that apply and hold in every completion."""
        comps = self.completions(settled)
        return sum(item.score for item in self.items
                   if item.party == party and item.kind == "demand"
                   and all(self.scores(item, c) for c in comps))

    def scores(self, item: RefItem, env: Mapping[str, Any]) -> bool:
        """Whether a demand applies and holds (A and Φ) in the completion ``env``."""
        return (item.when is None or self._ev(item.when, env)) and self._ev(item.require, env)

    def hard(self) -> list[RefItem]:
        return [i for i in self.items if i.kind != "demand"]

    def joint(self, settled: Mapping[str, Any], items: Sequence[RefItem]) -> bool:
        return any(all(self._implication(i, c) for i in items) for c in self.completions(settled))

    def proposal_verdict(self, settled: Mapping[str, Any]) -> str:
        verdicts = [self.party_verdict(p, settled) for p in self.parties()]
        if "incompatible" in verdicts:
            return "incompatible"
        if all(v == "compatible" for v in verdicts):
            return "compatible"
        return "completable" if self.joint(settled, self.hard()) else "deadlocked"

    def forces(self, settled: Mapping[str, Any], rules: Sequence[str], test: Any) -> bool:
        """Whether every completion of ``settled`` under only ``rules`` passes ``test``."""
        return all(test(c) for c in self.completions(settled, rules))


# -- staged proposals ---------------------------------------------------------------------
@dataclass(frozen=True)
class RefClause:
    id: str
    then: str
    when: str | None = None
    until: str | None = None  # the id of a later stage


@dataclass
class RefStage:
    id: str
    terms: dict[str, Any] = field(default_factory=dict)
    clauses: list[RefClause] = field(default_factory=list)
    day: int | None = None


@dataclass
class RefProposal:
    """A proposal as written: top-level terms and clauses (the first stage's), and stages
    (none: a flat proposal of one stage)."""

    id: str = "p"
    terms: dict[str, Any] = field(default_factory=dict)
    clauses: list[RefClause] = field(default_factory=list)
    stages: list[RefStage] = field(default_factory=list)

    @property
    def count(self) -> int:
        return max(1, len(self.stages))

    @property
    def flat(self) -> bool:
        return not self.stages

    @property
    def staged(self) -> bool:
        """Whether results name stages: more than one stage, or a clause (one stage and no
        clause is the flat semantics, where there is no stage to name)."""
        return self.count > 1 or bool(self.clauses) or any(s.clauses for s in self.stages)

    def stage_id(self, number: int) -> str | None:
        return None if self.flat else self.stages[number - 1].id

    def label(self, number: int) -> str:
        """How stage ``number`` (1-based) is named: its id, or "stage N" without stages."""
        return self.stage_id(number) or f"stage {number}"

    def day(self, number: int) -> int | None:
        return None if self.flat else self.stages[number - 1].day

    def settles(self, number: int) -> dict[str, Any]:
        """What stage ``number`` writes (the top-level terms belong to the first)."""
        own = {} if self.flat else self.stages[number - 1].terms
        return {**(self.terms if number == 1 else {}), **own}

    def clause_stages(self) -> list[tuple[RefClause, int, int]]:
        """Every clause with the first and last stage it holds at (1-based, inclusive)."""
        ids = {s.id: n for n, s in enumerate(self.stages, 1)}
        out = [(c, 1, ids[c.until] - 1 if c.until else self.count) for c in self.clauses]
        for number, stage in enumerate(self.stages, 1):
            out += [(c, number, ids[c.until] - 1 if c.until else self.count)
                    for c in stage.clauses]
        return out

    def as_dict(self) -> dict[str, Any]:
        """The proposal as the engine reads it (a dict, or ``yaml.safe_dump`` of one)."""
        data: dict[str, Any] = {"id": self.id}
        if self.terms or self.flat:
            data["terms"] = dict(self.terms)
        if self.clauses:
            data["clauses"] = [_clause_dict(c) for c in self.clauses]
        if self.stages:
            data["stages"] = []
            for stage in self.stages:
                entry: dict[str, Any] = {"id": stage.id}
                if stage.day is not None:
                    entry["day"] = stage.day
                entry["terms"] = dict(stage.terms)
                if stage.clauses:
                    entry["clauses"] = [_clause_dict(c) for c in stage.clauses]
                data["stages"].append(entry)
        return data


def _clause_dict(clause: RefClause) -> dict[str, Any]:
    data: dict[str, Any] = {"id": clause.id}
    if clause.when is not None:
        data["when"] = clause.when
    data["then"] = clause.then
    if clause.until is not None:
        data["until"] = clause.until
    return data


@dataclass(frozen=True)
class Fact:
    """One settlement as written (a term's value from ``first`` to ``last``), one clause
    (``when → then`` from ``first`` to ``last``), or one background rule (every stage)."""

    kind: str  # "term", "clause" or "rule"
    name: str  # the term, the clause's id or the rule's id
    value: Any = None
    first: int = 1
    last: int = 1
    when: str | None = None
    then: str | None = None

    def in_force(self, number: int) -> bool:
        return self.first <= number <= self.last


class StagedRef:
    """The staged semantics of one proposal over a workspace, by enumeration.

    Completions under a set of facts are enumerated stage by stage: each stage's candidate
    assignments are those that keep the settlements and the stage-free rules and clauses in
    force there; sequences of candidates are then filtered by the rules and clauses that use
    stage operators. Every set of facts asked about is enumerated once.
    """

    def __init__(self, ws: RefWorkspace, proposal: RefProposal) -> None:
        self.ws = ws
        self.proposal = proposal
        self.n = proposal.count
        self.names = sorted(ws.terms)
        self.assignments = list(ws.assignments())
        self.sets = ws.set_key
        settlements = []
        for number in range(1, self.n + 1):
            for term, value in self.proposal.settles(number).items():
                again = next((k for k in range(number + 1, self.n + 1)
                              if term in self.proposal.settles(k)), self.n + 1)
                settlements.append(Fact("term", term, value, number, again - 1))
        clauses = [Fact("clause", c.id, None, first, last, c.when, c.then)
                   for c, first, last in proposal.clause_stages()]
        rules = [Fact("rule", rule_id, None, 1, self.n, when, then)
                 for rule_id, when, then in ws.rules]
        self.facts: list[Fact] = settlements + clauses + rules
        self._completions: dict[frozenset[Fact], list[Trace]] = {}

    # -- conditions ---------------------------------------------------------------------
    def at(self, text: str, trace: Trace, j: int) -> bool:
        """``text`` at stage ``j`` (1-based) of ``trace``."""
        return compiled(text, self.sets)(trace, j - 1)

    def _constraint(self, fact: Fact, trace: Trace, j: int) -> bool:
        assert fact.then is not None
        return (fact.when is not None and not self.at(fact.when, trace, j)) or self.at(
            fact.then, trace, j)

    # -- completions --------------------------------------------------------------------
    def completions(self, facts: Iterable[Fact] | None = None) -> list[Trace]:
        """Every completion under ``facts`` alone (default: all of the proposal's)."""
        chosen = frozenset(self.facts if facts is None else facts)
        if chosen not in self._completions:
            self._completions[chosen] = self._enumerate(chosen)
        return self._completions[chosen]

    def _enumerate(self, facts: frozenset[Fact]) -> list[Trace]:
        settled = [f for f in facts if f.kind == "term"]
        local = [f for f in facts if f.kind != "term" and not temporal(f.then or "True")
                 and not temporal(f.when or "True")]
        spanning = [f for f in facts if f.kind != "term" and f not in local]
        candidates = []
        for j in range(1, self.n + 1):
            pins = [(f.name, f.value) for f in settled if f.in_force(j)]
            here = [f for f in local if f.in_force(j)]
            candidates.append([
                a for a in self.assignments
                if all(_same(a[t], v) for t, v in pins)
                and all(self._constraint(f, (a,), 1) for f in here)])
        return [trace for trace in itertools.product(*candidates)
                if all(self._constraint(f, trace, j) for f in spanning
                       for j in range(f.first, f.last + 1))]

    def key(self, trace: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
        return tuple(tuple((n, type(a[n]).__name__, a[n]) for n in self.names) for a in trace)

    def is_completion(self, trace: Sequence[Mapping[str, Any]]) -> bool:
        """Whether ``trace`` (one total assignment per stage) is a completion."""
        if len(trace) != self.n or any(set(a) != set(self.names) for a in trace):
            return False
        return self.key(trace) in {self.key(c) for c in self.completions()}

    # -- an item's two formulas -----------------------------------------------------------
    def phi(self, item: RefItem, trace: Trace) -> bool:
        """Φ: at every stage j, W@j → R@j."""
        return all(self._holds_at(item, trace, j) for j in range(1, self.n + 1))

    def _holds_at(self, item: RefItem, trace: Trace, j: int) -> bool:
        return (item.when is not None and not self.at(item.when, trace, j)) or self.at(
            item.require, trace, j)

    def applies(self, item: RefItem, trace: Trace) -> bool:
        """A: W at some stage (true without a ``when``)."""
        return item.when is None or any(self.at(item.when, trace, j)
                                        for j in range(1, self.n + 1))

    def failed_by(self, item: RefItem, trace: Trace, j: int) -> bool:
        return any(not self._holds_at(item, trace, i) for i in range(1, j + 1))

    def applied_by(self, item: RefItem, trace: Trace, j: int) -> bool:
        return item.when is None or any(self.at(item.when, trace, i) for i in range(1, j + 1))

    # -- statuses -----------------------------------------------------------------------
    def status(self, item: RefItem) -> tuple[str, str | None]:
        comps = self.completions()
        phi = [self.phi(item, c) for c in comps]
        applies = [self.applies(item, c) for c in comps]
        if item.kind == "precondition":
            if not any(applies):
                return "not_applicable", None
            if all(phi):
                return "met", None
            if all(applies):
                return "unmet", "contradicted" if not any(phi) else "unaddressed"
            return "open", None
        if item.kind == "demand" and item.when is not None and not any(applies):
            return "not_applicable", None
        if all(phi):
            return ("satisfied" if item.kind == "red_line" else "met"), None
        if not any(phi):
            return ("violated" if item.kind == "red_line" else "unmet"), None
        return "open", None

    def stage(self, item: RefItem) -> int | None:
        """The stage a status names (1-based), or None."""
        status, detail = self.status(item)
        comps = self.completions()
        if status == "violated" or detail == "contradicted":
            test = self.failed_by
        elif detail == "unaddressed":
            test = self.applied_by
        else:
            return None
        return next((j for j in range(1, self.n + 1) if all(test(item, c, j) for c in comps)),
                    None)

    def claim(self, item: RefItem, status: str, detail: str | None) -> Callable[[Trace], bool]:
        """The property of every completion that a status claims (what its why forces)."""
        if status == "not_applicable":
            return lambda c: not self.applies(item, c)
        if status in ("satisfied", "met"):
            return lambda c: self.phi(item, c)
        if status == "unmet" and detail == "unaddressed":
            return lambda c: self.applies(item, c)
        return lambda c: not self.phi(item, c)

    def forces(self, facts: Iterable[Fact], test: Callable[[Trace], bool]) -> bool:
        """Whether every completion under only ``facts`` passes ``test``."""
        return all(test(c) for c in self.completions(facts))

    # -- verdicts and scores ---------------------------------------------------------------
    def party_verdict(self, party: str) -> str:
        hard = [self.status(i) for i in self.ws.items
                if i.party == party and i.kind != "demand"]
        if any(s == "violated" or d == "contradicted" for s, d in hard):
            return "incompatible"
        if any(s in ("open", "unmet") for s, _ in hard):
            return "conditional"
        return "compatible"

    def demand_score(self, party: str) -> int:
        """The weight of the party's demands whose A ∧ Φ is entailed."""
        comps = self.completions()
        return sum(item.score for item in self.ws.items
                   if item.party == party and item.kind == "demand"
                   and all(self.applies(item, c) and self.phi(item, c) for c in comps))

    def joint(self, items: Sequence[RefItem]) -> bool:
        """Whether some completion keeps Φ of every one of ``items``."""
        return any(all(self.phi(i, c) for i in items) for c in self.completions())

    def proposal_verdict(self) -> str:
        verdicts = [self.party_verdict(p) for p in self.ws.parties()]
        if "incompatible" in verdicts:
            return "incompatible"
        if all(v == "compatible" for v in verdicts):
            return "compatible"
        return "completable" if self.joint(self.ws.hard()) else "deadlocked"

    # -- facts by name ------------------------------------------------------------------
    def settlement(self, term: str, first: int) -> Fact | None:
        return next((f for f in self.facts if f.kind == "term" and f.name == term
                     and f.first == first), None)

    def clause(self, clause_id: str) -> Fact | None:
        return next((f for f in self.facts if f.kind == "clause" and f.name == clause_id),
                    None)

    def rule(self, rule_id: str) -> Fact | None:
        return next((f for f in self.facts if f.kind == "rule" and f.name == rule_id), None)
