"""The long fuzzing run, on demand: ``HYPOTHESIS_PROFILE=long python -m pytest -m slow
tests/test_fuzz_long.py`` (``FUZZ_EXAMPLES`` sets the examples per property; default 5000).

The same properties as ``test_fuzz``, with many more examples and a random seed, so each
run explores new inputs. docs/security.md records the last long run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .support.fuzzing import (
    BASE_FILES,
    COMMANDS,
    check_library,
    damaged_workspaces,
    mutations,
    run_command,
    write_files,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5000"))
LONG = settings(max_examples=EXAMPLES, derandomize=False, deadline=None,
                suppress_health_check=list(settings.default.suppress_health_check))

pytestmark = pytest.mark.slow


@LONG
@given(damaged_workspaces())
def test_loader_long(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_library(write_files(Path(folder), files))


@pytest.mark.parametrize("name", COMMANDS)
@LONG
@given(data=st.data(), files=damaged_workspaces(),
       proposal=mutations(BASE_FILES["proposals/jeddah.yaml"]))
def test_every_command_long(name: str, data: st.DataObject, files: dict[str, bytes],
                            proposal: bytes) -> None:
    run_command(name, data, files, proposal)
