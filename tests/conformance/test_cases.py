"""Data-driven conformance cases, as OPA keeps them: each case in ``cases/*.yaml`` is a small
workspace (its files written out verbatim), optionally the proposal to check, and what must
come out — statuses and verdicts (``want``) or one located input error (``want_error``).
The language grows by adding cases, not test code.

A case::

    - note: what the case shows
      files:
        rules/terms.yaml: |
          terms: {a: {type: bool}}
        positions/p.yaml: |
          party: p
          name: P
          items: [{id: x, kind: red_line, require: a}]
        proposals/q.yaml: |
          id: q
          terms: {a: false}
      check: proposals/q.yaml          # optional; default: the workspace loads
      want:                            # verdict, party verdicts, item statuses
        verdict: incompatible
        parties: {p: incompatible}
        items: {p/x: violated}         # an unmet precondition: "unmet (contradicted)"
        stages: {p/x: stage 1}         # the stage a status names (null: none)
        scores: {p: 0}                 # demand scores
      want_error:                      # instead of want: the first error, located
        code: unknown-term
        at: positions/p.yaml:3:45
        message: unknown term          # a part of the message
        hint: did you mean             # a part of the hint

A proposal that contradicts itself is an input error whose message says so; its case may
give only ``message: contradicts`` (no code, no place).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import parley
from parley.errors import InputError

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            found.append(pytest.param(case, id=f"{path.stem}[{number}]"))
    return found


def _status(item: parley.ItemResult) -> str:
    return f"{item.status} ({item.detail})" if item.status == "unmet" and item.detail else \
        item.status


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ("want" in case) != ("want_error" in case), "a case wants a result or an error"
    for name, text in case["files"].items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for folder in ("rules", "positions"):
        (tmp_path / folder).mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path)  # locations are shown relative to the working folder
    try:
        ws = parley.load(".")
        result = ws.check(case["check"]) if "check" in case else None
    except InputError as exc:
        wanted = case.get("want_error")
        assert wanted is not None, f"{case['note']}: unexpected error {exc}"
        first = exc.diagnostics[0]
        if "code" in wanted or "at" in wanted:
            assert first.code == wanted["code"], (case["note"], str(exc))
            assert str(first.span) == wanted["at"], (case["note"], str(exc))
        else:
            assert wanted["message"] == "contradicts", "a case names its error's code and place"
        assert wanted.get("message", "") in first.message, (case["note"], str(exc))
        assert wanted.get("hint", "") in (first.hint or ""), (case["note"], str(exc))
        return
    assert "want_error" not in case, f"{case['note']}: no error was raised"
    want = case["want"]
    assert result is not None, "a case that wants a result says what to check"
    if "verdict" in want:
        assert result.verdict == want["verdict"], case["note"]
    for party, verdict in want.get("parties", {}).items():
        assert result.party(party).verdict == verdict, (case["note"], party)
    for key, status in want.get("items", {}).items():
        party, _, item = key.partition("/")
        assert _status(result.item(party, item)) == status, (case["note"], key)
    for key, stage in want.get("stages", {}).items():
        party, _, item = key.partition("/")
        assert result.item(party, item).stage == stage, (case["note"], key)
    for party, score in want.get("scores", {}).items():
        assert result.party(party).demand_score == score, (case["note"], party)
