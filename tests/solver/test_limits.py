"""Solver limits: an instance too hard for the time limit comes out ``unknown``, with the
reason, and exit 1 — never a guessed answer, never exit 0.

The hard instance is the pigeonhole principle: nine int terms in 1..8, all different,
as one red line. Showing it violated takes z3 tens of seconds; the time limit here is
half a second — far too short for that, yet long enough that the easy questions are answered
even on a busy machine.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

import parley
from parley.limits import Limits

from ..support.cli import run_cli
from ..support.pigeonhole import HOLES, write_pigeonhole
from ..support.toy import write_toy


@pytest.fixture
def hard(tmp_path: Path) -> Path:
    return write_pigeonhole(tmp_path / "hard")


def test_a_hard_item_is_unknown_with_the_reason(hard: Path) -> None:
    ws = parley.load(hard, Limits(solver_timeout_ms=500))
    result = ws.check(hard / "proposals" / "open.yaml")
    distinct = result.item("a", "distinct")
    assert distinct.status == "unknown"
    assert distinct.detail is not None and "solver limit" in distinct.detail
    assert "--solver-timeout" in distinct.detail
    # What the fast path decides is still decided: the limit costs only what it must.
    assert result.item("a", "easy").status == "satisfied"
    assert result.party("a").verdict == "unknown"
    assert result.verdict == "unknown"
    assert result.note is not None and "undecided" in result.note
    assert parley.CheckReport(results=[result]).exit_code() == 1
    assert parley.CheckReport(results=[result]).exit_code("open") == 1


def test_the_cli_says_unknown_and_exits_1(hard: Path) -> None:
    result = run_cli("check", "-w", hard, "--solver-timeout", "500", "-f", "json",
                     timeout=120)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    (checked,) = data["results"]
    assert checked["verdict"] == "unknown"
    statuses = {i["id"]: i["status"] for p in checked["parties"] for i in p["items"]}
    assert statuses == {"distinct": "unknown", "easy": "satisfied"}


def test_the_global_limit_option_sets_the_solver_time_limit(hard: Path) -> None:
    result = run_cli("--limit", "solver_timeout_ms=500", "check", "-w", hard, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "verdict: UNKNOWN" in result.stdout
    # The reason is long: the status goes under the item's name, wrapped.
    assert re.search(r"red line distinct:\s+unknown \(solver limit", result.stdout)


def test_with_time_enough_the_same_question_is_decided(tmp_path: Path) -> None:
    """The unknown above is the limit talking, not a wrong encoding: a smaller pigeonhole
    is decided under the default limit, and decided right."""
    root = write_pigeonhole(tmp_path / "small", holes=4)
    result = parley.load(root).check(root / "proposals" / "open.yaml")
    assert result.item("a", "distinct").status == "violated"
    assert result.verdict == "incompatible"


def test_an_undecidable_proposal_consistency_makes_every_item_unknown(tmp_path: Path) -> None:
    """When even 'is this proposal possible under the background rules?' times out,
    nothing about the proposal can be trusted, so nothing is claimed."""
    root = write_pigeonhole(tmp_path / "rules-hard")
    distinct = " and ".join(f"p.pigeon{i} != p.pigeon{j}"
                            for i, j in itertools.combinations(range(HOLES + 1), 2))
    with (root / "rules" / "terms.yaml").open("a") as handle:
        handle.write(f"rules:\n  - {{id: hard, when: p.easy, then: '{distinct}'}}\n")
    ws = parley.load(root, Limits(solver_timeout_ms=20))
    result = ws.check({"p.easy": True})
    assert {i.status for i in result.party("a").items} == {"unknown"}
    assert result.verdict == "unknown"


def test_limits_never_change_a_decided_answer(tmp_path: Path) -> None:
    """On an easy workspace a tight limit and the default one agree exactly."""
    root = write_toy(tmp_path / "toy")
    tight = parley.load(root, Limits(solver_timeout_ms=1_000)).check_all()
    loose = parley.load(root).check_all()
    for a, b in zip(tight.results, loose.results, strict=True):
        if a.verdict != "unknown":
            assert a.model_dump(exclude={"solver_calls"}) == b.model_dump(
                exclude={"solver_calls"})
