"""Help texts read as plain text with examples, ``-V`` prints the version, and shell
completion offers the workspace's parties, items and terms (driven as bash, zsh and fish
drive it: ``_PARLEY_COMPLETE`` and the words typed so far)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import parley
from parley.cli import main

from ..support import REPO
from ..support.toy import write_toy

COMMANDS = sorted(main.commands)


def help_of(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_examples_and_no_markup(command: str) -> None:
    text = help_of(command)
    assert "``" not in text, "reStructuredText markup leaks into --help"
    examples = text[text.index("Examples:"):].splitlines()[1:]
    shown = [line.strip() for line in examples if line.strip()]
    assert shown and all(line.split()[0] in ("parley", "cat") for line in shown), shown
    # Kept as written (\b), not joined into one paragraph.
    assert all(line.count("parley ") <= 2 for line in shown)
    assert any(line.startswith(f"parley {command}") for line in shown)


def test_the_group_help_has_examples() -> None:
    text = help_of()
    assert "Examples:" in text and "_PARLEY_COMPLETE=bash_source parley" in text


@pytest.mark.parametrize("command", ["validate", "diff", "test"])
def test_findings_commands_offer_no_option_about_demands(command: str) -> None:
    """Their text output is findings: --verbose shows each finding's hint, and nothing
    there is a demand to show."""
    options = next(line for line in help_of(command).splitlines()
                   if line.strip().startswith("-v, --verbose"))
    assert "demand" not in options and "hint" in options


def test_verbose_validate_shows_the_hints(tmp_path: Path) -> None:
    toy = write_toy(tmp_path / "ws")
    stale = ["validate", "-w", str(toy), "--max-age", "1", "--as-of", "2030-01-01"]
    plain = CliRunner().invoke(main, stale)
    verbose = CliRunner().invoke(main, [*stale, "-v"])
    assert plain.exit_code == verbose.exit_code == 0
    assert "[stale-item]" in plain.stdout
    hints = [line for line in verbose.stdout.splitlines() if line.startswith("    ")]
    assert hints and not any(line.startswith("    ") for line in plain.stdout.splitlines())


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = CliRunner().invoke(main, [flag])
    assert result.exit_code == 0 and result.stdout == f"parley, version {parley.__version__}\n"


# -- completion -------------------------------------------------------------------------------

def complete(shell: str, words: str, cword: int | None = None, incomplete: str = "",
             cwd: Path = REPO) -> list[str]:
    """What ``parley`` answers a shell asking to complete ``words`` (the last one being
    typed), in that shell's protocol."""
    env = {**os.environ, "_PARLEY_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)
                             if cword is None else cword)}
    if shell == "fish":
        env["COMP_CWORD"] = incomplete
    result = subprocess.run([sys.executable, "-m", "parley"], env=env, cwd=cwd,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def values(shell: str, lines: list[str]) -> list[str]:
    if shell == "bash":
        return [line.split(",", 1)[1] for line in lines]
    if shell == "zsh":  # type, value, help: three lines each
        return lines[1::3]
    return [line.split("\t", 1)[0].split(",", 1)[1] for line in lines]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_party_item_completes_from_the_workspace(shell: str) -> None:
    words = "parley explain proposals/jeddah-30-day-ceasefire.yaml russia/halt"
    found = values(shell, complete(shell, words, incomplete="russia/halt"))
    ws = parley.load(REPO)
    expected = sorted(f"russia/{i.id}" for i in ws.positions["russia"].items
                      if i.id.startswith("halt"))
    assert found == expected and expected


def test_parties_complete_with_their_names() -> None:
    lines = complete("zsh", "parley check --party u")
    assert values("zsh", lines) == ["ukraine", "united-states"]
    assert lines[2] == "Ukraine"


def test_terms_complete_at_the_end_of_a_condition() -> None:
    found = values("bash", complete("bash", "parley conflicts --given ceasefire.in"))
    assert "ceasefire.in_effect" in found
    assert all(term.startswith("ceasefire.in") for term in found)
    typed = "aid.military == 'halted' and ceasefire.in"
    found = values("bash", complete("bash", f'parley conflicts --given "{typed}', cword=3))
    assert "aid.military == 'halted' and ceasefire.in_effect" in found


def test_completion_reads_the_workspace_named_on_the_command_line(tmp_path: Path) -> None:
    toy = write_toy(tmp_path / "ws")
    found = values("bash", complete("bash", f"parley check -w {toy} --party ", cwd=tmp_path))
    assert found == sorted(parley.load(toy).positions)
    # A folder that is no workspace completes nothing, and says nothing.
    assert complete("bash", "parley check -w /nowhere --party ", cwd=tmp_path) == []


def test_limit_names_complete() -> None:
    found = values("bash", complete("bash", "parley --limit max_fi"))
    assert found == ["max_file_bytes=", "max_files="]


def test_every_party_option_completes_parties() -> None:
    def walk(command: click.Command) -> list[click.Parameter]:
        return [p for p in command.params if "--party" in getattr(p, "opts", [])]

    options = [p for command in main.commands.values() for p in walk(command)]
    assert options
    assert all(p._custom_shell_complete is not None for p in options)
