"""``python -m parley`` runs the ``parley`` command line."""

from .cli import main

main(prog_name="parley")
