"""The build as a short, ordered list of stages; `check` is the same pipeline, writing nothing.

scan -> config -> load -> pair -> validate, then (per command) render/script/voice/publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diglot import config as config_module
from diglot.config import Config
from diglot.errors import ContentErrors, Diagnostic
from diglot.model import Content
from diglot.stages import lint, load, pair, validate


@dataclass(frozen=True)
class Project:
    """A project's configuration and content, loaded and paired, with what was found wrong."""

    root: Path
    config: Config
    content: Content
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    def summary(self) -> str:
        pairs = sum(1 for p in self.content.pairs if not p.is_orphan)
        orphans = validate.count_orphans(self.content.pairs, self.config)
        by_lang = ", ".join(f"{code}: {n}" for code, n in orphans.items() if n)
        orphan_text = f"{sum(orphans.values())} orphans" + (f" ({by_lang})" if by_lang else "")
        w, e = len(self.warnings), len(self.errors)
        return (
            f"{pairs} pairs, {orphan_text}, {w} warning{'s' if w != 1 else ''}"
            f"{lint.tally(self.warnings)}, {e} error{'s' if e != 1 else ''}"
        )


def inspect(root: Path) -> Project:
    """Load, pair and validate everything, collecting problems instead of raising
    (a broken site.toml still raises ConfigError: nothing can be read without it)."""
    root = root.resolve()
    found = load.scan(root)
    config = config_module.load(root, found.languages)
    loaded = load.read(found, config)
    content, pairing_problems = pair.pair(loaded, config)
    diagnostics = [*loaded.diagnostics, *pairing_problems]
    if not any(d.severity == "error" for d in diagnostics):
        diagnostics.extend(validate.validate(content, config))
    return Project(root, config, content, tuple(sorted(diagnostics)))


def fix(root: Path, write: bool = True) -> list[lint.Fix]:
    """Apply the Chinese lint's suggestions to the prose of the files it checks; with
    `write` false, only say what would change. Files are read afresh and replaced
    atomically, one by one, after every change is known."""
    project = inspect(root)
    changes = lint.fixes(project.root, project.content, project.config)
    if write:
        for change in changes:
            lint.write(project.root, change)
    return changes


def load_project(root: Path, strict: bool = False) -> Project:
    """The project, or ContentErrors listing every error (and warnings when strict)."""
    project = inspect(root)
    failing = project.diagnostics if strict else project.errors
    if failing:
        raise ContentErrors(d.as_error() for d in failing)
    return project
