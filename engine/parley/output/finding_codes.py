"""What every finding code means, in one place: SARIF rules carry it as their description
and help, and docs/ci.md holds the same table (a test keeps them equal).

A code of the loader (``unknown-term``, ``duplicate-id``, ...) is an input error: the file
does not load, and its message says exactly what is wrong; those share one description,
pointing at the format reference.
"""

from __future__ import annotations

from functools import cache

#: code → (the commands that report it, what it means), in the order docs/ci.md lists them.
CODES: dict[str, tuple[str, str]] = {
    "red-line-violated": ("check, explain", "No completion of the proposal keeps this red "
                          "line: the party is incompatible with the proposal."),
    "precondition-contradicted": ("check", "The proposal brings about the precondition's "
                                  "situation while making its requirement impossible: the "
                                  "party is incompatible with the proposal."),
    "precondition-unaddressed": ("check", "The proposal brings about the precondition's "
                                 "situation without settling its requirement: open, not "
                                 "decisive."),
    "red-line-open": ("check", "The proposal leaves this red line to be settled: some "
                      "completions keep it, some do not."),
    "precondition-open": ("check", "The proposal leaves this precondition to be settled: "
                          "some completions meet it, some do not."),
    "deadlocked": ("check", "No party is incompatible on its own, but no completion of the "
                   "proposal keeps every party's red lines and preconditions at once: a "
                   "minimal set of items that cannot all hold is named."),
    "no-position": ("check", "A party has no item in force on the date; its silence is "
                    "not counted as agreement."),
    "undecided": ("check, validate", "A solver limit left this undecided; raise "
                  "--solver-timeout."),
    "position-contradicts-itself": ("validate", "A party's own red lines and preconditions "
                                    "cannot all hold at once, whatever the proposal."),
    "when-never-holds": ("validate", "The item's `when` can never hold under the "
                         "background rules, so the item never applies."),
    "require-never-holds": ("validate", "The item's `require` can never hold under the "
                            "background rules."),
    "precondition-never-applies": ("validate", "The party's own red lines rule out the "
                                   "situation this precondition is about."),
    "redundant-item": ("validate", "The party's other items, or the background rules alone, "
                       "already imply this item."),
    "unsourced-item": ("validate", "The item cites no source or quotes none (an error with "
                       "--strict)."),
    "paraphrased-item": ("validate", "The item summarises its source instead of quoting the "
                         "party's words."),
    "unused-term": ("validate", "No rule, item or proposal uses this term."),
    "uncited-source": ("validate", "No item cites this source."),
    "proposal-after-position": ("validate", "The proposal is dated after the party's latest "
                                "statement: the position may be out of date for it."),
    "stale-item": ("validate", "The item in force has not been on record for longer than "
                   "--max-age days."),
    "stage-operator-as-a-whole": ("validate", "A bare `ever(...)` or `eventually(...)` as a "
                                  "whole `require` or `then` says less than it seems: ever(C) "
                                  "at every stage only forces C at the first."),
    "stage-changes-nothing": ("validate", "A stage of the proposal settles nothing and "
                              "starts or ends no clause: nothing tells it from the stage "
                              "before."),
    "clause-never-applies": ("validate", "The clause's `when` can never hold at its "
                             "stages: the clause commits to nothing."),
    "clause-contradicts-itself": ("validate", "The clause's `then` can never hold (with its "
                                  "`when`) under the background rules."),
    "expectation-failed": ("test", "A value pinned in the proposal's `expect:` block is not "
                           "what the check now finds."),
    "proposal-verdict-changed": ("diff", "The proposal's verdict differs between the two "
                                 "sides."),
    "verdict-changed": ("diff", "A party's verdict on a proposal differs between the two "
                        "sides."),
    "status-changed": ("diff", "An item's status under a proposal differs between the two "
                       "sides, without changing the party's verdict."),
    "position-stricter": ("diff", "The party's new position allows less than the old one: "
                          "a witness proposal shows what it now forbids."),
    "position-looser": ("diff", "The party's new position allows more than the old one: a "
                        "witness proposal shows what it now allows."),
    "position-equivalent": ("diff", "The party's position was rewritten but allows exactly "
                            "the same proposals."),
    "position-incomparable": ("diff", "The party's new position allows some proposals the "
                              "old one forbade and forbids some it allowed."),
    "conflict-within-party": ("conflicts", "Items of one party that cannot all hold "
                              "together."),
    "conflict-cross-party": ("conflicts", "Items of different parties that cannot all hold "
                             "together."),
    "conflict-proposal-vs-party": ("conflicts", "Items that cannot all hold together with "
                                   "the proposal's facts."),
    "suggest-change": ("suggest", "A settlement the nearest acceptable proposal changes, so "
                       "that every red line and precondition can hold."),
    "suggest-none": ("suggest", "No proposal keeps every party's red lines and "
                     "preconditions: only concessions can make one possible."),
}

INPUT_ERROR = ("The file does not load: it breaks the format (YAML, a field, a condition, "
               "an id). The message says what is wrong and where; see docs/format.md and "
               "docs/conditions.md.")


def describe(code: str) -> str:
    """What ``code`` means.

    >>> describe("red-line-violated").startswith("No completion")
    True
    >>> describe("unknown-term") == INPUT_ERROR
    True
    """
    return CODES[code][1] if code in CODES else INPUT_ERROR


def docs_anchor(code: str) -> str:
    """Where ``code`` is documented, relative to the documentation folder.

    >>> docs_anchor("stale-item"), docs_anchor("unknown-term")
    ('ci.md#stale-item', 'format.md')
    """
    return f"ci.md#{code}" if code in CODES else "format.md"


@cache
def docs_url() -> str:
    """The documentation's address: the distribution's ``Documentation`` project URL when
    it declares one, else its page on the package index (which links the documentation).
    """
    from importlib import metadata

    from .. import __version__

    try:
        urls = metadata.metadata("parley-check").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/"
    return f"https://pypi.org/project/parley-check/{__version__}/"


def help_uri(code: str) -> str:
    """An absolute address of ``code``'s documentation (SARIF requires an absolute URI)."""
    base = docs_url()
    return base + docs_anchor(code) if "pypi.org" not in base else base


def codes_markdown() -> str:
    """The table of finding codes docs/ci.md holds."""
    lines = ["| code | reported by | what it means |", "|---|---|---|"]
    lines += [f'| <a id="{code}"></a>`{code}` | {commands} | {meaning} |'
              for code, (commands, meaning) in CODES.items()]
    return "\n".join(lines) + "\n"
