"""The answer set peer of the benchmarks agrees with Parley on every status, party verdict,
demand score and proposal verdict: on generated workspaces (flat and three-stage) and on
a small workspace written to reach every shape of the language the peer grounds."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

import parley

clingo = pytest.importorskip(
    "clingo", reason="the answer set peer needs clingo: pip install 'parley-check[bench]'")

from benchmarks.generate import generate  # noqa: E402
from benchmarks.peer.asp import Peer, PeerResult, ProposalContradicts, disagreements  # noqa: E402


def _agree(root: Path) -> list[PeerResult]:
    ws = parley.load(root)
    proposals = ws.proposals()
    peer = Peer(ws.loaded, proposals)
    found = []
    for proposal in proposals:
        theirs = peer.check(proposal)
        assert disagreements(ws.check(proposal), theirs) == [], proposal.id
        found.append(theirs)
    return found


@pytest.mark.parametrize("stages", [1, 3])
def test_the_peer_agrees_on_a_generated_workspace(tmp_path: Path, stages: int) -> None:
    generate(tmp_path, items=80, proposals=8, stages=stages)
    results = _agree(tmp_path)
    statuses = Counter(status for r in results for status, _ in r.items.values())
    # The workspace reaches every status and more than one verdict, so agreement means
    # something.
    assert {"satisfied", "violated", "met", "unmet", "open", "not_applicable"} <= set(statuses)
    assert len({r.verdict for r in results}) > 1


SHAPES = {
    "rules/terms.yaml": """
        terms:
          a: {type: bool}
          b: {type: bool}
          c: {type: bool}
          x: {type: int, min: 0, max: 12}
          y: {type: int, min: 3, max: 9}
          big: {type: int, min: 0, max: 3650}
          e: {type: enum, values: [p, q, r]}
          f: {type: enum, values: [r, q, p]}
        rules:
          - {id: big-means-c, when: big >= 1000, then: c}
          - {id: x-caps-y, when: x > 7, then: y <= x}
    """,
    "positions/one.yaml": """
        party: one
        name: One
        items:
          - {id: reciprocal, kind: red_line, require: x >= y}
          - {id: strict, kind: demand, require: y < x, weight: 2}
          - {id: same-flag, kind: demand, require: a == b}
          - {id: differ, kind: red_line, require: e != f}
          - {id: left-constant, kind: red_line, require: 4 <= x}
          - {id: ever-a, kind: precondition, when: c, require: ever(a)}
          - {id: not-before-b, kind: red_line, require: not before(b)}
          - {id: later-e, kind: demand, when: a, require: "eventually(e in ['q', 'r'])"}
          - {id: some-stage, kind: precondition, when: sometime(c), require: "e not in ['p']"}
          - {id: equal-ints, kind: demand, require: x == y or x != 11}
    """,
    "positions/two.yaml": """
        party: two
        name: Two
        items:
          - {id: big-small, kind: red_line, require: big < 1000 or not a}
          - {id: never-r, kind: red_line, when: b, require: f != 'r'}
          - {id: bounded, kind: precondition, when: x >= 12, require: y == 9}
          - {id: no-big, kind: precondition, when: big >= 1000, require: not c}
          - {id: always, kind: precondition, when: "True", require: a}
          - {id: never, kind: demand, when: "False", require: a, weight: 3}
    """,
    "proposals/flat.yaml": """
        id: flat
        terms: {a: true, x: 10, e: p}
    """,
    "proposals/open.yaml": """
        id: open
        terms: {big: 5}
    """,
    "proposals/staged.yaml": """
        id: staged
        stages:
          - id: first
            terms: {x: 5, c: true}
            clauses:
              - {id: a-then-b, when: a, then: b, until: third}
          - id: second
            terms: {a: true, big: 2000}
          - id: third
            terms: {x: 12, e: q}
            clauses:
              - {id: pin-f, then: f == 'p'}
    """,
    "proposals/clash.yaml": """
        id: clash
        terms: {big: 1200}
        clauses:
          - {id: no-c, then: not c}
    """,
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def test_the_peer_agrees_on_every_shape_it_grounds(tmp_path: Path) -> None:
    # Stage operators, clauses with `until`, int, bool and enum terms compared with each
    # other, a constant on the left, `in` / `not in`, a term of a large range, and a `when`
    # that is a constant.
    files = {name: text for name, text in SHAPES.items() if name != "proposals/clash.yaml"}
    results = _agree(_write(tmp_path, files))
    reached = {status for r in results for status in r.items.values()}
    assert {("satisfied", None), ("violated", None), ("met", None), ("unmet", None),
            ("open", None), ("not_applicable", None), ("unmet", "contradicted"),
            ("unmet", "unaddressed")} <= reached
    assert {r.verdict for r in results} >= {"completable", "incompatible"}


def test_a_self_contradicting_proposal_has_no_completion_for_the_peer(tmp_path: Path) -> None:
    ws = parley.load(_write(tmp_path, SHAPES))
    clash = ws.proposal(tmp_path / "proposals/clash.yaml")
    with pytest.raises(parley.InputError):
        ws.check(clash)
    with pytest.raises(ProposalContradicts):
        Peer(ws.loaded, [clash]).check(clash)


def test_a_disagreement_is_reported(tmp_path: Path) -> None:
    generate(tmp_path, items=40, proposals=1)
    ws = parley.load(tmp_path)
    proposal = ws.proposals()[0]
    theirs = Peer(ws.loaded, [proposal]).check(proposal)
    key, mine = next(iter(theirs.items.items()))
    wrong = ("violated", None) if mine != ("violated", None) else ("satisfied", None)
    changed = PeerResult({**theirs.items, key: wrong}, theirs.parties, theirs.scores,
                         theirs.verdict)
    assert disagreements(ws.check(proposal), changed) == [
        f"{key}: Parley {mine}, peer {wrong}"]
