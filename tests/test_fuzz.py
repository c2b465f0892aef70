"""Fuzzing the loader and every command: near-valid inputs never crash Parley.

The invariant, for every damaged workspace and proposal and every command registered on
``parley`` (found at run time, so commands added later are fuzzed too): the exit code is
0, 1 or 2; nothing prints a traceback; and exit 2 comes with located
``file:line:col: error:`` lines (or click's own "Usage:" for a bad command line). In the
library, the only exception a bad input may raise is ``InputError``, located.

The default profile runs a bounded number of examples; ``fuzz_long.py`` runs the same
properties for much longer (``HYPOTHESIS_PROFILE=long pytest -m slow``).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st

import parley
from parley.cli import main
from parley.errors import InputError

from .cli_run import LOCATED
from .fuzzing import BASE_FILES, command_lines, damaged_workspaces, mutations, write_files
from .toy import write_toy

COMMANDS = sorted(main.commands)


def assert_located(error: InputError) -> None:
    assert error.diagnostics, "an InputError without diagnostics"
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        assert span.file and span.line >= 1 and span.col >= 1, str(diagnostic)
        assert LOCATED.match(str(diagnostic)), str(diagnostic)


def assert_cli_invariant(args: list[str], exit_code: int, stdout: str, stderr: str,
                         exception: BaseException | None) -> None:
    context = f"parley {' '.join(args)}\n--- stdout\n{stdout[-2000:]}\n--- stderr\n{stderr}"
    if exception is not None:
        assert isinstance(exception, SystemExit), f"{exception!r}\n{context}"
    assert exit_code in (0, 1, 2), f"exit {exit_code}\n{context}"
    assert "Traceback" not in stdout + stderr, context
    if exit_code == 2 and "Usage:" not in stderr:
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert lines, f"exit 2 without a message\n{context}"
        for line in lines:
            assert line.startswith("... and ") or LOCATED.match(line), \
                f"unlocated error line {line!r}\n{context}"


def check_library(root: Path) -> None:
    try:
        ws = parley.load(root)
    except InputError as error:
        assert_located(error)
        return
    for path in ws.proposal_paths:
        try:
            result = ws.check(path)
        except InputError as error:
            assert_located(error)
            continue
        assert result.verdict in ("compatible", "completable", "incompatible", "deadlocked",
                                  "unknown")


def run_command(name: str, data: st.DataObject, files: dict[str, bytes],
                proposal: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        workspace = write_files(base / "ws", files)
        pristine = write_toy(base / "pristine")
        (base / "scratch").mkdir()
        given_proposal = base / "given.yaml"
        given_proposal.write_bytes(proposal)
        args = [name, *data.draw(command_lines(main.commands[name], workspace, pristine,
                                               given_proposal, base / "scratch"))]
        result = CliRunner().invoke(main, args, catch_exceptions=True)
        event(f"exit {result.exit_code}")
        assert_cli_invariant(args, result.exit_code, result.stdout, result.stderr,
                             result.exception)


@given(damaged_workspaces())
def test_loader_on_damaged_workspaces(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_library(write_files(Path(folder), files))


@given(mutations(BASE_FILES["proposals/jeddah.yaml"]))
def test_loader_on_damaged_proposals(proposal: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_toy(Path(folder) / "ws")
        (root / "proposals" / "jeddah.yaml").write_bytes(proposal)
        check_library(root)


@pytest.mark.parametrize("name", COMMANDS)
@given(data=st.data(), files=damaged_workspaces(),
       proposal=mutations(BASE_FILES["proposals/jeddah.yaml"]))
def test_every_command_on_damaged_inputs(name: str, data: st.DataObject,
                                         files: dict[str, bytes], proposal: bytes) -> None:
    run_command(name, data, files, proposal)


@pytest.mark.parametrize("name", COMMANDS)
@given(data=st.data(), proposal=mutations(BASE_FILES["proposals/jeddah.yaml"]))
def test_every_command_on_a_valid_workspace(name: str, data: st.DataObject,
                                            proposal: bytes) -> None:
    files = {relative: text.encode() for relative, text in BASE_FILES.items()}
    run_command(name, data, files, proposal)


@pytest.mark.parametrize("name", COMMANDS)
@given(data=st.data())
def test_the_fuzzer_builds_command_lines_click_accepts(name: str, data: st.DataObject) -> None:
    """Guards the generic argument builder: the shape of every command line it makes
    parses (a bad value, such as a date that is not one, is allowed; a missing argument
    or an unknown option would mean the fuzzer never reaches the command's code)."""
    import click

    assert {"check", "terms"} <= set(COMMANDS)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ws = write_toy(base / "ws")
        command = main.commands[name]
        args = data.draw(command_lines(command, ws, ws, ws / "proposals" / "jeddah.yaml",
                                       base))
        with contextlib.suppress(click.BadParameter):
            command.make_context(name, args)
