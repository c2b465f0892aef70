"""``parley check`` through click's runner: exit codes, text, JSON, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main

from ..support.toy import write_toy


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write_toy(tmp_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_incompatible_proposal_exits_1_and_leads_with_what_decides(toy: Path) -> None:
    code, out, _ = run("check", "-w", str(toy), str(toy / "proposals/jeddah.yaml"))
    assert code == 1
    assert "verdict: INCOMPATIBLE" in out
    russia = out.index("russia — Russian Federation")
    contradicted = out.index("halt-western-arms: unmet (contradicted)")
    unaddressed = out.index("verification: unmet (unaddressed)")
    assert russia < contradicted < unaddressed
    assert "“complete cessation of providing Kyiv with foreign military aid”" in out
    assert "because arms.western_supply = continues" in out


def test_completable_proposal_exits_0(toy: Path) -> None:
    code, out, _ = run("check", "-w", str(toy), str(toy / "proposals/quiet.yaml"))
    assert code == 0, out
    assert "verdict: COMPLETABLE" in out or "verdict: COMPATIBLE" in out


def test_fail_on_open(toy: Path) -> None:
    code, _, _ = run("check", "-w", str(toy), "--fail-on", "open",
                     str(toy / "proposals/quiet.yaml"))
    assert code == 1


def test_no_arguments_checks_every_workspace_proposal(toy: Path) -> None:
    code, out, _ = run("check", "-w", str(toy), "-f", "json")
    data = json.loads(out)
    assert sorted(r["proposal"]["id"] for r in data["results"]) == ["force", "jeddah", "quiet"]
    assert code == 1


def test_json_contract_keys(toy: Path) -> None:
    _, out, _ = run("check", "-w", str(toy), "-f", "json", str(toy / "proposals/jeddah.yaml"))
    data = json.loads(out)
    assert data["format"] == "parley.check/2"
    result = data["results"][0]
    assert set(result["proposal"]) >= {"id", "title", "path"}
    assert result["staged"] is False and [s["label"] for s in result["stages"]] == ["stage 1"]
    assert result["verdict"] == "incompatible"
    party = next(p for p in result["parties"] if p["party"] == "russia")
    assert party["verdict"] == "incompatible"
    item = next(i for i in party["items"] if i["id"] == "halt-western-arms")
    assert set(item) >= {"id", "kind", "status", "detail", "why", "text", "source", "quote",
                         "stage", "stage_number"}
    assert (item["status"], item["detail"]) == ("unmet", "contradicted")
    assert {w["term"] for w in item["why"]} == {"arms.western_supply", "ceasefire.in_effect"}
    assert item["source"]["url"] == "https://example.org/k"


def test_as_of_selects_items_in_force(toy: Path) -> None:
    proposal = str(toy / "proposals/jeddah.yaml")
    _, now, _ = run("check", "-w", str(toy), "-f", "json", proposal)
    _, then, _ = run("check", "-w", str(toy), "-f", "json", "--as-of", "2025-02-01", proposal)
    ids_now = {i["id"] for p in json.loads(now)["results"][0]["parties"] for i in p["items"]}
    ids_then = {i["id"] for p in json.loads(then)["results"][0]["parties"] for i in p["items"]}
    assert "long-ceasefire" not in ids_now
    assert "long-ceasefire" in ids_then
    assert "halt-western-arms" not in ids_then  # stated 2025-03-18


def test_assume_status_quo(toy: Path) -> None:
    (toy / "proposals/bare.yaml").write_text("id: bare\nterms: {ceasefire.in_effect: false}\n")
    _, out, _ = run("check", "-w", str(toy), "-f", "json", "--assume-status-quo",
                    str(toy / "proposals/bare.yaml"))
    result = json.loads(out)["results"][0]
    assert result["assume_status_quo"] is True
    assert result["settled"]["arms.western_supply"] == "continues"
    aid = next(i for p in result["parties"] for i in p["items"] if i["id"] == "aid-continues")
    assert aid["status"] == "satisfied"
    assert aid["why"][0]["location"] == "status quo"


def test_bad_input_exits_2_with_located_line_and_no_traceback(toy: Path) -> None:
    (toy / "proposals/bad.yaml").write_text("id: bad\nterms:\n  arms.western_supply: stop\n")
    code, out, err = run("check", "-w", str(toy), str(toy / "proposals/bad.yaml"))
    assert code == 2
    assert "Traceback" not in out + err
    assert err.strip().endswith("bad.yaml:3:24: error: arms.western_supply: 'stop' is not one "
                                "of 'continues', 'paused', 'halted'")


def test_unknown_format_is_a_usage_error(toy: Path) -> None:
    code, _, err = run("check", "-w", str(toy), "-f", "yaml")
    assert code == 2 and "yaml" in err


def test_bad_date_is_a_usage_error(toy: Path) -> None:
    code, _, err = run("check", "-w", str(toy), "--as-of", "13 March")
    assert code == 2 and "is not a date" in err


def test_missing_workspace(tmp_path: Path) -> None:
    code, _, err = run("check", "-w", str(tmp_path / "nowhere"))
    assert code == 2 and "nowhere" in err


def test_verbose_shows_completion_and_satisfied_items(toy: Path) -> None:
    _, quiet_out, _ = run("check", "-w", str(toy), str(toy / "proposals/quiet.yaml"))
    _, out, _ = run("check", "-w", str(toy), "-v", str(toy / "proposals/quiet.yaml"))
    assert "aid-continues: satisfied" in out and "aid-continues" not in quiet_out


def test_terms_lists_vocabulary(toy: Path) -> None:
    code, out, _ = run("terms", "-w", str(toy))
    assert code == 0
    assert "arms.western_supply" in out and "status quo: continues" in out
    code, out, _ = run("terms", "-w", str(toy), "-f", "json")
    assert json.loads(out)["terms"]["ceasefire.duration_days"]["max"] == 3650


def test_color_only_when_asked(toy: Path) -> None:
    _, plain, _ = run("check", "-w", str(toy), str(toy / "proposals/jeddah.yaml"))
    _, colored, _ = run("check", "-w", str(toy), "--color", str(toy / "proposals/jeddah.yaml"))
    assert "\x1b[" not in plain and "\x1b[" in colored


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_why_screens_statuses_and_verdicts_only(toy: Path, jobs: str) -> None:
    code, out, _ = run("check", "-w", str(toy), "--no-why", "-j", jobs)
    full_code, full, _ = run("check", "-w", str(toy), "-j", jobs)
    assert code == full_code == 1
    assert "because" in full and "because" not in out
    assert "checked without the facts behind each status (--no-why)" in out
    bare = json.loads(run("check", "-w", str(toy), "--no-why", "-f", "json", "-j", jobs)[1])
    whole = json.loads(run("check", "-w", str(toy), "-f", "json", "-j", jobs)[1])
    for result in bare["results"]:
        assert result["whys"] is False
        assert all(item["why"] == [] for p in result["parties"] for item in p["items"])
    assert [[(i["id"], i["status"], i["detail"]) for p in r["parties"] for i in p["items"]]
            for r in bare["results"]] == [
        [(i["id"], i["status"], i["detail"]) for p in r["parties"] for i in p["items"]]
        for r in whole["results"]]
    assert [r["verdict"] for r in bare["results"]] == [r["verdict"] for r in whole["results"]]
