"""Safe, bounded, located YAML reading.

PyYAML's loaders build the document recursively, silently keep the last of two equal keys,
and expand aliases without limit. Parley builds the document itself from the parser's event
stream instead: iteratively (no recursion, so nesting cannot overflow the stack), rejecting
duplicate keys and non-standard tags, bounding size, depth, node count and alias use before
the work is done, and recording where every value and key stands in the file.

The C parser (libyaml) is used when PyYAML was built with it; the pure-Python one otherwise.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import NOWHERE, Span, display_path, input_error
from .limits import MAX_INTEGER_DIGITS, Limits, integer_too_large, limit_hint

try:
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader



class _CoreSchemaResolver(yaml.resolver.BaseResolver):
    """What an unquoted value means, by the YAML 1.2 core schema, as editors read it.

    PyYAML follows YAML 1.1, where ``yes``/``no``/``on``/``off`` are booleans, ``017`` is
    octal, ``0b1`` binary, ``1:30`` base 60 (90) and ``1_000`` a number. An editor or a
    reviewer reading by YAML 1.2 sees strings there, so Parley would check something other
    than what was reviewed. Here only ``true``/``false`` are booleans and integers are
    decimal, ``0o`` octal or ``0x`` hex; dates stay dates, which the formats need.
    """


_IMPLICIT = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp",
     r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
     r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
     r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$", "0123456789"),
    # Kept only so that a merge key is refused by name rather than read as a string.
    ("tag:yaml.org,2002:merge", r"^<<$", "<"),
]
for _tag, _pattern, _first in _IMPLICIT:
    _CoreSchemaResolver.add_implicit_resolver(
        _tag, re.compile(_pattern), list(_first))

_RESOLVER = _CoreSchemaResolver()
_CORE_INTEGER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_BOOLEAN = {"true": True, "false": False}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}

Path_ = tuple[str | int, ...]

# C0 and C1 controls other than tab and line breaks. The reader refuses them as raw bytes;
# this catches the ones a double-quoted scalar spells as escapes ("\e[2J", "\x07").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class NodeInfo:
    """Where a value stands: its span, the span of its mapping key, and its scalar style."""

    span: Span
    key_span: Span | None = None
    style: str | None = None
    end: Span | None = None


@dataclass
class Document:
    """A YAML document as plain data, plus the location of every node by its path."""

    path: Path
    data: Any
    nodes: dict[Path_, NodeInfo]
    text: str = ""

    @functools.cached_property
    def name(self) -> str:
        return display_path(self.path)

    @functools.cached_property
    def line_starts(self) -> list[int]:
        """Index in ``text`` where each line starts; computed once, for every locator."""
        starts = [0]
        index = self.text.find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = self.text.find("\n", index + 1)
        return starts

    def span(self, where: Path_, key: bool = False) -> Span:
        """The span of the node at ``where``, or of its nearest located ancestor."""
        for cut in range(len(where), -1, -1):
            info = self.nodes.get(where[:cut])
            if info is not None:
                if key and cut == len(where) and info.key_span is not None:
                    return info.key_span
                return info.span
        return Span(self.name, 1, 1)


class _Frame:
    __slots__ = ("container", "path", "pending_key", "pending_key_span")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.path = path
        self.pending_key: Any = _NO_KEY
        self.pending_key_span: Span | None = None


_NO_KEY = object()


def _construct_scalar(event: Any, span: Span) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:merge":
        raise input_error("yaml-merge", "merge keys ('<<') are not supported", span,
                          "write the keys out in full")
    if tag not in _STANDARD_TAGS:
        raise input_error("yaml-tag", f"tag {tag!r} is not allowed", span,
                          "only plain YAML data is accepted")
    control = _CONTROL.search(event.value)
    if control is not None:
        raise input_error("yaml-control", f"control character U+{ord(control.group()):04X} in "
                          "a value", span, "an escape such as \\e would reach the terminal "
                          "or CI log that shows the value; remove it")
    if tag == "tag:yaml.org,2002:int":
        return _core_integer(event.value, span)
    if tag == "tag:yaml.org,2002:bool":
        if event.value.lower() not in _CORE_BOOLEAN:
            raise input_error("yaml-value", f"{_clip(event.value)!r} is not a boolean", span,
                              "write true or false")
        return _CORE_BOOLEAN[event.value.lower()]
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise input_error("yaml-value", f"cannot read {_clip(event.value)!r}: {_clip(reason, 80)}",
                          span) from None


def _core_integer(text: str, span: Span) -> int:
    """An integer as YAML 1.2 writes one: decimal, ``0o`` octal or ``0x`` hex."""
    if not _CORE_INTEGER.fullmatch(text):
        raise input_error("yaml-value", f"{_clip(text)!r} is not an integer", span,
                          "write it in decimal, or as 0o... (octal) or 0x... (hex)")
    if text.startswith(("0o", "0x")):
        value = int(text[2:], 8 if text[1] == "o" else 16)
    elif len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
        value = _MAX_PLUS_ONE  # refused below without converting a huge decimal
    else:
        value = int(text)
    if integer_too_large(value):
        raise input_error("yaml-value", f"cannot read {_clip(text)!r}: an integer with more "
                          f"than {MAX_INTEGER_DIGITS} digits", span,
                          "no term's value is that large")
    return value


_MAX_PLUS_ONE: int = 10 ** MAX_INTEGER_DIGITS


def read_document(path: Path, limits: Limits | None = None) -> Document:
    """Read one YAML file into a :class:`Document`; raise ``InputError`` on any problem.

    Only a regular file is read, and its size is checked before a byte of it is: a FIFO
    or a device named like a YAML file would otherwise block or never end.
    """
    limits = limits or Limits()
    return parse_document(read_bounded(path, limits.max_file_bytes), path, limits)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else or anything larger.

    >>> read_bounded(Path("/"), 10)
    Traceback (most recent call last):
    ...
    parley.errors.InputError: /: error: is a directory, expected a YAML file
    """
    here = Span(display_path(path))
    try:
        # Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise input_error("not-a-file", "is a directory, expected a YAML file", here) from None
    except FileNotFoundError as exc:
        if os.path.lexists(path):  # a link to nothing: the link is the place
            raise input_error("unreadable", f"cannot read file: {exc.strerror}", here) from None
        raise input_error("unreadable", f"cannot read {here.file}: {exc.strerror}",
                          NOWHERE) from None
    except OSError as exc:
        raise input_error("unreadable", f"cannot read file: {exc.strerror or exc}",
                          here) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise input_error("not-a-file", "is a directory, expected a YAML file", here)
        if not stat.S_ISREG(info.st_mode):
            raise input_error("not-a-file", "is not a regular file", here,
                              "a FIFO, socket or device cannot be read as YAML")
        if info.st_size > max_bytes:
            raise input_error("too-large", f"file is {info.st_size} bytes, over the limit "
                              f"of {max_bytes}", here, limit_hint("max_file_bytes"))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            # One byte past the limit: the file may have grown since it was measured.
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise input_error("unreadable", f"cannot read file: {exc.strerror or exc}",
                          here) from None
    finally:
        os.close(handle)
    if len(raw) > max_bytes:
        raise input_error("too-large", f"file is over the limit of {max_bytes} bytes", here,
                          limit_hint("max_file_bytes"))
    return raw


def parse_document(raw: bytes | str, path: Path, limits: Limits | None = None) -> Document:
    """Build a :class:`Document` from YAML text, enforcing ``limits`` as events arrive."""
    limits = limits or Limits()
    name = display_path(path)
    if isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nodes: dict[Path_, NodeInfo] = {}
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    anchor_sizes: list[tuple[str | None, int]] = []
    root: Any = None
    have_root = False
    count = 0
    aliases = 0

    def span_of(mark: Any) -> Span:
        return Span(name, mark.line + 1, mark.column + 1)

    def place(value: Any, span: Span, style: str | None, weight: int,
              end: Span | None = None) -> None:
        nonlocal root, have_root, count
        count += weight
        if count > limits.max_nodes:
            raise input_error("too-many-nodes", f"document has more than {limits.max_nodes} "
                              "nodes (an alias counts every node it repeats)", span,
                              limit_hint("max_nodes"))
        if not stack:
            root, have_root = value, True
            nodes[()] = NodeInfo(span, None, style)
            return
        frame = stack[-1]
        if isinstance(frame.container, list):
            where = (*frame.path, len(frame.container))
            frame.container.append(value)
            nodes[where] = NodeInfo(span, None, style, end)
            return
        if frame.pending_key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise input_error("yaml-key", "a mapping key must be a plain value", span)
            if not isinstance(value, (str, int, bool, float, dt.date)) and value is not None:
                raise input_error("yaml-key", "a mapping key must be a plain value", span)
            if value in frame.container:
                first = nodes.get((*frame.path, value))  # type: ignore[arg-type]
                where_first = f" (first at line {first.key_span.line})" if (
                    first and first.key_span) else ""
                raise input_error("duplicate-key", f"duplicate key {value!r}{where_first}", span)
            frame.pending_key, frame.pending_key_span = value, span
            return
        key = frame.pending_key
        frame.container[key] = value
        nodes[(*frame.path, key)] = NodeInfo(span, frame.pending_key_span, style, end)
        frame.pending_key, frame.pending_key_span = _NO_KEY, None

    def child_path() -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, frame.pending_key)

    try:
        for event in yaml.parse(raw, Loader=_Parser):
            if isinstance(event, yaml.ScalarEvent):
                span = span_of(event.start_mark)
                if len(event.value) > limits.max_scalar_chars:
                    raise input_error("too-large", f"value is {len(event.value)} characters, "
                                      f"over the limit of {limits.max_scalar_chars}", span,
                                      limit_hint("max_scalar_chars"))
                value = _construct_scalar(event, span)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                place(value, span, event.style, 1, span_of(event.end_mark))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                span = span_of(event.start_mark)
                is_map = isinstance(event, yaml.MappingStartEvent)
                tag = event.tag
                if tag not in (None, "!") and tag not in _STANDARD_TAGS:
                    raise input_error("yaml-tag", f"tag {tag!r} is not allowed", span,
                                      "only plain YAML data is accepted")
                if len(stack) >= limits.max_depth:
                    raise input_error("too-deep", f"nesting deeper than {limits.max_depth} "
                                      "levels", span, limit_hint("max_depth"))
                container: dict[Any, Any] | list[Any] = {} if is_map else []
                where = child_path()
                place(container, span, None, 1)
                stack.append(_Frame(container, where))
                anchor_sizes.append((event.anchor, count))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                anchor, start = anchor_sizes.pop()
                if anchor:
                    anchors[anchor] = (frame.container, count - start + 1)
            elif isinstance(event, yaml.AliasEvent):
                span = span_of(event.start_mark)
                aliases += 1
                if aliases > limits.max_aliases:
                    raise input_error("too-many-aliases", f"more than {limits.max_aliases} "
                                      "aliases", span, limit_hint("max_aliases"))
                if event.anchor not in anchors:
                    raise input_error("yaml-alias", f"unknown or recursive alias "
                                      f"*{event.anchor}", span)
                value, weight = anchors[event.anchor]
                place(value, span, None, weight)
            elif isinstance(event, yaml.DocumentStartEvent) and have_root:
                raise input_error("yaml-multiple-documents", "file holds more than one YAML "
                                  "document", span_of(event.start_mark))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = span_of(mark) if mark else Span(name, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:
            # Newer libyaml bounds nesting itself, while scanning ahead of the events that
            # Parley counts; it is the same refusal, so it gets the same message.
            raise input_error("too-deep", f"nesting deeper than {limits.max_depth} levels",
                              span, limit_hint("max_depth")) from None
        hint = None
        if mark is not None and _char_at(raw, mark) == "\t":
            hint = "YAML cannot indent with tabs; use spaces"
        raise input_error("yaml-syntax", f"YAML syntax: {problem}", span, hint) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "position", None)
        line, col = _line_col(raw, mark) if isinstance(mark, int) else (1, 1)
        reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        raise input_error("yaml-encoding", f"cannot decode file: {reason}",
                          Span(name, line, col), "save the file as UTF-8") from None
    except RecursionError:
        raise input_error("too-deep", "nesting too deep", Span(name, 1, 1)) from None
    if not have_root:
        root = None
        nodes[()] = NodeInfo(Span(name, 1, 1))
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return Document(path, root, nodes, text)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "..."


def _char_at(raw: bytes | str, mark: Any) -> str:
    """The character a parser mark points at (marks index characters, not bytes)."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int):
        return ""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return text[index] if 0 <= index < len(text) else ""


def _line_col(raw: bytes | str, position: int) -> tuple[int, int]:
    head = raw[:position]
    newline: Any = b"\n" if isinstance(head, bytes) else "\n"
    line = head.count(newline) + 1
    col = position - (head.rfind(newline) + 1) + 1
    return line, col


def has_yaml_suffix(name: str) -> bool:
    """Whether a file name ends like a YAML file, in any case (``a.YAML`` is one too).

    >>> has_yaml_suffix("russia.YML"), has_yaml_suffix("notes.txt")
    (True, False)
    """
    return name.lower().endswith((".yaml", ".yml"))


def is_yaml_file(path: Path) -> bool:
    return has_yaml_suffix(path.name) and not path.name.startswith(".")


def yaml_files(folder: Path, max_files: int | None = None,
               within: Path | None = None) -> list[Path]:
    """The YAML files directly inside ``folder``, sorted by name; none if it does not exist.

    A folder that exists but cannot be listed is an error, never an empty workspace: a
    silently missing position would make a proposal look more acceptable than it is.
    With ``within``, a file that is (or sits in a folder that is) a symbolic link leading
    out of ``within`` is an error: a link in a pull request must not make Parley read,
    and quote in a public CI log, a file from elsewhere on the machine.
    """
    found: list[Path] = []
    home = os.path.realpath(within) if within is not None else None
    if home is not None and os.path.isdir(folder) and \
            not _inside(os.path.realpath(folder), home):
        # Checked on the folder itself: a link to an empty folder elsewhere has no file
        # to refuse, and would quietly make the workspace lose every position.
        raise input_error("outside-workspace", "is a symbolic link to a folder outside the "
                          "workspace", Span(display_path(folder)),
                          "copy the folder into the workspace instead")
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if has_yaml_suffix(entry.name) and entry.name.startswith("."):
                    # Not read, and never silently: a hidden position is a dropped one.
                    raise input_error("hidden-file", "is a hidden YAML file, which is not "
                                      "read", Span(display_path(entry.path)),
                                      "remove the leading dot to read it, or move it out "
                                      "of the workspace")
                if is_yaml_file(Path(entry.name)):
                    if home is not None and not _inside(os.path.realpath(entry.path), home):
                        raise input_error("outside-workspace", "is a symbolic link to a file "
                                          "outside the workspace", Span(display_path(entry.path)),
                                          "copy the file into the workspace instead")
                    found.append(Path(entry.path))
                    if max_files is not None and len(found) > max_files:
                        raise input_error("too-many-files", f"more than {max_files} YAML files",
                                          Span(display_path(folder)), limit_hint("max_files"))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise input_error("unreadable", f"cannot list folder: {exc.strerror or exc}",
                          Span(display_path(folder))) from None
    return sorted(found, key=lambda p: p.name)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
