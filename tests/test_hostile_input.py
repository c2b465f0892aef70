"""Hostile input: every refusal is located lines and exit 2, in bounded time and memory.

Each case writes one malicious file into a small valid workspace and runs ``parley check``
as a subprocess (see ``support.cli``): no traceback, no hang, no memory blow-up, nothing
executed, and a ``file:line:col: error:`` naming the problem.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import parley
from parley.errors import InputError
from parley.limits import Limits

from .support.cli import assert_located_refusal, run_cli
from .support.hostile import HOSTILE_CONDITIONS, HOSTILE_FILES, MARKER, python_tags
from .support.toy import write_toy


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write_toy(tmp_path / "ws")


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_position_file_is_refused_with_a_located_error(toy: Path, case: str) -> None:
    content, fragments = HOSTILE_FILES[case]
    (toy / "positions" / "hostile.yaml").write_bytes(content)
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/hostile.yaml:", *fragments)


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_proposal_file_is_refused_with_a_located_error(toy: Path, case: str) -> None:
    content, fragments = HOSTILE_FILES[case]
    target = toy.parent / "hostile.yaml"
    target.write_bytes(content)
    result = run_cli("check", "-w", "ws", "hostile.yaml", cwd=toy.parent)
    # A proposal is checked against a different model, so only the YAML-level reasons match.
    yaml_level = [f for f in fragments if f not in ("found an empty file", "expected a mapping",
                                                    "out of range", "cannot read")]
    assert_located_refusal(result, "hostile.yaml:", *yaml_level)


@pytest.mark.parametrize("index", range(len(python_tags(Path("m")))))
def test_python_object_tags_are_rejected_and_nothing_runs(toy: Path, index: int) -> None:
    marker = toy.parent / MARKER
    (toy / "positions" / "hostile.yaml").write_bytes(python_tags(marker)[index])
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/hostile.yaml:", "not allowed")
    assert not marker.exists(), "a YAML tag executed code"


def test_a_bom_is_accepted(toy: Path) -> None:
    path = toy / "positions" / "ukraine.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = run_cli("check", "-w", "ws", "ws/proposals/jeddah.yaml", cwd=toy.parent)
    assert result.returncode == 1, result.stderr
    assert "ukraine" in result.stdout


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(toy: Path) -> None:
    huge = toy / "positions" / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 64 GB on paper, nothing on disk
        handle.truncate(64 << 30)
    result = run_cli("check", "-w", "ws", cwd=toy.parent, timeout=30)
    assert_located_refusal(result, "positions/huge.yaml: error:", "68719476736 bytes",
                           "--limit max_file_bytes=N")


def test_a_directory_where_a_file_is_expected(toy: Path) -> None:
    result = run_cli("check", "-w", "ws", "ws/positions", cwd=toy.parent)
    assert_located_refusal(result, "ws/positions: error:", "is a directory")
    (toy / "positions" / "folder.yaml").mkdir()
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/folder.yaml: error:", "is a directory")


def test_a_missing_proposal(toy: Path) -> None:
    result = run_cli("check", "-w", "ws", "nowhere.yaml", cwd=toy.parent)
    assert_located_refusal(result, "parley: error: cannot read nowhere.yaml", "No such file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_instead_of_blocking(toy: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes; Parley must not wait.
    os.mkfifo(toy / "positions" / "pipe.yaml")
    result = run_cli("check", "-w", "ws", cwd=toy.parent, timeout=30)
    assert_located_refusal(result, "positions/pipe.yaml: error:", "not a regular file")


def test_a_broken_symlink_is_unreadable(toy: Path) -> None:
    (toy / "positions" / "gone.yaml").symlink_to(toy / "nowhere.yaml")
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/gone.yaml: error:", "cannot read file")


def test_a_symlink_loop_is_unreadable(toy: Path) -> None:
    (toy / "positions" / "a.yaml").symlink_to(toy / "positions" / "b.yaml")
    (toy / "positions" / "b.yaml").symlink_to(toy / "positions" / "a.yaml")
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/a.yaml: error:", "positions/b.yaml: error:",
                           "symbolic links")


def test_an_unreadable_file(toy: Path) -> None:
    """chmod 000 stops a normal user; root reads anything, so there the file is made
    unreadable by replacing it with a link to a folder that cannot be entered... which
    root can also enter. Root is therefore covered by the FIFO and broken-link tests above,
    and this test runs only where permissions bind."""
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions do not stop reads (see the FIFO and "
                    "broken-link tests)")
    path = toy / "positions" / "russia.yaml"
    path.chmod(0)
    try:
        result = run_cli("check", "-w", "ws", cwd=toy.parent)
    finally:
        path.chmod(0o644)
    assert_located_refusal(result, "positions/russia.yaml: error:", "Permission denied")


def test_a_workspace_that_is_a_file(toy: Path) -> None:
    result = run_cli("check", "-w", "ws/rules/terms.yaml", cwd=toy.parent)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr




@pytest.mark.parametrize("case", sorted(HOSTILE_CONDITIONS))
def test_hostile_condition_is_refused_with_a_located_error(toy: Path, case: str) -> None:
    condition, fragment = HOSTILE_CONDITIONS[case]
    quoted = condition.replace("'", "''")
    (toy / "positions" / "hostile.yaml").write_text(
        f"party: hostile\nname: Hostile\nitems:\n  - id: x\n    kind: red_line\n"
        f"    require: '{quoted}'\n")
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/hostile.yaml:6:", fragment)
    assert not (toy.parent / MARKER).exists()


def test_limits_are_configurable_on_the_command_line(toy: Path) -> None:
    deep = "party: x\nname: y\nitems: [[[[[[[[]]]]]]]]\n"
    (toy / "positions" / "deep.yaml").write_text(deep)
    tight = run_cli("--limit", "max_depth=4", "check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(tight, "positions/deep.yaml:3:", "nesting deeper than 4 levels",
                           "--limit max_depth=N")
    small = run_cli("--limit", "max-file-bytes=100", "check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(small, "positions/russia.yaml: error:", "over the limit of 100")


@pytest.mark.parametrize("bad", ["nonsense=1", "max_depth=0", "max_depth=lots", "max_depth"])
def test_a_bad_limit_is_a_usage_error(toy: Path, bad: str) -> None:
    result = run_cli("--limit", bad, "check", "-w", "ws", cwd=toy.parent)
    assert result.returncode == 2
    assert "Usage:" in result.stderr and "--limit" in result.stderr
    assert "Traceback" not in result.stderr


def test_limits_are_configurable_in_the_library(toy: Path) -> None:
    (toy / "positions" / "deep.yaml").write_text("party: x\nname: y\nitems: [[[[[[]]]]]]\n")
    with pytest.raises(InputError) as caught:
        parley.load(toy, limits=Limits(max_depth=3))
    assert "nesting deeper than 3 levels" in str(caught.value)
    with pytest.raises(ValueError, match="positive integer"):
        Limits(max_nodes=-1)


LIBRARY_LIMITS = {
    "max_file_bytes": (300, "over the limit of 300"),
    "max_scalar_chars": (40, "over the limit of 40"),
    "max_nodes": (30, "more than 30 nodes"),
    "max_depth": (2, "nesting deeper than 2 levels"),
    "max_aliases": (1, "more than 1 aliases"),
    "max_condition_chars": (30, "over the limit of 30"),
    "max_condition_nodes": (2, "more than 2 parts"),
    "max_condition_depth": (1, "nested deeper than 1 levels"),
    "max_files": (2, "more than 2 YAML files"),
}


@pytest.mark.parametrize("name", sorted(LIBRARY_LIMITS))
def test_each_limit_refuses_an_input_just_over_it(toy: Path, name: str) -> None:
    (toy / "positions" / "alias.yaml").write_text(
        "party: a\nname: &n A\nitems:\n  - {id: x, kind: demand, text: *n,\n"
        "     require: not (monitoring.agreed and monitoring.agreed)}\n    # &m *m\n"
        "  - {id: y, kind: demand, text: *n, require: monitoring.agreed}\n")
    parley.load(toy)  # within every default
    value, message = LIBRARY_LIMITS[name]
    with pytest.raises(InputError) as caught:
        parley.load(toy, limits=Limits(**{name: value}))
    assert message in str(caught.value)


@pytest.mark.skipif(sys.platform != "linux", reason="checks /proc")
def test_memory_rlimit_is_in_force_for_subprocess_runs(toy: Path) -> None:
    """The guard itself: a run that tries to allocate past the limit fails, not the host."""
    script = ("import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])")
    import subprocess

    from .support.cli import MEMORY_BYTES, _bounded

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         preexec_fn=_bounded, check=True)
    assert int(out.stdout) == MEMORY_BYTES


def test_many_conditions_in_one_file_take_linear_work(toy: Path) -> None:
    """6,000 conditions in 600 KB. Locating each condition once rescanned the whole file,
    which made this hours of work; the timeout catches that, it does not measure speed."""
    items = "".join(f"  - {{id: i{i}, kind: demand, require: monitoring.agreed or "
                    f"ceasefire.duration_days > {i % 3000}}}\n" for i in range(6_000))
    (toy / "positions" / "big.yaml").write_text(f"party: big\nname: Big\nitems:\n{items}")
    result = run_cli("terms", "-w", "ws", cwd=toy.parent, timeout=120)
    assert result.returncode == 0, result.stderr


def test_many_misspelt_terms_in_a_large_vocabulary_take_bounded_work(toy: Path) -> None:
    """Each unknown term's "did you mean" compares it with every term: 6,000 of them
    against 6,000 terms was quadratic. Past the errors anyone reads, no hints."""
    terms = "".join(f"  g{i % 50}.term_{i}: {{type: bool}}\n" for i in range(6_000))
    (toy / "rules" / "more.yaml").write_text(f"terms:\n{terms}")
    items = "".join(f"  - {{id: i{i}, kind: demand, require: g{i % 50}.tern_{i}}}\n"
                    for i in range(6_000))
    (toy / "positions" / "typos.yaml").write_text(f"party: t\nname: T\nitems:\n{items}")
    result = run_cli("terms", "-w", "ws", cwd=toy.parent, timeout=120)
    assert_located_refusal(result, "positions/typos.yaml:4:", "did you mean 'g0.term_0'",
                           "and 5900 more errors")
