"""The JSON contract is stable: identical runs — serial or on worker processes — print
identical bytes, solver call counts included."""

from __future__ import annotations

from pathlib import Path

from ..support.cli import run_cli

PROPOSALS = ["proposals/jeddah-30-day-ceasefire.yaml", "proposals/us-28-point-plan.yaml"]


def test_identical_runs_print_identical_json(repo: Path) -> None:
    runs = [run_cli("check", *PROPOSALS, "-f", "json", *jobs, cwd=repo)
            for jobs in ([], [], ["--jobs", "2"])]
    assert all(run.returncode == 1 for run in runs), [run.stderr for run in runs]
    assert '"solver_calls"' in runs[0].stdout
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
