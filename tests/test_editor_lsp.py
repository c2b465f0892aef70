"""The schemas in a real editor's engine: yaml-language-server, installed from npm, driven
over its protocol on a workspace written by ``parley init --example``. It completes term
names and values, shows one description per hover, and flags the bad files the engine
refuses. Without node or npm (or when the install fails) this skips, and the same bad files
are checked against the schemas with the jsonschema library by test_schema.py and
test_workspace_schema.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.schema import modeline

from .support.editors import LanguageServer, invoke

#: The major version tested against; its protocol and messages are what editors ship.
PACKAGE = "yaml-language-server@1"


@pytest.fixture(scope="module")
def server_command(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    given = os.environ.get("YAML_LANGUAGE_SERVER")  # an installed server, to skip the install
    if given:
        return [given, "--stdio"]
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed to install yaml-language-server")
    prefix = tmp_path_factory.mktemp("yaml-language-server")
    installed = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix",
                                str(prefix), PACKAGE], capture_output=True, text=True,
                               timeout=600, check=False)
    if installed.returncode != 0:
        pytest.skip(f"yaml-language-server did not install: {installed.stderr[-300:]}")
    return [str(prefix / "node_modules" / ".bin" / "yaml-language-server"), "--stdio"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editor") / "ws"
    assert invoke("init", "--example", root).exit_code == 0
    return root


@pytest.fixture(scope="module")
def server(server_command: list[str], workspace: Path) -> Iterator[LanguageServer]:
    language_server = LanguageServer(server_command, workspace)
    yield language_server
    language_server.close()


def _write(workspace: Path, relative: str, kind: str, body: str) -> Path:
    path = workspace / relative
    path.write_text(modeline(kind) + "\n" + body)
    return path


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines()) if text in line)


@pytest.mark.integration
def test_every_bundled_file_is_clean(server: LanguageServer, workspace: Path) -> None:
    for folder in ("rules", "positions", "proposals"):
        for path in sorted((workspace / folder).glob("*.yaml")):
            assert server.open(path) == [], path


@pytest.mark.integration
def test_terms_and_their_values_are_completed(server: LanguageServer, workspace: Path) -> None:
    path = _write(workspace, "proposals/draft.yaml", "proposal",
                  "id: draft\nterms:\n  ceasefire.in_effect: true\n  \n"
                  "  monitoring.lead: \n")
    server.open(path)
    names = server.completions(path, 4, 2)
    assert "aid.military" in names and "territory.recognition.crimea.ukraine" in names
    assert "ceasefire.in_effect" not in names  # already settled
    values = server.completions(path, 5, len("  monitoring.lead: "))
    assert {"us_led", "bilateral"} <= set(values), values
    hover = server.hover(path, 3, 4)
    assert "ceasefire.in\\_effect" in hover and "Bool (true or false)" in hover
    assert "||" not in hover


@pytest.mark.integration
def test_hovers_show_one_description(server: LanguageServer, workspace: Path) -> None:
    terms = workspace / "rules" / "terms.yaml"
    server.open(terms)
    for key in ("terms:", "    type:", "    status_quo:"):
        hover = server.hover(terms, _line_of(terms, key), len(key) - 2)
        assert hover.startswith("#### ") and "||" not in hover, hover
        assert ">>>" not in hover


BAD_FILES = {
    "an enum term without values": ("rules/bad-enum.yaml", "terms",
                                    "terms:\n  x.kind: {type: enum}\n"),
    "values on an int": ("rules/bad-int.yaml", "terms",
                         "terms:\n  x.days: {type: int, min: 0, max: 9, values: [a]}\n"),
    "status_quo: maybe on a bool": ("rules/bad-bool.yaml", "terms",
                                    "terms:\n  x.on: {type: bool, status_quo: maybe}\n"),
    "weight on a red line": ("positions/bad.yaml", "position",
                             "party: x\nname: X\nitems:\n  - id: a\n    kind: red_line\n"
                             "    require: ceasefire.in_effect\n    weight: 3\n"),
    "an unknown term in a proposal": ("proposals/bad-term.yaml", "proposal",
                                      "id: p\nterms:\n  ceasefire.in_efect: true\n"),
    "an unknown value in a proposal": ("proposals/bad-value.yaml", "proposal",
                                       "id: p\nterms:\n  monitoring.lead: sometimes\n"),
}


@pytest.mark.integration
@pytest.mark.parametrize("what", BAD_FILES)
def test_the_bad_files_are_flagged(what: str, server: LanguageServer,
                                   workspace: Path) -> None:
    relative, kind, body = BAD_FILES[what]
    path = _write(workspace, relative, kind, body)
    try:
        diagnostics = server.open(path)
    finally:
        path.unlink()
    assert [d for d in diagnostics if d["severity"] == 1], what
