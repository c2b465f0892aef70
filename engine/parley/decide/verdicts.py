"""Verdicts from item statuses: a party's, and how each verdict depends on the items marked
uncertain (design.md, "Robustness")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import combinations

from ..compiled import CompiledItem, LoadedWorkspace
from ..errors import SolverLimit
from ..results.check import (
    ItemRef,
    ItemResult,
    PartyResult,
    PartyVerdict,
    ProposalVerdict,
    Robustness,
)
from .checker import Checker
from .decider import Decider


def party_verdict(items: Sequence[ItemResult]) -> PartyVerdict:
    if not items:
        return "no_position"
    hard = [i for i in items if i.hard]
    if any(i.decides for i in hard):
        return "incompatible"
    # An undecided hard item may be violated: saying 'conditional' could be wrong.
    if any(i.status == "unknown" for i in hard):
        return "unknown"
    if any(i.status == "open" or i.status == "unmet" for i in hard):
        return "conditional"
    return "compatible"


def hard_items(workspace: LoadedWorkspace, as_of: dt.date | None,
               parties: Sequence[str] | None = None) -> list[CompiledItem]:
    """The red lines and preconditions in force on ``as_of``, party by party."""
    return [item for party, position in sorted(workspace.positions.items())
            if parties is None or party in parties
            for item in position.items_as_of(as_of) if item.kind != "demand"]


#: Beyond this many uncertain items, minimal sets are not enumerated (2**n subsets).
MAX_UNCERTAIN = 12


def robustness(checker: Checker, decider: Decider, parties: list[PartyResult],
                verdict: ProposalVerdict, as_of: dt.date | None,
                chosen: Sequence[str] | None) -> tuple[list[PartyResult], Robustness]:
    """Each verdict with and without the uncertain red lines and preconditions. Item
    statuses do not depend on other items, so a party's verdict without some items is
    read off the rest; the proposal's needs the joint question again when it is neither
    incompatible nor compatible."""
    uncertain = [i for p in parties for i in p.items if i.hard and i.confidence == "uncertain"]
    refs = {i.key: ItemRef(party=i.party, id=i.id, kind=i.kind, text=i.text)
            for i in uncertain}

    def without(removed: frozenset[str]) -> tuple[dict[str, PartyVerdict], ProposalVerdict]:
        kept = {p.party: [i for i in p.items if i.key not in removed] for p in parties}
        verdicts = {party: party_verdict(items) for party, items in kept.items()}
        counted = [v for v in verdicts.values() if v != "no_position"]
        if not counted:
            return verdicts, "no_position"
        if "incompatible" in counted:
            return verdicts, "incompatible"
        if "unknown" in counted:
            return verdicts, "unknown"
        if all(v == "compatible" for v in counted):
            return verdicts, "compatible"
        items = [i for i in hard_items(checker.loaded, as_of, chosen) if i.key not in removed]
        reasoner = decider.reasoner
        try:
            found = reasoner.completion(
                [*reasoner.literals(decider.facts),
                 *(reasoner.item_literal(i, decider.stages) for i in items)],
                decider.settled, decider.stages, decider.clause_terms)
        except SolverLimit:
            return verdicts, "unknown"
        return verdicts, "completable" if found is not None else "deadlocked"

    def judge(keys: list[str], changed: Callable[[frozenset[str]], bool]) -> Robustness:
        considered = [refs[k] for k in keys]
        if not keys or not changed(frozenset(keys)):
            return Robustness(stands=True, uncertain=considered)
        minimal: list[frozenset[str]] = []
        if len(keys) <= MAX_UNCERTAIN:
            for size in range(1, len(keys) + 1):
                for subset in map(frozenset, combinations(keys, size)):
                    if not any(m <= subset for m in minimal) and changed(subset):
                        minimal.append(subset)
        return Robustness(stands=False, uncertain=considered,
                          rests_on=[[refs[k] for k in keys if k in m] for m in minimal])

    memo: dict[frozenset[str], tuple[dict[str, PartyVerdict], ProposalVerdict]] = {}

    def cached(removed: frozenset[str]) -> tuple[dict[str, PartyVerdict], ProposalVerdict]:
        if removed not in memo:
            memo[removed] = without(removed)
        return memo[removed]

    def party_changed(party: PartyResult) -> Callable[[frozenset[str]], bool]:
        return lambda removed: cached(removed)[0][party.party] != party.verdict

    judged = [party.model_copy(update={"robustness": judge(
        [i.key for i in party.items if i.key in refs], party_changed(party))})
        for party in parties]
    overall = judge(list(refs), lambda removed: cached(removed)[1] != verdict)
    return judged, overall
