"""Hypothesis strategies: random small workspaces, written as real YAML files.

Flat workspaces and proposals (``workspaces``, ``proposals``); staged ones (``staged_cases``:
1-3 stages, terms re-settled at later stages, clauses at the top level and in stages with
and without ``until``, conditions with all four stage operators in items, rules and
clauses); and one workspace written twice, with term families and quantifiers and as its
hand expansion (``family_cases``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from .reference import (
    STAGE_OPERATORS,
    RefClause,
    RefItem,
    RefProposal,
    RefStage,
    RefWorkspace,
    domain,
)

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
    chosen = draw(st.lists(st.sampled_from(sorted(ws.terms)), unique=True,
                           max_size=len(ws.terms)))
    return {name: draw(st.sampled_from(domain(ws.terms[name]))) for name in chosen}


def write_workspace(ws: RefWorkspace, root: Path) -> Path:
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "positions").mkdir(exist_ok=True)
    data: dict[str, Any] = {"terms": ws.terms}
    if ws.rules:
        data["rules"] = [{"id": r, "when": w, "then": t} for r, w, t in ws.rules]
    if ws.families:
        members = {m for family in ws.families for m in ws.members(family)}
        data = {"sets": ws.sets, "terms": {
            **{f"{name}[{', '.join(dims)}]": spec for name, (dims, spec) in ws.families.items()},
            **{n: s for n, s in ws.terms.items() if n not in members}}, **(
                {"rules": data["rules"]} if "rules" in data else {})}
    (root / "rules" / "terms.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    for party in sorted({i.party for i in ws.items}):
        items = []
        for item in ws.items:
            if item.party != party:
                continue
            entry: dict[str, Any] = {"id": item.id, "kind": item.kind, "require": item.require}
            if item.when is not None:
                entry["when"] = item.when
            if item.weight is not None:
                entry["weight"] = item.weight
            items.append(entry)
        doc = {"party": party, "name": party.upper(), "items": items}
        (root / "positions" / f"{party}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return root


@st.composite
def pins(draw: Any, terms: dict[str, dict[str, Any]]) -> str:
    """A ``then`` the fast path propagates: one or two terms pinned to values."""
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
            weight = draw(st.sampled_from([None, 1, 2, 5])) if kind == "demand" else None
            items.append(RefItem(f"p{p}", f"i{i}", kind, draw(conds), when, weight))
    return items


# -- staged workspaces and proposals ------------------------------------------------------
SMALL_TYPES = st.sampled_from([
    {"type": "bool"},
    {"type": "enum", "values": ["a", "b"]},
    {"type": "enum", "values": ["a", "b", "c"]},
    {"type": "int", "min": 0, "max": 2},
])

#: How many assignments of the vocabulary one stage may have, by number of stages: every
#: completion under any subset of the facts is enumerated, so (budget ** stages) bounds it.
STAGE_BUDGET = {1: 48, 2: 18, 3: 12}

STAGE_IDS = ["ceasefire", "withdrawal", "deployment", "elections", "settlement"]


@st.composite
def staged_vocabularies(draw: Any, stages: int) -> dict[str, dict[str, Any]]:
    """Two or three terms, few enough values that every sequence of stage assignments can
    be enumerated; the first is a bool."""
    budget, size = STAGE_BUDGET[stages], 2
    terms: dict[str, dict[str, Any]] = {"g0.t0": {"type": "bool"}}
    for i in range(1, draw(st.integers(2, 3))):
        spec = dict(draw(SMALL_TYPES))
        if size * len(domain(spec)) > budget:
            spec = {"type": "bool"}
        if size * 2 > budget:
            break
        terms[f"g{i % 2}.t{i}"] = spec
        size *= len(domain(spec))
    return terms


def staged_conditions(terms: dict[str, dict[str, Any]], max_leaves: int = 3
                      ) -> st.SearchStrategy[str]:
    """Conditions with stage operators anywhere (around atoms, around compound conditions,
    nested in one another)."""
    wrapped = st.tuples(st.sampled_from(STAGE_OPERATORS), atoms(terms)).map(
        lambda p: f"{p[0]}({p[1]})")
    return st.recursive(
        st.one_of(atoms(terms), wrapped),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) and ({p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) or ({p[1]})"),
            inner.map(lambda c: f"not ({c})"),
            st.tuples(st.sampled_from(STAGE_OPERATORS), inner).map(
                lambda p: f"{p[0]}({p[1]})"),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def staged_workspaces(draw: Any, stages: int, max_parties: int = 2, max_items: int = 3,
                      max_rules: int = 1) -> RefWorkspace:
    terms = draw(staged_vocabularies(stages))
    conds = staged_conditions(terms)
    rules = [(f"r{i}", draw(conds), draw(conds))
             for i in range(draw(st.integers(0, max_rules)))]
    return RefWorkspace(terms, rules, _items(draw, conds, max_parties, max_items))


def _settle(draw: Any, terms: dict[str, dict[str, Any]], before: dict[str, Any]
            ) -> dict[str, Any]:
    """Some terms settled; a term settled before is sometimes re-settled to its value."""
    chosen = draw(st.lists(st.sampled_from(sorted(terms)), unique=True, max_size=len(terms)))
    out = {}
    for name in chosen:
        if name in before and draw(st.booleans()):
            out[name] = before[name]
        else:
            out[name] = draw(st.sampled_from(domain(terms[name])))
    return out


@st.composite
def staged_proposals(draw: Any, ws: RefWorkspace, stages: int,
                     conds: st.SearchStrategy[str] | None = None) -> RefProposal:
    """A proposal of ``stages`` stages (one may also be written without ``stages``)."""
    conds = conds if conds is not None else staged_conditions(ws.terms)
    counter = iter(range(100))

    def clause(until: list[str]) -> RefClause:
        when = draw(conds) if draw(st.booleans()) else None
        end = draw(st.sampled_from(until)) if until and draw(st.booleans()) else None
        return RefClause(f"c{next(counter)}", draw(conds), when, end)

    if stages == 1 and draw(st.booleans()):
        clauses = [clause([]) for _ in range(draw(st.sampled_from([0, 0, 1, 2])))]
        return RefProposal("p", _settle(draw, ws.terms, {}), clauses)
    ids = draw(st.permutations(STAGE_IDS))[:stages]
    settled: dict[str, Any] = {}
    written = []
    for _ in range(stages):
        now = _settle(draw, ws.terms, settled)
        settled.update(now)
        written.append(now)
    top = {k: v for k, v in written[0].items() if draw(st.booleans())}
    written[0] = {k: v for k, v in written[0].items() if k not in top}
    top_clauses = [clause([]) for _ in range(draw(st.sampled_from([0, 0, 1])))]
    day = 0
    built = []
    for number, (stage_id, terms) in enumerate(zip(ids, written, strict=True), 1):
        day_here = None
        if draw(st.booleans()):
            day += draw(st.integers(0, 30))
            day_here = day
        clauses = [clause(ids[number:]) for _ in range(draw(st.sampled_from([0, 0, 1])))]
        built.append(RefStage(stage_id, terms, clauses, day_here))
    return RefProposal("p", top, top_clauses, built)


@st.composite
def staged_cases(draw: Any, max_stages: int = 3) -> tuple[RefWorkspace, RefProposal]:
    """A random staged workspace and a proposal over it."""
    stages = draw(st.integers(1, max_stages))
    ws = draw(staged_workspaces(stages))
    return ws, draw(staged_proposals(ws, stages))


def write_proposal(proposal: RefProposal, root: Path) -> Path:
    """Write ``proposal`` to ``proposals/<id>.yaml`` under ``root``; return the path."""
    (root / "proposals").mkdir(parents=True, exist_ok=True)
    path = root / "proposals" / f"{proposal.id}.yaml"
    path.write_text(yaml.safe_dump(proposal.as_dict(), sort_keys=False))
    return path


# -- one workspace with term families, and its hand expansion -----------------------------
Pair = tuple[str, str]
"""A condition written with families and quantifiers, and the same condition expanded."""


def _pair_join(op: str, parts: list[str]) -> str:
    return "(" + f" {op} ".join(f"({p})" for p in parts) + ")"


@st.composite
def _family_atom(draw: Any, sets: dict[str, list[str]], enum: bool) -> Pair:
    region, side = sets["region"], sets["side"]

    def f(member: str, subscript: str) -> tuple[str, str]:
        if enum:
            return f"f[{subscript}] == 'some'", f"f.{member} == 'some'"
        return f"f[{subscript}]", f"f.{member}"

    shape = draw(st.sampled_from(["subscript", "full", "any", "all", "list", "empty",
                                  "nested", "unused", "plain"]))
    if shape == "subscript":
        m = draw(st.sampled_from(region))
        return f(m, repr(m))
    if shape == "full":
        m = draw(st.sampled_from(region))
        full = f(m, "")[1]
        return full, full
    if shape in ("any", "all"):
        op = "or" if shape == "any" else "and"
        return (f"{shape}({f('', 'r')[0]} for r in region)",
                _pair_join(op, [f(m, "")[1] for m in region]))
    if shape == "list":
        kind = draw(st.sampled_from(["any", "all"]))
        chosen = draw(st.lists(st.sampled_from(region), min_size=2, max_size=len(region),
                               unique=True))
        return (f"{kind}({f('', 'r')[0]} for r in {chosen!r})",
                _pair_join("or" if kind == "any" else "and", [f(m, "")[1] for m in chosen]))
    if shape == "empty":
        kind = draw(st.sampled_from(["any", "all"]))
        return f"{kind}({f('', 'r')[0]} for r in [])", str(kind == "all")
    if shape == "nested":
        outer, inner = draw(st.sampled_from([("all", "any"), ("any", "all"), ("all", "all")]))
        expanded = _pair_join("and" if outer == "all" else "or", [
            _pair_join("and" if inner == "all" else "or", [f"g.{r}.{s}" for s in side])
            for r in region])
        return f"{outer}({inner}(g[r, s] for s in side) for r in region)", expanded
    if shape == "unused":
        kind = draw(st.sampled_from(["any", "all"]))
        return f"{kind}(h for r in region)", _pair_join("or" if kind == "any" else "and",
                                                        ["h"] * len(region))
    return "h", "h"


def family_conditions(sets: dict[str, list[str]], enum: bool) -> st.SearchStrategy[Pair]:
    base = _family_atom(sets, enum)
    return st.recursive(
        st.one_of(base, st.tuples(st.sampled_from(STAGE_OPERATORS), base).map(
            lambda p: (f"{p[0]}({p[1][0]})", f"{p[0]}({p[1][1]})"))),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda p: (f"({p[0][0]}) and ({p[1][0]})",
                                                   f"({p[0][1]}) and ({p[1][1]})")),
            st.tuples(inner, inner).map(lambda p: (f"({p[0][0]}) or ({p[1][0]})",
                                                   f"({p[0][1]}) or ({p[1][1]})")),
            inner.map(lambda c: (f"not ({c[0]})", f"not ({c[1]})")),
        ),
        max_leaves=3,
    )


@st.composite
def family_cases(draw: Any) -> tuple[RefWorkspace, RefWorkspace, RefProposal, RefProposal]:
    """A workspace with a one- and a two-dimensional family, quantifiers over a set and over
    literal lists, and its hand expansion; a proposal over it (clauses use the shorthand
    too), written both ways. Members are settled by their full names."""
    sets = {"region": draw(st.sampled_from([["a", "b"], ["a", "b", "c"]])),
            "side": ["x", "y"]}
    enum = draw(st.booleans())
    spec = {"type": "enum", "values": ["none", "some"]} if enum else {"type": "bool"}
    families = {"f": (["region"], spec), "g": (["region", "side"], {"type": "bool"})}
    conds = family_conditions(sets, enum)
    base = RefWorkspace({}, sets=sets, families=families)
    terms = {m: dict(spec) for m in base.members("f")}
    terms.update({m: {"type": "bool"} for m in base.members("g")})
    terms["h"] = {"type": "bool"}
    rules = [(f"r{i}", draw(conds), draw(conds)) for i in range(draw(st.integers(0, 1)))]
    items = []
    for p in range(draw(st.integers(1, 2))):
        for i in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["red_line", "precondition", "demand"]))
            when = draw(conds) if kind == "precondition" or draw(st.booleans()) else None
            items.append((f"p{p}", f"i{i}", kind, draw(conds), when))

    def side_of(k: int) -> RefWorkspace:
        return RefWorkspace(
            terms, [(r, w[k], t[k]) for r, w, t in rules],
            [RefItem(party, item_id, kind, require[k], None if when is None else when[k])
             for party, item_id, kind, require, when in items],
            sets=sets if k == 0 else {}, families=families if k == 0 else {})

    shorthand, expanded = side_of(0), side_of(1)
    stages = draw(st.integers(1, 2))
    pairs: list[Pair] = []

    def remember(pair: Pair) -> str:
        pairs.append(pair)
        return f"@{len(pairs) - 1}"

    marked = draw(staged_proposals(expanded, stages, conds.map(remember)))

    def side(k: int) -> RefProposal:
        def text(t: str | None) -> str | None:
            return None if t is None else pairs[int(t[1:])][k]

        def clauses(listed: list[RefClause]) -> list[RefClause]:
            return [RefClause(c.id, text(c.then) or "", text(c.when), c.until) for c in listed]

        return RefProposal(marked.id, marked.terms, clauses(marked.clauses),
                           [RefStage(s.id, s.terms, clauses(s.clauses), s.day)
                            for s in marked.stages])

    return shorthand, expanded, side(0), side(1)
