"""Split a Markdown file into front matter and body, and parse the front matter.

YAML between `---` lines or TOML between `+++` lines, as in Hugo. Splitting is
lossless (`Split.join()` gives back the exact text) so that `check --fix` can
rewrite a body while keeping the front matter byte for byte.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any, Literal

import yaml


class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The fast safe loader, except that an impossible date ('2024-13-01') stays a
    string, so the loader can report it at its line instead of crashing."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _YamlLoader.construct_yaml_timestamp)

Format = Literal["yaml", "toml", ""]

_DELIMITERS = {"---": "yaml", "+++": "toml"}


class FrontMatterError(ValueError):
    """Front matter that cannot be split or parsed; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Split:
    """A file cut into its parts; `opening + front + closing + body` is the file."""

    format: Format
    opening: str  # the opening delimiter line (with a BOM if the file had one)
    front: str
    closing: str
    body: str
    body_line: int  # 1-based line of the file where the body starts

    def join(self) -> str:
        return self.opening + self.front + self.closing + self.body

    @property
    def front_line(self) -> int:
        """1-based line of the first front-matter line."""
        return 2


def split(text: str) -> Split:
    """Cut `text` into front matter and body; raises FrontMatterError if unterminated.
    Only the lines up to the closing delimiter are looked at, not the body's."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    opening = rest[: rest.find("\n") + 1]  # '' when the first line has no line break
    first = opening.rstrip()
    fmt = _DELIMITERS.get(first)
    if fmt is None or not opening:
        return Split("", "", "", "", text, 1)
    closers = {first, "..."} if fmt == "yaml" else {first}
    start, number = len(opening), 2
    while start < len(rest):
        end = rest.find("\n", start) + 1 or len(rest)
        line = rest[start:end]
        if line.rstrip() in closers:
            front = rest[len(opening) : start]
            return Split(fmt, bom + opening, front, line, rest[end:], number + 1)  # type: ignore[arg-type]
        start, number = end, number + 1
    raise FrontMatterError(
        1,
        f"front matter opened with '{first}' on line 1 is never closed",
        f"add a line with only '{first}' after the last front matter line",
    )


def parse(parts: Split) -> dict[str, Any]:
    """The front matter as a dict ({} when there is none)."""
    if parts.format == "yaml":
        return _parse_yaml(parts.front)
    if parts.format == "toml":
        return _parse_toml(parts.front)
    return {}


def _parse_yaml(front: str) -> dict[str, Any]:
    try:
        data = yaml.load(front, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = max(1, len(front.splitlines()))  # an error at the end is on the last line
        line = 2 + min(mark.line, last - 1) if mark is not None else 1
        problem = exc.problem or exc.context or "malformed YAML"
        raise FrontMatterError(
            line,
            f"front matter is not valid YAML: {problem}",
            "check the indentation and quote values that contain ': ' or start with '['",
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(2, f"front matter is not valid YAML: {exc}") from None
    return _mapping(data, 2)


def _parse_toml(front: str) -> dict[str, Any]:
    try:
        return tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        message, line, _col = describe_toml_error(exc)
        raise FrontMatterError(
            line + 1, f"front matter is not valid TOML: {message}", "see https://toml.io"
        ) from None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def describe_toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int, int]:
    """(message, line, column) of a TOML error; Python 3.11 only has them in the text."""
    text = str(exc)
    match = _TOML_POSITION.search(text)
    if match is None:
        return text, 1, 0
    return text[: match.start()], int(match.group(1)), int(match.group(2))


def _mapping(data: Any, line: int) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            line,
            f"front matter must be a set of 'key: value' lines, not {type(data).__name__}",
            "write e.g. 'title: My post'",
        )
    return {str(k): v for k, v in data.items()}


def key_line(parts: Split, key: str) -> int:
    """1-based file line of top-level `key` in the front matter (the opening line if absent)."""
    sep = ":" if parts.format == "yaml" else "="
    pattern = re.compile(rf"^['\"]?{re.escape(key)}['\"]?\s*{re.escape(sep)}")
    for offset, line in enumerate(parts.front.splitlines()):
        if pattern.match(line):
            return parts.front_line + offset
    return 1
