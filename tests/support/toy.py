"""A tiny hand-written workspace for unit tests, written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

TERMS = """\
terms:
  ceasefire.in_effect: {type: bool, description: A ceasefire is in force.}
  ceasefire.duration_days: {type: int, min: 0, max: 3650, unit: days}
  arms.western_supply: {type: enum, values: [continues, paused, halted], status_quo: continues}
  peacekeepers.contributors: {type: enum, values: [none, european, un], status_quo: none}
  foreign_troops.in_ukraine: {type: bool, status_quo: false}
  monitoring.agreed: {type: bool}
rules:
  - id: peacekeepers-are-foreign-troops
    text: A European contingent means foreign troops are present.
    when: peacekeepers.contributors in ['european']
    then: foreign_troops.in_ukraine
"""

RUSSIA = """\
party: russia
name: Russian Federation
sources:
  - {id: kremlin, title: Kremlin readout, url: "https://example.org/k", date: 2025-03-18}
items:
  - id: halt-western-arms
    kind: precondition
    when: ceasefire.in_effect
    require: arms.western_supply == 'halted'
    text: Western arms must stop during any ceasefire.
    source: kremlin
    quote: "complete cessation of providing Kyiv with foreign military aid"
    stated: 2025-03-18
  - id: verification
    kind: precondition
    when: ceasefire.in_effect
    require: monitoring.agreed
    source: kremlin
    quote: "effective control over a possible ceasefire"
  - id: no-foreign-troops
    kind: red_line
    require: not foreign_troops.in_ukraine
  - id: long-ceasefire
    kind: demand
    weight: 2
    require: ceasefire.duration_days >= 90
    stated: 2025-01-01
    until: 2025-06-01
"""

UKRAINE = """\
party: ukraine
name: Ukraine
items:
  - id: aid-continues
    kind: red_line
    require: arms.western_supply == 'continues'
"""

PROPOSALS = {
    "jeddah.yaml": """\
id: jeddah
title: Jeddah
terms:
  ceasefire.in_effect: true
  ceasefire.duration_days: 30
  arms.western_supply: continues
""",
    "force.yaml": """\
id: force
terms:
  peacekeepers.contributors: european
""",
    "quiet.yaml": """\
id: quiet
terms:
  ceasefire.in_effect: false
  peacekeepers.contributors: none
  arms.western_supply: continues
""",
}


def write_toy(root: Path, **overrides: str) -> Path:
    """Write the toy workspace under ``root``; ``overrides`` replace files by relative path."""
    files = {"rules/terms.yaml": TERMS, "positions/russia.yaml": RUSSIA,
             "positions/ukraine.yaml": UKRAINE,
             **{f"proposals/{k}": v for k, v in PROPOSALS.items()}}
    files.update({k.replace("__", "/") + ".yaml": v for k, v in overrides.items()})
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root

#: Proposals over the toy vocabulary, as dicts of terms: each shape of answer once.
TOY_PROPOSALS = [
    {}, {"ceasefire.in_effect": True}, {"ceasefire.in_effect": False},
    {"arms.western_supply": "halted", "ceasefire.in_effect": True, "monitoring.agreed": True},
    {"peacekeepers.contributors": "european"}, {"peacekeepers.contributors": "un"},
    {"ceasefire.duration_days": 90, "ceasefire.in_effect": True},
    {"arms.western_supply": "paused", "foreign_troops.in_ukraine": False},
]
