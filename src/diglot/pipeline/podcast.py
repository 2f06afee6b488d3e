"""The podcast commands: episode numbers (episodes.lock) -> scripts -> export, and
the scripts spoken into episodes (`diglot podcast export`, `diglot podcast audio`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diglot import cover, languages
from diglot.config import Config
from diglot.errors import DiglotError, relative
from diglot.model import AudioEpisode, EpisodeScript
from diglot.pipeline.project import Project
from diglot.stages import episodes, export, script, voice


def episode_numbers(project: Project) -> dict[str, int]:
    """The numbers recorded in the project's episodes.lock ({} when there is none)."""
    path = project.root / episodes.LOCK_FILE
    if not path.is_file():
        return {}
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DiglotError(f"cannot read {episodes.LOCK_FILE}: {exc}") from None
    return episodes.parse_lock(source)


def podcast_scripts(project: Project, drafts: bool = False) -> tuple[EpisodeScript, ...]:
    """Every episode script of the project, numbered from episodes.lock and site.toml,
    ordered by number then language; writes nothing. The voice and feed stages start here."""
    return script.scripts(project.content, project.config, episode_numbers(project), drafts)


def record_episode_numbers(project: Project, plan: episodes.Plan | None = None) -> bool:
    """Write the numbers of every published episode to episodes.lock; True if it changed.
    Commands that publish episodes (`podcast export`, `build`) call this; `check` never.
    `plan` is the episodes planned from the lock as it is (without drafts), if known."""
    plan = plan or episodes.plan(project.content, project.config, episode_numbers(project))
    path = project.root / episodes.LOCK_FILE
    new = episodes.format_lock(plan.lock)
    if path.is_file() and path.read_text(encoding="utf-8") == new:
        return False
    if not plan.lock and not path.is_file():
        return False
    try:
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        raise DiglotError(f"cannot write {episodes.LOCK_FILE}: {exc.strerror or exc}") from None
    return True


@dataclass(frozen=True)
class PodcastExport:
    """What `diglot podcast export` did."""

    output: str  # as shown to the user
    scripts: tuple[EpisodeScript, ...]
    written: export.Written
    lock_changed: bool

    def summary(self) -> str:
        per_lang = Counter(s.lang for s in self.scripts)
        langs = ", ".join(f"{lang}: {n}" for lang, n in per_lang.items())
        count = len(self.scripts)
        text = f"{count} script{'s' if count != 1 else ''}" + (f" ({langs})" if langs else "")
        w = self.written
        text += (
            f" in {self.output}: {w.written} written, {w.unchanged} unchanged, {w.removed} removed"
        )
        if self.lock_changed:
            text += f"; {episodes.LOCK_FILE} updated"
        return text


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


def export_podcast(
    project: Project,
    lang: str = "all",
    fmt: str = "txt",
    output: Path | None = None,
    drafts: bool = False,
) -> PodcastExport:
    """Write the scripts of every episode to `output` (default: podcast/ in the project)
    as `<lang>/<key>.<fmt>` with an episodes.json, and record new episode numbers."""
    if fmt not in export.FORMATS:
        raise DiglotError(f"--format {fmt}: use one of {', '.join(export.FORMATS)}")
    wanted = podcast_languages(project.config, lang)
    scripts = tuple(s for s in podcast_scripts(project, drafts) if s.lang in wanted)
    files = export.render(scripts, fmt, project.config)
    target = output if output is not None else project.root / "podcast"
    written = export.write(target, files)
    lock_changed = record_episode_numbers(project)
    shown = relative(target, project.root) if output is None else str(output)
    return PodcastExport(shown.rstrip("/") + "/", scripts, written, lock_changed)


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
