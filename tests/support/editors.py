"""What the editor tests share: the command line in-process, and a yaml-language-server
driven over its stdio protocol (LSP), as an editor drives it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result


def invoke(*args: str | Path) -> Result:
    """``parley ARGS`` in this process (click's runner): exit code, stdout and stderr."""
    from parley.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="parley")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result
