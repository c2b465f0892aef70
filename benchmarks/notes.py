"""The hand-written part of docs/performance.md: how checking is made fast, why a target is
missed where it is, and how to run batches on many cores or a cluster. Kept next to the
benchmarks so that one command regenerates the whole document."""

NOTES = """
## How a check is made fast, and stays exact

A check asks, for every item in force, whether `when → require` (and, for a precondition,
`when` and `require` alone) is entailed, refuted or open — about 1,600 questions for 1,000
items. They are answered together, cheapest proof first (`parley/decide/decider.py`, `Decider`):

1. **Propagation** (`parley/decide/propagate.py`): the settled terms, then every background rule
   whose `when` is true and whose `then` pins values. Three-valued evaluation over that
   closure decides whatever it can; this is sound because the proposal has been shown
   possible first.
2. **Completions that show a condition open.** A condition true in one completion and false
   in another is open. Completions come cheaply from Python: random candidate values
   repaired against the rules (pins first, then min-conflicts steps), kept only if every
   rule then holds; and from *varying* one completion — change the condition's own terms,
   mend the rules that breaks. Each is a concrete assignment checked two-valued, so what it
   shows is exact. Conditions are compiled once per workspace into Python closures for this
   (`compile_total`).
3. **One solver loop for the rest**, the way a backbone is computed: ask for a completion
   that flips *any* pending condition. Each model found shows more conditions open; when
   there is none, every pending condition is entailed at the value it was seen with — one
   unsatisfiable call settles them all. Each condition has a defining literal on a shared
   solver (`d ↔ c`, which constrains nothing), so the question is a plain disjunction.
4. **Whys.** A decided status needs a minimal set of settled terms and rules, and the
   one shown is the set QuickXplain prefers (so it never depends on earlier questions or
   on thread scheduling): from the facts that pinned the condition's terms if they
   suffice, else from the facts connected to the condition through shared terms, found by
   deletion from the last fact to the first. Each "do these facts still force it?" test
   is answered by propagation (yes), by a witness assignment of the facts in which the
   condition takes the other value (no), and only otherwise by a solver with one literal
   per fact.

The solvers are built once per workspace and reused by every proposal (`parley/solver/
session.py`): a *base* solver with the domains and background rules asserted, the
proposal's terms passed as assumption literals; and a *fact* solver with a literal per
settled term and rule, for whys. A solver limit during the loop hands the undecided
conditions to one-question-at-a-time answers, so a hard item is `unknown` without taking
its neighbours with it.

`tests/test_fastpath_agrees.py` checks on random workspaces (with propagation chains) that
switching all of this off — every question to the solver — changes no status, detail,
verdict or completion, and that every why is forcing and minimal against brute-force
enumeration; `tests/test_semantics_bruteforce.py` checks the whole pipeline against the
reference semantics.

## Where the targets are missed, by how much, and why

Numbers from the tables above (one run; a shared machine, so wall times vary by a few tens
of percent between runs — the CPU times are steadier). For scale: before this engine, one
check of the 1,000-item workspace asked the solver about 2,500 questions and took 7 to 13 s
of CPU; it now asks about 45 and takes about 0.2 s, with identical answers.

- **One check of the 1,000-item workspace** takes about 195 ms, 6.5 times the 30 ms
  target, and **batch throughput** is correspondingly about 4 proposals/s per core instead
  of 200. The profile above shows where: three-valued evaluation and hashing of condition
  trees (frozen dataclasses hash their whole subtree on every dictionary lookup), z3 calls
  (the solver loop for the conditions sampling cannot settle, and the why tests that
  neither propagation nor a witness can answer), and the completion searches in Python.
  30 ms for 1,000 items leaves 30 µs per item to decide its status, find its preferred
  minimal why and build a validated result object; building the 1,000 pydantic result
  objects alone takes several milliseconds. Reaching the target would take a different
  engine for the common case (for instance a compiled propagation and sampling core, or
  the clingo encoding the design names as a yardstick), not more tuning of this one.
- **Growth of one check in items** is linear up to 1,000 items and superlinear beyond
  (1.3 s at 3,000, 17 s at 10,000): the number of conditions that sampling leaves to the
  solver and the cost of each solver call on a larger formula both grow with the
  workspace, and so does the set of facts a why is chosen from. Load (exponent 0.9) and
  memory grow linearly.
- **Cold `parley check`** (443 ms, 27 % over) and **`import parley`** (236 ms, 57 % over;
  the bare interpreter is 41 ms) are dominated by importing pydantic and building the
  pydantic models of `parley/models.py` and `parley/results/` at import (see
  `python -X importtime -c "import parley"`), then by YAML parsing of the workspace and
  the first solver build. Deferring the schema build (`defer_build=True`) would only move
  that cost to the first validation, which every command reaches.
- **suggest** on the 1,000-item workspace first gave no answer within the benchmark's 120 s:
  its 20 planted conflicts leave no deal, so it lists the cheapest concessions, and one cost
  level held 2**20 equally cheap ones, all enumerated before the limit of 10 was applied. A
  limit now stops inside a level, and the cardinality constraints are built through z3's C
  API (`z3.PbEq` spent two thirds of the time re-checking its thousand arguments in
  Python). Measured by hand on the generated 1,000-item workspace
  (`python -m benchmarks.generate /tmp/bw --items 1000`, then `ws.suggest(first proposal)`):
  2.4 to 2.6 s CPU, 10 concessions; the next `python -m benchmarks.run` records it in the
  table. **conflicts** (all minimal conflicts, 20 planted) takes about 0.6 s, well within
  its target.

## Batch and distributed checking

`Workspace.check_many(proposals, executor=...)` takes any `concurrent.futures.Executor`
and returns exactly what `check_all` returns, in the same order. Threads share the
workspace; processes and cluster workers receive the workspace's root and limits and the
compiled proposals in chunks, load the workspace once per process and keep it. Every
worker must therefore see the same workspace files as the caller. From the command line,
`parley check --jobs N` runs on N local processes.

```python
from concurrent.futures import ProcessPoolExecutor
import parley

ws = parley.load(".")
with ProcessPoolExecutor(4) as pool:
    report = ws.check_many(ws.proposal_paths, executor=pool)
```

On a Dask cluster (`pip install 'parley-check[distributed]'`), the client's executor is one
(this is the example `tests/test_check_many.py` runs, on a local two-process cluster):

```python
from distributed import Client, LocalCluster

with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
    report = ws.check_many(ws.proposal_paths, executor=client.get_executor())
```

Any other cluster works through an object with the `Executor` interface (`submit`
returning futures); for a cluster across machines, put the workspace on a shared path.

## The CI commands at scale (measured by hand)

`python -m benchmarks.ci_scaling` times `parley validate` on generated workspaces and
`parley diff` between two git revisions; the figures below are single runs on the machine
above, wall time.

- **`diff` over a revision with many other files.** A revision was copied file by file: one
  `git cat-file` process and two `fsync`s for every file under the workspace folders, YAML
  or not, so 25,000 non-YAML files under `proposals/` took about 180 s. Now only the YAML
  files the loader reads are copied, all through one `git cat-file --batch`, into a scratch
  folder that needs no `fsync`: 4 to 7 s for the same revision, most of it `git ls-tree`
  listing the 25,000 names.
- **`validate` grows faster than linearly.** Its semantic checks ask a few questions per
  item, each with every background rule as an assumption, so the work grew with items times
  rules. The rules are now asserted once per party in a solver scope
  (`Oracle.assuming`), and the answers are byte-for-byte the same: 250 items 3.6 → 2.4 s,
  500 items 8.9 → 7.1 s, 1,000 items 46.8 → 42.8 s. Most of what remains is inside z3:
  every check on the shared solver costs time in proportion to everything asserted on it,
  which holds every party's items, so the total still grows roughly with the square of the
  workspace. Giving each party's questions a solver of their own is the next step; it is
  not done yet.
"""
