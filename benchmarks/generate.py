"""Synthetic workspaces of any size, for benchmarks: parties, items, rules, planted conflicts.

The shape follows the 1,000-item target: for ``n`` items, ``0.3 n`` terms (bool, enum and int)
and ``0.1 n`` background rules. Generation is deterministic for a seed and constructed so
that every benchmark question is meaningful:

* terms are split into *base* terms, which proposals settle, and *derived* terms, each
  forced by exactly one background rule whose ``when`` mentions base terms or earlier derived
  terms — so the rules are consistent and every proposal over base terms is possible, while
  propagation has chains to follow;
* every ordinary item holds under one hidden *witness* assignment, so the ordinary items are
  jointly satisfiable and the only minimal conflicts are the ``conflicts`` planted ones (pairs
  of red lines of two parties, half of them clashing through a background rule);
* proposals settle a random third of the base terms to random values, so items come out met,
  unmet, violated, open and not applicable in realistic proportions.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     shape = generate(pathlib.Path(tmp), items=40, proposals=2)
...     sorted(p.name for p in (pathlib.Path(tmp) / "proposals").iterdir())
['p0000.yaml', 'p0001.yaml']
>>> shape.items, shape.terms, shape.rules
(40, 12, 4)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from parley.atomic import write_atomic

Value = bool | int | str
Env = dict[str, Value]


@dataclass(frozen=True)
class Shape:
    """What was generated: counts of each kind of thing."""

    items: int
    terms: int
    rules: int
    parties: int
    proposals: int
    conflicts: int


@dataclass(frozen=True)
class Cond:
    """A condition's text together with its meaning, so generation can test it."""

    text: str
    holds: Callable[[Env], bool]

    def negate(self) -> Cond:
        return Cond(f"not ({self.text})", lambda env: not self.holds(env))


def _conj(parts: list[Cond], op: str) -> Cond:
    if len(parts) == 1:
        return parts[0]
    text = f" {op} ".join(f"({p.text})" for p in parts)
    if op == "and":
        return Cond(text, lambda env: all(p.holds(env) for p in parts))
    return Cond(text, lambda env: any(p.holds(env) for p in parts))


class _Vocabulary:
    def __init__(self, rng: random.Random, count: int) -> None:
        self.rng = rng
        self.specs: dict[str, dict[str, Any]] = {}
        for index in range(count):
            kind = ("bool", "enum", "int")[index % 3]
            name = f"topic{index % 17}.term{index}"
            if kind == "bool":
                spec: dict[str, Any] = {"type": "bool"}
            elif kind == "enum":
                spec = {"type": "enum",
                        "values": [f"v{k}" for k in range(rng.randint(3, 5))]}
            else:
                spec = {"type": "int", "min": 0, "max": rng.choice([10, 100, 3650])}
            if rng.random() < 0.3:
                spec["status_quo"] = self.random_value(spec)
            spec["description"] = f"Synthetic {kind} term number {index}."
            self.specs[name] = spec

    def random_value(self, spec: dict[str, Any]) -> Value:
        if spec["type"] == "bool":
            return self.rng.random() < 0.5
        if spec["type"] == "enum":
            return str(self.rng.choice(spec["values"]))
        return self.rng.randint(spec["min"], spec["max"])

    def atom(self, name: str) -> Cond:
        """A random comparison on ``name``."""
        spec, rng = self.specs[name], self.rng
        if spec["type"] == "bool":
            return rng.choice([Cond(name, lambda env: env[name] is True),
                               Cond(f"not {name}", lambda env: env[name] is False)])
        if spec["type"] == "enum":
            values = spec["values"]
            if rng.random() < 0.5:
                value = rng.choice(values)
                return rng.choice([Cond(f"{name} == '{value}'", lambda env: env[name] == value),
                                   Cond(f"{name} != '{value}'", lambda env: env[name] != value)])
            subset = rng.sample(values, rng.randint(1, len(values) - 1))
            return Cond(f"{name} in {subset!r}", lambda env: env[name] in subset)
        bound = rng.randint(spec["min"], spec["max"])
        op = rng.choice(["<=", ">=", "==", "!=", "<", ">"])
        compare = {"<=": int.__le__, ">=": int.__ge__, "==": int.__eq__, "!=": int.__ne__,
                   "<": int.__lt__, ">": int.__gt__}[op]
        return Cond(f"{name} {op} {bound}", lambda env: compare(env[name], bound))

    def pin(self, name: str, value: Value) -> Cond:
        """A ``then`` that forces ``name`` to ``value`` (the shapes the fast path follows)."""
        spec = self.specs[name]
        if spec["type"] == "bool":
            return Cond(name if value else f"not {name}", lambda env: env[name] is value)
        if spec["type"] == "enum":
            text = self.rng.choice([f"{name} == '{value}'", f"{name} in ['{value}']"])
            return Cond(text, lambda env: env[name] == value)
        return Cond(f"{name} == {value}", lambda env: env[name] == value)

    def condition(self, names: list[str], size: int) -> Cond:
        atoms = [self.atom(self.rng.choice(names)) for _ in range(size)]
        if size <= 1:
            return atoms[0]
        if size == 3 and self.rng.random() < 0.5:
            return _conj([atoms[0], _conj(atoms[1:], "or")], "and")
        return _conj(atoms, self.rng.choice(["and", "or"]))


def generate(root: Path, items: int = 1000, *, terms: int | None = None,
             rules: int | None = None, parties: int | None = None, proposals: int = 20,
             conflicts: int = 20, seed: int = 0, stages: int = 1) -> Shape:
    """Write a workspace with ``items`` party items (plus planted conflicts) under ``root``.

    With ``stages`` above 1, each proposal settles the same terms as it does with one stage
    (the same seed gives the same workspace), dealt out over that many stages in turn, so a
    staged check and a flat one can be compared on the same terms."""
    rng = random.Random(seed)
    term_count = terms if terms is not None else max(6, items * 3 // 10)
    rule_count = rules if rules is not None else max(2, items // 10)
    party_count = parties if parties is not None else max(2, min(40, items // 25))
    conflicts = min(conflicts, items // 20)
    # Planted conflicts bring terms and rules of their own; they count towards the totals.
    vocab = _Vocabulary(rng, max(6, term_count - conflicts - conflicts // 2))
    rule_count = max(1, min(rule_count - conflicts // 2, len(vocab.specs) // 2))
    names = list(vocab.specs)
    rng.shuffle(names)
    derived = names[:rule_count]
    base = names[rule_count:]
    witness: Env = {name: vocab.random_value(vocab.specs[name]) for name in base}

    background = []
    for index, target in enumerate(derived):
        earlier = [d for d in derived[:index] if d in witness]
        pool = base + earlier if earlier and rng.random() < 0.3 else base
        when = vocab.condition(pool, rng.randint(1, 2))
        value = vocab.random_value(vocab.specs[target])
        then = vocab.pin(target, value)
        if rng.random() < 0.2 and vocab.specs[target]["type"] == "int":
            # A rule the fast path cannot follow: it bounds instead of pinning.
            then = Cond(f"{target} <= {value}", lambda env, t=target, v=value: env[t] <= v)
        witness[target] = value if when.holds(witness) else vocab.random_value(
            vocab.specs[target])
        background.append({"id": f"rule-{index:04d}", "text": f"Synthetic rule {index}.",
                           "when": when.text, "then": then.text})

    ordinary = items - 2 * conflicts
    by_party: dict[int, list[dict[str, Any]]] = {p: [] for p in range(party_count)}
    for index in range(ordinary):
        kind = rng.choices(["red_line", "demand", "precondition"], [0.35, 0.35, 0.3])[0]
        require = vocab.condition(names, rng.choice([1, 1, 2, 3]))
        when = vocab.condition(base, 1) if kind == "precondition" or rng.random() < 0.2 \
            else None
        holds = require.holds(witness) or (when is not None and not when.holds(witness))
        if not holds:
            require = require.negate()
        entry: dict[str, Any] = {"id": f"item-{index:05d}", "kind": kind,
                                 "require": require.text}
        if when is not None:
            entry["when"] = when.text
        if kind == "demand":
            entry["weight"] = rng.randint(1, 5)
        entry["source"] = "synthetic"
        by_party[index % party_count].append(entry)

    # Planted conflicts: two parties' red lines that cannot both hold, on terms of their own,
    # half of them through a background rule. Every ordinary item holds under the witness, so
    # these pairs are exactly the workspace's minimal conflicts.
    for index in range(conflicts):
        first, second = rng.sample(range(party_count), 2)
        term = f"planted.clash{index}"
        vocab.specs[term] = {"type": "bool", "description": f"Planted conflict {index}."}
        clash = f"not {term}"
        if index % 2:
            forced = f"planted.consequence{index}"
            vocab.specs[forced] = {"type": "bool",
                                   "description": f"Forced by planted conflict {index}."}
            background.append({"id": f"planted-rule-{index:03d}", "when": term,
                               "then": forced, "text": f"Planted rule {index}."})
            clash = f"not {forced}"
        by_party[first].append({"id": f"planted-{index:03d}-a", "kind": "red_line",
                                "require": term, "source": "synthetic"})
        by_party[second].append({"id": f"planted-{index:03d}-b", "kind": "red_line",
                                 "require": clash, "source": "synthetic"})

    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "positions").mkdir(exist_ok=True)
    (root / "proposals").mkdir(exist_ok=True)
    _dump(root / "rules" / "terms.yaml", {"terms": vocab.specs})
    _dump(root / "rules" / "background.yaml", {"rules": background})
    for party, entries in by_party.items():
        _dump(root / "positions" / f"party{party:02d}.yaml", {
            "party": f"party{party:02d}", "name": f"Party {party}",
            "sources": [{"id": "synthetic", "title": "Generated", "date": "2025-01-01"}],
            "items": entries})
    for index in range(proposals):
        chosen = rng.sample(base, max(1, len(base) // 3))
        settled = {name: vocab.random_value(vocab.specs[name]) for name in sorted(chosen)}
        proposal: dict[str, Any] = {"id": f"p{index:04d}",
                                    "title": f"Synthetic proposal {index}"}
        if stages > 1:
            proposal["stages"] = [
                {"id": f"stage{number + 1}",
                 "terms": {name: settled[name] for name in sorted(chosen[number::stages])}}
                for number in range(stages)]
        else:
            proposal["terms"] = settled
        _dump(root / "proposals" / f"p{index:04d}.yaml", proposal)
    return Shape(items=ordinary + 2 * conflicts, terms=len(vocab.specs), rules=len(background),
                 parties=party_count, proposals=proposals, conflicts=conflicts)


def _dump(path: Path, data: Any) -> None:
    write_atomic(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--proposals", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stages", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.root, args.items, proposals=args.proposals, seed=args.seed,
                   stages=args.stages))
