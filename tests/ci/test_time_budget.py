"""A run's time budget: when it is spent, ``validate`` and ``check`` stop asking the solver,
report what they decided and the rest as undecided, say so in one line on stderr and exit 1
— never a traceback, never exit 3, nothing dropped.

A budget of 0 is spent before the first solver call; the pigeonhole workspace, whose one
hard question takes z3 far longer than the budget given, shows a budget running out during
a call. No assertion is about how long anything took.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parley
from parley.ci.validate import validate
from parley.errors import BudgetSpent
from parley.limits import Limits
from parley.solver.backend import CallCounter, Solver

from ..support.cli import run_cli
from ..support.pigeonhole import write_pigeonhole

SPENT = "time budget of 0 s spent"


def _one_line(stderr: str, starts: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(starts), stderr
    return lines[0]


def test_a_spent_budget_stops_validate_with_one_line_and_exit_1(repo: Path) -> None:
    result = run_cli("validate", "-w", repo, "--time-budget", "0", "-f", "json", timeout=120)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr, f"parley: {SPENT}: ")
    assert "left undecided" in line and "--time-budget" in line
    undecided = [f for f in json.loads(result.stdout)["diagnostics"]
                 if f["code"] == "undecided"]
    assert undecided and all(SPENT in f["message"] and f["severity"] == "error"
                             for f in undecided)
    assert {f["subject"] for f in undecided} >= set(parley.load(repo).parties)


def test_a_spent_budget_stops_check_with_one_line_and_exit_1(repo: Path) -> None:
    result = run_cli("check", "-w", repo, "--time-budget", "0", "-f", "json", timeout=120)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr, f"parley: {SPENT}: ")
    assert "proposal verdict(s) decided" in line and "item(s) left unknown" in line
    items = [i for r in json.loads(result.stdout)["results"] for p in r["parties"]
             for i in p["items"]]
    unknown = [i for i in items if i["status"] == "unknown"]
    assert unknown and all(SPENT in i["detail"] and "--time-budget" in i["detail"]
                           for i in unknown)
    assert len(unknown) < len(items)  # what needed no solver is still decided


def test_worker_processes_share_the_budget(repo: Path) -> None:
    serial = run_cli("check", "-w", repo, "--time-budget", "0", "-q", timeout=120)
    parallel = run_cli("check", "-w", repo, "--time-budget", "0", "-q", "--jobs", "2",
                       timeout=120)
    assert parallel.returncode == serial.returncode == 1
    assert parallel.stderr == serial.stderr
    assert parallel.stdout == serial.stdout


def test_the_global_limit_sets_the_budget_and_the_option_wins(repo: Path) -> None:
    limited = run_cli("--limit", "time_budget_s=0", "check", "-w", repo, "-q", timeout=120)
    assert limited.returncode == 1 and SPENT in limited.stderr
    unlimited = run_cli("--limit", "time_budget_s=0", "check", "-w", repo, "-q",
                        "--time-budget", "100000", timeout=120)
    assert "time budget" not in unlimited.stderr


@pytest.fixture
def hard(tmp_path: Path) -> Path:
    return write_pigeonhole(tmp_path / "hard")


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_budget_that_runs_out_during_a_call_ends_the_call(hard: Path, command: str
                                                            ) -> None:
    """The solver's own limit is far away: the budget cuts the hard call short."""
    result = run_cli(command, "-w", hard, "--solver-timeout", "3600000", "--time-budget", "1",
                     "-f", "json", timeout=300)
    assert result.returncode == 1, result.stderr
    _one_line(result.stderr, "parley: time budget of 1 s spent: ")
    assert "solver limit" not in result.stdout
    if command == "check":
        (checked,) = json.loads(result.stdout)["results"]
        statuses = {i["id"]: (i["status"], i["detail"]) for p in checked["parties"]
                    for i in p["items"]}
        assert statuses["easy"] == ("satisfied", None)
        assert statuses["distinct"][0] == "unknown"
        assert "time budget of 1 s spent" in statuses["distinct"][1]


def test_check_reports_what_it_decided_and_the_rest_as_unknown(repo: Path) -> None:
    full = parley.load(repo).check_all()
    cut = parley.load(repo, Limits(time_budget_s=0)).check_all()
    assert [r.proposal.id for r in cut.results] == [r.proposal.id for r in full.results]
    for spent, decided in zip(cut.results, full.results, strict=True):
        pairs = list(zip([i for p in spent.parties for i in p.items],
                         [i for p in decided.parties for i in p.items], strict=True))
        for got, want in pairs:
            assert (got.party, got.id) == (want.party, want.id)
            if got.status == "unknown":
                assert got.detail is not None and got.detail.startswith(BudgetSpent.PREFIX)
            else:
                assert (got.status, got.detail, got.why) == (want.status, want.detail,
                                                              want.why)
        assert spent.verdict in (decided.verdict, "unknown")


def test_validate_reports_what_it_decided_and_the_rest_as_undecided(repo: Path) -> None:
    full = validate(repo).diagnostics
    cut = validate(repo, limits=Limits(time_budget_s=0)).diagnostics
    undecided = {f.subject for f in cut if f.code == "undecided"}
    assert undecided and all(BudgetSpent.PREFIX in f.message for f in cut
                             if f.code == "undecided")
    kept = [f for f in cut if f.code != "undecided"]
    assert all(f in full for f in kept)
    # Whatever is missing is what an undecided check would have found.
    for missing in (f for f in full if f not in kept):
        assert (missing.subject or "").partition("/")[0] in undecided, missing


def test_validate_has_a_budget_by_default() -> None:
    assert Limits().time_budget_s is None
    from parley.limits import VALIDATE_TIME_BUDGET_S

    assert VALIDATE_TIME_BUDGET_S > 0


def test_a_budget_is_a_whole_number_of_seconds() -> None:
    assert Limits(time_budget_s=0).time_budget_s == 0
    assert Limits().with_assignments(["time-budget-s=30"]).time_budget_s == 30
    with pytest.raises(ValueError, match="time_budget_s"):
        Limits(time_budget_s=-1)


def test_a_spent_budget_raises_before_the_call_and_the_call_is_not_counted() -> None:
    import z3

    counter = CallCounter()
    solver = Solver(z3.Context(), None, counter)
    assert solver.check()
    with counter.run(0):
        with pytest.raises(BudgetSpent, match=SPENT):
            solver.check()
        with counter.run(100):  # a run inside another is part of it
            assert counter.seconds_left() == 0
    assert counter.calls == 1
    assert counter.seconds_left() is None and solver.check()
