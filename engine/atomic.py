"""Atomic file writes: nothing Parley writes is ever left half-written.

The content goes to a temporary file in the target's folder, is flushed to disk, takes the
old file's permissions, and is renamed over the target in one step. If anything fails on
the way the target is untouched and the temporary file removed. Existing files are only
replaced when the caller says so.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import ParleyError, display_path


class WriteRefused(ParleyError):
    """The target exists and overwriting was not allowed, or it cannot be written."""

    exit_code = 2


def write_atomic(path: Path | str, content: str | bytes, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` atomically; refuse to replace a file unless ``force``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = write_atomic(target, "one")
    >>> write_atomic(target, "two")
    Traceback (most recent call last):
    ...
    engine.atomic.WriteRefused: ... exists; pass --force to replace it
    """
    target = Path(path)
    if target.is_dir():
        raise WriteRefused(f"{display_path(target)} is a directory")
    if target.exists() and not force:
        raise WriteRefused(f"{display_path(target)} exists; pass --force to replace it")
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteRefused(f"folder {display_path(folder)} does not exist")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(target.stat().st_mode)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise WriteRefused(f"cannot write in {display_path(folder)}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target
