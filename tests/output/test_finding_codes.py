"""Every finding code is described once: SARIF rules carry the words, docs/ci.md the table."""

from __future__ import annotations

import re

from parley.output.finding_codes import CODES, codes_markdown, describe, docs_anchor

from ..support import REPO

ENGINE = REPO / "engine" / "parley"
#: Codes a finding is given by a literal, and the families written with an f-string.
LITERAL = re.compile(r'code="([a-z][a-z-]+)"')
FAMILIES = {"conflict-": ["within-party", "cross-party", "proposal-vs-party"],
            "position-": ["stricter", "looser", "equivalent", "incomparable"]}


def emitted_codes() -> set[str]:
    found: set[str] = set()
    for path in [*(ENGINE / "results").glob("*.py"), *(ENGINE / "ci").glob("*.py")]:
        found.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    found.update(prefix + rest for prefix, rests in FAMILIES.items() for rest in rests)
    return found


def test_every_code_a_result_gives_is_described() -> None:
    missing = emitted_codes() - set(CODES)
    assert not missing, f"describe these in parley/output/finding_codes.py: {sorted(missing)}"


def test_a_loader_code_points_at_the_format_reference() -> None:
    assert docs_anchor("duplicate-key") == "format.md"
    assert describe("duplicate-key") != describe("red-line-violated")


def test_docs_hold_the_same_table() -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert codes_markdown() in text, "run: python -c 'from parley.output.finding_codes " \
                                     "import codes_markdown; print(codes_markdown())'"
