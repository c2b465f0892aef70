"""Checking many proposals on any ``concurrent.futures.Executor``.

A worker may be a thread, a local process or a machine of a Dask or Ray cluster, so what
crosses to it must pickle and be small: the workspace's root and limits, and the
already-compiled proposals, in chunks. Each worker process loads the workspace from its
root once and keeps it (with its solver state) for every later chunk. Threads share the
caller's workspace instead, which is thread-safe. Results come back in the order given.

Workers read the workspace from disk: every worker must see the same files as the caller
(a shared folder on a cluster), and the files must not change during the batch.

A result comes back as what a check decided (``Decided``): per item its status, detail,
stage and why, without what the item says whatever the proposal (its text, quote, source,
place), which the caller fills in from its own workspace. Pickling a thousand whole item
results cost half as much as checking the proposal did.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor

from .compiled import CompiledProposal
from .decide.check import check, item_result, kept_item_fields
from .decide.checker import Checker
from .decide.collection import collection_paused
from .decide.strategy import Strategy
from .limits import Limits
from .loader import load_workspace
from .results.check import CheckResult, PartyResult, Reason

#: Tasks per batch at most: enough to balance the load over a cluster, few enough that
#: per-task overhead (pickling, scheduling) stays small next to the checks themselves.
MAX_TASKS = 64

_loaded: dict[tuple[str, Limits, Strategy], Checker] = {}
_loading = threading.Lock()


def check_many(checker: Checker, limits: Limits, proposals: Sequence[CompiledProposal],
               executor: Executor | None, as_of: dt.date | None,
               assume_status_quo: bool, parties: Sequence[str] | None = None,
               whys: bool = True) -> list[CheckResult]:
    """Check ``proposals`` on ``executor`` (here, one after another, when it is None)."""
    if executor is None:
        return [check(checker, p, as_of=as_of, assume_status_quo=assume_status_quo,
                      parties=parties, whys=whys) for p in proposals]
    if isinstance(executor, ThreadPoolExecutor):
        checks = [executor.submit(check, checker, p, as_of=as_of,
                                  assume_status_quo=assume_status_quo, parties=parties,
                                  whys=whys)
                  for p in proposals]
        return [done.result() for done in checks]
    size = max(1, -(-len(proposals) // MAX_TASKS))
    chunks = [list(proposals[start:start + size]) for start in range(0, len(proposals), size)]
    root = str(checker.loaded.root.resolve())
    # Workers share the caller's time budget: they get its end, as a wall-clock time.
    left = None if limits.time_budget_s is None else checker.reasoner.counter.seconds_left()
    ends = None if left is None else time.time() + left
    futures = [executor.submit(check_chunk, root, limits, checker.strategy, chunk, as_of,
                               assume_status_quo, parties, ends, whys) for chunk in chunks]
    # A worker's InputError pickles, so bad input raises here just as it would serially.
    results = []
    for future in futures:
        decided = future.result()
        with collection_paused():  # as in a check: many small models, a large workspace
            results += [_filled(checker, one) for one in decided]
    return results


#: Per item: its party and id, status, detail, stage label and number, and why.
DecidedItem = tuple[str, str, str, str | None, str | None, int | None, list[Reason]]
#: A check's result without its parties' items, and per party its result without items
#: and what was decided of each.
Decided = tuple[CheckResult, list[tuple[PartyResult, list[DecidedItem]]]]


def _decided(result: CheckResult) -> Decided:
    return result.model_copy(update={"parties": []}), [
        (party.model_copy(update={"items": []}),
         [(i.party, i.id, i.status, i.detail, i.stage, i.stage_number, i.why)
          for i in party.items])
        for party in result.parties]


def _filled(checker: Checker, decided: Decided) -> CheckResult:
    """The whole result a worker's ``decided`` stands for, as a check here would give it."""
    workspace = checker.loaded
    by_key = checker.memo("items-by-key", lambda: {
        (item.party, item.id): item for position in workspace.positions.values()
        for item in position.items})
    head, found = decided
    parties = []
    for party, items in found:
        results = []
        for party_id, item_id, status, detail, stage, number, why in items:
            item = by_key[party_id, item_id]
            results.append(item_result(workspace, item, status, detail,  # type: ignore[arg-type]
                                       why, stage, number, kept_item_fields(checker, item)))
        parties.append(party.model_copy(update={"items": results}))
    return head.model_copy(update={"parties": parties})


def check_chunk(root: str, limits: Limits, strategy: Strategy,
                proposals: list[CompiledProposal], as_of: dt.date | None,
                assume_status_quo: bool, parties: Sequence[str] | None = None,
                ends: float | None = None, whys: bool = True) -> list[Decided]:
    """A worker's task: check ``proposals`` against the workspace at ``root``, by ``ends``
    (``time.time()``) when the caller's run has a time budget. The whys are computed here,
    inside the run: what computes them stays in this process."""
    checker = worker_checker(root, limits, strategy)
    started = None
    if ends is not None and limits.time_budget_s is not None:
        started = time.monotonic() + (ends - time.time()) - limits.time_budget_s
    with checker.run(started):
        return [_decided(check(checker, p, as_of=as_of, assume_status_quo=assume_status_quo,
                               parties=parties, whys=whys).resolved()) for p in proposals]


def worker_checker(root: str, limits: Limits, strategy: Strategy) -> Checker:
    """The workspace at ``root``, loaded once per process."""
    key = (root, limits, strategy)
    with _loading:
        checker = _loaded.get(key)
        if checker is None:
            checker = _loaded[key] = Checker(load_workspace(root, limits), limits, strategy)
        return checker
