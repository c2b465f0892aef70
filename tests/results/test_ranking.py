"""The ranking of proposals by distance from acceptance: every figure recounted from the
brute-force reference, the order lexicographic, equal distances sharing a rank."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.cli import main
from parley.results.check import CheckReport
from parley.results.matrix import Matrix

from ..support.reference import RefWorkspace
from ..support.strategies import proposals, workspaces, write_workspace


def _reference_key(ref: RefWorkspace, settled: dict[str, Any]) -> tuple[int, ...]:
    statuses = [ref.status(item, settled) for item in ref.items]
    verdicts = [ref.party_verdict(party, settled) for party in ref.parties()]
    demands = sum(ref.demand_score(party, settled) for party in ref.parties())
    return (verdicts.count("incompatible"),
            ref.proposal_verdict(settled) in ("deadlocked", "incompatible"),
            sum(s == "violated" for s, _ in statuses),
            sum(d == "contradicted" for _, d in statuses),
            sum(d == "unaddressed" for _, d in statuses),
            -demands)


@given(data=st.data())
def test_ranking_agrees_with_brute_force(data: st.DataObject) -> None:
    ref = data.draw(workspaces())
    chosen = [p for p in data.draw(st.lists(proposals(ref), min_size=2, max_size=4))
              if ref.completions(p)]
    with tempfile.TemporaryDirectory() as tmp:
        ws = parley.load(write_workspace(ref, Path(tmp)))
        results = [ws.check({"id": f"p{n}", "terms": p}) for n, p in enumerate(chosen)]
    matrix = Matrix.from_report(CheckReport(results=results))
    keys = {f"p{n}": _reference_key(ref, p) for n, p in enumerate(chosen)}
    for row in matrix.rows:
        assert row.distance is not None
        assert row.distance.key() == keys[row.proposal.id]
        assert row.rank == 1 + sum(other < keys[row.proposal.id] for other in keys.values())
    ranked = [row.proposal.id for row in matrix.ranking()]
    assert ranked == sorted(keys, key=lambda pid: (keys[pid], pid))


def test_bundled_ranking_puts_accepted_terms_before_crossed_red_lines(
        bundled: parley.Workspace, repo: Path) -> None:
    matrix = bundled.matrix()
    ranked = matrix.ranking()
    # A proposal no party rejects ranks before every proposal some party rejects.
    first_rejected = next(n for n, row in enumerate(ranked) if row.distance and
                          row.distance.incompatible)
    assert all(row.distance and not row.distance.incompatible for row in ranked[:first_rejected])
    assert all(row.distance and row.distance.incompatible for row in ranked[first_rejected:])
    text = CliRunner().invoke(main, ["check", "--workspace", str(repo),
                                     *[str(p) for p in sorted((repo / "proposals").glob("*.yaml"))]]
                              ).output
    listed = text.split("ranking, nearest to acceptance first", 1)[1]
    assert re.findall(r"^ +\d+\. (\S+)", listed, re.M) == [r.proposal.id for r in ranked]
