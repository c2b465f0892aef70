"""Freshness: ``validate`` warns where the record may have been overtaken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import parley
from parley.ci.freshness import Freshness
from parley.ci.validate import validate
from parley.results.validate import ValidationReport

from ..support.cli import run_cli
from ..support.toy import write_toy

RUSSIA = """\
party: russia
name: Russian Federation
sources:
  - {id: old, title: An old readout, date: 2023-05-01}
  - {id: recent, title: A recent readout, date: 2025-03-18}
items:
  - id: long-ago
    kind: red_line
    require: not foreign_troops.in_ukraine
    source: old
    stated: 2023-05-01
  - id: long-ago-and-lapsed
    kind: red_line
    require: not foreign_troops.in_ukraine
    source: old
    stated: 2023-05-01
    until: 2024-01-01
  - id: long-ago-but-restated
    kind: precondition
    when: ceasefire.in_effect
    require: monitoring.agreed
    source: recent
    stated: 2023-05-01
"""


def _workspace(tmp_path: Path) -> Path:
    return write_toy(tmp_path / "ws", positions__russia=RUSSIA)


def _codes(report: ValidationReport, code: str) -> list[str]:
    return sorted(f.subject or "" for f in report.findings() if f.code == code)


def test_an_item_not_on_record_for_too_long_is_flagged_at_the_item(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    report = validate(root, freshness=Freshness(reference=dt.date(2025, 6, 1)))
    # Lapsed items are not stale; a later source restates an item.
    assert _codes(report, "stale-item") == ["russia/long-ago"]
    (finding,) = [f for f in report.findings() if f.code == "stale-item"]
    lines = (root / "positions" / "russia.yaml").read_text().splitlines()
    assert lines[finding.line - 1].strip() == "- id: long-ago"
    assert "2023-05-01" in finding.message and "762 days" in finding.message
    assert finding.severity == "warning"


def test_the_age_limit_is_configurable_and_can_be_turned_off(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    day = dt.date(2025, 6, 1)
    assert _codes(validate(root, freshness=Freshness(day, max_age_days=800)),
                  "stale-item") == []
    assert _codes(validate(root, freshness=Freshness(day, max_age_days=0)), "stale-item") == []
    assert _codes(validate(root, freshness=Freshness(day, max_age_days=30)), "stale-item") == [
        "russia/long-ago", "russia/long-ago-but-restated"]


def test_without_a_day_ages_count_to_the_newest_date_in_the_workspace(tmp_path: Path) -> None:
    # The newest date here is the restating source's (2025-03-18): the same files give the
    # same findings whatever day validate runs.
    root = _workspace(tmp_path)
    assert _codes(validate(root), "stale-item") == ["russia/long-ago"]
    (finding,) = [f for f in validate(root).findings() if f.code == "stale-item"]
    assert "before 2025-03-18" in finding.message


def test_cli_max_age_and_as_of(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    plain = run_cli("validate", "--as-of", "2025-06-01", cwd=root)
    assert plain.returncode == 0 and "[stale-item]" in plain.stdout, plain.stderr
    strict = run_cli("validate", "--strict", "--as-of", "2025-06-01", cwd=root)
    assert strict.returncode == 1
    off = run_cli("validate", "--max-age", "0", cwd=root)
    assert "[stale-item]" not in off.stdout
    bad = run_cli("validate", "--as-of", "June", cwd=root)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_a_proposal_newer_than_a_partys_latest_statement(bundled: parley.Workspace) -> None:
    report = validate(bundled.root)
    after = _codes(report, "proposal-after-position")
    # The 28-point plan (20 Nov 2025) postdates every Russian item in the bundled file: its
    # reactions to the plan are in the fact base, not yet encoded as positions.
    assert "us-28-point-plan: russia" in after
    # Jeddah (11 Mar 2025) came before every party's latest statement.
    assert not [s for s in after if s.startswith("jeddah-30-day-ceasefire")]
    finding = next(f for f in report.findings() if f.subject == "us-28-point-plan: russia")
    assert finding.file == "proposals/us-28-point-plan.yaml" and finding.line
