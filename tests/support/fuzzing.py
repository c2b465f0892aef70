"""Hypothesis strategies for fuzzing: near-valid workspaces, proposals and command lines.

Everything starts from the valid toy workspace and is damaged a little (a line deleted,
duplicated or re-indented, a value's type flipped, garbage bytes inserted, a condition
replaced by one drawn from a grammar that mixes valid and forbidden pieces), because
inputs that are almost right reach deeper into the loader than random bytes do.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner
from hypothesis import event
from hypothesis import strategies as st

import parley
from parley.cli import main
from parley.errors import InputError

from .cli import LOCATED
from .toy import PROPOSALS, RUSSIA, TERMS, UKRAINE, write_toy

BASE_FILES = {"rules/terms.yaml": TERMS, "positions/russia.yaml": RUSSIA,
              "positions/ukraine.yaml": UKRAINE,
              **{f"proposals/{name}": text for name, text in PROPOSALS.items()}}

TERM_NAMES = ["ceasefire.in_effect", "ceasefire.duration_days", "arms.western_supply",
              "peacekeepers.contributors", "foreign_troops.in_ukraine", "monitoring.agreed"]
ODD_NAMES = ["ceasfire.in_effect", "x", "a.b.c.d", "__import__", "os.system", "True.x",
             "ceasefire", "monitoring.agreed.extra", "_", "\uff4donitoring.agreed", "é"]
VALUES = ["True", "False", "0", "-1", "30", "3651", "10**9", "'halted'", "'continues'",
          "'european'", "'nope'", "''", "None", "1.5", "b'x'", "...", "'\\x00'", "9" * 50]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not", "+", "%"]
GARBAGE = ["(", ")", "[", "]", "{", "}", ",", ":", ":=", "lambda:", "f'{x}'", "**", ".",
           "if", "else", "for", "import", ";", "\\", "\n", "\t", "'", '"', "#", "`", "@",
           "__class__", "().", "x[0]", "print(1)", "__import__('os')", "await", "yield"]


def _term_atoms() -> st.SearchStrategy[str]:
    names = st.sampled_from(TERM_NAMES + ODD_NAMES)
    values = st.sampled_from(VALUES)
    return st.one_of(
        names,
        st.builds(lambda n, o, v: f"{n} {o} {v}", names, st.sampled_from(OPERATORS), values),
        st.builds(lambda n, o, m: f"{n} {o} {m}", names, st.sampled_from(OPERATORS), names),
        st.builds(lambda n, vs, neg: f"{n} {'not in' if neg else 'in'} [{', '.join(vs)}]",
                  names, st.lists(values, max_size=3), st.booleans()),
    )


def conditions() -> st.SearchStrategy[str]:
    """Conditions from the language's grammar, with forbidden pieces mixed in."""
    return st.recursive(
        st.one_of(_term_atoms(), st.sampled_from(GARBAGE)),
        lambda inner: st.one_of(
            st.builds(lambda a, b, op: f"{a} {op} {b}", inner, inner,
                      st.sampled_from(["and", "or", "and not"])),
            inner.map(lambda c: f"not {c}"),
            inner.map(lambda c: f"({c})"),
            st.builds(lambda a, g: f"{a} {g}", inner, st.sampled_from(GARBAGE)),
        ),
        max_leaves=6)


YAML_VALUES = st.one_of(
    st.sampled_from(["true", "no", "42", "-7", "1e9", "[1, 2]", "{a: 1}", "''", "null", "~",
                     "2025-13-01", "2025-02-28", "&a x", "*a", "!!str x", "!!python/none ''",
                     '"\\x00"', "|", ">-", "[", "{", "- a", "? a", "'unclosed", "@x", "%x",
                     "x: y: z", "9" * 30]),
    conditions().map(lambda c: "'" + c.replace("'", "''") + "'"),
    st.text(max_size=20).map(lambda t: t.replace("\n", " ")),
)


@st.composite
def mutations(draw: Any, text: str) -> bytes:
    """``text`` with one to three small damages applied."""
    lines = text.splitlines(keepends=True) or ["\n"]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "retype",
                                     "condition", "insert", "garbage", "truncate"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[at] if lines else "\n"
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "indent":
            shift = draw(st.sampled_from([" ", "  ", "\t", "-"]))
            lines[at] = shift + line if draw(st.booleans()) else line.lstrip(" ")
        elif kind in ("retype", "condition") and ":" in line:
            key = line.split(":", 1)[0]
            value = draw(conditions().map(lambda c: "'" + c.replace("'", "''") + "'")
                         if kind == "condition" else YAML_VALUES)
            lines[at] = f"{key}: {value}\n"
        elif kind == "insert":
            lines.insert(at, draw(st.sampled_from(["  - id: x\n", "extra: 1\n", "- \n",
                                                   "items:\n", "terms: {}\n", "---\n",
                                                   "  require: x\n", "\n"])))
        elif kind == "truncate":
            joined = "".join(lines)
            cut = draw(st.integers(0, len(joined)))
            lines = [joined[:cut]]
    raw = "".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        junk = draw(st.binary(min_size=1, max_size=8))
        where = draw(st.integers(0, len(raw)))
        raw = raw[:where] + junk + raw[where:]
    return raw


@st.composite
def damaged_workspaces(draw: Any) -> dict[str, bytes]:
    """Every toy file, with one or two of them damaged."""
    files = {name: text.encode() for name, text in BASE_FILES.items()}
    for name in draw(st.lists(st.sampled_from(sorted(BASE_FILES)), min_size=1, max_size=2,
                              unique=True)):
        files[name] = draw(mutations(BASE_FILES[name]))
    return files


def write_files(root: Path, files: dict[str, bytes]) -> Path:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root


_FOLDER_WORDS = ("old", "new", "base", "head", "workspace", "folder", "dir", "before", "after",
                 "rev")


@st.composite
def command_lines(draw: Any, command: click.Command, workspace: Path, pristine: Path,
                  proposal: Path, scratch: Path) -> list[str]:
    """A plausible argument vector for ``command``, found from its click parameters, so
    commands added later are fuzzed without this module knowing them."""
    args: list[str] = []
    for param in command.params:
        name = (param.name or "").lower()
        if isinstance(param, click.Argument):
            count = param.nargs if param.nargs > 0 else draw(st.integers(0, 2))
            for index in range(count):
                if any(word in name for word in _FOLDER_WORDS):
                    args.append(str(pristine if index == 0 and count > 1 else workspace))
                elif "proposal" in name or "path" in name or "file" in name:
                    args.append(str(draw(st.sampled_from(
                        [proposal, proposal, workspace / "proposals" / "jeddah.yaml"]))))
                else:
                    args.append(draw(st.sampled_from(
                        ["russia/halt-western-arms", "russia/no-foreign-troops", "russia",
                         "ukraine/aid-continues", "nobody/nothing", "x", "", "ceasefire",
                         str(proposal)])))
            continue
        if not isinstance(param, click.Option) or not param.opts:
            continue
        flag = max(param.opts, key=len)
        if flag in ("--workspace",):
            args += [flag, str(workspace)]
        elif flag in ("--help", "--version"):
            continue
        elif param.is_flag:
            if draw(st.booleans()):
                args.append(flag if not param.secondary_opts or draw(st.booleans())
                            else param.secondary_opts[0])
        elif not draw(st.booleans()):
            continue
        elif isinstance(param.type, click.Choice):
            args += [flag, str(draw(st.sampled_from(list(param.type.choices))))]
        elif isinstance(param.type, (click.IntRange, type(click.INT))):
            args += [flag, str(draw(st.sampled_from([1, 5, 100, 10_000])))]
        elif isinstance(param.type, click.Path):
            args += [flag, str(scratch / f"out-{draw(st.integers(0, 10**9))}")]
        elif "date" in name or "as_of" in name:
            args += [flag, draw(st.sampled_from(["2025-03-01", "2025-12-31", "yesterday"]))]
        else:
            args += [flag, draw(conditions())]
    return args


COMMANDS = sorted(main.commands)


def assert_located(error: InputError) -> None:
    assert error.diagnostics, "an InputError without diagnostics"
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        assert span.file and span.line >= 1 and span.col >= 1, str(diagnostic)
        assert LOCATED.match(str(diagnostic)), str(diagnostic)


def assert_cli_invariant(args: list[str], exit_code: int, stdout: str, stderr: str,
                         exception: BaseException | None) -> None:
    context = f"parley {' '.join(args)}\n--- stdout\n{stdout[-2000:]}\n--- stderr\n{stderr}"
    if exception is not None:
        assert isinstance(exception, SystemExit), f"{exception!r}\n{context}"
    assert exit_code in (0, 1, 2), f"exit {exit_code}\n{context}"
    assert "Traceback" not in stdout + stderr, context
    if exit_code == 2 and "Usage:" not in stderr:
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert lines, f"exit 2 without a message\n{context}"
        for line in lines:
            assert line.startswith("... and ") or LOCATED.match(line), \
                f"unlocated error line {line!r}\n{context}"


def check_library(root: Path) -> None:
    try:
        ws = parley.load(root)
    except InputError as error:
        assert_located(error)
        return
    for path in ws.proposal_paths:
        try:
            result = ws.check(path)
        except InputError as error:
            assert_located(error)
            continue
        assert result.verdict in ("compatible", "completable", "incompatible", "deadlocked",
                                  "unknown")


def run_command(name: str, data: st.DataObject, files: dict[str, bytes],
                proposal: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        workspace = write_files(base / "ws", files)
        pristine = write_toy(base / "pristine")
        (base / "scratch").mkdir()
        given_proposal = base / "given.yaml"
        given_proposal.write_bytes(proposal)
        args = [name, *data.draw(command_lines(main.commands[name], workspace, pristine,
                                               given_proposal, base / "scratch"))]
        result = CliRunner().invoke(main, args, catch_exceptions=True)
        event(f"exit {result.exit_code}")
        assert_cli_invariant(args, result.exit_code, result.stdout, result.stderr,
                             result.exception)
