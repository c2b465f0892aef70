"""Documentation cannot rot: its examples are run, its links followed, its doctests executed.

Conventions the Markdown follows (docs/index.md says so too):

- In a fenced block, a line ``$ parley ARGS`` is a command; the lines after it, up to the
  next ``$`` line or the end of the block, are its output (stdout, then stderr). Each such
  example whose output is shown is re-run in-process (click's runner, as ``parley``) in a
  copy of the bundled workspace, and the output must match. A line that is exactly ``...``
  stands for any number of lines (the one elision allowed); trailing spaces are ignored,
  nothing else is normalised. A command ending in ``; echo $?`` also prints its exit code.
- A ``yaml`` block whose first line is ``# file: PATH`` is written to PATH in that copy
  before the page's examples run, so a page can show how a broken file is reported.
- Every ``>>>`` example in docs/*.md, and every doctest in ``engine/``, runs.
"""

from __future__ import annotations

import doctest
import glob
import importlib
import pkgutil
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import parley
from parley.cli import main

from .support import REPO

PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w-]*)")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    info: str
    text: str


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    command: str
    expected: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced code block of ``page``, dedented by its fence's indent."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = opening.groups()
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            text = lines[index]
            body.append(text[len(indent):] if text.startswith(indent) else text.lstrip())
            index += 1
        found.append(Block(page, index - len(body), info, "\n".join(body)))
        index += 1
    return found


def examples(page: Path) -> list[Example]:
    found = []
    for block in blocks(page):
        if block.info not in ("", "text", "console", "sh", "shell", "bash"):
            continue
        command: str | None = None
        start, output = 0, []
        for offset, text in enumerate([*block.text.splitlines(), "$"]):
            if text.startswith("$"):
                if command is not None and output:
                    found.append(Example(page, start, command, "\n".join(output)))
                command = text[len("$ parley "):] if text.startswith("$ parley ") else None
                start, output = block.line + offset, []
            elif command is not None:
                output.append(text)
    return found


def files(page: Path) -> dict[str, str]:
    out = {}
    for block in blocks(page):
        first, _, rest = block.text.partition("\n")
        if block.info == "yaml" and first.startswith("# file: "):
            out[first[len("# file: "):].strip()] = rest + "\n"
    return out


ALL_EXAMPLES = [example for page in PAGES for example in examples(page)]


def excerpts(page: Path) -> list[tuple[Block, str]]:
    """``yaml`` blocks opening with ``# from: PATH``: excerpts of a bundled file."""
    out = []
    for block in blocks(page):
        first = block.text.partition("\n")[0]
        if block.info == "yaml" and first.startswith("# from: "):
            out.append((block, first[len("# from: "):].strip()))
    return out


ALL_EXCERPTS = [pair for page in PAGES for pair in excerpts(page)]


@pytest.mark.parametrize(("block", "source"), ALL_EXCERPTS,
                         ids=[f"{b.page.name}:{b.line}" for b, _ in ALL_EXCERPTS])
def test_excerpts_quote_the_bundled_files(block: Block, source: str) -> None:
    """Each run of lines between ``...`` lines appears verbatim, in order, in the file."""
    text = (REPO / source).read_text(encoding="utf-8")
    position = 0
    for chunk in re.split(r"^\.\.\.$", block.text.partition("\n")[2], flags=re.M):
        chunk = chunk.strip("\n")
        found = text.find(chunk, position)
        assert found >= 0, f"{block.page.name}:{block.line}: not in {source}:\n{chunk}"
        position = found + len(chunk)


def test_the_docs_have_examples() -> None:
    # Guards the parser above: if it stopped finding examples, every page would pass.
    assert len(ALL_EXAMPLES) >= 20
    assert {e.page.name for e in ALL_EXAMPLES} >= {"README.md", "cli.md", "semantics.md",
                                                    "conditions.md", "format.md"}
    assert len(ALL_EXCERPTS) >= 5


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """One copy of the bundled workspace per page, with the page's files written in."""
    copies: dict[Path, Path] = {}
    for page in PAGES:
        root = tmp_path_factory.mktemp(page.stem)
        for folder in ("rules", "positions", "proposals"):
            shutil.copytree(REPO / folder, root / folder)
        for relative, content in files(page).items():
            target = root / relative
            assert root in target.resolve().parents, relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        copies[page] = root
    return copies


def expand(argument: str, cwd: Path) -> list[str]:
    """Shell globbing, as the reader's shell would do it."""
    if any(c in argument for c in "*?["):
        matches = sorted(glob.glob(argument, root_dir=cwd))
        return matches or [argument]
    return [argument]


def matches(expected: str, actual: str) -> bool:
    pattern = "".join(r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line.rstrip()) + r"\n"
                      for line in expected.splitlines())
    return re.fullmatch(pattern, actual) is not None


def normalise(output: str) -> str:
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=str)
def test_example_output_is_real(example: Example, scratch: dict[Path, Path],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = scratch[example.page]
    monkeypatch.chdir(cwd)  # paths in messages are shown relative to where parley runs
    command, echo_status = example.command, False
    if command.endswith("; echo $?"):
        command, echo_status = command[: -len("; echo $?")], True
    args = [arg for word in shlex.split(command) for arg in expand(word, cwd)]
    result = CliRunner().invoke(main, args, prog_name="parley")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
    output = result.stdout + result.stderr
    if echo_status:
        output = output + ("" if output.endswith("\n") or not output else "\n") + (
            f"{result.exit_code}\n")
    actual = normalise(output)
    if not matches(example.expected, actual):
        pytest.fail(f"{example}: `parley {example.command}` printed:\n{actual}", pytrace=False)


def test_slugs_are_githubs() -> None:
    assert slug("Rejected: durable_rules") == "rejected-durable_rules"
    assert slug("As of a date: `stated` and `until`") == "as-of-a-date-stated-and-until"


def test_elision_matches_only_what_it_should() -> None:
    assert matches("a\n...\nd", "a\nb\nc\nd\n")
    assert matches("a\n...\nd", "a\nd\n")
    assert not matches("a\n...\nd", "a\nb\nc\n")
    assert not matches("a\nb", "a\nb\nc\n")


def test_security_page_lists_every_limit_with_its_default() -> None:
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+|none)\b", text, flags=re.M))
    defaults = parley.Limits()
    assert rows == {name: "none" if getattr(defaults, name) is None else
                    str(getattr(defaults, name)) for name in parley.Limits.names()}


# -- Links ---------------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    outside = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return {slug(m.group(1)) for m in re.finditer(r"^#+\s+(.+)$", outside, flags=re.M)}


def links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    outside = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.S | re.M)
    return [m.group(1) for m in LINK.finditer(outside)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(page: Path) -> None:
    for target in links(page):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: broken link {target}"
        assert resolved == REPO or REPO in resolved.parents, (
            f"{page.name}: {target} leaves the repository")
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved), f"{page.name}: no heading for {target}"


def test_every_doc_is_linked_from_the_index() -> None:
    index = REPO / "docs" / "index.md"
    linked = {(index.parent / t.partition("#")[0]).resolve() for t in links(index)}
    for page in sorted((REPO / "docs").glob("*.md")):
        if page != index:
            assert page.resolve() in linked, f"docs/index.md does not link {page.name}"


# -- Doctests ------------------------------------------------------------------------------------

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(parley.__path__, "parley.")
    if info.name != "parley.__main__")  # importing __main__ would run the CLI


def run_doctests(tests: list[doctest.DocTest]) -> tuple[int, str]:
    """Run ``tests``; the number of failures and the report of them."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in tests:
        runner.run(test, out=report.append)
    return runner.failures, "".join(report)


@pytest.mark.parametrize("name", ["parley", *MODULES])
def test_package_doctests(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # examples load the bundled workspace from "."
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module, name)
    failures, report = run_doctests(tests)
    assert failures == 0, report


def test_package_has_doctests() -> None:
    total = sum(len(t.examples) for name in ["parley", *MODULES]
                for t in doctest.DocTestFinder().find(importlib.import_module(name), name))
    assert total >= 15


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_page_doctests(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    text = page.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    failures, report = run_doctests([test])
    assert failures == 0, report
