"""``parley validate``: each finding triggered by a fixture and located where it belongs."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.ci.validate import validate

from ..support.cli import run_cli
from ..support.pigeonhole import write_pigeonhole
from ..support.toy import write_toy

ITEMS = "items:\n"


def _toy_with(tmp_path: Path, extra_items: str = "", terms_extra: str = "",
              sources_extra: str = "") -> Path:
    root = write_toy(tmp_path / "ws")
    russia = root / "positions" / "russia.yaml"
    text = russia.read_text().replace(ITEMS, ITEMS + extra_items, 1)
    if sources_extra:
        text = text.replace("sources:\n", "sources:\n" + sources_extra, 1)
    russia.write_text(text)
    if terms_extra:
        terms = root / "rules" / "terms.yaml"
        terms.write_text(terms.read_text().replace("terms:\n", "terms:\n" + terms_extra, 1))
    return root


def _line(path: Path, snippet: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if snippet in line)


def _codes(root: Path, strict: bool = False) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in validate(root, strict=strict).diagnostics:
        out.setdefault(f.code, []).append(f"{f.location}|{f.severity}|{f.message}")
    return out


CASES = {
    "position-contradicts-itself": (
        "  - id: needs-monitoring\n    kind: red_line\n    require: monitoring.agreed\n"
        "  - id: refuses-monitoring\n    kind: red_line\n    require: not monitoring.agreed\n",
        "id: needs-monitoring", "error"),
    "when-never-holds": (
        "  - id: impossible-when\n    kind: precondition\n"
        "    when: peacekeepers.contributors == 'european' and not foreign_troops.in_ukraine\n"
        "    require: monitoring.agreed\n", "peacekeepers.contributors == 'european' and", "error"),
    "require-never-holds": (
        "  - id: impossible-require\n    kind: demand\n"
        "    require: peacekeepers.contributors == 'european' and not foreign_troops.in_ukraine\n",
        "require: peacekeepers.contributors == 'european' and", "error"),
    "precondition-never-applies": (
        "  - id: troops-need-monitoring\n    kind: precondition\n"
        "    when: foreign_troops.in_ukraine\n    require: monitoring.agreed\n",
        "when: foreign_troops.in_ukraine", "warning"),
    "redundant-item": (
        "  - id: weaker-no-troops\n    kind: demand\n"
        "    require: not foreign_troops.in_ukraine or monitoring.agreed\n",
        "id: weaker-no-troops", "warning"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_semantic_finding_is_triggered_and_located(tmp_path: Path, code: str) -> None:
    extra, snippet, severity = CASES[code]
    root = _toy_with(tmp_path, extra)
    clean = _codes(write_toy(tmp_path / "clean"))
    found = _codes(root)
    assert code not in clean
    russia = root / "positions" / "russia.yaml"
    line = _line(russia, snippet)
    (entry,) = found[code]
    location, found_severity, _ = entry.split("|", 2)
    file, found_line, _col = location.rsplit(":", 2)
    assert file.endswith("positions/russia.yaml") and int(found_line) == line
    assert found_severity == severity


def test_the_contradiction_names_a_minimal_set(tmp_path: Path) -> None:
    root = _toy_with(tmp_path, CASES["position-contradicts-itself"][0])
    (entry,) = _codes(root)["position-contradicts-itself"]
    message = entry.split("|", 2)[2]
    assert "russia/needs-monitoring" in message and "russia/refuses-monitoring" in message
    assert "halt-western-arms" not in message and "no-foreign-troops" not in message


def test_hygiene_findings_unsourced_unused_uncited(tmp_path: Path) -> None:
    root = _toy_with(tmp_path, terms_extra="  spare.term: {type: bool}\n",
                     sources_extra="  - {id: never-cited, title: Unused}\n")
    found = _codes(root)
    assert {e.split("|")[1] for e in found["unsourced-item"]} == {"warning"}
    assert len(found["unsourced-item"]) == 3  # two russian items and ukraine's only one
    assert any("russia/no-foreign-troops has no source and no quote" in e
               for e in found["unsourced-item"])
    (unused,) = [e for e in found["unused-term"] if "spare.term" in e]
    assert f":{_line(root / 'rules' / 'terms.yaml', 'spare.term')}:" in unused
    (uncited,) = found["uncited-source"]
    assert f":{_line(root / 'positions' / 'russia.yaml', 'never-cited')}:" in uncited
    strict = _codes(root, strict=True)
    assert {e.split("|")[1] for e in strict["unsourced-item"]} == {"error"}


def test_exit_codes_warnings_fail_only_when_strict(tmp_path: Path) -> None:
    root = _toy_with(tmp_path, CASES["redundant-item"][0])
    assert run_cli("validate", "--workspace", root).returncode == 0
    assert run_cli("validate", "--strict", "--workspace", root).returncode == 1
    broken = _toy_with(tmp_path / "b", CASES["when-never-holds"][0])
    assert run_cli("validate", "--workspace", broken).returncode == 1


def test_a_bad_proposal_path_is_validated_against_the_workspace(tmp_path: Path) -> None:
    root = write_toy(tmp_path / "ws")
    bad = root / "proposals" / "bad.yaml"
    bad.write_text("id: bad\nterms:\n  ceasefire.in_efect: true\n")
    result = run_cli("validate", bad, "--format", "github", cwd=root)
    assert result.returncode == 2
    assert "proposals/bad.yaml:3:3: error: unknown term 'ceasefire.in_efect'" in result.stderr
    assert "::error file=proposals/bad.yaml,line=3,col=3,title=unknown-term::" in result.stdout


def test_a_proposal_contradicting_the_rules_is_bad_input(tmp_path: Path) -> None:
    root = write_toy(tmp_path / "ws")
    (root / "proposals" / "odd.yaml").write_text(
        "id: odd\nterms:\n  peacekeepers.contributors: european\n"
        "  foreign_troops.in_ukraine: false\n")
    report = validate(root)
    assert not report.loaded and report.exit_code() == 2
    assert any(f.code == "proposal-contradicts-rules" and f.file and
               f.file.endswith("odd.yaml") for f in report.diagnostics)


def test_the_bundled_workspace_validates_without_errors(repo: Path) -> None:
    report = validate(repo)
    assert report.loaded and report.exit_code() == 0
    assert all(f.file and f.line and f.col for f in report.diagnostics)
    assert not [f for f in report.diagnostics if f.severity == "error"]


def test_a_self_contradiction_too_hard_for_the_solver_fails_validation(tmp_path: Path) -> None:
    """Nine pigeons in eight holes can never all differ: the position contradicts itself,
    but the solver cannot show it in time. Validation must not call that valid."""
    root = write_pigeonhole(tmp_path / "hard")
    result = run_cli("validate", "-w", root, "--solver-timeout", "300", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "a: semantic checks undecided: solver limit" in result.stdout
    assert ": invalid — 1 errors" in result.stdout
