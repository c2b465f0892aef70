"""Atomic file writes: nothing Parley writes is ever left half-written.

The content goes to a temporary file in the target's folder, is flushed to disk, takes the
old file's permissions, and is renamed over the target in one step. If anything fails on
the way the target is untouched and the temporary file removed. Existing files are only
replaced when the caller says so. A process killed half-way can leave only its hidden
temporary file (``.NAME.*.tmp``) behind, never a damaged target.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import WriteRefused, display_path


def write_atomic(path: Path | str, content: str | bytes, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` atomically; refuse to replace a file unless ``force``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = write_atomic(target, "one")
    >>> write_atomic(target, "two")
    Traceback (most recent call last):
    ...
    parley.errors.WriteRefused: ... exists; pass --force to replace it
    """
    try:
        return _write(Path(path), content, force)
    except OSError as exc:  # a name too long, a link loop, a folder gone: one line
        raise WriteRefused(f"cannot write {display_path(path)}: {exc.strerror or exc}") \
            from None


def _write(target: Path, content: str | bytes, force: bool) -> Path:
    if target.is_symlink() and target.exists():
        # Replace the file the link points at and keep the link, as an editor would.
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise WriteRefused(f"{display_path(target)} is a directory")
    if target.exists() and not force:
        raise WriteRefused(f"{display_path(target)} exists; pass --force to replace it")
    if target.exists() and not target.is_file():
        # A device or FIFO (say /dev/stdout) would be replaced by a plain file, not written.
        raise WriteRefused(f"{display_path(target)} is not a regular file")
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteRefused(f"folder {display_path(folder)} does not exist")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(target.stat().st_mode)
    existed = mode is not None
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
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):  # a full disk, a quota, a lost mount: say so, in one line
            kept = "; the existing file is unchanged" if existed else ""
            raise WriteRefused(f"cannot write {display_path(target)}: "
                               f"{exc.strerror or exc}{kept}") from None
        raise
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can bring back the old name."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # folders cannot be opened on some systems; the rename is still atomic
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)
