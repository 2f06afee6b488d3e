"""The build as a short, ordered list of stages; `check` is the same pipeline, writing nothing.

scan -> config -> load -> pair -> validate, then (per command) render/script/voice/publish.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diglot import config as config_module
from diglot import cover, languages
from diglot.config import Config
from diglot.errors import ContentErrors, Diagnostic, DiglotError, NotBuiltYet
from diglot.model import AudioEpisode, Content, EpisodeScript
from diglot.stages import load, pair, validate, voice


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
            f"{pairs} pairs, {orphan_text}, {w} warning{'s' if w != 1 else ''}, "
            f"{e} error{'s' if e != 1 else ''}"
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


def load_project(root: Path, strict: bool = False) -> Project:
    """The project, or ContentErrors listing every error (and warnings when strict)."""
    project = inspect(root)
    failing = project.diagnostics if strict else project.errors
    if failing:
        raise ContentErrors(d.as_error() for d in failing)
    return project


def episode_scripts(project: Project) -> tuple[EpisodeScript, ...]:
    """Every episode script of the project, in every podcast language (the script stage)."""
    raise NotBuiltYet("the podcast script stage is not built yet, so there is nothing to speak")


def select_languages(
    project: Project, scripts: Sequence[EpisodeScript], codes: Sequence[str]
) -> tuple[EpisodeScript, ...]:
    """The scripts in the given languages (all when none are given)."""
    if not codes:
        return tuple(scripts)
    wanted = {languages.normalize(code) for code in codes}
    known = [lang.code for lang in project.config.languages]
    unknown = sorted(wanted - set(known))
    if unknown:
        raise DiglotError(f"--lang {unknown[0]}: not a language of this site ({', '.join(known)})")
    return tuple(s for s in scripts if s.lang in wanted)


def podcast_audio(
    project: Project,
    scripts: Sequence[EpisodeScript],
    output: Path,
    jobs: int = 1,
    progress: Callable[[AudioEpisode], None] | None = None,
) -> tuple[AudioEpisode, ...]:
    """Speak the scripts into MP3 episodes with transcripts in `output/<lang>/`, and
    put the podcast cover beside them (voice stage)."""
    cover.ensure(project.config, output)
    return voice.synthesize(scripts, project.config, output, jobs, progress=progress)
