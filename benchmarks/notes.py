"""The hand-written part of docs/performance.md: how checking is made fast, why a target is
missed where it is, and how to run batches on many cores or a cluster. Kept next to the
benchmarks so that one command regenerates the whole document."""

#: ``parley validate`` before each party had a solver of its own: wall and CPU seconds on
#: the workspaces ``benchmarks.ci_scaling`` generates, measured once by hand on the machine
#: of this run's table (loaded, so wall times are inflated; compare CPU).
VALIDATE_BEFORE: dict[int, tuple[float, float]] = {
    250: (3.87, 2.49), 500: (9.61, 6.45), 1000: (63.83, 35.65), 2000: (441.18, 160.45)}

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
3. **Two solver loops for the rest**, the way a backbone is computed. First, ask for a
   completion that flips *every* pending condition at once (each flip an assumption
   literal): when there is one, everything it flips is open; when there is none, a flip
   that is alone in the unsatisfiable core cannot happen — that condition is entailed at
   the value it was seen with — and larger cores are set aside and the rest asked again.
   Then, for what is left (conditions that exclude each other), ask for a completion that
   flips *any* of them: each model shows more open, and when there is none every one is
   entailed — one unsatisfiable call settles them all. Each condition has a defining
   literal on a shared solver (`d ↔ c`, which constrains nothing), so both questions are
   literals, and the disjunction is switched on by a literal of its own rather than
   pushed in a scope (a pushed scope costs several times as much, and popping it loses
   what the solver learnt). Models are read, and assumptions passed, through z3's C API:
   the Python wrappers cost more than the calls. At 1,000 items this halved a check.
   In a staged plan, the stages the failing items fail at are decided together after the
   statuses, in the same way.
4. **Whys, when read.** A decided status needs a minimal set of settled terms and rules,
   and the one shown is the set QuickXplain prefers (so it never depends on earlier
   questions or on thread scheduling): the proposal's facts before the rules, those about
   the terms the condition names first, found by deletion from the last fact to the
   first, among the facts connected to the condition through shared terms. Each "do these
   facts still force it?" test is answered by propagation (yes), by a witness assignment
   of the facts in which the condition takes the other value (no), and only otherwise by a
   solver with one literal per fact. A result keeps the question each why answers and
   computes the why the first time it is read (`parley/results/lazy.py`): the text output
   computes only those it shows, JSON all of them, a screening loop none (`--no-why`,
   `whys=False`). A why depends only on its question, so it is the same read late as it
   would have been computed at once (`tests/decide/test_lazy_whys.py`). Reading every why
   costs about half as much again as the check itself at 1,000 items (table above).
5. **Answers carried over between proposals** (`parley/decide/reuse.py`). Under a possible
   proposal the completions are the product of their parts over the groups of linked
   terms (linked by a background rule or one of the proposal's clauses): whether a
   condition is entailed, refuted or open, and its why, depend only on the plan's length
   and on the proposal's facts about the condition's groups — its *signature*, in the
   proposal's order, since a why's preference breaks ties by it. A check looks every
   condition up under its signature before deciding anything and adds what it decides;
   the groups a proposal leaves alone have the empty signature, which every proposal
   shares. A proposal is known to be possible when each group it has facts about had the
   same facts in a possible proposal before; when at most four groups are new (a what-if),
   one solver call shows it, instead of sampling the whole workspace. At most 20,000
   signatures are kept per workspace, the oldest dropped first. Nothing is carried over
   under a time budget: what a spent budget leaves undecided would then depend on what was
   checked before, where `--jobs` promises the same output.
   `tests/decide/test_staged_bruteforce.py` checks sequences of proposals on one workspace
   (fresh ones, and the one before with a term settled anew) against brute force, every
   why read after the later checks; `SOLVER_ONLY` carries nothing over, so the fast-path
   agreement suite compares with checks made from scratch.

The solvers are built once per workspace and reused by every proposal (`parley/solver/
session.py`), one pair per plan length: a *base* solver with the domains and background
rules asserted, the proposal's terms passed as assumption literals; and a *fact* solver
with a literal per settled term and rule, for whys. A rule is asserted on the base solver
when a question about its group of terms first needs it: under a possible proposal, the
other groups share no term with the question, and leaving their rules out makes nothing
impossible, so the answer is the same (whether the proposal is possible at all is asked
with every rule). A solver limit during the loop hands the undecided
conditions to one-question-at-a-time answers, so a hard item is `unknown` without taking
its neighbours with it.

`tests/decide/test_fastpath_agrees.py` checks on random workspaces (with propagation chains) that
switching all of this off — every question to the solver — changes no status, detail,
verdict or completion, and that every why is forcing and minimal against brute-force
enumeration; `tests/decide/test_bruteforce.py` checks the whole pipeline against the
reference semantics.

## The answer set peer

`benchmarks/peer/` decides what `parley check` decides — every item's status (with
*contradicted* and *unaddressed*), every party's verdict and demand score, the proposal's
verdict — by answer set programming on clingo (`pip install 'parley-check[bench]'`). It is
the yardstick design.md names: a different kind of solver, with a fixed encoding of the same
semantics, in place of Parley's propagation, sampling and z3 loop.

- **Encoding and instance.** `benchmarks/peer/parley.lp` is the semantics, written once;
  `benchmarks/peer/asp.py` writes an *instance* of facts from the workspace as Parley's
  loader reads it (conditions parsed, families and quantifiers expanded) — nothing of
  Parley's decision core, solver or semantics module is used. Every condition becomes a
  node of one shared formula graph (`and`, `or`, `neg`, the stage operators, comparisons),
  and `holds(N, S)` says node N is true at stage S: stratified definitions, so an answer
  set is fixed by the choice of every term's value at every stage.
- **Grounding.** A bool is one choice atom per stage; an enum a choice of exactly one of
  its values. An int is order-encoded over its *cut points* only: for each comparison
  `t op b`, the points `b` and `b + 1` within the term's range, with `ge(t, k)` meaning
  `t ≥ k` and `ge(t, k') → ge(t, k)` for consecutive cuts `k < k'`. No condition can tell
  two values between the same cuts apart, so the entailments are exactly those of the
  completions themselves, and a term of range 0..3650 compared with three constants costs
  six atoms per stage instead of 3,651. An int compared with another int term gets every
  value as a cut point and `a ≥ b` is grounded over b's range.
- **Proposals** are assumptions, never re-grounding: settling `t = v` from stage i to stage
  j assumes, at each of those stages, the bool atom, the enum value, or for an int the
  nearest cut at or below v true and the nearest above it false. Clauses are grounded
  once with the workspace, each proposal's behind an external atom switched on for its
  own checks. One program is grounded per stage count.
- **Questions.** For an item `when W require R`, `phi(I)` is "W → R at every stage" and
  `applies(I)` is "W at some stage". One call in clingo's *brave* mode gives the atoms true
  in some answer set (possible), one in *cautious* mode those true in all (entailed); what
  is not brave is refuted. A domain heuristic leans the shown atoms true for the brave call
  and false for the cautious one, so each answer set found settles as many as it can
  (two to five times fewer answer sets than clingo's default). A third call, made only
  when no party is incompatible and not all are compatible, asks whether every red line
  and precondition can hold at once: `completable` or `deadlocked`.
- **Agreement.** `tests/benchmarks/test_asp_peer.py` compares the peer with Parley on
  generated workspaces, flat and three-stage, and on a workspace written to reach every
  shape the peer grounds (stage operators, clauses with `until`, terms compared with
  terms, constants on the left, `in` and `not in`, a large int range), with every status
  and both verdicts of a deadlock and a completion among them; it is skipped, saying why,
  only where clingo is not installed (CI installs it). `python -m benchmarks.run` compares
  every status again at each size and stops on the first difference.
- **What it does not do**, and Parley does: the minimal *why* of every status, the stage
  a failure is named at, the completion or minimal deadlock shown, `--as-of`,
  `--assume-status-quo`, result objects. After load, the peer's time is grounding plus
  solving; Parley's includes its whys, a sizeable part of a check (see the
  profile above): the ratio is an upper bound on what deciding alone costs Parley.

## Where the targets are missed, by how much, and why

Numbers from the tables above (one run on a shared machine: wall times vary by tens of
percent between runs, CPU times less; targets are judged on CPU time).

- **One check of the 1,000-item workspace** takes {check_1000} of CPU, {check_1000_ratio}
  times the 30 ms target, and **screening throughput** is correspondingly {batch_1000}
  proposals/s per core instead of 200. Both are measured on proposals never checked
  before, each settling a random third of the terms: what they share with the proposals
  checked before them is mostly the groups of terms they leave alone (about two fifths of
  the conditions asked at this size), so most of their answers are new. A *what-if* — a
  checked proposal with one term settled anew, what an analyst's loop asks — gets every
  answer but those of the changed group from the checks before it and takes
  {what_if_1000} (table above). Since the previous measurement (86 ms per check, 9.1
  proposals/s on the same machine, less idle), answers carry over between proposals
  (item 5 above), a proposal is shown possible without sampling when few of its groups
  are new, and an item's result is built from fields made once. The profile above shows
  what a new proposal still costs, spread out: the variation search and two-valued
  evaluation in Python that settle most new conditions before any solver call, the
  solver calls left, sampling, and building a thousand item results (about 4 µs each,
  most of it pydantic's validation). 30 ms for 1,000 items is 30 µs per item for all of
  it; Parley takes {peer_ratio_1000} times the answer set peer's time for the same
  statuses at this size (table above) and is faster than the peer at 3,000 items. The
  rest of the target needs the Python part compiled (the conditions' closures are
  already compiled once per workspace; a vectorised or native evaluator over many
  completions at once is the next step), not more tuning of the solver loop.
- **Cold `parley check`** on the bundled workspace takes {check_cold} of CPU against
  {bare} for the bare import of click + pydantic + yaml measured beside it: {cold_ratio}
  times, where the target is {cold_target} times ({cold_budget}). By phase (table above):
  the three libraries {phase_bare}, Parley's own modules and the command line
  {phase_modules}, loading the workspace and its proposals {phase_load}, the
  decision core's modules and z3 {phase_core_modules}, checking {phase_check}, rendering
  {phase_render} (the cold profile above shows the same parts: the imports, deciding the
  nine plans — about a fifth of it translating their questions into z3 terms — and the whys the
  text shows). The bundled proposals are plans of five different lengths, and each
  length builds solvers of its own, holding every rule at every stage, and translates its
  questions: most of the checking phase is that translation, and rendering includes
  computing the whys the text shows. Since the previous measurement (1.70 s on a less
  idle machine) the completion shown for a completable proposal asks the solver only
  where a model found so far does not already answer (151 solver calls became 32 on the
  Black Sea proposal, 134 became 13 on the energy moratorium), a plan length's base
  solver asserts a background rule only when a question first needs it (on the bundled
  plans of 2 to 7 stages, 9 to 18 of the 27 rules are ever translated), and a why's
  search tries the assignments that showed earlier sets of facts too weak before looking
  for a new one (a fifth fewer searches). What keeps the rest down:
  `import parley` does not import the package ({import_parley}, the interpreter alone
  {interpreter}) — each public name is imported when first used — and pydantic models
  are built when first used, so a check never builds the analysis, diff, validation or
  report models. What remains is work the command does: building the result and input
  models it uses (the three imports with one pydantic model defined already take
  {one_model}), reading and type-checking the workspace, translating and checking. The
  ratio also moves with the bare import, which is faster on an idle machine. A plan's
  solvers cannot stand in for another length's (the stage operators and the last stage
  depend on the length), so each length still translates the questions it asks; the
  target would need a check of nine plans, their whys and their rendering to cost about
  as much as importing pydantic and defining two models.
- **A three-stage check** of the {staged_items}-item workspace costs {staged_ratio} times
  the same terms flat, against a target of 3 (6.0 at the previous measurement; on this
  machine the median of five runs has come out between 2.5 and 3.3 in the same hour, so
  the table's verdict is that run's): every term
  has a value at every stage and every rule and item holds at every stage, so each solver
  call works on a formula three times larger, and the first staged proposal builds the
  three-stage solvers. Flipping every pending condition at once, setting aside one flip
  of each unsatisfiable core, made the staged check need about half the solver calls,
  and the stages the failing items fail at are now decided together. The peer pays
  {peer_staged_ratio} times for the same three stages. The rest of the gap is the
  variation search in Python, three times the terms per completion.
- **suggest** at 1,000 items, 10.5 s two measurements ago and 3.03 s at the previous one,
  now takes {suggest_1000} of CPU, against a target of 3 s (the table says whether this
  run met it: it moves by a few tenths between runs). Its 20 planted conflicts leave no deal, so
  it lists the cheapest concessions (twice: for any deal, and for the proposal as
  written) and the nearest proposal after the first. Concessions used to walk every cost
  level below the cheapest, one unsatisfiable cardinality call each — a pigeonhole
  problem with independent conflicts, which on some generated workspaces ran into the
  solver's time limit and listed nothing; they now go straight to the cheapest level
  left, found by z3's core-guided MaxSAT over only what the question switches on. The
  values the nearest proposal must add are minimised on a solver holding only that
  question, and both of a question's optimisations share one private translation. What
  remains is the two MaxSAT calls and the two optimisations themselves.
- **Batch on {jobs} processes** is measured in wall time, so it shows the machine's load
  (the load average was {load} during this run); it screens with `whys=False`, as the
  one-core batch does, so both measure the same work, on workers started on the same
  proposals the one core checked first. A worker now sends back only what it decided
  (pickling a whole thousand-item result cost 27 ms, half a check; what a worker sends
  costs 1 ms, and filling in the items' own fields in the caller 9 ms). What is left
  against two full cores: on a two-core machine the caller shares the cores with both
  workers while it fills in results, and each worker has seen half the proposals the
  one core has, so fewer answers carry over to its next check; a worker's own first
  check also builds its solvers and loads the workspace (about 0.6 s here), which the
  caller's warm-up has to reach in every worker.
- **Growth** of one check in items is as measured in the tables above.
"""

TAIL = """
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
- **Why `validate` grew with the square of the workspace, and what changed** (the table
  in [validate at scale](#validate-at-scale)). Its semantic checks ask a few questions per
  item — can its `when` hold, can its `require` hold with it, is it redundant given the
  party's other hard items — so the number of solver calls grows with the items. Every
  call went to the workspace's one solver, which held every party's items and every
  question ever asked as guarded constraints, and every background rule; a call costs
  time in proportion to what the solver holds, so the total grew with items times
  workspace. Three changes, each keeping every finding the same
  (`tests/ci/test_validate_bruteforce.py` compares them with brute-force enumeration):
  1. each party's questions go to a solver of the party's own, holding only the
     background rules that share a term with the party's conditions, directly or through
     other rules, and the domains of those terms. Leaving the other rules out changes no
     answer: they share no term with what is kept, and the rules together are
     satisfiable (checked once; when they are not, every rule is kept), so they hold
     whatever a question asks;
  2. "can this condition hold?" is asked for all of a party's conditions together:
     first on a dozen completions of the rules found without the solver (random values
     repaired against the rules, as `check`'s fast path finds them), then one solver call
     for a completion satisfying any condition not yet shown possible — each model shows
     every condition true in it — and one last call that shows the rest impossible;
  3. the same for a precondition's situation and a demand's failure given the party's
     hard items: a completion in which every hard item holds shows them for all the
     others too; only what it cannot show is asked item by item.
  What remains is one call per hard item for redundancy (each against a different set of
  premises) on a solver whose size grows with the party. The generated workspaces have at
  most 40 parties, reached at 1,000 items; beyond, a party grows with the workspace, and
  so does each call, which is why 1,000 to 2,000 items costs more than twice as much. A
  workspace that grows by parties grows linearly.
- **A per-run time budget bounds the rest.** `validate` stops asking the solver after
  120 s by default (`--time-budget SECONDS`, or `--limit time_budget_s=N`; `check` has no
  budget unless given one), counted from the start of the run, loading included; what it
  had not decided by then is reported as `undecided` errors, exit 1, with one line on
  stderr saying so. On a single position file of 65,000 items (4 MB, within every size
  limit) `validate` stopped at its budget with that line and exit 1 after 239 s (87 s
  CPU, at a load average of 4): the budget is checked between solver calls, and loading
  the file, building the one party's solver and writing 65,000 hygiene warnings are
  Python work it does not cut short. On an otherwise idle machine the same shape — one
  3.9 MB position file of 65,000 unsourced items over 2,000 terms, just under the node
  limit — stops at its budget after 136 s wall (133 s CPU, 1.2 GB peak), and a generated
  65,000-item workspace of 40 parties (8.4 MB, `python -m benchmarks.generate DIR --items
  65000`) after 130 s (1.0 GB): the budget's 120 s plus the warnings written after it.
- **`check` at 5,000, 10,000 and 20,000 items.** Measured with `cProfile` on one proposal
  after load (`python -m benchmarks.generate DIR --items N --proposals 2`, then
  `ws.check(ws.proposal_paths[0])`). Two things grew faster than the workspace. Showing
  a condition open by *varying* a completion copied the whole completion (every term) for
  each candidate value tried, so the searches grew with conditions times terms; a
  candidate is now tried through an overlay of the changed terms, and only one that
  gives the condition its value is copied. The other is the solver loop of the decision
  core (`Decider.decide`): the conditions that sampling leaves pending grow with the
  workspace (230 at 5,000 items, 478 at 10,000), each model z3 returns flips only three
  or four of them, and each round costs a call and a model read over the whole base
  solver, so rounds times cost grow with the square: 62 rounds at 5,000 items, 135 at
  10,000. One check after load takes 6.3 s of CPU at 5,000 items and 20.4 s at 10,000
  (exponent 1.7). End to end, `parley check` of one proposal on a workspace of 20,000
  terms and 20,000 items (`generate(root, 20000, terms=20000, proposals=1)`), loading
  included, took 193 s (66 s CPU) at a load average of 7: well inside 600 s. Making
  each model flip more pending conditions (or asking independent groups of them
  together) is where the decision core would go next.
"""
