"""Nothing lost: ``write_atomic`` never damages the file it replaces.

It refuses to overwrite without ``force``, keeps the old file's permissions, leaves no
temporary file behind, and when a write fails (a full disk) or the writing process is
killed half-way (``SIGKILL``, which no cleanup can intercept) the old file is still there,
byte for byte.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.atomic import write_atomic
from parley.errors import WriteRefused

from .support import REPO

OLD = b"old content \xe2\x9c\x93\n" * 1000
TIMEOUT = 60


def _only(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    assert write_atomic(target, "héllo\n") == target
    assert target.read_bytes() == "héllo\n".encode()
    assert _only(tmp_path) == ["report.md"]


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(OLD)
    with pytest.raises(WriteRefused, match="exists; pass --force"):
        write_atomic(target, "new")
    assert target.read_bytes() == OLD
    assert _only(tmp_path) == ["report.md"]
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert _only(tmp_path) == ["report.md"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_replacing_keeps_the_permissions(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "schema.json"
    target.write_bytes(OLD)
    target.chmod(mode)
    write_atomic(target, "{}", force=True)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text() == "{}"


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    """mkstemp creates 0600; a new report must be readable as any new file would be."""
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_link_is_kept_and_its_file_replaced(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "report.md"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "report.md"
    link.symlink_to(real)
    write_atomic(link, "new", force=True)
    assert link.is_symlink() and real.read_text() == "new"
    assert _only(real.parent) == ["report.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_special_file_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteRefused, match="not a regular file"):
        write_atomic(fifo, "x", force=True)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_refusals_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="is a directory"):
        write_atomic(tmp_path, "x", force=True)
    with pytest.raises(WriteRefused, match="does not exist"):
        write_atomic(tmp_path / "missing" / "out.txt", "x")


@given(st.binary(max_size=5000) | st.text(max_size=2000), st.booleans())
def test_what_is_written_is_what_is_read_back(content: bytes | str, existed: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out"
        if existed:
            target.write_bytes(OLD)
        write_atomic(target, content, force=True)
        expected = content.encode() if isinstance(content, str) else content
        assert target.read_bytes() == expected
        assert _only(Path(folder)) == ["out"]


class _FailingStream:
    """A file object whose disk fills up after ``room`` bytes."""

    def __init__(self, real: Any, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data: bytes) -> int:
        self.real.write(data[: self.room])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FailingStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.parametrize("existed", [True, False])
def test_a_full_disk_leaves_the_target_untouched(tmp_path: Path, existed: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    if existed:
        target.write_bytes(OLD)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FailingStream(real_fdopen(*a, **k), 100))
    with pytest.raises(WriteRefused, match="No space left on device") as caught:
        write_atomic(target, b"n" * 100_000, force=True)
    monkeypatch.undo()
    assert ("existing file is unchanged" in str(caught.value)) == existed
    assert _only(tmp_path) == (["report.md"] if existed else [])
    if existed:
        assert target.read_bytes() == OLD


@pytest.mark.parametrize("failing", ["fsync", "chmod", "replace"])
def test_a_failure_at_any_later_step_leaves_the_target_untouched(
        tmp_path: Path, failing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(OLD)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(WriteRefused, match="Input/output error"):
        write_atomic(target, "new", force=True)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _only(tmp_path) == ["report.md"]


def _child(script: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses RLIMIT_FSIZE")
def test_a_real_write_error_leaves_the_target_untouched(tmp_path: Path) -> None:
    """Not a simulation: the kernel refuses bytes past the file-size limit (EFBIG)."""
    target = tmp_path / "report.md"
    target.write_bytes(OLD)
    script = f"""
import resource, signal, sys
from parley.atomic import write_atomic
from parley.errors import WriteRefused
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
try:
    write_atomic({str(target)!r}, b"n" * (8 << 20), force=True)
except WriteRefused as exc:
    print(exc)
    sys.exit(2)
"""
    child = _child(script)
    out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 2, err.decode()
    assert "File too large" in out.decode() and "existing file is unchanged" in out.decode()
    assert target.read_bytes() == OLD
    assert _only(tmp_path) == ["report.md"]


# Where the child stops, waiting to be killed: part-way through the bytes, after all of
# them were written but before they reached the disk, and just before the rename.
STOP_POINTS = {
    "mid-write": """
real_fdopen = os.fdopen
class Stalling:
    def __init__(self, stream): self.stream = stream
    def write(self, data):
        self.stream.write(data[: len(data) // 2]); self.stream.flush(); stop()
    def __getattr__(self, name): return getattr(self.stream, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.stream.close()
os.fdopen = lambda *a, **k: Stalling(real_fdopen(*a, **k))
""",
    "before-fsync": "os.fsync = lambda fd: stop()\n",
    "before-rename": "os.replace = lambda src, dst: stop()\n",
}

CHILD = """
import os, sys, time
from pathlib import Path
from parley.atomic import write_atomic
def stop():
    sys.stdout.write("stopped\\n"); sys.stdout.flush()
    time.sleep(3600)
{patch}
write_atomic({target!r}, b"N" * (32 << 20), force=True)
"""


@pytest.mark.parametrize("stop_point", sorted(STOP_POINTS))
def test_a_write_killed_half_way_leaves_the_old_file_intact(tmp_path: Path,
                                                            stop_point: str) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    child = _child(CHILD.format(patch=STOP_POINTS[stop_point], target=str(target)))
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child is inside the write
        assert line == b"stopped\n", child.communicate(timeout=TIMEOUT)[1].decode()
        temps = [name for name in _only(tmp_path) if name != "report.md"]
        assert len(temps) == 1 and temps[0].startswith(".report.md.")
        assert (tmp_path / temps[0]).stat().st_size > 0  # the new bytes were on their way
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=TIMEOUT)
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # SIGKILL allows no cleanup, so the hidden temporary file may stay; it is never the
    # target, and the next write goes through.
    leftovers = [name for name in _only(tmp_path) if name != "report.md"]
    assert all(name.startswith(".report.md.") and name.endswith(".tmp") for name in leftovers)
    write_atomic(target, "after", force=True)
    assert target.read_text() == "after"


def test_a_file_that_appears_meanwhile_is_not_replaced_without_force(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Check-then-replace let two writers both succeed: the second silently replaced the
    first one's file. The name is now taken in one step that fails if it exists."""
    target = tmp_path / "report.md"
    made = tempfile.mkstemp

    def and_another_writer(*args: Any, **kwargs: Any) -> tuple[int, str]:
        found = made(*args, **kwargs)
        target.write_bytes(OLD)  # the other writer wins the race
        return found

    monkeypatch.setattr(tempfile, "mkstemp", and_another_writer)
    with pytest.raises(WriteRefused, match="exists; pass --force"):
        write_atomic(target, "mine")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _only(tmp_path) == ["report.md"]


def test_a_link_to_a_file_outside_its_folder_is_not_followed_even_with_force(
        tmp_path: Path) -> None:
    """A checkout can hold a link named like the output (``report.html -> ~/.bashrc``)."""
    outside = tmp_path / "home" / ".bashrc"
    outside.parent.mkdir()
    outside.write_bytes(OLD)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "report.html").symlink_to(outside)
    with pytest.raises(WriteRefused, match="symbolic link to a file outside its folder"):
        write_atomic(checkout / "report.html", "<html>", force=True)
    assert outside.read_bytes() == OLD


def test_a_broken_link_is_not_replaced_without_force(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "elsewhere" / "missing.md")
    with pytest.raises(WriteRefused, match="broken symbolic link"):
        write_atomic(link, "new")
    assert link.is_symlink()
    write_atomic(link, "new", force=True)
    assert not link.is_symlink() and link.read_text() == "new"
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_setuid_bit_is_not_carried_over(tmp_path: Path) -> None:
    target = tmp_path / "tool"
    target.write_bytes(OLD)
    target.chmod(0o4755)
    write_atomic(target, "new", force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
