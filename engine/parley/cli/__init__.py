"""The ``parley`` command line: thin click commands over the library.

This package is the only part of Parley that imports click. Each command lives in its own
module; commands parse options, call the library, render through ``parley.output`` and exit
with the results' own exit code: 0 clean, 1 findings, 2 bad input or usage. Errors are one
located line each, never a traceback.
"""

from __future__ import annotations

import click

from .. import __version__
from .analysis import conflicts, explain, suggest
from .brief import brief
from .check import check, terms
from .ci import diff_command, test_command, validate
from .common import examples, limit_option
from .editors import init, schema
from .entry import ParleyGroup
from .report import report
from .timeline import timeline


@click.group(cls=ParleyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=examples(
                 "parley check proposals/jeddah-30-day-ceasefire.yaml",
                 "parley explain proposals/jeddah-30-day-ceasefire.yaml "
                 "russia/halt-western-arms",
                 "parley validate --strict",
                 "parley COMMAND --help",
                 'eval "$(_PARLEY_COMPLETE=bash_source parley)"   # completion in bash'))
@click.version_option(__version__, "--version", "-V", prog_name="parley")
@limit_option
def main() -> None:
    """Parley checks peace proposals against what each party has said it will and will
    not accept, and says why, with the source behind every rule."""


for _command in (check, terms, validate, test_command, diff_command, conflicts,
                 suggest, explain, schema, init, report, brief, timeline):
    main.add_command(_command)

__all__ = ["main"]
