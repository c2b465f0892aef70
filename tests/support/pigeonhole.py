"""A workspace too hard for a short solver time limit: the pigeonhole principle.

Nine int terms in 1..8, all different, as one red line: showing that it can never hold
takes z3 tens of seconds.
"""

from __future__ import annotations

import itertools
from pathlib import Path

HOLES = 8


def write_pigeonhole(root: Path, holes: int = HOLES) -> Path:
    (root / "rules").mkdir(parents=True)
    (root / "positions").mkdir()
    (root / "proposals").mkdir()
    terms = "".join(f"  p.pigeon{i}: {{type: int, min: 1, max: {holes}}}\n"
                    for i in range(holes + 1))
    (root / "rules" / "terms.yaml").write_text(f"terms:\n{terms}  p.easy: {{type: bool}}\n")
    distinct = " and ".join(f"p.pigeon{i} != p.pigeon{j}"
                            for i, j in itertools.combinations(range(holes + 1), 2))
    (root / "positions" / "a.yaml").write_text(
        "party: a\nname: A\nitems:\n"
        f"  - {{id: distinct, kind: red_line, require: '{distinct}'}}\n"
        "  - {id: easy, kind: red_line, require: p.easy}\n")
    (root / "proposals" / "open.yaml").write_text("id: open\nterms: {p.easy: true}\n")
    return root
