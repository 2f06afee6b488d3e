"""Load a project: site.toml, the content read and paired, and every problem found
(`diglot check` is this and nothing more; `check --fix` applies the Chinese lint)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diglot import config as config_module
from diglot import reading
from diglot.config import Config
from diglot.errors import ContentErrors, Diagnostic
from diglot.model import Content
from diglot.stages import lint, pair, scan, validate
from diglot.stages.memo import Memo


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


def inspect(
    root: Path,
    checks: bool = True,
    workers: int = 1,
    memo: Memo | None = None,
    started: reading.Reading | None = None,
) -> Project:
    """Load, pair and validate everything, collecting problems instead of raising
    (a broken site.toml still raises ConfigError: nothing can be read without it).
    Without `checks` the validations (all warnings) are skipped: `build` needs only
    the errors, and the heading check parses every article a second time. With a
    `memo` of the last load, only files that changed are read again; `started` is the
    reading of this project begun ahead (`reading.ahead`)."""
    root = root.resolve()
    if started:
        if started.root != root:
            raise ValueError(f"the reading begun ahead is of {started.root}, not {root}")
        found, config, loaded = started.found, started.config, started.loaded()
    elif memo:
        found = memo.reader.scan(root)
        config = config_module.load(root, found.languages)
        loaded = memo.reader.read(
            found,
            config,
            lambda files: reading.read(scan.Scan(files, found.languages), config, workers),
        )
    else:
        found = scan.scan_content(root)
        config = config_module.load(root, found.languages)
        loaded = reading.read(found, config, workers)
    if memo:
        content, pairing_problems = memo.reader.pair(loaded, config)
    else:
        content, pairing_problems = pair.pair(loaded, config)
    diagnostics = [*loaded.diagnostics, *pairing_problems]
    if checks and not any(d.severity == "error" for d in diagnostics):
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


def load_project(
    root: Path,
    strict: bool = False,
    checks: bool = True,
    workers: int = 1,
    memo: Memo | None = None,
    started: reading.Reading | None = None,
) -> Project:
    """The project, or ContentErrors listing every error (and warnings when strict)."""
    project = inspect(root, checks, workers, memo, started)
    failing = project.diagnostics if strict else project.errors
    if failing:
        raise ContentErrors(d.as_error() for d in failing)
    return project
