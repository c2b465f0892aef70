"""What the tests share: where the repository is, a toy workspace, random workspaces and
the brute-force reference semantics, and runners for the command line, git and a browser.

Kept apart from the tests so that a test file never imports another test file.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
#: The official OASIS SARIF 2.1.0 schema, kept with the tests so they run offline.
SARIF_SCHEMA = REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json"
