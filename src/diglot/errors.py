"""Every failure a user can act on: one exception tree rooted at click.ClickException.

The CLI prints these without a traceback. Content problems are collected as
`Diagnostic`s in one pass and raised together as `ContentErrors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one source file, with the place and a hint to fix it."""

    path: str  # relative to the project root, '/'-separated
    line: int  # 1-based; 0 when the whole file is meant
    col: int  # 1-based; 0 when the whole line is meant
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""  # short stable id, e.g. 'orphan', for tests and filtering

    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def as_error(self) -> Diagnostic:
        return Diagnostic(
            self.path, self.line, self.col, self.message, self.hint, "error", self.code
        )


def relative(path: Path, root: Path) -> str:
    """A path as shown to users: relative to the project root when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class DiglotError(click.ClickException):
    """A failure with a message a person can act on; exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"diglot: {self.format_message()}", file=file, err=file is None)


class NotBuiltYet(DiglotError):
    """A command whose stage does not exist yet."""

    exit_code = 2


class ConfigError(DiglotError):
    """site.toml is unreadable, malformed or holds a bad key or value."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        count = len(self.diagnostics)
        header = f"{count} problem{'s' if count != 1 else ''} in site.toml:\n"
        super().__init__(header + _join(self.diagnostics))

    def __reduce__(self) -> tuple[Any, ...]:  # raised in worker processes too
        return type(self), (self.diagnostics,)


class SourceError(DiglotError):
    """One problem at one place in a source file (content or template)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.diagnostic,)


class ContentErrors(DiglotError):
    """All content errors found in one pass, reported together."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics))
        count = len(self.diagnostics)
        header = f"{count} error{'s' if count != 1 else ''} in the content:\n"
        super().__init__(header + _join(self.diagnostics))

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.diagnostics,)


def _join(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)
