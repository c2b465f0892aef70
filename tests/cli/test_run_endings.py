"""How a run ends when the world around it fails: Ctrl-C, a closed or full output, an
output file that cannot be made. One line on stderr and a distinct exit code, never a
traceback, never an exit code that reads as a result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..support import REPO
from ..support.pigeonhole import write_pigeonhole


def _start(*args: str | Path, cwd: Path, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "parley", *map(str, args)], cwd=cwd,
                            env=env, text=True, **kwargs)  # type: ignore[call-overload]


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_inside_the_solver_ends_the_run_as_interrupted(tmp_path: Path) -> None:
    """z3's own Ctrl-C handler turned SIGINT into an *unknown* answer: the run went on and
    exited 1 with ordinary-looking results."""
    root = write_pigeonhole(tmp_path / "hard", holes=9)
    run = _start("check", "-w", root, "--solver-timeout", "30000", cwd=tmp_path,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(3)  # well into the first hard question; earlier would be interrupted too
    run.send_signal(signal.SIGINT)
    try:
        out, err = run.communicate(timeout=240)
    finally:
        run.kill()
    assert run.returncode == 130, (run.returncode, out, err)
    assert err.strip() == "parley: interrupted" and out == ""

