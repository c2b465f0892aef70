"""Bring the documented command outputs up to date: ``python -m tests.support.doc_outputs``.

``tests/test_docs.py`` re-runs every ``$ parley ...`` example of the docs and fails when its
output no longer matches. When a change of behaviour is meant, this rewrites each stale
example with what the command prints now, keeping the author's elisions: every run of lines
between ``...`` lines is replaced by the window of the new output that resembles it most,
and the ``...`` stay where they were. The result is meant to be read in the diff before it
is committed: it documents what Parley does, it does not decide what it should do.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from . import REPO


def repaired(expected: str, actual: str) -> str:
    r"""``expected`` brought to ``actual``: lines aligned as ``difflib`` aligns them, new and
    changed lines taken from ``actual``, the lines an elision stood for still elided.

    >>> repaired("a\n...\nd x", "a\nb\nc\nd y\n")
    'a\n...\nd y'
    >>> repaired("{\n  a: 1,\n...\n}", "{\n  a: 1,\n  b: 2,\n  c: 3,\n}\n")
    '{\n  a: 1,\n...\n}'
    """
    new = actual.rstrip("\n").split("\n")
    shown: list[str] = []
    elided: set[int] = set()  # an elision before shown[i]
    for line in expected.split("\n"):
        if line == "...":
            elided.add(len(shown))
        else:
            shown.append(line)
    out: list[str] = []

    def elide() -> None:
        if not out or out[-1] != "...":
            out.append("...")

    matcher = difflib.SequenceMatcher(None, shown, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 in elided:
            elide()
        if op == "delete" or (op == "insert" and i1 in elided):
            continue
        if op == "equal":
            for offset in range(i2 - i1):
                if offset and i1 + offset in elided:
                    elide()
                out.append(new[j1 + offset])
            continue
        taken = new[j1:j2]
        if op == "replace" and len(taken) > i2 - i1:
            # More new lines than shown ones next to an elision: the extra are what it hides.
            if i1 in elided:
                taken = taken[len(taken) - (i2 - i1):]
            elif i2 in elided:
                taken = taken[:i2 - i1]
        out.extend(taken)
    if len(shown) in elided:
        elide()
    return "\n".join(out)


def main() -> int:
    """Rewrite every stale example; print where."""
    import pytest

    from tests import test_docs

    stale: list[tuple[test_docs.Example, str]] = []

    class Collect:
        def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
            if report.failed and "test_example_output_is_real" in report.nodeid:
                text = str(report.longrepr)
                marker = "printed:\n"
                if marker in text:
                    page_line = report.nodeid.rsplit("[", 1)[1].rstrip("]")
                    found = next(e for e in test_docs.ALL_EXAMPLES if str(e) == page_line)
                    stale.append((found, text.split(marker, 1)[1]))

    pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "-k",
                 "test_example_output_is_real", str(REPO / "tests" / "test_docs.py")],
                plugins=[Collect()])
    by_page: dict[Path, list[tuple[test_docs.Example, str]]] = {}
    for example, actual in stale:
        by_page.setdefault(example.page, []).append((example, actual))
    for page, found in by_page.items():
        text = page.read_text(encoding="utf-8")
        for example, actual in found:
            new = repaired(example.expected, actual)
            head = f"$ parley {example.command}\n"
            where = text.find(head + example.expected)
            if where < 0:
                print(f"{example}: could not place the example; left as it is")
                continue
            text = text[:where] + head + new + text[where + len(head) + len(example.expected):]
            print(f"{example}: rewritten")
        page.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
