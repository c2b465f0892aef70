"""Cold starts, measured side by side: ``python -m benchmarks.coldstart``.

Each command runs in a fresh interpreter, and the commands take turns — one run of each,
then the next round — so that a change in the machine's load falls on all of them alike and
the ratios stay fair. Bytecode is compiled first and kept (as an installed package has it);
only then are runs counted. The yardstick is the bare import of the three libraries every
command needs, ``import click, pydantic, yaml``; ``from pydantic import BaseModel`` and one
model defined are shown too, because ``import pydantic`` alone defers most of pydantic until
a model is defined.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: The yardstick ``parley check`` is held to (at most ``TARGET_RATIO`` times it).
BARE = "import click, pydantic, yaml"
#: What using pydantic at all costs: its first model brings in its schema machinery and
#: its scan of the installed packages for plugins.
MODEL = "import click, yaml, pydantic; pydantic.create_model('M', x=(int, ...))"
TARGET_RATIO = 3.0


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "python -c pass (interpreter alone)": [python, "-c", "pass"],
        BARE: [python, "-c", BARE],
        "import click, yaml; from pydantic import BaseModel": [
            python, "-c", "import click, yaml; from pydantic import BaseModel"],
        MODEL: [python, "-c", MODEL],
        "import parley": [python, "-c", "import parley"],
        "import parley; parley.load('.')": [python, "-c", "import parley; parley.load('.')"],
        "parley --version": [python, "-m", "parley", "--version"],
        "parley check (bundled workspace)": [python, "-m", "parley", "check"],
    }


def environment() -> dict[str, str]:
    """The children's environment: this checkout importable, bytecode written and kept."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine") + os.pathsep + str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ``command``."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read() if child.stderr else b""
    if child.returncode not in (0, 1):  # ``parley check`` exits 1 on findings
        raise RuntimeError(f"{command} failed:\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(repeats: int) -> dict[str, tuple[float, float]]:
    """The median wall and CPU seconds of each command, the commands run in turns."""
    env = environment()
    chosen = commands()
    for command in chosen.values():
        run_once(command, env)  # compile and keep the bytecode; fill the file cache
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in chosen}
    for _ in range(repeats):
        for name, command in chosen.items():
            runs[name].append(run_once(command, env))
    return {name: (statistics.median(w for w, _ in found),
                   statistics.median(c for _, c in found))
            for name, found in runs.items()}


# Where a cold ``parley check`` spends its time: each phase timed in one fresh interpreter,
# in the order the command meets them (CPU seconds; the interpreter's own start is apart).
PHASES = r"""
import json, time
out = {}
start = time.process_time()
def phase(name):
    global start
    now = time.process_time()
    out[name] = now - start
    start = now
import click, pydantic, yaml
from pydantic import BaseModel
phase("click, pydantic (its BaseModel too) and yaml")
import parley.cli
phase("parley's modules and the command line")
import parley
ws = parley.load(".")
proposals = ws.proposals()
phase("loading the workspace and its proposals")
import parley.decide.check, z3
phase("the decision core's modules and z3")
report = ws.check_all(proposals)
phase("checking every proposal")
from parley.output import Options, render
text = render(report, "text", Options())
phase("rendering the text")
print(json.dumps(out))
"""


def phases(repeats: int) -> dict[str, float]:
    """The median CPU seconds of each phase of a cold ``parley check``."""
    import json

    env = environment()
    python = sys.executable
    runs = [json.loads(subprocess.run([python, "-c", PHASES], cwd=REPO, env=env,
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(repeats)]
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def ratio(results: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """``parley check`` on the bundled workspace over the bare import: wall and CPU."""
    check, bare = results["parley check (bundled workspace)"], results[BARE]
    return check[0] / bare[0], check[1] / bare[1]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    results = measure(args.repeats)
    for name, (wall, cpu) in results.items():
        print(f"{name:55s} {wall * 1000:6.0f} ms  ({cpu * 1000:4.0f} ms CPU)")
    wall, cpu = ratio(results)
    print(f"parley check / bare import: {wall:.2f} wall, {cpu:.2f} CPU "
          f"(target at most {TARGET_RATIO:g})")
    for name, cpu in phases(args.repeats).items():
        print(f"  {name:53s} {cpu * 1000:6.0f} ms CPU")


if __name__ == "__main__":
    main()
