"""Run every benchmark and regenerate docs/performance.md: ``python -m benchmarks.run``.

Each measurement runs in a fresh interpreter (so that cold starts are cold and peak memory
is one question's own), from this checkout, and is repeated; the median is reported, with
CPU time next to wall time because a shared machine's load inflates wall time alone.
Scaling exponents are least-squares slopes of log(cost) against log(items).

``--quick`` runs fewer sizes and repeats (for trying changes); ``--sizes`` picks sizes.
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

from .generate import generate

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "performance.md"
RAW = REPO / "benchmarks" / "results.json"
SIZES = (10, 100, 1000, 3000, 10000)

# One workload, run in a child interpreter; prints a JSON dict of measurements.
WORKLOAD = r"""
import json, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
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
out["import"] = since(start)
start = clock()
ws = parley.load(root)
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
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
work = [compiled[i % len(compiled)] for i in range(batch)]
start = clock()
ws.check_many(work)
out["batch"] = since(start)
out["batch_n"] = len(work)
if jobs > 1:
    with ProcessPoolExecutor(jobs) as pool:
        ws.check_many(work[:jobs], executor=pool)  # start the workers, load the workspace
        start = clock()
        ws.check_many(work, executor=pool)
        out["batch_parallel"] = since(start)
out["batch_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


# One analysis question (conflicts or suggest) in a child of its own, so that a time
# limit can stop it.
ANALYSIS = r"""
import json, sys, time
import parley
ws = parley.load(sys.argv[1])
if not hasattr(ws, sys.argv[2]):
    print(json.dumps(None))
    raise SystemExit
first = ws.proposal(ws.proposal_paths[0])
start = time.perf_counter(), time.process_time()
ws.conflicts() if sys.argv[2] == "conflicts" else ws.suggest(first)
print(json.dumps([time.perf_counter() - start[0], time.process_time() - start[1]]))
"""
ANALYSIS_LIMIT = 120.0

# A profile of the checks of one proposal each on the 1,000-item workspace, after load.
PROFILE = r"""
import cProfile, io, pstats, sys
import parley
ws = parley.load(sys.argv[1])
compiled = [ws.proposal(p) for p in ws.proposal_paths]
ws.check(compiled[0])
profile = cProfile.Profile()
profile.enable()
for p in compiled[1:6]:
    ws.check(p)
profile.disable()
text = io.StringIO()
stats = pstats.Stats(profile, stream=text)
stats.sort_stats("tottime").print_stats(14)
print(text.getvalue().strip())
"""


def _run(args: list[str], cwd: Path = REPO) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process, and its output."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{args} failed:\n{done.stderr}")
    return wall, cpu, done.stdout


def _median(runs: list[tuple[float, float, str]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def analysis(root: Path, question: str) -> tuple[float, float] | str | None:
    """Seconds for ``question`` on the workspace at ``root``; a note if it ran out of time;
    None when this build has no such question."""
    try:
        text = subprocess.run([sys.executable, "-c", ANALYSIS, str(root), question],
                              cwd=REPO, capture_output=True, text=True, check=True,
                              timeout=ANALYSIS_LIMIT,
                              env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    except subprocess.TimeoutExpired:
        return f"no answer within {ANALYSIS_LIMIT:.0f} s"
    value = json.loads(text)
    return None if value is None else (value[0], value[1])


def cold_starts(repeats: int) -> dict[str, tuple[float, float]]:
    python = sys.executable
    commands = {
        "python -c pass (interpreter alone)": [python, "-c", "pass"],
        "import parley": [python, "-c", "import parley"],
        "parley --version": [python, "-m", "parley", "--version"],
        "parley check (bundled workspace)": [python, "-m", "parley", "check"],
    }
    out = {}
    for name, command in commands.items():
        _run(command)  # warm the file cache and bytecode
        out[name] = _median([_run(command) for _ in range(repeats)])
    return out


def import_hygiene() -> dict[str, bool]:
    code = "import sys, parley; print(sorted(m for m in ('z3', 'click') if m in sys.modules))"
    listed = _run([sys.executable, "-c", code])[2].strip()
    return {"z3": "z3" in listed, "click": "click" in listed}


def sizes(chosen: tuple[int, ...], repeats: int, jobs: int) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for items in chosen:
            root = Path(tmp) / f"ws{items}"
            proposals = 5 if items >= 3000 else 11
            shape = generate(root, items, proposals=proposals + 1)
            batch = max(4, min(100, 20_000 // items))
            runs = []
            for _ in range(repeats if items <= 1000 else 1):
                text = _run([sys.executable, "-c", WORKLOAD, str(root), str(proposals),
                             str(batch), str(jobs)])[2]
                runs.append(json.loads(text))
            merged = {key: _middle([r[key] for r in runs]) for key in runs[0]}
            if items <= 1000:
                for question in ("conflicts", "suggest"):
                    found = analysis(root, question)
                    if found is not None:
                        merged[question] = found
            merged["shape"] = shape
            out[items] = merged
            print(f"{items} items: {merged}", file=sys.stderr)
    return out


def profile(items: int = 1000) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        generate(root, items, proposals=6)
        text = _run([sys.executable, "-c", PROFILE, str(root)])[2]
    return text.replace(str(REPO) + "/", "").replace(sys.prefix + "/", "")


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
    repeats = 3 if args.quick else 7
    chosen = args.sizes or ((10, 100, 1000) if args.quick else SIZES)
    results = {
        "machine": machine(),
        "cold": cold_starts(repeats),
        "hygiene": import_hygiene(),
        "sizes": sizes(chosen, 1 if args.quick else 3, args.jobs),
        "jobs": args.jobs,
        "profile": profile(),
    }
    from parley.atomic import write_atomic

    from .report import render

    args.output.parent.mkdir(parents=True, exist_ok=True)
    raw = {**results, "sizes": {n: {**s, "shape": vars(s["shape"])}
                                for n, s in results["sizes"].items()}}
    write_atomic(RAW, json.dumps(raw, indent=1) + "\n", force=True)
    write_atomic(args.output, render(results), force=True)
    print(f"wrote {args.output}", file=sys.stderr)


def rerender(output: Path) -> None:
    from parley.atomic import write_atomic

    from .generate import Shape
    from .report import render

    results = json.loads(RAW.read_text(encoding="utf-8"))
    results["sizes"] = {int(n): {**s, "shape": Shape(**s["shape"])}
                        for n, s in results["sizes"].items()}
    write_atomic(output, render(results), force=True)


if __name__ == "__main__":
    main()
