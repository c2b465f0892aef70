"""Terminal conventions, tried in a real pseudo-terminal: ``python -m parley`` runs in a
child whose standard output (and, where it matters, standard error) is a pty of a given
size, as in tmux at 80 columns.

Colour follows --color, NO_COLOR, FORCE_COLOR and TERM=dumb (no-color.org); text wraps to
the terminal's width, breaking only at spaces; a progress line is drawn only on a terminal.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import selectors
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

import pytest

import parley
from parley.cli import progress, terminal

from ..support import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="pseudo-terminals as Linux has them")

JEDDAH = "proposals/jeddah-30-day-ceasefire.yaml"
ANSI = "\x1b["
URL = re.compile(r"https?://[^\s\"”]+")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def _terminal(columns: int) -> tuple[int, int]:
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    return leader, follower


def _drain(buffers: dict[int, bytearray], child: subprocess.Popen[bytes]) -> None:
    """Read every pty leader and pipe into its buffer until nothing more comes."""
    fds = dict(buffers)
    # A selector, not select(): a test process may hold descriptors numbered past 1024.
    with selectors.DefaultSelector() as waiting:
        for fd in fds:
            waiting.register(fd, selectors.EVENT_READ)
        while fds:
            ready = [key.fd for key, _ in waiting.select(60)]
            if not ready:
                child.kill()
                child.wait()
                raise AssertionError("the child wrote nothing for 60 s")
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the follower side is closed
                    chunk = b""
                if chunk:
                    fds[fd] += chunk
                else:
                    del fds[fd]
                    waiting.unregister(fd)


def run_in_terminal(*args: str, env: dict[str, str] | None = None, columns: int = 80,
                    stdout_tty: bool = True, stderr_tty: bool = False,
                    cwd: Path = REPO) -> Run:
    """``python -m parley ARGS`` with standard output (and standard error) on a pty of
    ``columns`` columns, else on a pipe; TERM is xterm and no colour variable is set
    unless ``env`` says."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")}
    full = {**base, "TERM": "xterm-256color", **(env or {})}
    ends = [_terminal(columns) if tty else os.pipe() for tty in (stdout_tty, stderr_tty)]
    child = subprocess.Popen([sys.executable, "-m", "parley", *args], cwd=cwd, env=full,
                             stdin=subprocess.DEVNULL, stdout=ends[0][1], stderr=ends[1][1])
    for _, writer in ends:
        os.close(writer)
    readers = {reader: bytearray() for reader, _ in ends}
    try:
        _drain(readers, child)
    finally:
        for reader in readers:
            os.close(reader)
    code = child.wait(timeout=60)
    # A terminal turns every newline into CR LF.
    out, err = (bytes(readers[reader]).decode("utf-8", "replace").replace("\r\n", "\n")
                for reader, _ in ends)
    return Run(code, out, err)


# -- colour -----------------------------------------------------------------------------------

def test_a_terminal_gets_colour() -> None:
    run = run_in_terminal("check", "-q", JEDDAH)
    assert run.code == 1, run.stderr
    assert ANSI in run.stdout


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": "yes"},
                                 {"TERM": "dumb"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}])
def test_no_color_and_a_dumb_terminal_get_none(env: dict[str, str]) -> None:
    run = run_in_terminal("check", "-q", JEDDAH, env=env)
    assert run.code == 1, run.stderr
    assert "verdict: INCOMPATIBLE" in run.stdout
    assert ANSI not in run.stdout


def test_an_empty_no_color_is_not_set() -> None:
    run = run_in_terminal("check", "-q", JEDDAH, env={"NO_COLOR": ""})
    assert ANSI in run.stdout


def test_force_color_colours_a_pipe() -> None:
    piped = run_in_terminal("check", "-q", JEDDAH, stdout_tty=False)
    forced = run_in_terminal("check", "-q", JEDDAH, stdout_tty=False,
                             env={"FORCE_COLOR": "1"})
    assert ANSI not in piped.stdout
    assert ANSI in forced.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced.stdout) == piped.stdout


def test_the_flag_wins_over_the_environment() -> None:
    assert ANSI in run_in_terminal("check", "-q", "--color", JEDDAH,
                                   env={"NO_COLOR": "1"}).stdout
    assert ANSI not in run_in_terminal("check", "-q", "--no-color", JEDDAH,
                                       env={"FORCE_COLOR": "1"}).stdout


# -- width ------------------------------------------------------------------------------------

def _source_urls() -> set[str]:
    ws = parley.load(REPO)
    return {source.url for position in ws.positions.values()
            for source in position.spec.sources or [] if source.url}


def test_at_80_columns_lines_fit_and_no_word_or_url_is_split() -> None:
    run = run_in_terminal("check", "--no-color", JEDDAH, columns=80)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    urls = _source_urls()
    for line in lines:
        for found in URL.findall(line):
            assert found.rstrip(".,;)") in urls, f"URL split or changed: {found!r}"
        if len(line) > 80:
            # Only a single unbreakable word (a URL, a long term name) may overflow.
            assert len(line.split()) <= 2 and max(map(len, line.split())) > 80 - 8, line
    ws = parley.load(REPO)
    russia = {item.id: item for item in ws.positions["russia"].items}
    quote = russia["verification-along-whole-line"].spec.quote or ""
    assert "Who polices it?" in quote
    # Wrapped, the quote's words are all there, none broken in two.
    assert " ".join(quote.split()) in " ".join(run.stdout.split())


def test_conditions_wrap_too() -> None:
    wide = run_in_terminal("check", "--no-color", "--party", "european-coalition", JEDDAH,
                           columns=200)
    narrow = run_in_terminal("check", "--no-color", "--party", "european-coalition", JEDDAH,
                             columns=72)
    condition = next(line for line in wide.stdout.splitlines()
                     if line.strip().startswith("when sanctions.relief"))
    assert len(condition) > 72
    assert condition not in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()
               if "http" not in line) <= 72
    # The same words, in the same order, whatever the width.
    assert wide.stdout.split() == narrow.stdout.split()


def test_a_wide_terminal_keeps_readable_lines_and_a_pipe_gets_the_default() -> None:
    wide = run_in_terminal("check", "--no-color", JEDDAH, columns=200)
    piped = run_in_terminal("check", "--no-color", JEDDAH, stdout_tty=False,
                            env={"COLUMNS": "50"})
    assert wide.stdout == piped.stdout  # both at the default width of 88


def test_columns_sets_the_width_on_a_terminal() -> None:
    given = run_in_terminal("check", "--no-color", JEDDAH, columns=200, env={"COLUMNS": "72"})
    assert max(len(line) for line in given.stdout.splitlines() if "http" not in line) <= 72


def test_width_and_colour_decisions_in_process() -> None:
    assert terminal.text_width(io.StringIO()) == terminal.DEFAULT_WIDTH
    assert terminal.use_color(None, io.StringIO(), {}) is False
    assert terminal.use_color(None, io.StringIO(), {"FORCE_COLOR": "1"}) is True
    assert terminal.use_color(None, io.StringIO(), {"NO_COLOR": ""}) is False


# -- progress ---------------------------------------------------------------------------------

def test_a_progress_line_is_drawn_on_a_terminal_and_erased(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    leader, follower = _terminal(80)
    stream = open(follower, "w", encoding="utf-8", closefd=True)  # noqa: SIM115
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("TERM", "xterm")
    with progress.activity("parley check"):
        progress.counting(3, "proposals")
        for _ in range(3):
            progress.advance()
    stream.flush()
    shown = os.read(leader, 65536).decode("utf-8", "replace")
    stream.close()
    os.close(leader)
    assert "parley check: " in shown and "3/3 proposals" in shown
    assert shown.rstrip(" ").endswith("\r"), "the line is not erased"


def test_no_progress_line_when_standard_error_is_not_a_terminal() -> None:
    code = ("import io, sys; sys.stderr = io.StringIO(); "
            "from parley.cli import progress; progress.DELAY = 0.0; "
            "cm = progress.activity('x'); cm.__enter__(); progress.counting(2, 'p'); "
            "progress.advance(); cm.__exit__(None, None, None); "
            "print(repr(sys.stderr.getvalue()), 'tqdm' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["''", "False"]


def test_a_real_run_on_a_terminal_ends_with_no_progress_left_over() -> None:
    run = run_in_terminal("check", "-q", "--no-color", stderr_tty=True)
    assert run.code == 1
    # Whatever was drawn was erased: the last thing on standard error moves back to
    # the start of an empty line, and the results never mix with it.
    if run.stderr:
        assert "parley check" in run.stderr and run.stderr.rstrip(" ").endswith("\r")
    assert "parley check:" not in run.stdout
