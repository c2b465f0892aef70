"""One run, every format a CI job needs: ``--output-file FORMAT=PATH``, and input errors that
still give each machine format a valid document (exit 2 all the same)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Error, JUnitXml

from parley.cli import main

from ..output.test_formats import parse_annotations, sarif_schema
from ..support.cli import run_cli
from ..support.git import bundled_copy, line_of
from ..support.toy import write_toy

PROPOSAL = "proposals/energy-strike-moratorium.yaml"
#: Each command as a CI job runs it (``diff`` compares a clean copy with the workspace).
COMMANDS = {"check": ["check", PROPOSAL], "test": ["test"], "validate": ["validate"],
            "diff": ["diff", "../clean", "."]}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A workspace whose position names a term that does not exist, and the line it is on."""
    root = tmp_path_factory.mktemp("broken")
    bundled_copy(root / "clean")
    workspace = bundled_copy(root / "ws")
    russia = workspace / "positions" / "russia.yaml"
    russia.write_text(russia.read_text().replace(
        "items:\n", "items:\n  - id: misspelt\n    kind: red_line\n"
                    "    require: ceasefire.in_efect\n", 1))
    return workspace, line_of(russia, "ceasefire.in_efect")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_input_error_is_a_valid_document_in_every_format(
        broken: tuple[Path, int], command: str, tmp_path: Path) -> None:
    workspace, line = broken
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in ("sarif", "junit", "github", "markdown")}
    result = run_cli(*COMMANDS[command], "--format", "json",
                     *(arg for fmt, path in out.items()
                       for arg in ("--output-file", f"{fmt}={path}")), cwd=workspace)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    where = f"positions/russia.yaml:{line}:14"
    assert f"{where}: error: unknown term 'ceasefire.in_efect'" in result.stderr

    document = json.loads(result.stdout)
    errors = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert document["format"] in ("parley.input-error/1", "parley.validate/1")
    assert [(d["code"], d["file"], d["line"], d["col"]) for d in errors] == [
        ("unknown-term", "positions/russia.yaml", line, 14)]

    sarif = json.loads(out["sarif"].read_text())
    jsonschema.validate(sarif, sarif_schema())
    run = sarif["runs"][0]
    assert run["automationDetails"]["id"] == f"parley/{command}/"
    (located,) = [r for r in run["results"] if r["level"] == "error"]
    assert located["ruleId"] == "unknown-term"
    assert located["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "positions/russia.yaml"},
        "region": {"startLine": line, "startColumn": 14}}

    junit = JUnitXml.fromstring(out["junit"].read_text())
    failed = [case for suite in junit for case in suite if case.result]
    assert junit.name == f"parley {command}" and len(failed) == 1
    assert isinstance(failed[0].result[0], Error) or command == "validate"
    assert "ceasefire.in_efect" in (failed[0].result[0].message or "")

    annotations = [f for f in parse_annotations(out["github"].read_text())
                   if f.severity == "error"]
    assert [(f.code, f.file, f.line, f.col) for f in annotations] == [
        ("unknown-term", "positions/russia.yaml", line, 14)]
    assert out["markdown"].read_text().startswith(f"### Parley {command}: 1 error")


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "markdown"])
def test_an_input_error_reaches_standard_output_in_each_machine_format(
        broken: tuple[Path, int], fmt: str) -> None:
    workspace, line = broken
    result = run_cli("check", PROPOSAL, "--format", fmt, cwd=workspace)
    assert result.returncode == 2, result.stderr
    assert "unknown" in result.stdout and "russia.yaml" in result.stdout and \
        str(line) in result.stdout
    if fmt == "sarif":
        jsonschema.validate(json.loads(result.stdout), sarif_schema())


def test_text_on_an_input_error_stays_on_standard_error(broken: tuple[Path, int]) -> None:
    workspace, _ = broken
    result = run_cli("test", cwd=workspace)
    assert result.returncode == 2 and result.stdout == ""
    assert "ceasefire.in_efect" in result.stderr


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write_toy(tmp_path / "toy")


def test_one_run_writes_text_and_every_file(toy: Path, tmp_path: Path) -> None:
    files = {"sarif": tmp_path / "parley.sarif", "junit": tmp_path / "parley.xml",
             "markdown": tmp_path / "summary.md", "json": tmp_path / "check.json"}
    args = ["check", "-w", toy]
    alone = invoke(*args)
    both = invoke(*args, *(a for fmt, path in files.items()
                           for a in ("--output-file", f"{fmt}={path}")))
    assert alone[0] == 1 and both == alone  # the same exit code and text, whatever is written
    for fmt, path in files.items():
        assert path.read_text() == invoke(*args, "--format", fmt)[1], fmt
    assert_sarif_file(files["sarif"])
    cases = [case for suite in JUnitXml.fromfile(str(files["junit"])) for case in suite]
    checked = json.loads(files["json"].read_text())["results"]
    assert len(cases) == sum(len(result["parties"]) for result in checked) > 1


def assert_sarif_file(path: Path) -> None:
    jsonschema.validate(json.loads(path.read_text()), sarif_schema())


def test_output_files_are_replaced_whole(toy: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "validate.sarif"
    target.parent.mkdir()
    target.write_text("an older report\n")
    code, _, err = invoke("validate", toy, "--output-file", f"sarif={target}")
    assert code in (0, 1), err
    assert_sarif_file(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["validate.sarif"]  # no temp


@pytest.mark.parametrize(("spec", "says"), [
    ("sarif", "not FORMAT=PATH"), ("yaml=x.yaml", "unknown format 'yaml'"),
    ("sarif=", "not FORMAT=PATH"), ("sarif=-", "standard output takes --format"),
])
def test_a_bad_output_file_is_a_usage_error(toy: Path, spec: str, says: str) -> None:
    code, out, err = invoke("validate", toy, "--output-file", spec)
    assert code == 2 and says in err, err
    assert out == ""


def test_a_path_named_twice_is_refused(toy: Path, tmp_path: Path) -> None:
    path = tmp_path / "x"
    code, _, err = invoke("validate", toy, "--output-file", f"sarif={path}",
                          "--output-file", f"junit={path}")
    assert code == 2 and "named twice" in err
    assert not path.exists()


def test_an_output_file_that_cannot_be_written_fails_the_run(toy: Path,
                                                             tmp_path: Path) -> None:
    code, out, err = invoke("check", "-w", toy, "--output-file",
                            f"junit={tmp_path / 'gone' / 'x.xml'}")
    assert code == 2 and out == "", err
    assert err.startswith("parley: error: ") and "does not exist" in err


@pytest.mark.parametrize("command", [["conflicts", "--given", "ceasefire.in_effect"],
                                     ["suggest", "PROPOSAL"], ["test"], ["diff", "OLD", "NEW"],
                                     ["explain", "PROPOSAL", "russia/halt-western-arms"]])
def test_every_command_with_a_format_takes_output_files(toy: Path, tmp_path: Path,
                                                        command: list[str]) -> None:
    shown = {"PROPOSAL": str(toy / "proposals" / "jeddah.yaml"), "OLD": str(toy),
             "NEW": str(toy)}
    path = tmp_path / "out.sarif"
    code, _, err = invoke(*(shown.get(a, a) for a in command), "-w", toy,
                          "--output-file", f"sarif={path}")
    assert code in (0, 1), err
    assert_sarif_file(path)
