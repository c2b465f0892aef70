"""``parley test``: pinned expectations pass on the bundled proposals; breaks are located."""

from __future__ import annotations

import re
from pathlib import Path

import parley

from ..support.cli import LOCATED, run_cli
from ..support.git import bundled_copy, line_of


def test_every_bundled_proposal_pins_its_outcome_and_all_pass(repo: Path, bundled) -> None:
    report = bundled.test()
    assert report.without_expectations == []
    assert report.cases and report.exit_code() == 0, report.findings()
    pinned = {c.proposal for c in report.cases}
    assert pinned == {p.stem for p in (repo / "proposals").glob("*.yaml")}


LEAF = re.compile(r"^\s+[\w-]+: (?!\s*#)\S")  # a pinned value, not a heading like "items:"
CITATION = re.compile(r"#.*(?:\bS\d+[a-z]?\b|§\d+|\b(?:RU|UA|US|EU)-\d+)")


def test_every_pin_cites_the_record(repo: Path) -> None:
    # A pin states what a source in the fact base supports, so each one names it: a source
    # key (S46c), a section (§7) or a position key (RU-08) on its own line.
    for path in sorted((repo / "proposals").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        start = lines.index("expect:")
        pins = [line for line in lines[start + 1:] if LEAF.match(line)
                and not line.strip().startswith("as_of:")]
        assert pins, path.name
        uncited = [line for line in pins if not CITATION.search(line)]
        assert not uncited, (path.name, uncited)


def test_pins_agree_with_check(bundled) -> None:
    """The pinned values are the checker's results, not copies of one another."""
    for case in bundled.test().cases:
        result = bundled.check(f"proposals/{case.proposal}.yaml")
        if case.subject == "verdict":
            assert case.actual == result.verdict
        elif case.subject.endswith(" verdict"):
            assert case.actual == result.party(case.subject.split()[0]).verdict


def test_a_broken_expectation_is_a_located_failure(tmp_path: Path) -> None:
    root = bundled_copy(tmp_path / "ws")
    path = root / "proposals" / "jeddah-30-day-ceasefire.yaml"
    text = path.read_text()
    tail = text[text.index("expect:"):]
    path.write_text(text.replace(tail, tail.replace("  verdict: incompatible",
                                                    "  verdict: compatible", 1)))
    result = run_cli("test", cwd=root)
    assert result.returncode == 1
    line = line_of(path, "  verdict: compatible")
    (failure,) = [x for x in result.stdout.splitlines() if "expectation-failed" in x]
    assert failure.startswith(f"proposals/jeddah-30-day-ceasefire.yaml:{line}:")
    assert "expected compatible, got incompatible" in failure


def test_a_position_change_breaks_pinned_items(tmp_path: Path) -> None:
    root = bundled_copy(tmp_path / "ws")
    russia = root / "positions" / "russia.yaml"
    russia.write_text(russia.read_text().replace("  - id: halt-western-arms\n",
                                                 "  - id: halt-western-arms-renamed\n"))
    report = parley.load(root).test()
    broken = {(c.proposal, c.subject, c.actual) for c in report.failures}
    assert ("jeddah-30-day-ceasefire", "russia/halt-western-arms",
            "no such item in force") in broken
    for finding in report.findings():
        assert LOCATED.match(f"{finding.location}: error: {finding.message}")


def test_a_malformed_expect_block_is_bad_input(tmp_path: Path) -> None:
    root = bundled_copy(tmp_path / "ws")
    path = root / "proposals" / "energy-strike-moratorium.yaml"
    path.write_text(path.read_text().replace("expect:\n", "expect:\n  verdcit: compatible\n"))
    result = run_cli("test", cwd=root)
    assert result.returncode == 2
    line = line_of(path, "verdcit")
    assert f"proposals/energy-strike-moratorium.yaml:{line}:3: error: unknown field 'verdcit'" \
        in result.stderr
