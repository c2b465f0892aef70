"""yamlread: YAML read from its event stream into plain data, every node located, every
dangerous or ambiguous construct refused before work is done."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.errors import InputError
from parley.limits import Limits
from parley.yamlread import parse_document, read_bounded, yaml_files


def parse(text: str, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    return parse_document(text.encode(), Path("f.yaml"), limits)


def refusal(text: str, limits: Limits | None = None) -> tuple[str, str]:
    with pytest.raises(InputError) as caught:
        parse(text, limits)
    [diagnostic] = caught.value.diagnostics
    return diagnostic.code, str(diagnostic.span)


def test_data_and_places() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - {c: true}\n")
    assert doc.data == {"a": 1, "b": ["x", {"c": True}]}
    assert str(doc.span(("a",))) == "f.yaml:1:4"
    assert str(doc.span(("a",), key=True)) == "f.yaml:1:1"
    assert str(doc.span(("b", 1, "c"))) == "f.yaml:4:9"
    # An unknown path falls back to its nearest located ancestor.
    assert str(doc.span(("b", 1, "missing"))) == "f.yaml:4:5"


def test_scalar_styles_are_kept_for_locating_inside_them() -> None:
    doc = parse("q: 'single'\nr: >-\n  folded\n  text\n")
    assert doc.nodes[("q",)].style == "'" and doc.nodes[("r",)].style == ">"
    assert doc.data["r"] == "folded text"


@pytest.mark.parametrize(("text", "code", "at"), [
    ("a: 1\na: 2\n", "duplicate-key", "f.yaml:2:1"),
    ("a: !!python/name:os.system x\n", "yaml-tag", "f.yaml:1:4"),
    ("base: &b {x: 1}\nuse:\n  <<: *b\n", "yaml-merge", "f.yaml:3:3"),
    ("a: *nothing\n", "yaml-alias", "f.yaml:1:4"),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", "f.yaml:2:1"),
    ("a: \"\\e[2J\"\n", "yaml-control", "f.yaml:1:4"),
    ("a: [1, 2\n", "yaml-syntax", "f.yaml:2:1"),
    ("? [a, b]\n: c\n", "yaml-key", "f.yaml:1:3"),
])
def test_refusals_are_located(text: str, code: str, at: str) -> None:
    assert refusal(text) == (code, at)


def test_bounds_apply_while_reading() -> None:
    assert refusal("a: [[[[1]]]]\n", Limits(max_depth=3))[0] == "too-deep"
    assert refusal("a: [1, 2, 3, 4]\n", Limits(max_nodes=4))[0] == "too-many-nodes"
    assert refusal("a: &x [1]\nb: [*x, *x, *x]\n", Limits(max_aliases=2))[0] == \
        "too-many-aliases"
    assert refusal("a: " + "x" * 50 + "\n", Limits(max_scalar_chars=10))[0] == "too-large"


def test_an_alias_counts_every_node_it_repeats() -> None:
    text = "a: &x [1, 2, 3, 4, 5, 6, 7, 8]\nb: [*x, *x]\n"
    assert parse(text, Limits(max_nodes=40)).data["b"][1] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert refusal(text, Limits(max_nodes=25))[0] == "too-many-nodes"


def test_a_bom_is_skipped() -> None:
    assert parse_document(b"\xef\xbb\xbfa: 1\n", Path("f.yaml")).data == {"a": 1}


def test_only_regular_files_within_the_size_are_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(InputError, match="over the limit"):
        read_bounded(big, 100)
    with pytest.raises(InputError, match="is a directory"):
        read_bounded(tmp_path, 100)


def test_yaml_files_are_sorted_and_links_out_of_the_workspace_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "positions"
    folder.mkdir(parents=True)
    for name in ("b.yaml", "a.yml", "C.YAML", "notes.txt"):
        (folder / name).write_text("x: 1\n")
    assert [p.name for p in yaml_files(folder)] == ["C.YAML", "a.yml", "b.yaml"]
    (folder / ".hidden.yaml").write_text("x: 1\n")
    with pytest.raises(InputError, match="hidden YAML file"):
        yaml_files(folder)
    (folder / ".hidden.yaml").unlink()
    outside = tmp_path / "outside.yaml"
    outside.write_text("x: 1\n")
    os.symlink(outside, folder / "c.yaml")
    with pytest.raises(InputError, match="outside the workspace"):
        yaml_files(folder, within=tmp_path / "ws")
    assert yaml_files(tmp_path / "missing") == []
