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
from ..support.cli import run_cli
from ..support.pigeonhole import write_pigeonhole
from ..support.toy import write_toy


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


def _refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("parley: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_an_output_name_too_long_for_the_file_system_is_refused(tmp_path: Path) -> None:
    _refused(run_cli("schema", "terms", "-o", "a" * 300 + ".json", cwd=tmp_path),
             "cannot write", "File name too long")


def test_a_link_loop_as_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "one").symlink_to("two")
    (tmp_path / "two").symlink_to("one")
    # A loop leads nowhere: a broken link, an existing name that needs --force.
    _refused(run_cli("schema", "terms", "-o", "one", cwd=tmp_path), "one", "symbolic link")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["schema", "terms"], ["check", "proposals/jeddah.yaml"]])
def test_standard_output_on_a_full_disk_is_refused(tmp_path: Path, command: list[str]) -> None:
    write_toy(tmp_path)
    with open("/dev/full", "w") as full:
        run = _start(*command, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
        _, err = run.communicate(timeout=60)
    _refused(subprocess.CompletedProcess([], run.returncode, "", err),
             "cannot write the output", "No space left on device")


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file descriptors")
def test_a_closed_standard_output_is_refused_not_a_silent_pass(tmp_path: Path) -> None:
    write_toy(tmp_path)
    run = _start("check", "proposals/jeddah.yaml", cwd=tmp_path, stderr=subprocess.PIPE,
                 preexec_fn=lambda: os.close(1))
    _, err = run.communicate(timeout=60)
    _refused(subprocess.CompletedProcess([], run.returncode, "", err),
             "standard output is closed")


def test_a_reader_that_stops_reading_is_no_error(tmp_path: Path) -> None:
    write_toy(tmp_path)
    run = _start("check", "-v", "proposals/jeddah.yaml", "proposals/quiet.yaml", cwd=tmp_path,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None
    run.stdout.close()
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1 and err == "", err
