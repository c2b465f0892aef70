"""The cheapest concessions: every minimal correction set of the hard items, cheapest first.

A *concession* is a set of hard items (red lines, preconditions) whose dropping makes the
rest jointly possible — in a scenario, or for a proposal's settled terms. The minimal ones
are the minimal correction sets (MCSes). Demands never block a deal, so they never appear.

Cost is lexicographic: fewer items first, then fewer red lines (a precondition is a cheaper
thing to give up than a red line), then the items' names, so the order is total and stable.
The enumeration visits the cost levels in that order on the oracle's solver, going straight
to the cheapest level left (``_cheapest``, by MaxSAT): at level (k items, r red lines) it
asks for an assignment violating exactly k hard items, r of them red lines, that violates no
earlier concession in full; each answer's violated items are a correction set, and it is
minimal because every cheaper level is already exhausted (a proper subset costs less). Each
answer is then blocked. When nothing unblocked remains the list is
complete. So the first ``limit`` concessions come out in cost order without ever
enumerating the rest — not even the rest of a level: independent conflicts multiply the sets
of equal cost (twenty two-way clashes make 2**20 of them), so a limit that cuts through a
level takes the first sets the solver finds there, then sorts those by name.
"""

from __future__ import annotations

import ctypes
import datetime as dt
from collections.abc import Sequence
from typing import Any

import z3

from ..compiled import CompiledItem, CompiledProposal
from ..decide.checker import Checker
from ..errors import SolverLimit
from ..results.analysis import ConcessionReport
from ..results.check import ItemRef
from ..solver.backend import Solver, ast_array
from .scenario import Situation, item_ref, limit_message, proposal_ref, situation


def minimal_correction_sets(where: Situation, limit: int | None = None
                            ) -> tuple[list[list[CompiledItem]], bool, bool]:
    """The MCSes of ``where.items`` cheapest first; also (complete, limit_hit).

    Raises ``SolverLimit`` when a solver call times out.
    """
    reasoner = where.reasoner
    oracle = reasoner.oracle
    items = where.items
    fixed = [*where.rule_literals, *where.scenario_literals, *where.fact_literals]
    with oracle.lock:
        if oracle.satisfiable([*fixed, *(where.item_literal(i) for i in items)]):
            return [], True, False
        ctx = reasoner.tr.ctx
        holds = [where.item_formula(item) for item in items]
        violated = [reasoner.tr.negate(formula) for formula in holds]
        reds = [i for i, item in enumerate(items) if item.kind == "red_line"]
        found: list[list[CompiledItem]] = []
        solver = oracle.solver
        reds_violated = [violated[i] for i in reds]
        reds_holding = [holds[i] for i in reds]
        blocked: list[Any] = []  # a clause per concession found: none may be found again
        with solver.scope():
            while True:
                if limit is not None and len(found) > limit:
                    return found[:limit], False, True
                if not solver.check(*fixed):
                    return found, True, False
                if limit is not None and len(found) == limit:
                    return found, False, True
                size, red_count = _cheapest(oracle, fixed, (holds, violated),
                                            (reds_holding, reds_violated), blocked)
                wanted = None if limit is None else limit - len(found)
                level = _level(oracle, fixed, violated, reds, size, red_count, ctx, wanted)
                for chosen in level:
                    blocked.append(z3.Or([z3.Not(violated[i]) for i in chosen]))
                    solver.add(blocked[-1])
                found += [[items[i] for i in chosen] for chosen in sorted(
                    level, key=lambda c: sorted(items[i].key for i in c))]


Formulas = tuple[Sequence[Any], Sequence[Any]]  # items holding, and the same violated


def _cheapest(oracle: Any, fixed: Sequence[Any], items: Formulas, reds: Formulas,
              blocked: Sequence[Any]) -> tuple[int, int]:
    """The cheapest level (k items, r red lines) that still holds a correction set, found
    by lexicographic MaxSAT (z3's core-guided optimiser) over what ``fixed`` switches on
    and what is ``blocked`` already (only that: the oracle holds every literal any
    question made).

    Every cheaper level is empty; asking each in turn was one unsatisfiable cardinality
    call per level, and each is a pigeonhole problem when conflicts are independent
    ("these twenty clashes cannot be settled by dropping nineteen items"), which z3 can
    take minutes over — where the optimiser's cores, one per clash, settle it at once."""
    optimiser = Solver(oracle.ctx, oracle.solver.timeout_ms, oracle.solver.counter,
                       optimize=True)
    optimiser.add(*oracle.tr.domains, *(oracle.constraint_of(lit) for lit in fixed), *blocked)
    for formula in items[0]:
        optimiser.add_soft(formula, 1, "fewest-items")
    for formula in reds[0]:
        optimiser.add_soft(formula, 1, "fewest-red-lines")
    found = optimiser.check()
    assert found, "the caller has shown a correction set is left"
    truths = oracle.tr.truths(optimiser.model(), [*items[1], *reds[1]])
    return sum(truths[:len(items[1])]), sum(truths[len(items[1]):])


def _exactly(literals: Sequence[Any], count: int, ctx: Any) -> Any:
    """``count`` of ``literals`` hold: z3's ``PbEq`` made through the C API directly, since
    ``z3.PbEq`` re-checks every argument in Python and on a thousand items that check,
    repeated at every cost level, was most of the time spent."""
    size = len(literals)
    ones = (ctypes.c_int * size)(*([1] * size))
    return z3.BoolRef(z3.Z3_mk_pbeq(ctx.ref(), size, ast_array(literals), ones, count), ctx)


def _level(oracle: Any, fixed: Sequence[Any], violated: Sequence[Any], reds: Sequence[int],
           size: int, red_count: int, ctx: Any, wanted: int | None) -> list[tuple[int, ...]]:
    """Every correction set with exactly ``size`` items, ``red_count`` of them red lines,
    containing no concession already blocked — or, with ``wanted``, one more than that many
    (the extra one only shows the level holds more), since independent conflicts multiply
    the sets of one level and a caller with a limit must not wait for all of them."""
    solver = oracle.solver
    with solver.scope():
        solver.add(_exactly(violated, size, ctx))
        solver.add(_exactly([violated[i] for i in reds], red_count, ctx) if reds
                   else z3.BoolVal(red_count == 0, ctx))
        level: list[tuple[int, ...]] = []
        while (wanted is None or len(level) <= wanted) and solver.check(*fixed):
            truths = oracle.tr.truths(solver.model(), violated)
            chosen = tuple(i for i, true in enumerate(truths) if true)
            level.append(chosen)
            solver.add(z3.Or([z3.Not(violated[i]) for i in chosen]))
        return level


def find_concessions(checker: Checker, proposal: CompiledProposal | None = None, *,
                     given: str | None = None, parties: Sequence[str] | None = None,
                     as_of: dt.date | None = None, limit: int | None = None
                     ) -> ConcessionReport:
    """The cheapest concessions that make a deal possible for a proposal or in a scenario."""
    workspace, reasoner = checker.loaded, checker.reasoner
    with reasoner.oracle.lock:
        note = None
        try:
            where = situation(workspace, reasoner, proposal, given, parties, as_of)
            sets, complete, limit_hit = minimal_correction_sets(where, limit)
        except SolverLimit as exc:
            sets, complete, limit_hit = [], False, False
            note = limit_message(exc)
    return ConcessionReport(complete=complete, limit_hit=limit_hit, given=given,
                            proposal=proposal_ref(proposal), as_of=as_of,
                            concessions=[as_refs(s) for s in sets], note=note)


def as_refs(items: Sequence[CompiledItem]) -> list[ItemRef]:
    """A concession as item references, grouped by party."""
    return [item_ref(i) for i in sorted(items, key=lambda i: (i.party, i.id))]
