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
from hypothesis import given
from hypothesis import strategies as st

from parley.cli import main

from .support.fuzzing import (
    BASE_FILES,
    COMMANDS,
    check_library,
    command_lines,
    damaged_workspaces,
    mutations,
    run_command,
    write_files,
)
from .support.toy import write_toy


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
