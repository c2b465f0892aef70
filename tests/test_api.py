"""The library surface: pinned namespace, cheap import, accepted proposal forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import parley

from .support import REPO
from .support.toy import write_toy

PUBLIC = {
    "CheckReport", "CheckResult", "Diagnostic", "InputError", "Item", "ItemRef", "ItemResult",
    "Limits", "ParleyError", "PartyResult", "Position", "Proposal", "ProposalRef", "Reason",
    "Rule", "SourceRef", "Span", "TermSpec", "Workspace", "__version__", "load",
    "ConcessionReport", "Conflict", "ConflictReport", "ExplainResult", "Explanations",
    "SuggestResult",
    "Matrix", "MatrixCell", "MatrixRow",
}


def test_public_namespace_is_pinned() -> None:
    assert set(parley.__all__) == PUBLIC
    for name in parley.__all__:
        assert hasattr(parley, name)


def test_import_parley_pulls_in_neither_z3_nor_click() -> None:
    code = ("import sys, parley; bad = [m for m in ('z3', 'click') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == ""


def test_proposal_forms_are_equivalent(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    from_path = ws.check(tmp_path / "proposals/jeddah.yaml")
    terms = {"ceasefire.in_effect": True, "ceasefire.duration_days": 30,
             "arms.western_supply": "continues"}
    from_dict = ws.check(terms)
    from_model = ws.check(parley.Proposal(id="j", terms=terms))
    from_full_dict = ws.check({"id": "j2", "terms": terms})
    for other in (from_dict, from_model, from_full_dict):
        assert other.verdict == from_path.verdict
        assert [(i.id, i.status) for p in other.parties for i in p.items] == [
            (i.id, i.status) for p in from_path.parties for i in p.items]


def test_results_are_pydantic_and_serialise(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    result = ws.check({"peacekeepers.contributors": "european"})
    assert isinstance(result, parley.CheckResult)
    again = parley.CheckResult.model_validate_json(result.model_dump_json())
    assert again == result
    item = result.item("russia", "no-foreign-troops")
    assert item.status == "violated"
    assert {str(r) for r in item.why} == {
        "peacekeepers.contributors = european",
        "rule peacekeepers-are-foreign-troops (A European contingent means foreign troops are "
        "present.)"}


def test_dict_proposal_errors_are_input_errors(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    with pytest.raises(parley.InputError, match=r"did you mean 'ceasefire\.in_effect'"):
        ws.check({"ceasefire.in_efect": True})


def test_workspace_is_thread_safe(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    ws = parley.load(write_toy(tmp_path))
    proposals = [{"ceasefire.in_effect": bool(i % 2), "ceasefire.duration_days": i}
                 for i in range(40)]
    serial = [ws.check(p).model_dump() for p in proposals]
    with ThreadPoolExecutor(8) as pool:
        threaded = [r.model_dump() for r in pool.map(ws.check, proposals)]
    for a, b in zip(serial, threaded, strict=True):
        a.pop("solver_calls"), b.pop("solver_calls")
        assert a == b
