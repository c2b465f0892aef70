"""``-`` as a file name: a proposal read from standard input, output written to standard
output; and errors that are in no file named as ``parley: error:``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main

from ..support.cli import assert_located_refusal, run_cli
from ..support.toy import write_toy


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write_toy(tmp_path / "ws")


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_check_reads_a_proposal_from_standard_input(toy: Path) -> None:
    name = str(toy / "proposals/jeddah.yaml")
    code, out, _ = invoke("check", "-w", str(toy), "-", stdin=Path(name).read_text())
    from_file = invoke("check", "-w", str(toy), name)
    assert code == from_file[0] == 1
    assert "(<stdin>)" in out
    # The same report, the proposal named <stdin> (lines wrap by the name's length).
    assert " ".join(out.split()).replace("<stdin>", name) == " ".join(from_file[1].split())


def test_standard_input_errors_are_located_in_it(toy: Path) -> None:
    code, _, err = invoke("check", "-w", str(toy), "-",
                          stdin="id: x\nterms:\n  ceasefire.in_effect: true\n  nosuch.term: 3\n")
    assert code == 2
    assert err.startswith("<stdin>:4:3: error: unknown term 'nosuch.term'")


def test_standard_input_is_read_once(toy: Path) -> None:
    code, _, err = invoke("check", "-w", str(toy), "-", "-", stdin="id: x\nterms: {}\n")
    assert code == 2 and "'-' (standard input) can be given only once" in err


def test_an_empty_standard_input_is_an_input_error(toy: Path) -> None:
    code, _, err = invoke("check", "-w", str(toy), "-", stdin="")
    assert code == 2 and err.startswith("<stdin>:") and "found an empty file" in err


def test_every_proposal_argument_takes_standard_input(toy: Path) -> None:
    text = (toy / "proposals/jeddah.yaml").read_text()
    for args in (["conflicts", "-"], ["suggest", "-"], ["explain", "-", "russia/halt-western-arms"],
                 ["timeline", "-"], ["brief", "-"]):
        code, out, err = invoke(*args, "-w", str(toy), stdin=text)
        assert code in (0, 1), (args, err)
        assert "jeddah" in out, args


def test_a_suggestion_pipes_into_check(toy: Path) -> None:
    code, suggested, err = invoke("suggest", "-w", str(toy), str(toy / "proposals/jeddah.yaml"),
                                  "-o", "-")
    assert "wrote the suggested proposal to standard output" in err
    assert suggested.startswith("id: ") or "\nid: " in suggested, suggested
    assert "verdict" not in suggested  # the proposal alone, not the report
    code, out, _ = invoke("check", "-w", str(toy), "-", stdin=suggested)
    assert code == 0 and "verdict: COMPATIBLE" in out


@pytest.mark.parametrize("command", ["report", "brief"])
def test_output_dash_writes_to_standard_output(toy: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               command: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(command, "-w", str(toy), "-o", "-")
    assert code == 0, err
    assert not (tmp_path / "-").exists()
    assert "wrote" not in err
    assert out.startswith("<!DOCTYPE html>" if command == "report" else "# Brief")


def test_a_missing_file_and_unknown_names_are_in_no_file(toy: Path) -> None:
    for args, message in [
            (["check", "nowhere.yaml"], "parley: error: cannot read nowhere.yaml: "),
            (["check", "--party", "rusia", "proposals/jeddah.yaml"],
             "parley: error: unknown party 'rusia' (did you mean 'russia'?)"),
            (["explain", "proposals/jeddah.yaml", "rusia/x"],
             "parley: error: unknown party 'rusia' in 'rusia/x'"),
            (["conflicts", "--given", "ceasefire.in_effect and nothing.here"],
             "parley: error: --given, column 25: unknown term 'nothing.here'"),
            (["timeline", "--from", "2025-05-01", "--to", "2025-01-01"],
             "parley: error: --from 2025-05-01 is after --to 2025-01-01")]:
        result = run_cli(*args, cwd=toy)
        assert_located_refusal(result, message)
        assert ":1:1:" not in result.stderr, result.stderr
    result = run_cli("terms", "-w", "nowhere")
    assert_located_refusal(result, "parley: error: workspace folder not found: nowhere")
