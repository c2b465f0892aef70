"""Run ``parley`` as a real subprocess, bounded in time and memory, and judge its output.

A hostile input must fail the test, not the machine: every run has a wall-clock timeout and,
on Linux, an address-space limit, so a hang or a memory blow-up shows up as a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from . import REPO

#: Address space for one run; z3 and Python need a few hundred MB, a blow-up needs more.
MEMORY_BYTES = 2 << 30
TIMEOUT_SECONDS = 60

#: ``file:line:col:``, a whole file's ``file:``, or ``parley:`` for an error in no file.
LOCATED = re.compile(r"^[^\n]+?(:\d+:\d+)?: (error|warning): \S.*$")


def _bounded() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_cli(*args: str | Path, cwd: Path | None = None,
            timeout: float = TIMEOUT_SECONDS) -> subprocess.CompletedProcess[str]:
    """``python -m parley ARGS`` from this checkout, in ``cwd``; raises on timeout."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "parley", *map(str, args)], cwd=cwd, env=env,
        capture_output=True, text=True, errors="replace", timeout=timeout,
        preexec_fn=_bounded if sys.platform.startswith("linux") else None, check=False)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def assert_located_refusal(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 2, no traceback, and every line of stderr a located ``file:line:col: error:``.

    ``fragments`` must all appear in the message (a file name, the reason).
    """
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, (result.returncode, output)
    lines = error_lines(result.stderr)
    assert lines, "exit 2 without a message"
    for line in lines:
        if line.startswith("... and "):
            continue
        assert LOCATED.match(line), f"not a located error line: {line!r}"
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
