"""Run every benchmark and regenerate docs/performance.md: ``python -m benchmarks.run``.

Each measurement runs in a fresh interpreter (so that cold starts are cold and peak memory
is one question's own), from this checkout; CPU time is given next to wall time because a
shared machine's load inflates wall time alone. Scaling exponents are least-squares slopes
of log(cost) against log(items). The default run takes a few minutes on two cores:

* cold starts, side by side with the bare import of click + pydantic + yaml
  (``benchmarks.coldstart``);
* load, one check, batches and memory at 10 to 3,000 items (``--sizes`` adds 10,000);
* conflicts and suggest at 1,000 items (the median of three runs);
* Parley against the answer set peer (``benchmarks.peer``) at 100, 1,000 and 3,000 items,
  whole process and after load, every status compared;
* a three-stage check against the same terms flat, at 1,000 items;
* ``parley validate`` at 250 to 2,000 items (``benchmarks.ci_scaling``);
* profiles of a flat and a staged check.

``--quick`` runs smaller sizes and fewer repeats (for trying changes); ``--render-only``
rewrites the document from the last results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import coldstart
from .generate import generate

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "performance.md"
RAW = REPO / "benchmarks" / "results.json"
SIZES = (10, 100, 1000, 3000)
PEER_SIZES = (100, 1000, 3000)
PEER_PROPOSALS = 5
STAGED_ITEMS = 1000
STAGED_PROPOSALS = 3
STAGES = 3
VALIDATE_SIZES = (250, 500, 1000, 2000)

# One workload, run in a child interpreter; prints a JSON dict of measurements.
WORKLOAD = r"""
import json, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
import yaml
root, proposals, batch, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    int(sys.argv[4])
out = {}
def clock():
    return time.perf_counter(), time.process_time()
def since(start):
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]
start = clock()
import parley
load = parley.load  # the facade and what it imports: parley's names load on first use
out["import"] = since(start)
start = clock()
ws = load(root)
out["load"] = since(start)
paths = list(ws.proposal_paths)
compiled = [ws.proposal(p) for p in paths]
start = clock()
ws.check(compiled[0])
out["first_check"] = since(start)
singles = []
for p in compiled[1:1 + proposals]:
    start = clock()
    ws.check(p)
    singles.append(since(start))
singles.sort(key=lambda pair: pair[1])
out["check"] = singles[len(singles) // 2]
# As many other proposals, every why read. Every proposal is checked once: what a check
# learns carries over to the next (decide/reuse.py), and a proposal checked again would
# measure that alone.
explained = []
for p in compiled[1 + proposals:1 + 2 * proposals]:
    start = clock()
    ws.check(p).resolved()
    explained.append(since(start))
explained.sort(key=lambda pair: pair[1])
out["check_whys"] = explained[len(explained) // 2]
# A what-if loop: the first proposal with one of its terms settled to another value.
written = yaml.safe_load(open(paths[0], encoding="utf-8"))
what_ifs = []
for name in sorted(written["terms"]):
    spec = ws.loaded.terms[name]
    values = [spec.min, spec.max] if spec.type == "int" else spec.domain()
    other = next(v for v in values if v != written["terms"][name])
    variant = {**written, "id": f"what-if-{len(what_ifs)}",
               "terms": {**written["terms"], name: other}}
    start = clock()
    try:
        ws.check(variant)
    except parley.InputError:
        continue  # the change makes the proposal impossible
    what_ifs.append(since(start))
    if len(what_ifs) == 2 * proposals:
        break
what_ifs.sort(key=lambda pair: pair[1])
out["what_if"] = what_ifs[len(what_ifs) // 2]
out["what_if_n"] = len(what_ifs)
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# Screening: statuses and verdicts, no whys (parley check --no-why), of proposals not
# checked before.
work = compiled[1 + 2 * proposals:1 + 2 * proposals + batch]
start = clock()
ws.check_many(work, whys=False)
out["batch"] = since(start)
out["batch_n"] = len(work)
if jobs > 1:
    with ProcessPoolExecutor(jobs) as pool:
        # Start the workers on the proposals checked before the batch, as the one core
        # did: enough tasks that every worker gets some.
        ws.check_many(compiled[1:1 + 2 * proposals], executor=pool, whys=False)
        start = clock()
        ws.check_many(work, executor=pool, whys=False)
        out["batch_parallel"] = since(start)
out["batch_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""

# Parley or the peer deciding every proposal of a workspace, in a child of its own: the
# parent times the whole process; the child times what follows loading, and writes what
# it decided (the same summary for both, so the cost of writing it is the same too).
DECIDE = r"""
import json, sys, time
side, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
import parley
from benchmarks.peer.asp import Peer, summary_of_check, summary_of_peer
ws = parley.load(root)
proposals = ws.proposals()
start = time.perf_counter(), time.process_time()
if side == "parley":
    found = {p.id: summary_of_check(ws.check(p)) for p in proposals}
else:
    peer = Peer(ws.loaded, proposals)
    found = {p.id: summary_of_peer(peer.check(p)) for p in proposals}
after = [time.perf_counter() - start[0], time.process_time() - start[1]]
with open(out, "w", encoding="utf-8") as handle:
    json.dump(found, handle)
print(json.dumps(after))
"""

# One analysis question (conflicts or suggest) in a child of its own, so that a time
# limit can stop it.
ANALYSIS = r"""
import json, sys, time
import parley
ws = parley.load(sys.argv[1])
first = ws.proposal(ws.proposal_paths[0])
start = time.perf_counter(), time.process_time()
ws.conflicts() if sys.argv[2] == "conflicts" else ws.suggest(first)
print(json.dumps([time.perf_counter() - start[0], time.process_time() - start[1]]))
"""
ANALYSIS_LIMIT = 120.0

# A profile of checks after load: of every proposal but the first (which builds the solvers).
PROFILE = r"""
import cProfile, io, pstats, sys
import parley
ws = parley.load(sys.argv[1])
compiled = [ws.proposal(p) for p in ws.proposal_paths]
ws.check(compiled[0])
profile = cProfile.Profile()
profile.enable()
for p in compiled[1:]:
    ws.check(p)
profile.disable()
text = io.StringIO()
stats = pstats.Stats(profile, stream=text)
stats.sort_stats(sys.argv[2]).print_stats(int(sys.argv[3]))
print(text.getvalue().strip())
"""


def _env() -> dict[str, str]:
    return coldstart.environment()


def _run(args: list[str], cwd: Path = REPO) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of a child process, and its output."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=_env(), stdout=subprocess.PIPE,
                                 stderr=errors)
        assert child.stdout is not None
        stdout = child.stdout.read().decode()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.stdout.close()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            errors.seek(0)
            raise RuntimeError(f"{args} failed:\n{errors.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, stdout


def analysis(root: Path, question: str) -> tuple[float, float] | str:
    """Seconds for ``question`` on the workspace at ``root``, or a note if it ran out of
    time."""
    try:
        text = subprocess.run([sys.executable, "-c", ANALYSIS, str(root), question],
                              cwd=REPO, capture_output=True, text=True, check=True,
                              timeout=ANALYSIS_LIMIT, env=_env()).stdout
    except subprocess.TimeoutExpired:
        return f"no answer within {ANALYSIS_LIMIT:.0f} s"
    value = json.loads(text)
    return value[0], value[1]


def import_hygiene() -> dict[str, bool]:
    code = "import sys, parley; print(sorted(m for m in ('z3', 'click') if m in sys.modules))"
    listed = _run([sys.executable, "-c", code])[2].strip()
    return {"z3": "z3" in listed, "click": "click" in listed}


def sizes(chosen: tuple[int, ...], repeats: int, jobs: int) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for items in chosen:
            root = Path(tmp) / f"ws{items}"
            proposals = 3 if items >= 3000 else 5
            # Enough for two workers to share at 1,000 items (16), the fewest at the largest.
            batch = max(4, min(40, 16000 // items))
            # Each proposal is checked once (the first, then two sets of single checks,
            # then the batch).
            shape = generate(root, items, proposals=1 + 2 * proposals + batch)
            runs = []
            for _ in range(repeats if items <= 100 else 1):
                text = _run([sys.executable, "-c", WORKLOAD, str(root), str(proposals),
                             str(batch), str(jobs)])[2]
                runs.append(json.loads(text))
            merged = {key: _middle([r[key] for r in runs]) for key in runs[0]}
            if items == 1000:
                for question in ("conflicts", "suggest"):
                    merged[question] = _median_answer([analysis(root, question)
                                                       for _ in range(3)])
            merged["shape"] = shape
            out[items] = merged
            print(f"{items} items: {merged}", file=sys.stderr)
    return out


def decide(root: Path, side: str) -> dict[str, Any]:
    """Parley or the peer deciding every proposal at ``root``: whole-process and
    after-load seconds (wall, CPU) and what it decided."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "decided.json"
        wall, cpu, text = _run([sys.executable, "-c", DECIDE, side, str(root), str(out)])
        decided = json.loads(out.read_text(encoding="utf-8"))
    return {"whole": (wall, cpu), "after_load": tuple(json.loads(text)), "decided": decided}


def compare(root: Path) -> dict[str, Any]:
    """Parley and the peer on one workspace: their times, and every status compared."""
    from .peer.asp import differences

    mine, theirs = decide(root, "parley"), decide(root, "peer")
    found = [f"{proposal}: {line}" for proposal, summary in mine["decided"].items()
             for line in differences(summary, theirs["decided"][proposal])]
    statuses = sum(len(s["items"]) for s in mine["decided"].values())
    # The benchmark's own check: a peer that disagrees measures nothing.
    assert not found, "Parley and the answer set peer disagree:\n" + "\n".join(found[:20])
    return {"parley": {k: v for k, v in mine.items() if k != "decided"},
            "peer": {k: v for k, v in theirs.items() if k != "decided"},
            "statuses": statuses, "proposals": len(mine["decided"])}


def peer(chosen: tuple[int, ...]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for items in chosen:
            root = Path(tmp) / f"ws{items}"
            shape = generate(root, items, proposals=PEER_PROPOSALS)
            out[items] = {**compare(root), "shape": shape}
            print(f"peer, {items} items: {out[items]}", file=sys.stderr)
    return out


def staged(items: int = STAGED_ITEMS, repeats: int = 5) -> dict[str, Any]:
    """The same terms settled at once and dealt over ``STAGES`` stages: the median of
    ``repeats`` runs of each (by Parley's CPU time after load). One run varies by a third:
    each interpreter's string hashing orders some searches differently, and z3's models
    with them."""
    out: dict[str, Any] = {"items": items, "stages": STAGES, "proposals": STAGED_PROPOSALS,
                           "repeats": repeats}
    with tempfile.TemporaryDirectory() as tmp:
        for label, count in (("flat", 1), ("staged", STAGES)):
            root = Path(tmp) / label
            out["shape"] = generate(root, items, proposals=STAGED_PROPOSALS, stages=count)
            runs = sorted((compare(root) for _ in range(repeats)),
                          key=lambda run: run["parley"]["after_load"][1])
            out[label] = runs[len(runs) // 2]
    print(f"staged: {out}", file=sys.stderr)
    return out


def validate(chosen: tuple[int, ...]) -> dict[int, dict[str, Any]]:
    """``parley validate`` on generated workspaces of growing size."""
    from .ci_scaling import validate_times

    with tempfile.TemporaryDirectory() as tmp:
        out = validate_times(chosen, Path(tmp))
    print(f"validate: {out}", file=sys.stderr)
    return out


# A profile of one cold ``parley check`` of the bundled workspace: imports included, the
# command's text output thrown away.
COLD_PROFILE = r"""
import contextlib, cProfile, glob, io, os, pstats, runpy, sys
lines = int(sys.argv[1])
sys.argv = ["parley", "check", *sorted(glob.glob("proposals/*.yaml"))]
profile = cProfile.Profile()
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    profile.enable()
    try:
        runpy.run_module("parley", run_name="__main__")
    except SystemExit:
        pass
    profile.disable()
text = io.StringIO()
pstats.Stats(profile, stream=text).sort_stats("cumtime").print_stats(lines)
print(text.getvalue().strip())
"""


def cold_profile(lines: int = 40) -> str:
    """The top of a cold ``parley check``'s profile, run in the repository's root."""
    return _plain_paths(_run([sys.executable, "-c", COLD_PROFILE, str(lines)])[2])


def _plain_paths(text: str) -> str:
    return text.replace(str(REPO) + "/", "").replace(sys.prefix + "/", "").replace(
        str(Path(sys.base_prefix)) + "/", "")


def profile(items: int = 1000, stages: int = 1, proposals: int = 6, sort: str = "cumtime",
            lines: int = 24) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        generate(root, items, proposals=proposals, stages=stages)
        text = _run([sys.executable, "-c", PROFILE, str(root), sort, str(lines)])[2]
    return _plain_paths(text)


def _median_answer(runs: list[tuple[float, float] | str]) -> tuple[float, float] | str:
    """The median of an analysis's runs by CPU time (a run that ran out of time counts
    as the slowest)."""
    timed = sorted((r for r in runs if not isinstance(r, str)), key=lambda pair: pair[1])
    if len(timed) * 2 <= len(runs):
        return next(r for r in runs if isinstance(r, str))
    return timed[len(runs) // 2]


def _middle(values: list[Any]) -> Any:
    if isinstance(values[0], list):
        return sorted(values, key=lambda pair: pair[1])[len(values) // 2]
    return statistics.median(values)


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(cost) against log(size)."""
    usable = [(math.log(n), math.log(c)) for n, c in points if c > 0]
    if len(usable) < 2:
        return None
    mean_x = sum(x for x, _ in usable) / len(usable)
    mean_y = sum(y for _, y in usable) / len(usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread if spread else None


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; load average {load:.1f} when measured")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", type=lambda text: tuple(int(s) for s in text.split(",")))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=DOC)
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite the document from the last results (after editing notes)")
    args = parser.parse_args()
    if args.render_only:
        rerender(args.output)
        return
    repeats = 3 if args.quick else 9
    chosen = args.sizes or ((10, 100, 1000) if args.quick else SIZES)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine()}
    results["load"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    results["cold"] = coldstart.measure(repeats)
    results["phases"] = coldstart.phases(repeats)
    results["hygiene"] = import_hygiene()
    results["sizes"] = sizes(chosen, 1 if args.quick else 3, args.jobs)
    results["jobs"] = args.jobs
    results["peer"] = peer((100, 1000) if args.quick else PEER_SIZES)
    results["staged"] = staged(100 if args.quick else STAGED_ITEMS)
    results["validate"] = validate(VALIDATE_SIZES[:2] if args.quick else VALIDATE_SIZES)
    results["profile"] = profile()
    results["cold_profile"] = cold_profile()
    results["staged_profile"] = profile(STAGED_ITEMS, STAGES, proposals=2)
    results["seconds"] = time.perf_counter() - started
    if hasattr(os, "getloadavg"):
        results["load_after"] = os.getloadavg()[0]
    from parley.atomic import write_atomic

    from .report import render

    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(RAW, json.dumps(_plain(results), indent=1) + "\n", force=True)
    write_atomic(args.output, render(results), force=True)
    print(f"wrote {args.output} in {results['seconds']:.0f} s", file=sys.stderr)


def _plain(value: Any) -> Any:
    """``results`` as JSON data (shapes as dicts)."""
    from .generate import Shape

    if isinstance(value, Shape):
        return vars(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _shaped(value: Any) -> Any:
    """The inverse of ``_plain``: dicts with a shape's fields become shapes again, and the
    sizes' keys numbers."""
    from .generate import Shape

    if isinstance(value, dict):
        if set(value) == set(Shape.__dataclass_fields__):
            return Shape(**value)
        return {int(k) if k.isdigit() else k: _shaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shaped(v) for v in value]
    return value


def rerender(output: Path) -> None:
    from parley.atomic import write_atomic

    from .report import render

    results = _shaped(json.loads(RAW.read_text(encoding="utf-8")))
    write_atomic(output, render(results), force=True)


if __name__ == "__main__":
    main()
