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


def podcast_scripts(project: Project, drafts: bool = False) -> tuple[EpisodeScript, ...]:
    """Every episode script of the project (the script stage, built on another branch:
    main's podcast_scripts replaces this one at the merge)."""
    raise NotBuiltYet("the podcast script stage is not built yet, so there is nothing to speak")


def podcast_languages(config: Config, wanted: str) -> tuple[str, ...]:
    """The languages `--lang` names: one code or 'all' (every language with a podcast)."""
    spoken = tuple(lang.code for lang in config.languages if lang.podcast)
    if wanted == "all":
        return spoken
    code = languages.normalize(wanted)
    if code not in spoken:
        raise DiglotError(
            f"--lang {wanted}: not a podcast language; use one of {', '.join(spoken)} or all"
        )
    return (code,)


def audio_scripts(project: Project, lang: str = "all") -> tuple[EpisodeScript, ...]:
    """The scripts `diglot podcast audio --lang` speaks."""
    wanted = podcast_languages(project.config, lang)
    return tuple(s for s in podcast_scripts(project) if s.lang in wanted)


def podcast_audio(
    project: Project,
    scripts: Sequence[EpisodeScript],
    output: Path | None = None,
    jobs: int = 1,
    progress: Callable[[AudioEpisode], None] | None = None,
) -> tuple[AudioEpisode, ...]:
    """Speak the scripts into MP3 episodes with transcripts in `output/<lang>/` (default:
    podcast/ in the project), with the podcast cover beside them (voice stage)."""
    target = output if output is not None else project.root / "podcast"
    cover.ensure(project.config, target)
    return voice.synthesize(scripts, project.config, target, jobs, progress=progress)


def audio_summary(episodes: Sequence[AudioEpisode]) -> str:
    """'3 episodes: 1 synthesised, 2 from cache, total duration 0:12:34'."""
    cached = sum(1 for e in episodes if e.from_cache)
    total = round(sum(e.duration for e in episodes))
    clock = f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    count = f"{len(episodes)} episode{'s' if len(episodes) != 1 else ''}"
    made = len(episodes) - cached
    return f"{count}: {made} synthesised, {cached} from cache, total duration {clock}"
