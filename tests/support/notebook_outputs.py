"""Run the example notebook and keep its outputs: ``python -m tests.support.notebook_outputs``.

The notebook is committed executed, so a reader sees every table without running it. The
test suite re-executes it in a real kernel and compares each cell's outputs with the
committed ones after ``normalised``: when a change of behaviour is meant, this rewrites the
notebook with what it shows now, to be read in the diff before it is committed.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from . import REPO

NOTEBOOK = REPO / "docs" / "examples" / "bundled-workspace.ipynb"
#: pandas' table styles: they vary with the pandas version and say nothing of Parley.
_PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>", re.S)


def execute(notebook: Any) -> Any:
    """``notebook`` run top to bottom in a fresh kernel, from its own folder, importing this
    checkout's package."""
    import nbclient

    environment = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "engine"), *filter(None, [environment])])
    try:
        nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}
                                ).execute()
    finally:
        if environment is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = environment
    return notebook


def normalised(notebook: Any) -> list[list[dict[str, str]]]:
    """Every code cell's outputs as ``{mime type: text}`` (streams as ``stream:name``), the
    volatile bits dropped: execution counts, output metadata, pandas' style block, spacing
    at the ends of lines."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        shown = []
        for output in cell.outputs:
            if output.output_type == "stream":
                data = {f"stream:{output.name}": output.text}
            elif output.output_type == "error":
                data = {"error": f"{output.ename}: {output.evalue}"}
            else:
                data = {mime: "".join(value) if isinstance(value, list) else str(value)
                        for mime, value in output.get("data", {}).items()
                        if mime in ("text/plain", "text/html")}
            shown.append({mime: _tidy(text) for mime, text in data.items()})
        cells.append(shown)
    return cells


def _tidy(text: str) -> str:
    text = _PANDAS_STYLE.sub("", text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def main() -> int:
    import nbformat

    notebook = execute(nbformat.read(NOTEBOOK, as_version=4))
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(notebook, NOTEBOOK)
    print(f"wrote {NOTEBOOK.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
