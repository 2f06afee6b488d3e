"""The shape of site.toml as data, a validator over it, and the line finder for messages.

`configkeys.py` declares the keys with `Key` and `Table`; `validate` walks a parsed TOML
table against them and yields every problem with a did-you-mean hint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Problem = tuple[tuple[str, ...], str, str]  # (key path, message, hint)


@dataclass(frozen=True)
class Key:
    """One leaf key: its type, what it means, and optional allowed values or check."""

    type: Any  # str, int, bool, list, dict, or LANG_MAP
    doc: str
    check: Callable[[Any], str | None] | None = None
    choices: tuple[Any, ...] = ()
    required: bool = False
    items: type = str  # element type of a list, value type of a dict


@dataclass(frozen=True)
class Table:
    """A table of known keys, or (with `each`) a table of free keys sharing one shape."""

    doc: str
    keys: Mapping[str, Key | Table]
    each: Key | Table | None = None
    key_check: Callable[[Any], str | None] | None = None
    required: bool = field(default=False)


class LangText:
    """Marker type: one string, or a table of strings keyed by language code."""


LANG_MAP = Key(LangText, "one string, or a table of strings per language")

_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    LangText: "a string or a table of strings per language",
}


def validate(raw: Mapping[str, Any], table: Table, path: tuple[str, ...] = ()) -> Iterator[Problem]:
    for name, value in raw.items():
        here = (*path, name)
        spec = table.each if table.each is not None else table.keys.get(name)
        if spec is None:
            yield here, f"{'.'.join(here)}: unknown key", _suggest(name, table.keys)
            continue
        if table.each is not None and table.key_check is not None:
            bad = table.key_check(name)
            if bad:
                yield here, f"{'.'.join(here)}: {name!r} {bad}", ""
                continue
        if isinstance(spec, Table):
            if not isinstance(value, dict):
                yield here, f"{'.'.join(here)}: must be a table", f"write it as [{'.'.join(here)}]"
                continue
            yield from validate(value, spec, here)
            yield from _missing(value, spec, here)
        else:
            yield from _check_leaf(value, spec, here)


def _missing(value: Mapping[str, Any], table: Table, path: tuple[str, ...]) -> Iterator[Problem]:
    for name, spec in table.keys.items():
        if spec.required and name not in value:
            yield path, f"{'.'.join(path)}: '{name}' is required", f"{name}: {spec.doc}"


def _check_leaf(value: Any, key: Key, path: tuple[str, ...]) -> Iterator[Problem]:
    dotted = ".".join(path)
    if not _has_type(value, key.type, key.items):
        yield path, f"{dotted}: must be {_describe(key)}, not {value!r}", key.doc
        return
    if key.choices and value not in key.choices:
        allowed = ", ".join(repr(c) for c in key.choices)
        close = difflib.get_close_matches(str(value), [str(c) for c in key.choices], n=1)
        hint = f"did you mean '{close[0]}'?" if close and isinstance(value, str) else ""
        yield path, f"{dotted}: {value!r} is not allowed (allowed: {allowed})", hint
        return
    if key.check is not None:
        bad = key.check(value)
        if bad:
            yield path, f"{dotted}: {value!r} {bad}", ""


def _has_type(value: Any, expected: Any, items: type) -> bool:
    if expected is LangText:
        return isinstance(value, str) or (
            isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        )
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is list:
        return isinstance(value, list) and all(_has_type(v, items, str) for v in value)
    if expected is dict:
        return isinstance(value, dict) and all(_has_type(v, items, str) for v in value.values())
    return isinstance(value, expected)


def _describe(key: Key) -> str:
    name = _TYPE_NAMES.get(key.type, str(key.type))
    if key.type in (list, dict):
        name += f" of {_TYPE_NAMES[key.items].split(' ', 1)[1]}s"
    return name


def _suggest(name: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if known:
        return "allowed keys: " + ", ".join(sorted(known))
    return ""


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(
    r"^\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*="
)


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_\-]+)", dotted)
    return tuple(a or b or c for a, b, c in parts)


def line_of(text: str, path: tuple[str, ...]) -> int:
    """The line in TOML `text` that best locates `path`: the key itself, else the
    nearest enclosing table or inline-table key (0 when nothing matches)."""
    best_line, best_len = 0, 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
            here = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            here = (*table, *_split_key(assign.group(1)))
        if here == path[: len(here)] and len(here) > best_len:
            best_line, best_len = number, len(here)
    return best_line
