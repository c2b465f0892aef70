"""Every status and verdict in one place: ``parley explain --glossary`` prints it and
docs/glossary.md holds the same words (a test keeps them equal)."""

from __future__ import annotations

#: (word, what it means), grouped under headings, in reading order.
GLOSSARY: dict[str, list[tuple[str, str]]] = {
    "Item statuses (red lines and preconditions decide; demands only score)": [
        ("violated", "a red line that no completion of the proposal keeps. Decides: the "
                     "party is incompatible (✗)."),
        ("unmet (contradicted)", "a precondition whose situation the proposal brings about "
                                 "while making the requirement impossible. Decides (✗)."),
        ("unmet (unaddressed)", "a precondition whose situation the proposal brings about "
                                "without settling the requirement. Open, not decisive (!)."),
        ("open", "the proposal leaves it to be settled: some completions keep it, some "
                 "do not (?)."),
        ("unknown", "a solver limit left it undecided; raise --solver-timeout (?)."),
        ("satisfied", "a red line every completion keeps (\"hold\" in the summary; ✓)."),
        ("met", "a precondition or demand every completion keeps (\"hold\"; ✓)."),
        ("not applicable", "a precondition or demand whose situation (`when`) the proposal "
                           "rules out (✓)."),
        ("unmet demand", "a demand no completion meets: it lowers the demand score and "
                         "never decides a verdict (-)."),
    ],
    "Party verdicts": [
        ("no position", "the party has no item in force on the date: silence is not "
                        "agreement, and the party is not counted."),
        ("incompatible", "a red line is violated or a precondition contradicted."),
        ("unknown", "a red line or precondition is undecided (solver limit)."),
        ("conditional", "nothing decides against it, but a red line or precondition is open "
                        "or a precondition unaddressed."),
        ("compatible", "every red line holds and every precondition is met or not "
                       "applicable."),
    ],
    "Proposal verdicts (over the parties with a position)": [
        ("no position", "no party has a position in force on the date."),
        ("incompatible", "some party is incompatible."),
        ("compatible", "every party is compatible."),
        ("completable", "some completion keeps every party's red lines and preconditions "
                        "at once."),
        ("deadlocked", "no completion does: a minimal set of items that cannot all hold is "
                       "shown."),
        ("unknown", "a solver limit left the verdict undecided."),
    ],
    "The summary line of a party": [
        ("2 violated | 1 unaddressed · 4 open | 1 hold", "red lines and preconditions: what "
         "decides against the proposal, then what is open, then what holds (satisfied or "
         "met) or does not apply."),
        ("demands met: weight 13 of 40", "the weight of the demands met where they apply, "
         "over the weight of all the party's demands in force; it ranks proposals, it "
         "never decides a verdict."),
    ],
}


def glossary_text() -> str:
    lines = []
    for heading, entries in GLOSSARY.items():
        lines.append(heading)
        width = max(len(word) for word, _ in entries)
        for word, meaning in entries:
            lines.append(f"  {word:<{width}}  {meaning}" if width <= 24 else
                         f"  {word}\n      {meaning}")
        lines.append("")
    return "\n".join(lines)


def glossary_markdown() -> str:
    parts = ["# Glossary: every status and verdict", "",
             "The same words as `parley explain --glossary`.", ""]
    for heading, entries in GLOSSARY.items():
        parts += [f"## {heading}", "", "| | Meaning |", "|---|---|"]
        parts += [f"| `{word}` | {meaning} |" for word, meaning in entries]
        parts.append("")
    return "\n".join(parts)
