"""The solver-backed part of ``validate``: what is wrong with a position as logic.

Each party's questions go to a solver of the party's own, holding only the background rules
they can reach, so a party costs the same however many others the workspace has. Items are
the ones in force today (no ``until``), as ``check`` sees them by default.

- a party whose hard items (red lines and preconditions, each read as ``when → require``)
  cannot all hold together: error, with a minimal set of them;
- an item whose ``when`` can never hold, or whose ``require`` can never hold when its
  ``when`` does: error;
- a precondition whose situation the party's own other hard items rule out: warning (the
  party in effect refuses the situation itself, which may be meant, but is worth a look);
- an item entailed by the party's other hard items (or by the rules alone): warning;
- ``ever(C)`` or ``eventually(C)`` as a whole ``require`` (or a rule's ``then``): warning —
  read at every stage, the first asks for C at the first stage and the second for C at the
  last, which is rarely what is meant (``sometime(C)`` asks for C at some stage).

Questions about positions have no proposal, so no stages of their own. Where a party's
items or the background rules use stage operators, they are asked over a plan of
``HORIZON`` stages — enough for ``before`` and ``eventually`` to mean something — and
otherwise over one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..compiled import CompiledItem
from ..conditions.evaluate import compile_total
from ..conditions.ground import at_stage, every_stage, some_stage
from ..conditions.tree import And, Condition, Not, StageOp, term_names
from ..decide.checker import Checker
from ..decide.propagate import propagate
from ..decide.search import sample_completions
from ..errors import SolverLimit, Span
from ..models import Value
from ..results.findings import Finding

if TYPE_CHECKING:
    from ..solver.oracle import Oracle
    from ..solver.reasoner import Reasoner


def semantic_findings(checker: Checker) -> list[Finding]:
    """Every semantic finding for every party of the workspace."""
    reasoner = checker.reasoner
    found: list[Finding] = _stage_operator_findings(checker)
    staged_rules = any(_staged(r.when) or _staged(r.then) for r in checker.loaded.rules)
    rules: dict[int, _Rules] = {}
    with reasoner.oracle.lock:
        for _party, position in sorted(checker.loaded.positions.items()):
            items = [i for i in position.items if i.spec.until is None]
            stages = HORIZON if staged_rules or any(
                _staged(i.require) or (i.when is not None and _staged(i.when))
                for i in items) else 1
            try:
                reasoner.counter.stop_if_spent()  # before the party's solver is built
                if stages not in rules:
                    rules[stages] = _Rules(checker, stages)
                found += _party_findings(reasoner, rules[stages], items, stages)
            except SolverLimit as exc:
                found.append(undecided(position.span, position.party,
                                       f"{position.party}: semantic checks", exc))
    return found


def undecided(span: Span, subject: str, what: str, limit: SolverLimit) -> Finding:
    """A check the solver gave up on. An error, not a warning: a position that might
    contradict itself must not pass validation because the question was hard."""
    return Finding.at(span, code="undecided", severity="error", subject=subject,
                      message=f"{what} undecided: {limit.cause}",
                      help=f"{limit.remedy} to decide them")


#: How many stages questions about positions are asked over when stage operators appear.
HORIZON = 3


def _staged(condition: Condition) -> bool:
    """Whether ``condition`` uses a stage operator."""
    return at_stage(condition, 1, 1) is not condition


def _stage_operator_findings(checker: Checker) -> list[Finding]:
    found = []
    wholes = [(i.key, i.require, "require") for p in checker.loaded.positions.values()
              for i in p.items]
    wholes += [(f"rule {r.id}", r.then, "then") for r in checker.loaded.rules]
    for subject, condition, field in wholes:
        if isinstance(condition, StageOp) and condition.op in ("ever", "eventually"):
            at = "first" if condition.op == "ever" else "last"
            found.append(Finding.at(
                condition.span, code="stage-operator-as-a-whole", severity="warning",
                subject=subject,
                message=f"{subject}: '{field}: {condition.op}(...)' holds at every stage only "
                        f"if it holds at the {at} stage",
                help="sometime(C) asks for C at some stage of the plan"))
    return found


class _Rules:
    """The background rules of plans of ``stages`` stages, indexed by the terms they
    mention, so that a party's questions can be asked of the rules they reach alone; and a
    few completions of them found without the solver."""

    def __init__(self, checker: Checker, stages: int) -> None:
        reasoner = checker.reasoner
        facts = reasoner.rule_facts(stages)
        self.constraints = [fact.constraint() for fact in facts]
        self.terms = [term_names(c) for c in self.constraints]
        self.mentioning: dict[str, list[int]] = {}
        for index, names in enumerate(self.terms):
            for name in names:
                self.mentioning.setdefault(name, []).append(index)
        try:
            self.consistent = reasoner.consistent(facts)
        except SolverLimit:
            self.consistent = False  # then every question takes every rule: still exact
        self.samples: list[dict[str, Value]] = []
        if checker.strategy.fast_path:
            constraints = checker.index(stages).constraints
            self.samples = sample_completions(propagate([], constraints.implications),
                                              constraints, checker.strategy.samples)

    def reached(self, terms: set[str]) -> tuple[list[Condition], set[str]]:
        """The rules sharing a term with ``terms``, directly or through other rules, and
        every term they and ``terms`` mention."""
        if not self.consistent:
            reached = list(range(len(self.constraints)))
        else:
            seen: set[int] = set()
            todo = list(terms)
            while todo:
                for index in self.mentioning.get(todo.pop(), ()):
                    if index not in seen:
                        seen.add(index)
                        todo += self.terms[index]
            reached = sorted(seen)
        names = set(terms).union(*(self.terms[i] for i in reached))
        return [self.constraints[i] for i in reached], names


def _party_oracle(reasoner: Reasoner, rules: _Rules, conditions: list[Condition]) -> Oracle:
    """A solver of the party's own, holding the rules its questions reach and the domains
    of the terms involved — not every party's items and every rule, which each call on the
    workspace's oracle would pay for, so that validation grew with the square of the
    workspace. Leaving out the other rules changes no answer: they share no term with
    what is kept, and together with it the rules are satisfiable (else every rule is
    kept), so they hold whatever a question asks."""
    from ..solver.oracle import Oracle

    tr = reasoner.tr
    kept, names = rules.reached(set().union(*(term_names(c) for c in conditions)))
    oracle = Oracle(tr, reasoner.timeout_ms, reasoner.counter, attached=False)
    oracle.solver.add(*(d for d in (tr.domain(n) for n in sorted(names)) if d is not None))
    oracle.solver.add(*(tr.condition(c) for c in kept))
    return oracle


def _party_findings(reasoner: Reasoner, rules: _Rules, items: list[CompiledItem],
                    stages: int) -> list[Finding]:
    hard = [i for i in items if i.kind != "demand"]
    every = range(1, stages + 1)
    when = {item.key: some_stage(item.when, every, stages)
            for item in items if item.when is not None}
    both = {item.key: some_stage(item.require if item.when is None else And(
        (item.when, item.require), item.require.span), every, stages) for item in items}
    holds = {item.key: every_stage(item.constraint, every, stages) for item in items}
    oracle = _party_oracle(reasoner, rules, [*when.values(), *both.values(), *holds.values()])
    hard_literals = [oracle.literal_for(("item", i.party, i.id, stages),
                                        reasoner.tr.condition(holds[i.key])) for i in hard]
    fails: dict[str, Condition] = {key: Not(c, c.span) for key, c in holds.items()}
    ask = _Questions(oracle, rules.samples, when, both, fails)
    return _findings(ask, items, hard, hard_literals)


class _Questions:
    """One party's conditions on its oracle: each item's ``when`` and ``when and require``
    holding at some stage, and its Φ failing."""

    def __init__(self, oracle: Oracle, samples: list[dict[str, Value]],
                 when: dict[str, Condition], both: dict[str, Condition],
                 fails: dict[str, Condition]) -> None:
        self.oracle = oracle
        self.samples = samples
        self.when, self.both, self.fails = when, both, fails
        self._rounds = 0
        self._literals = {c: oracle.holds(c) for group in (when, both, fails)
                          for c in group.values()}

    def literal(self, condition: Condition) -> Any:
        return self._literals[condition]

    def possible(self, conditions: dict[str, Condition], given: Sequence[Any] = ()) -> set[str]:
        """The keys of ``conditions`` that can hold (with ``given``): those true in a
        completion of the rules found without the solver, then one solver call for each
        completion needed to show more possible, and one to show the rest cannot hold —
        instead of a call for every condition."""
        import z3

        oracle, tr = self.oracle, self.oracle.tr
        shown = set() if given else {key for key, c in conditions.items()
                                     if any(compile_total(c)(s) for s in self.samples)}
        pending = [key for key in conditions if key not in shown]
        while pending:
            # Switched on by a literal of its own, not asserted in a solver scope: popping
            # a scope costs the solver what it has learnt, more than the calls saved.
            self._rounds += 1
            some = oracle.literal_for(("some of", self._rounds), z3.Or(
                [self.literal(conditions[key]) for key in pending]))
            if not oracle.solver.check(some, *given):
                break
            model = oracle.solver.model()
            now = {key for key in pending if z3.is_true(
                model.eval(tr.condition(conditions[key]), model_completion=True))}
            assert now, "a model of a disjunction of literals satisfies one of them"
            shown |= now
            pending = [key for key in pending if key not in now]
        return shown


def _names(items: Sequence[CompiledItem]) -> str:
    return ", ".join(item.key for item in items)


def _members(core: Sequence[Any] | None, pairs: Sequence[tuple[CompiledItem, Any]]
             ) -> list[CompiledItem]:
    chosen = {lit.get_id() for lit in core or ()}
    return [item for item, lit in pairs if lit.get_id() in chosen]


def _findings(ask: _Questions, items: list[CompiledItem], hard: list[CompiledItem],
              hard_literals: list[Any]) -> list[Finding]:
    oracle = ask.oracle
    found: list[Finding] = []
    impossible: set[str] = set()
    can_apply = ask.possible(ask.when)
    applying = {i.key for i in items if i.when is None or i.key in can_apply}
    can_hold = ask.possible({key: ask.both[key] for key in ask.both if key in applying})
    for item in items:
        if item.when is not None and item.key not in can_apply:
            impossible.add(item.key)
            found.append(Finding.at(
                item.when.span, code="when-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'when' can never hold under the background rules: "
                        f"{item.when_text}"))
            continue
        if item.key not in can_hold:
            impossible.add(item.key)
            under = " when 'when' holds" if item.when is not None else ""
            found.append(Finding.at(
                item.require.span, code="require-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'require' can never hold{under} under the background "
                        f"rules: {item.require_text}"))

    pairs = list(zip(hard, hard_literals, strict=True))
    if hard and not oracle.satisfiable(hard_literals):
        members = _members(oracle.minimal_core([], hard_literals), pairs)
        first = members[0] if members else hard[0]
        found.append(Finding.at(
            first.span, code="position-contradicts-itself", severity="error",
            subject=first.party,
            message=f"{first.party}'s hard items cannot all hold together: {_names(members)}",
            help="a minimal set: drop or reword one of them"))
        return found  # everything follows from a contradiction: redundancy means nothing

    # What holds together with every hard item holds with every other one: shown so, a
    # situation or a demand's failure needs no question of its own.
    preconditions = [i for i in hard if i.kind == "precondition" and i.key not in impossible]
    applicable = ask.possible({i.key: ask.when[i.key] for i in preconditions}, hard_literals)
    for item in preconditions:
        assert item.when is not None
        others = [lit for other, lit in pairs if other is not item]
        situation = ask.literal(ask.when[item.key])
        if item.key in applicable or oracle.satisfiable([situation, *others]):
            continue
        blockers = _members(oracle.minimal_core([situation], others), pairs)
        impossible.add(item.key)  # and so trivially redundant: said once is enough
        found.append(Finding.at(
            item.when.span, code="precondition-never-applies", severity="warning",
            subject=item.key,
            message=f"{item.key}: the party's own items {_names(blockers)} rule out its "
                    f"situation ({item.when_text}), so it never applies"))

    failable = ask.possible({i.key: ask.fails[i.key] for i in items
                             if i.kind == "demand" and i.key not in impossible},
                            hard_literals)
    redundant: set[str] = set()
    # Later items are checked first, so of two equivalent items the later one is reported.
    for item in reversed(items):
        if item.key in impossible or item.key in failable:
            continue
        premises = [(o, lit) for o, lit in pairs if o is not item and o.key not in redundant]
        failing = ask.literal(ask.fails[item.key])
        if oracle.satisfiable([failing, *(lit for _, lit in premises)]):
            continue
        redundant.add(item.key)
        by = _members(oracle.minimal_core([failing], [lit for _, lit in premises]), premises)
        reason = f"follows from {_names(by)}" if by else "always holds under the background rules"
        found.append(Finding.at(
            item.span, code="redundant-item", severity="warning", subject=item.key,
            message=f"{item.key} is redundant: it {reason}"))
    return found
