"""``parley diff``: what a change to the workspace does to every verdict, and to each position.

Two questions, both exact:

1. For every proposal (matched by id) and every party: did the party's verdict, the
   proposal's verdict or any item's status change between OLD and NEW?
2. For every party whose position file changed: is the new position *stricter* (it allows
   fewer worlds), *looser*, *equivalent* or *incomparable* — comparing the worlds each
   position's red lines and preconditions allow under the background rules — and which
   concrete proposal shows it: a minimal set of settled terms under which one side's
   position is incompatible (some hard item refuted) and the other's is not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from ..compiled import CompiledItem, CompiledProposal
from ..conditions.ground import at_stage
from ..decide.check import check
from ..decide.checker import Checker
from ..errors import InputError, Span
from ..models import Value
from ..proposals import proposal_from_mapping
from ..results.check import CheckResult, ItemRef
from ..results.diff import (
    DiffReport,
    ItemChange,
    PartyChange,
    PositionChange,
    ProposalDiff,
    Relation,
    Witness,
)

#: Maps a place in a compared workspace to the place to show (same line and column).
Relabel = Callable[[Span], Span]


def _same(span: Span) -> Span:
    return span


def _relabelled(relabel: Relabel, span: Span | None) -> Span | None:
    return None if span is None else relabel(span)


def _relabelled_path(relabel: Relabel, path: str | None) -> str | None:
    return None if path is None else relabel(Span(path, 0, 0)).file


def diff(old: Checker, new: Checker, *, old_label: str = "old", new_label: str = "new",
         relabel_old: Relabel = _same, relabel_new: Relabel = _same) -> DiffReport:
    """Compare two loaded workspaces. ``relabel_*`` map the places in each for display (a
    workspace copied out of git shows its files under their repository paths)."""
    olds = _proposals(old)
    news = _proposals(new)
    diffs: list[ProposalDiff] = []
    unchanged: list[str] = []
    for pid in sorted(set(olds) | set(news)):
        before = check(old, olds[pid]) if pid in olds else None
        after = check(new, news[pid]) if pid in news else None
        found = _proposal_diff(pid, before, after, relabel_old, relabel_new,
                               olds.get(pid), news.get(pid))
        if found.flipped or found.parties or found.note:
            diffs.append(found)
        else:
            unchanged.append(pid)
    positions = []
    for party in sorted(set(old.loaded.positions) | set(new.loaded.positions)):
        change = compare_positions(old, new, party)
        if change is not None:
            position = (new.loaded.positions.get(party) or old.loaded.positions[party])
            relabel = relabel_new if party in new.loaded.positions else relabel_old
            positions.append(change.model_copy(update={"location": relabel(position.span)}))
    return DiffReport(old=old_label, new=new_label, proposals=diffs, unchanged=unchanged,
                      positions=positions)


def _proposals(ws: Checker) -> dict[str, CompiledProposal]:
    out: dict[str, CompiledProposal] = {}
    errors: list[Any] = []
    for path in ws.loaded.proposal_paths:
        try:
            proposal = ws.proposal(path)
        except InputError as exc:
            errors += exc.diagnostics
            continue
        out.setdefault(proposal.id, proposal)
    if errors:
        raise InputError(errors)
    return out


def _status(item: Any) -> str:
    return f"{item.status} ({item.detail})" if item.detail and item.status == "unmet" \
        else item.status


def _proposal_diff(pid: str, before: CheckResult | None, after: CheckResult | None,
                   relabel_old: Relabel, relabel_new: Relabel,
                   old_proposal: CompiledProposal | None,
                   new_proposal: CompiledProposal | None) -> ProposalDiff:
    note = None
    if before is None:
        note = "proposal added"
    elif after is None:
        note = "proposal removed"
    elif old_proposal and new_proposal and old_proposal.terms != new_proposal.terms:
        note = "the proposal's terms changed"
    parties = []
    names = sorted({p.party for r in (before, after) if r for p in r.parties})
    for name in names:
        was = next((p for p in before.parties if p.party == name), None) if before else None
        now = next((p for p in after.parties if p.party == name), None) if after else None
        old_items = {i.id: i for i in was.items} if was else {}
        new_items = {i.id: i for i in now.items} if now else {}
        changes = []
        for item_id in sorted(set(old_items) | set(new_items), key=lambda i: (
                i not in new_items, list(new_items).index(i) if i in new_items else 0)):
            a, b = old_items.get(item_id), new_items.get(item_id)
            sa, sb = (_status(a) if a else None), (_status(b) if b else None)
            if sa != sb:
                ref = b or a
                assert ref is not None
                changes.append(ItemChange(
                    party=name, id=item_id, kind=ref.kind, old=sa, new=sb,
                    location=_relabelled(relabel_new if b else relabel_old, ref.location)))
        old_verdict = was.verdict if was else None
        new_verdict = now.verdict if now else None
        if changes or old_verdict != new_verdict:
            location = changes[0].location if changes else None
            parties.append(PartyChange(party=name, old_verdict=old_verdict,
                                       new_verdict=new_verdict, items=changes,
                                       location=location))
    path = after.proposal.path if after else before.proposal.path if before else None
    relabel = relabel_new if after else relabel_old
    return ProposalDiff(id=pid, path=_relabelled_path(relabel, path), parties=parties, note=note,
                        old_verdict=before.verdict if before else None,
                        new_verdict=after.verdict if after else None)


def compare_positions(old: Checker, new: Checker, party: str) -> PositionChange | None:
    """How ``party``'s position moved from ``old`` to ``new``; None when its file is the same.

    The worlds compared are total assignments that satisfy the new background rules; a
    position allows a world when every hard item (``when → require``) holds in it.
    """
    was, now = old.loaded.positions.get(party), new.loaded.positions.get(party)
    if was is None or now is None:
        return PositionChange(party=party, relation="added" if was is None else "removed")
    if was.spec == now.spec:
        return None
    from ..conditions.tree import term_names

    old_items = [i for i in was.items_as_of(None) if i.kind != "demand"]
    new_items = [i for i in now.items_as_of(None) if i.kind != "demand"]
    used: set[str] = set()
    for item in [*old_items, *new_items]:
        used |= term_names(item.require) | (term_names(item.when) if item.when else set())
    changed = sorted(t for t in used if t in old.loaded.terms and t in new.loaded.terms
                     and old.loaded.terms[t] != new.loaded.terms[t])
    if changed:
        return PositionChange(party=party, relation="not-comparable",
                              note=f"the definition of {', '.join(changed)} changed")
    return _compare(old, new, party, old_items, new_items)


def _compare(old: Checker, new: Checker, party: str, old_items: Sequence[CompiledItem],
             new_items: Sequence[CompiledItem]) -> PositionChange:
    import z3

    from ..errors import SolverLimit
    from ..solver.oracle import Oracle
    from ..solver.translate import Translator

    terms = {**old.loaded.terms, **new.loaded.terms}
    tr = Translator(terms)
    oracle = Oracle(tr, new.limits.solver_timeout_ms)

    def holds(item: CompiledItem) -> Any:
        return tr.condition(at_stage(item.constraint, 1, 1))

    rules = oracle.literal_for(("rules",), z3.And([tr.condition(at_stage(r.constraint, 1, 1))
                                                   for r in new.loaded.rules] or [z3.BoolVal(True,
                                                                                     tr.ctx)]))
    sides = {"old": old_items, "new": new_items}
    allows = {side: oracle.literal_for((side, "all"), z3.And([holds(i) for i in items] or
                                                             [z3.BoolVal(True, tr.ctx)]))
              for side, items in sides.items()}
    forbids = {side: oracle.literal_for((side, "not-all"), z3.Not(z3.And(
        [holds(i) for i in items] or [z3.BoolVal(True, tr.ctx)]))) for side, items in
        sides.items()}
    witnesses = []
    try:
        sides_in_turn: tuple[tuple[Literal["old", "new"], str], ...] = (
            ("old", "new"), ("new", "old"))
        for allowed, other in sides_in_turn:
            world = oracle.model([rules, allows[allowed], forbids[other]])
            if world is None:
                continue
            witnesses.append(_witness(old, new, party, oracle, tr, rules, world, allowed,
                                      sides[other], holds))
    except SolverLimit as exc:
        return PositionChange(party=party, relation="not-comparable",
                              note=f"solver limit ({exc.reason})")
    kinds = {w.allowed_by for w in witnesses}
    relation: Relation = ("equivalent" if not kinds else "incomparable" if len(kinds) == 2
                          else "stricter" if kinds == {"old"} else "looser")
    return PositionChange(party=party, relation=relation, witnesses=witnesses)


def _witness(old: Checker, new: Checker, party: str, oracle: Any, tr: Any, rules: Any,
             world: dict[str, Value], allowed: Literal["old", "new"],
             other_items: Sequence[CompiledItem], holds: Any) -> Witness:
    """A minimal part of ``world`` under which one of the other side's items is refuted."""
    import z3

    broken = next(i for i in other_items
                  if z3.is_false(z3.simplify(z3.substitute(holds(i), *[
                      (tr.var(name), tr.encode(name, value)) for name, value in world.items()]))))
    item_lit = oracle.literal_for(("item", allowed, broken.key), holds(broken))
    names = sorted(world)
    candidates = [oracle.term(name, world[name]) for name in names]
    core = oracle.minimal_core([rules, item_lit], candidates) or []
    chosen = {fact.term: fact.value for fact in map(oracle.fact_of, core)}
    verdicts: dict[str, str | None] = {}
    for side, ws in (("old", old), ("new", new)):
        try:
            verdicts[side] = check(ws, proposal_from_mapping(chosen, ws.loaded)).party(
                party).verdict
        except (InputError, KeyError):
            verdicts[side] = None
    return Witness(terms=dict(sorted(chosen.items())), allowed_by=allowed,
                   violates=ItemRef(party=broken.party, id=broken.id, kind=broken.kind,
                                    text=broken.spec.text),
                   old_verdict=verdicts["old"], new_verdict=verdicts["new"])
