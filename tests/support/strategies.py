"""Hypothesis strategies: random small workspaces, written as real YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from .reference import RefItem, RefWorkspace

TERM_TYPES = st.sampled_from([
    {"type": "bool"},
    {"type": "enum", "values": ["a", "b"]},
    {"type": "enum", "values": ["a", "b", "c"]},
    {"type": "int", "min": 0, "max": 2},
    {"type": "int", "min": -1, "max": 2},
])


@st.composite
def vocabularies(draw: Any, min_terms: int = 2, max_terms: int = 4) -> dict[str, dict[str, Any]]:
    count = draw(st.integers(min_terms, max_terms))
    terms = {}
    for i in range(count):
        spec = dict(draw(TERM_TYPES))
        terms[f"g{i % 2}.t{i}"] = spec
    # Always keep at least one bool so bare-term conditions can appear.
    first = next(iter(terms))
    terms[first] = {"type": "bool"}
    return terms


def _literal(value: Any) -> str:
    return repr(value)


@st.composite
def atoms(draw: Any, terms: dict[str, dict[str, Any]]) -> str:
    name = draw(st.sampled_from(sorted(terms)))
    spec = terms[name]
    if spec["type"] == "bool":
        return draw(st.sampled_from([name, f"not {name}", f"{name} == True",
                                     f"{name} != False"]))
    if spec["type"] == "enum":
        values = spec["values"]
        value = draw(st.sampled_from(values))
        subset = draw(st.lists(st.sampled_from(values), min_size=1, max_size=len(values),
                               unique=True))
        peers = [n for n, s in terms.items() if n != name and s == spec]
        options = [f"{name} == {_literal(value)}", f"{name} != {_literal(value)}",
                   f"{name} in {subset!r}", f"{name} not in {subset!r}"]
        if peers:
            options.append(f"{name} == {draw(st.sampled_from(peers))}")
        return draw(st.sampled_from(options))
    number = draw(st.integers(spec["min"] - 1, spec["max"] + 1))
    op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
    peers = [n for n, s in terms.items() if n != name and s["type"] == "int"]
    if peers and draw(st.booleans()):
        return f"{name} {op} {draw(st.sampled_from(peers))}"
    if draw(st.booleans()):
        return f"{number} {op} {name}"
    return f"{name} {op} {number}"


def conditions(terms: dict[str, dict[str, Any]]) -> st.SearchStrategy[str]:
    return st.recursive(
        atoms(terms),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) and ({p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) or ({p[1]})"),
            inner.map(lambda c: f"not ({c})"),
        ),
        max_leaves=4,
    )


@st.composite
def workspaces(draw: Any, max_parties: int = 2, max_items: int = 3, max_rules: int = 2
               ) -> RefWorkspace:
    terms = draw(vocabularies())
    conds = conditions(terms)
    rules = [(f"r{i}", draw(conds), draw(conds))
             for i in range(draw(st.integers(0, max_rules)))]
    return RefWorkspace(terms, rules, _items(draw, conds, max_parties, max_items))


@st.composite
def proposals(draw: Any, ws: RefWorkspace) -> dict[str, Any]:
    from .reference import domain

    chosen = draw(st.lists(st.sampled_from(sorted(ws.terms)), unique=True,
                           max_size=len(ws.terms)))
    return {name: draw(st.sampled_from(domain(ws.terms[name]))) for name in chosen}


def write_workspace(ws: RefWorkspace, root: Path) -> Path:
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "positions").mkdir(exist_ok=True)
    data: dict[str, Any] = {"terms": ws.terms}
    if ws.rules:
        data["rules"] = [{"id": r, "when": w, "then": t} for r, w, t in ws.rules]
    (root / "rules" / "terms.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    for party in sorted({i.party for i in ws.items}):
        items = []
        for item in ws.items:
            if item.party != party:
                continue
            entry: dict[str, Any] = {"id": item.id, "kind": item.kind, "require": item.require}
            if item.when is not None:
                entry["when"] = item.when
            items.append(entry)
        doc = {"party": party, "name": party.upper(), "items": items}
        (root / "positions" / f"{party}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return root


@st.composite
def pins(draw: Any, terms: dict[str, dict[str, Any]]) -> str:
    """A ``then`` the fast path propagates: one or two terms pinned to values."""
    from .reference import domain

    chosen = draw(st.lists(st.sampled_from(sorted(terms)), min_size=1, max_size=2, unique=True))
    parts = []
    for name in chosen:
        value = draw(st.sampled_from(domain(terms[name])))
        if terms[name]["type"] == "bool":
            parts.append(name if value else f"not {name}")
        else:
            parts.append(draw(st.sampled_from([f"{name} == {_literal(value)}",
                                               f"{name} in [{_literal(value)}]"])))
    return " and ".join(parts)


@st.composite
def propagating_workspaces(draw: Any, max_parties: int = 2, max_items: int = 4,
                           max_rules: int = 4) -> RefWorkspace:
    """Workspaces whose background rules mostly pin values, so that propagation chains
    (what the fast path decides on its own) are common."""
    terms = draw(vocabularies(min_terms=3, max_terms=5))
    conds = conditions(terms)
    rules = [(f"r{i}", draw(conds), draw(st.one_of(pins(terms), pins(terms), conds)))
             for i in range(draw(st.integers(1, max_rules)))]
    return RefWorkspace(terms, rules, _items(draw, conds, max_parties, max_items))


def _items(draw: Any, conds: Any, max_parties: int, max_items: int) -> list[RefItem]:
    """Items of every kind for up to ``max_parties`` parties, conditions drawn from ``conds``."""
    items = []
    for p in range(draw(st.integers(1, max_parties))):
        for i in range(draw(st.integers(1, max_items))):
            kind = draw(st.sampled_from(["red_line", "precondition", "demand"]))
            when = draw(conds) if kind == "precondition" or draw(st.booleans()) else None
            items.append(RefItem(f"p{p}", f"i{i}", kind, draw(conds), when))
    return items
