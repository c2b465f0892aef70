"""How the CI commands grow: ``python -m benchmarks.ci_scaling [--sizes 250,500,1000]``.

Times ``parley validate`` on generated workspaces of growing size, and ``parley diff`` between
two git revisions of a small workspace whose ``proposals/`` also holds thousands of files
that are not YAML (which the loader never reads, so neither should the copy of a revision).
Each run is a fresh interpreter from this checkout; wall and CPU time are printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .generate import generate

REPO = Path(__file__).resolve().parent.parent


def _timed(args: list[str], cwd: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine")}
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "parley", *args], cwd=cwd, env=env,
                   capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user
                  + after.children_system - before.children_system)


def validate_times(sizes: list[int] | tuple[int, ...], folder: Path
                   ) -> dict[int, dict[str, Any]]:
    """For each size, the generated workspace's shape (two proposals) and the wall and CPU
    seconds of ``parley validate`` on it, with a budget it never reaches, so that the whole
    of the work is measured."""
    out: dict[int, dict[str, Any]] = {}
    for items in sizes:
        root = folder / f"ws{items}"
        shape = generate(root, items=items, proposals=2)
        out[items] = {"shape": shape, "time": _timed(
            ["validate", "-w", str(root), "-q", "--time-budget", "86400"], folder)}
    return out


def validate_growth(sizes: list[int], folder: Path) -> None:
    for items, found in validate_times(sizes, folder).items():
        wall, cpu = found["time"]
        print(f"validate, {items} items: {wall:.1f} s ({cpu:.1f} s CPU)")


def diff_with_other_files(count: int, folder: Path) -> None:
    root = folder / "repo"
    generate(root, items=40, proposals=2)
    notes = root / "proposals" / "notes"
    notes.mkdir()
    for index in range(count):
        (notes / f"{index}.txt").write_text(f"{index}\n")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b",
                            "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "one")
    git("commit", "-q", "--allow-empty", "-m", "two")
    wall, cpu = _timed(["diff", "HEAD~1", "HEAD"], root)
    print(f"diff of two revisions with {count} other files: {wall:.1f} s ({cpu:.1f} s CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--other-files", type=int, default=25_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        validate_growth([int(s) for s in args.sizes.split(",")], Path(scratch))
        diff_with_other_files(args.other_files, Path(scratch))


if __name__ == "__main__":
    main()
