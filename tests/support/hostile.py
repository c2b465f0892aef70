"""Hostile inputs, as data shared by the tests that throw them at Parley: files that attack
the YAML reader (alias bombs, deep nesting, huge values, object tags) and conditions that
try to be code. Each comes with the words its refusal must contain."""

from __future__ import annotations

from pathlib import Path

BILLION_LAUGHS = (
    b'lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(b"lol%d: &a%d [%s]\n" % (i, i, b",".join([b"*a%d" % (i - 1)] * 9))
               for i in range(1, 10)))
MANY_ALIASES = b"base: &b x\nlist: [" + b", ".join([b"*b"] * 500) + b"]\n"
FLOW_DEEP = b"party: x\nname: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
BLOCK_DEEP = b"party: x\nname:\n" + b"".join(b"  " * (i + 1) + b"- \n" for i in range(2_000))
MAP_DEEP = b"party: x\nname:\n" + b"".join(b" " * (i + 1) + b"k:\n" for i in range(2_000))
HUGE_SCALAR = b"party: x\nname: '" + b"x" * 200_000 + b"'\n"
MARKER = "PWNED"


def python_tags(marker: Path) -> list[bytes]:
    command = f"touch {marker}".encode()
    return [
        b"party: !!python/object/apply:os.system ['" + command + b"']\nname: x\nitems: []\n",
        b"party: x\nname: !!python/name:os.system\nitems: []\n",
        b"!!python/object/new:os.system\nargs: ['" + command + b"']\n",
        b"party: x\nname: !!python/object/apply:subprocess.check_output [[touch, "
        + str(marker).encode() + b"]]\nitems: []\n",
        b"party: x\nname: !<tag:yaml.org,2002:python/object/apply:os.system> ['"
        + command + b"']\nitems: []\n",
    ]


HOSTILE_FILES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "billion-laughs": (BILLION_LAUGHS, ("more than 500000 nodes",)),
    "many-aliases": (MANY_ALIASES, ("more than 100 aliases",)),
    "flow-nesting": (FLOW_DEEP, ("nesting deeper than 64",)),
    "block-nesting": (BLOCK_DEEP, ("nesting deeper than 64",)),
    "mapping-nesting": (MAP_DEEP, ("nesting deeper than 64",)),
    "huge-scalar": (HUGE_SCALAR, ("over the limit of 100000",)),
    "not-utf8": (b"party: \xff\xfe\xfa\n", ("cannot decode",)),
    "nul-byte": (b"party: a\x00b\n", ("cannot decode",)),
    "binary": (bytes(range(256)) * 4, ("cannot decode",)),
    "tabs": (b"party: x\nname: y\nitems:\n\t- id: a\n", ("tabs",)),
    "empty": (b"", ("found an empty file",)),
    "only-comment": (b"# nothing here\n", ("found an empty file",)),
    "a-list": (b"- a\n- b\n", ("expected a mapping",)),
    "two-documents": (b"party: x\n---\nparty: y\n", ("more than one YAML document",)),
    "duplicate-key": (b"party: x\nparty: y\nname: z\nitems: []\n", ("duplicate key",)),
    "merge-key": (b"a: &a {party: x}\n<<: *a\n", ("merge keys",)),
    "binary-tag": (b"party: !!binary aGVsbG8=\nname: x\nitems: []\n", ("not allowed",)),
    "custom-tag": (b"party: !vault secret\nname: x\nitems: []\n", ("not allowed",)),
    "huge-int": (b"party: x\nname: y\nitems:\n  - {id: a, kind: demand, weight: "
                 + b"9" * 5000 + b", require: x}\n", ("cannot read",)),
    "bad-date": (b"party: x\nname: y\nas_of: 2025-02-30\nitems: []\n", ("out of range",)),
    "complex-key": (b"? [a, b]\n: 1\n", ("mapping key must be a plain value",)),
    "unknown-alias": (b"party: *nothing\n", ("alias",)),
}


HOSTILE_CONDITIONS: dict[str, tuple[str, str]] = {
    "paren-nesting": ("(" * 2_000 + "monitoring.agreed" + ")" * 2_000, "nested deeper"),
    "list-nesting": ("monitoring.agreed in " + "[" * 60 + "True" + "]" * 60, "nested deeper"),
    "not-chain": ("not " * 2_000 + "monitoring.agreed", "nested deeper"),
    "long-chain": ("<".join(["1"] * 2_500), "more than 2000 parts"),
    "enormous": ("monitoring.agreed or " * 1_000 + "monitoring.agreed", "over the limit"),
    "call": ("__import__('os').system('touch PWNED')", "function call is not allowed"),
    "method": ("'x'.upper() == 'X'", "function call is not allowed"),
    "index": ("monitoring.agreed[0]", "a subscript is a member of the family's set"),
    "comment": ("not monitoring.agreed   # the party's words", "a comment ('#') is not allowed"),
    "attribute-of-call": ("open('x').name == 'x'", "only dotted term names"),
    "attribute-of-literal": ("'x'.y", "only dotted term names"),
    "dunder": ("monitoring.__class__", "unknown term"),
    "lambda": ("(lambda: True)()", "not allowed"),
    "bare-lambda": ("lambda: True", "a lambda is not allowed"),
    "f-string": ("f'{monitoring.agreed}' == 'True'", "an f-string is not allowed"),
    "walrus": ("(x := monitoring.agreed)", "an assignment expression is not allowed"),
    "comprehension": ("[x for x in 'ab']", "not allowed"),
    "arithmetic": ("ceasefire.duration_days + 1 > 2", "arithmetic is not allowed"),
    "ternary": ("monitoring.agreed if monitoring.agreed else True", "conditional expression"),
    "none": ("monitoring.agreed == None", "None is not a value"),
    "float": ("ceasefire.duration_days > 1.5", "float is not a value"),
    "bytes": ("arms.western_supply == b'halted'", "bytes is not a value"),
    "ellipsis": ("...", "not a value"),
    "is": ("monitoring.agreed is True", "'is' is not allowed"),
    "statement": ("import os", "does not parse"),
    "semicolon": ("monitoring.agreed; import os", "does not parse"),
    "huge-int": ("ceasefire.duration_days > " + "9" * 5_000, "too many digits"),
    "await": ("await monitoring.agreed", "not allowed"),
    "yield": ("(yield monitoring.agreed)", "not allowed"),
    "starred": ("monitoring.agreed in [*'ab']", "unpacking is not allowed"),
    "dict": ("{1: 2}", "a dict is not allowed"),
    "fullwidth-term": ("\uff4donitoring.agreed", "ASCII"),
    "empty": ("   ", "empty condition"),
}
