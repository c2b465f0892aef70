"""Batch checking: serial, threads, local processes and a Dask cluster give the same answers,
in the same order, and bad input met by a worker is the same located error as at home."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import parley

from .support.cli import run_cli
from .support.toy import TOY_PROPOSALS, write_toy


def _dumps(report: parley.CheckReport) -> list[dict[str, object]]:
    return [r.model_dump(exclude={"solver_calls"}) for r in report.results]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_toy(tmp_path_factory.mktemp("toy"))


def _work(root: Path) -> list[object]:
    files = [root / "proposals" / n for n in ("jeddah.yaml", "force.yaml", "quiet.yaml")]
    return [*TOY_PROPOSALS, *files, *reversed(TOY_PROPOSALS)]


def test_serial_threads_and_processes_agree(toy: Path) -> None:
    work = _work(toy)
    serial = _dumps(parley.load(toy).check_all(work))
    ws = parley.load(toy)
    assert _dumps(ws.check_many(work)) == serial
    with ThreadPoolExecutor(4) as pool:
        assert _dumps(ws.check_many(work, executor=pool)) == serial
    with ProcessPoolExecutor(2) as pool:
        assert _dumps(ws.check_many(work, executor=pool)) == serial


def test_processes_on_the_bundled_workspace(repo: Path) -> None:
    ws = parley.load(repo)
    serial = _dumps(ws.check_all(as_of="2025-03-01"))
    with ProcessPoolExecutor(2) as pool:
        parallel = _dumps(ws.check_many(ws.proposal_paths, executor=pool, as_of="2025-03-01"))
    assert parallel == serial
    assert {str(r["as_of"]) for r in parallel} == {"2025-03-01"}


def test_a_result_sent_back_by_a_worker_is_whole(repo: Path) -> None:
    """A worker sends back what it decided and the caller fills in what each item says:
    every field comes back, those serialisation leaves out too (a why's status-quo marks)."""
    ws = parley.load(repo)
    serial = ws.check_all(assume_status_quo=True).results
    with ProcessPoolExecutor(2) as pool:
        parallel = ws.check_many(ws.proposal_paths, executor=pool,
                                 assume_status_quo=True).results
    for mine, theirs in zip(serial, parallel, strict=True):
        assert theirs.model_dump(exclude={"solver_calls"}) == \
            mine.model_dump(exclude={"solver_calls"})
        assert [[(r.kind, r.term, r.status_quo) for r in i.why] for p in theirs.parties
                for i in p.items] == [[(r.kind, r.term, r.status_quo) for r in i.why]
                                      for p in mine.parties for i in p.items]
    assert any(r.status_quo for result in parallel for p in result.parties for i in p.items
               for r in i.why)


def test_a_worker_s_bad_input_is_the_same_located_error(toy: Path) -> None:
    ws = parley.load(toy)
    impossible = {"peacekeepers.contributors": "european", "foreign_troops.in_ukraine": False}
    with pytest.raises(parley.InputError) as at_home:
        ws.check(impossible)
    with ProcessPoolExecutor(2) as pool, pytest.raises(parley.InputError) as in_worker:
        ws.check_many([{}, impossible], executor=pool)
    assert str(in_worker.value) == str(at_home.value)
    assert "contradicts" in str(in_worker.value)


def test_the_cli_jobs_option_changes_nothing_but_speed(toy: Path) -> None:
    one = run_cli("check", "-w", toy, "-f", "json")
    two = run_cli("check", "-w", toy, "-f", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1, two.stderr
    first, second = json.loads(one.stdout), json.loads(two.stdout)
    for report in (first, second):
        for result in report["results"]:
            result.pop("solver_calls")
    assert first == second
    bad = run_cli("check", "-w", toy, "--jobs", "0")
    assert bad.returncode == 2 and "--jobs" in bad.stderr


def test_a_dask_local_cluster_runs_the_same_batch(toy: Path) -> None:
    """The documented example in docs/performance.md, on a two-process LocalCluster."""
    distributed = pytest.importorskip(
        "distributed", reason="the optional 'distributed' extra is not installed")
    ws = parley.load(toy)
    work = _work(toy)
    serial = _dumps(ws.check_all(work))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        report = ws.check_many(work, executor=client.get_executor())
    assert _dumps(report) == serial
