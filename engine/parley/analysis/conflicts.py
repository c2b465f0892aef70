"""Every minimal conflict: MARCO enumeration of minimal unsatisfiable subsets on the oracle.

The *seeds* are the hard items (each ``when → require`` behind its assumption literal) and,
against a proposal, its settled terms; the background rules and a scenario are fixed. A
minimal unsatisfiable subset (MUS) of the seeds is a conflict.

MARCO keeps a *map* (a small SAT solver over one boolean per seed) of the subsets not yet
explored. Each round takes an unexplored subset, grown to be maximal in the map; if the
oracle finds it satisfiable it is a maximal satisfiable subset (nothing can be added without
containing a known MUS), and every subset of it is blocked; otherwise it is shrunk to a MUS
(``Oracle.minimal_core``, QuickXplain) and every superset is blocked. When the map is
empty, every MUS has been found: the enumeration is exact and complete.

Seeds that share no term, directly or through a background rule or the scenario, cannot
take part in one MUS (a MUS is connected: a part sharing nothing with the rest would be
unsatisfiable alone). So the seeds are split into such components first and each is
enumerated on its own, which keeps the number of maximal satisfiable subsets — the
product over components otherwise — small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from ..algorithms import UnionFind
from ..compiled import CompiledProposal, LoadedWorkspace
from ..conditions.tree import Condition, term_names
from ..decide.checker import Checker
from ..errors import SolverLimit
from ..facts import ClauseFact, Fact, TermFact
from ..results.analysis import (
    Clash,
    ClauseMember,
    Conflict,
    ConflictReport,
    ItemMember,
    TermMember,
)
from ..solver.backend import Solver
from ..solver.oracle import Oracle
from .scenario import Situation, item_member, limit_message, proposal_ref, situation


@dataclass(frozen=True)
class Seed:
    """One member a conflict can have: its assumption literal and the terms it mentions."""

    literal: Any
    terms: frozenset[str]


@dataclass
class Enumeration:
    muses: list[tuple[int, ...]] = field(default_factory=list)
    complete: bool = True
    limit_hit: bool = False
    note: str | None = None


def components(seeds: Sequence[Seed], links: Sequence[frozenset[str]]) -> list[list[int]]:
    """Seed indices grouped by the terms they share, directly or through ``links``.

    >>> s = [Seed(None, frozenset({"a"})), Seed(None, frozenset({"b"})),
    ...      Seed(None, frozenset({"c"}))]
    >>> components(s, [frozenset({"a", "c"})])
    [[0, 2], [1]]
    """
    sets = UnionFind()
    for terms in [*(seed.terms for seed in seeds), *links]:
        sets.union(terms)
    groups: dict[object, list[int]] = {}
    for index, seed in enumerate(seeds):
        # A seed that mentions no term (a constant condition) stands alone.
        key = sets.find(min(seed.terms)) if seed.terms else f"#{index}"
        groups.setdefault(key, []).append(index)
    return sorted(groups.values())


def enumerate_muses(oracle: Oracle, fixed: Sequence[Any], seeds: Sequence[Seed],
                    links: Sequence[frozenset[str]], limit: int | None = None) -> Enumeration:
    """Every minimal subset of ``seeds`` that with ``fixed`` is unsatisfiable.

    Stops after ``limit`` MUSes (``limit_hit``), or when the solver hits its time limit
    (``complete`` false, with the reason in ``note``).
    """
    result = Enumeration()
    with oracle.lock:
        for group in components(seeds, links):
            try:
                found = _marco(oracle, list(fixed), [seeds[i].literal for i in group],
                               None if limit is None else limit - len(result.muses))
            except SolverLimit as exc:
                result.complete = False
                result.note = limit_message(exc)
                return result
            result.muses.extend(tuple(sorted(group[i] for i in mus)) for mus in found[0])
            if not found[1]:
                result.complete = False
                result.limit_hit = True
                return result
    return result


def _marco(oracle: Oracle, fixed: list[Any], literals: list[Any], limit: int | None
           ) -> tuple[list[tuple[int, ...]], bool]:
    """MUSes of ``literals`` (as indices) and whether the enumeration finished."""
    count = len(literals)
    if oracle.satisfiable([*fixed, *literals]):
        return [], True
    ctx = z3.Context()
    # The map is pure propositional bookkeeping over the seeds: no time limit is needed.
    mapper = Solver(ctx, None, oracle.solver.counter)
    chosen = [z3.Bool(f"s{i}", ctx) for i in range(count)]
    muses: list[tuple[int, ...]] = []
    known: list[frozenset[int]] = []
    position = {literal.get_id(): i for i, literal in enumerate(literals)}
    while mapper.check():
        model = mapper.model()
        seed = {i for i in range(count)
                if z3.is_true(model.eval(chosen[i], model_completion=True))}
        # Grow within the map: add what does not complete a known MUS. Blocked-down
        # clauses are positive, so adding never leaves the map.
        for i in range(count):
            if i not in seed and not any(mus <= seed | {i} for mus in known):
                seed.add(i)
        ordered = sorted(seed)
        core = oracle.minimal_core(fixed, [literals[i] for i in ordered])
        if core is None:
            # Maximal among the sets containing no known MUS, and satisfiable: an MSS.
            mapper.add(z3.Or([chosen[i] for i in range(count) if i not in seed] or
                             [z3.BoolVal(False, ctx)]))
            continue
        if limit is not None and len(muses) >= limit:
            return muses, False  # one more than asked for exists
        mus = tuple(sorted(position[c.get_id()] for c in core))
        muses.append(mus)
        known.append(frozenset(mus))
        mapper.add(z3.Or([z3.Not(chosen[i]) for i in mus]))
    return muses, True


_LABEL_ORDER = {"within-party": 0, "proposal-vs-party": 1, "cross-party": 2}
_KIND = {"red_line": "red line", "precondition": "precondition", "demand": "demand"}


def find_conflicts(checker: Checker, proposal: CompiledProposal | None = None, *,
                   given: str | Condition | None = None, parties: Sequence[str] | None = None,
                   as_of: dt.date | None = None, limit: int | None = None) -> ConflictReport:
    """Every minimal conflict among the hard items in a scenario or against a proposal."""
    workspace, reasoner = checker.loaded, checker.reasoner
    calls_before = reasoner.oracle.calls
    with reasoner.oracle.lock:
        try:
            where = situation(workspace, reasoner, proposal, given, parties, as_of)
        except SolverLimit as exc:
            return ConflictReport(complete=False, given=given if isinstance(given, str) else
                                  None, proposal=proposal_ref(proposal),
                                  parties=list(parties or []), as_of=as_of,
                                  note=limit_message(exc))
        seeds = [Seed(where.item_literal(item),
                      frozenset(term_names(item.require) |
                                (term_names(item.when) if item.when is not None else set())))
                 for item in where.items]
        seeds += [Seed(literal, _fact_terms(fact))
                  for literal, fact in zip(where.fact_literals, where.facts, strict=True)]
        found = enumerate_muses(reasoner.oracle, [*where.rule_literals, *where.scenario_literals],
                                seeds, where.linked_terms(), limit)
        conflicts = [_conflict(workspace, where, proposal, seeds, mus) for mus in found.muses]
    conflicts.sort(key=lambda c: (_LABEL_ORDER[c.label], len(c.members),
                                  [_member_key(m) for m in c.members]))
    return ConflictReport(
        complete=found.complete, limit_hit=found.limit_hit, given=where.given_text,
        proposal=proposal_ref(proposal), parties=list(parties or []), as_of=as_of,
        conflicts=conflicts, clashes=group_clashes(conflicts, where.given_text),
        note=found.note,
        solver_calls=reasoner.oracle.calls - calls_before)


def group_clashes(conflicts: Sequence[Conflict], given: str | None) -> list[Clash]:
    """The conflicts grouped by their exact set of items, in the order they first appear:
    one clash of positions each, with every minimal set of proposal facts triggering it."""
    groups: dict[tuple[str, ...], list[Conflict]] = {}
    for conflict in conflicts:
        keys = tuple(sorted(m.key for m in conflict.members if isinstance(m, ItemMember)))
        groups.setdefault(keys, []).append(conflict)
    clashes = []
    for members in groups.values():
        items = [m for m in members[0].members if isinstance(m, ItemMember)]
        triggers = [[m for m in c.members if not isinstance(m, ItemMember)] for c in members]
        terms = sorted({t for c in members for t in c.terms})
        rules = sorted({r for c in members for r in c.rules})
        summary = members[0].summary
        if any(triggers):
            # Said of the items alone: the triggering facts are listed under the clash.
            summary = _summary(items, terms, rules, given).replace(
                " hold", " hold given the proposal's facts", 1)
        clashes.append(Clash(label=members[0].label, items=items,
                             triggers=[t for t in triggers if t], summary=summary,
                             terms=terms, rules=rules))
    return clashes


def _fact_terms(fact: Fact) -> frozenset[str]:
    """The terms a proposal fact is about, whatever the stage."""
    if isinstance(fact, TermFact):
        return frozenset({fact.term})
    assert isinstance(fact, ClauseFact)
    return frozenset(name.partition("@")[0] for name in term_names(fact.constraint()))


def _member_key(member: ItemMember | TermMember | ClauseMember) -> str:
    return member.key if isinstance(member, ItemMember) else f"~{member.key}"


def _conflict(workspace: LoadedWorkspace, where: Situation, proposal: CompiledProposal | None,
              seeds: Sequence[Seed], mus: tuple[int, ...]) -> Conflict:
    members: list[ItemMember | TermMember | ClauseMember] = []
    for index in mus:
        if index < len(where.items):
            members.append(item_member(workspace, where.items[index]))
            continue
        fact = where.facts[index - len(where.items)]
        if isinstance(fact, TermFact):
            members.append(TermMember(term=fact.term, value=fact.value, location=fact.span,
                                      stage=fact.stage))
        elif isinstance(fact, ClauseFact):
            clause = fact.clause
            members.append(ClauseMember(clause=clause.id, text=clause.spec.text,
                                        when=clause.when_text, then=clause.then_text,
                                        stage=fact.stage, location=clause.span))
    members.sort(key=_member_key)
    # Which background rules the clash goes through: a minimal set of them.
    oracle = where.reasoner.oracle
    try:
        core = oracle.minimal_core([*where.scenario_literals,
                                    *(seeds[i].literal for i in mus)], where.rule_literals) or []
    except SolverLimit:
        core = []  # the conflict stands; only the rules it goes through are left unnamed
    rules = sorted(oracle.fact_of(c).id for c in core)
    term_sets = [seeds[i].terms for i in mus]
    term_sets += [frozenset(term_names(r.when) | term_names(r.then))
                  for r in workspace.rules if r.id in rules]
    counts: dict[str, int] = {}
    for group in term_sets:
        for name in group:
            counts[name] = counts.get(name, 0) + 1
    shared = sorted(name for name, count in counts.items() if count > 1) or sorted(
        {name for group in term_sets for name in group})
    parties = {m.party for m in members if isinstance(m, ItemMember)}
    label = ("proposal-vs-party" if any(not isinstance(m, ItemMember) for m in members)
             else "within-party" if len(parties) == 1 else "cross-party")
    return Conflict(label=label, members=members,  # type: ignore[arg-type]
                    summary=_summary(members, shared, rules, where.given_text),
                    terms=shared, rules=rules)


def _summary(members: Sequence[ItemMember | TermMember | ClauseMember], terms: Sequence[str],
             rules: Sequence[str], given: str | None) -> str:
    """One plain sentence: who clashes with whom, on what."""
    names = []
    for member in members:
        if isinstance(member, ItemMember):
            names.append(f"{member.party}'s {_KIND[member.kind]} {member.id}")
        elif isinstance(member, ClauseMember):
            names.append(f"the proposal's clause {member.clause}")
        else:
            at = f" (from {member.stage})" if member.stage else ""
            names.append(f"the proposal's {member.term} = {_show(member.value)}{at}")
    if len(names) == 1:
        who = f"{names[0]} cannot hold"
    else:
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        who = f"{joined} cannot {'both' if len(names) == 2 else 'all'} hold"
    scenario = f" when {given}" if given else ""
    through = f" (through background rule{'s' if len(rules) > 1 else ''} " \
              f"{', '.join(rules)})" if rules else ""
    return f"{who}{scenario}: they clash on {', '.join(terms)}{through}."


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
