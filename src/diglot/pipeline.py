"""The build as a short, ordered list of stages; `check` is the same pipeline, writing nothing.

scan -> config -> load -> pair -> validate, then (per command) render/script/voice/publish.
The podcast: episodes (numbers from episodes.lock) -> script -> export.
`build`: load -> pair -> site plan -> podcast (scripts, voice from the audio cache)
-> article pages (render, in workers) -> listing and episode pages -> feeds, podcast
feeds and sitemap -> assets, audio and transcripts -> swap the staged site in -> record
the episode numbers it published.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from diglot import config as config_module
from diglot import cover, i18n, languages, parallel, tts
from diglot.config import Config
from diglot.errors import ContentErrors, Diagnostic, DiglotError, relative
from diglot.model import AudioEpisode, Content, EpisodeScript
from diglot.stages import (
    episodes,
    export,
    lint,
    load,
    pair,
    podcast,
    scan,
    script,
    site,
    transcript,
    validate,
    voice,
    write,
)
from diglot.stages.memo import Memo
from diglot.stages.pages import Site
from diglot.stages.publish import Extra, LiveTree, Staging

SERIAL_BELOW = 200  # files; fewer are read in one process
LOAD_CHUNK = 100  # files per loading task


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


def inspect(root: Path, checks: bool = True, workers: int = 1, memo: Memo | None = None) -> Project:
    """Load, pair and validate everything, collecting problems instead of raising
    (a broken site.toml still raises ConfigError: nothing can be read without it).
    Without `checks` the validations (all warnings) are skipped: `build` needs only
    the errors, and the heading check parses every article a second time. With a
    `memo` of the last load, only files that changed are read again."""
    root = root.resolve()
    found = memo.reader.scan(root) if memo else scan.scan_content(root)
    config = config_module.load(root, found.languages)
    if memo:
        loaded = memo.reader.read(
            found, config, lambda files: _read(scan.Scan(files, found.languages), config, workers)
        )
    else:
        loaded = _read(found, config, workers)
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


def _read(found: scan.Scan, config: Config, workers: int) -> load.Loaded:
    """Read every file, in `workers` processes when there are many."""
    if workers <= 1 or len(found.files) < SERIAL_BELOW:
        return load.read(found, config)
    parts: list[load.Loaded] = []
    with parallel.Workers(workers, config) as pool:
        chunks = parallel.chunked(found.files, LOAD_CHUNK)
        parts.extend(pool.map(_read_chunk, chunks))
    return load.Loaded(
        tuple(a for part in parts for a in part.articles),
        tuple(s for part in parts for s in part.scripts),
        tuple(s for part in parts for s in part.sections),
        tuple(d for part in parts for d in part.diagnostics),
    )


def _read_chunk(config: Config, files: Sequence[scan.SourceFile]) -> load.Loaded:
    return load.read(scan.Scan(tuple(files), frozenset()), config)


def load_project(
    root: Path,
    strict: bool = False,
    checks: bool = True,
    workers: int = 1,
    memo: Memo | None = None,
) -> Project:
    """The project, or ContentErrors listing every error (and warnings when strict)."""
    project = inspect(root, checks, workers, memo)
    failing = project.diagnostics if strict else project.errors
    if failing:
        raise ContentErrors(d.as_error() for d in failing)
    return project


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


def record_episode_numbers(project: Project) -> bool:
    """Write the numbers of every published episode to episodes.lock; True if it changed.
    Commands that publish episodes (`podcast export`, `build`) call this; `check` never."""
    plan = episodes.plan(project.content, project.config, episode_numbers(project))
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


@dataclass(frozen=True)
class BuildOptions:
    """What `diglot build` was asked for."""

    output: Path | None = None  # default: <project>/site
    drafts: bool = False
    future: bool = False
    jobs: int = 0  # processes that render, the calling one included; 0 = one per core
    base_url: str = ""  # overrides site.toml's
    now: datetime | None = None  # what counts as the future; default: the clock
    audio: bool = True  # publish the podcast's audio, when a speech engine is installed
    speak: bool = True  # speak episodes the audio cache lacks; False publishes only the cached


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: Mapping[str, int]  # edition code -> HTML pages
    files: int  # every file of the site
    changed: int  # files whose bytes differ from the previous build
    seconds: float
    steps: tuple[tuple[str, float], ...] = ()  # (stage, seconds), in order
    episodes: tuple[AudioEpisode, ...] = ()  # the podcast's episodes with audio
    notes: tuple[str, ...] = ()  # what the user should know: 'no speech engine; install ...'

    def summary(self, root: Path) -> str:
        per_language = ", ".join(f"{code} {n} pages" for code, n in self.pages.items())
        steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in self.steps)
        podcast = ""
        if self.episodes:
            cached = sum(1 for e in self.episodes if e.from_cache)
            count = f"{len(self.episodes)} episode{'s' if len(self.episodes) != 1 else ''}"
            podcast = f"; {count}: {len(self.episodes) - cached} synthesised, {cached} from cache"
        return (
            f"built {relative(self.output, root)}/ in {self.seconds:.2f} s: {per_language}; "
            f"{self.files} files, {self.changed} changed{podcast}"
            + (f" ({steps})" if steps else "")
        )


def build(
    root: Path,
    options: BuildOptions = BuildOptions(),
    extras: Iterable[Extra] = (),
    progress: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
) -> BuildReport:
    """Load the project and publish its site: plan, speak, render, write, swap; then
    record the numbers of the episodes it published in episodes.lock.

    `extras` are more files to publish; `progress(done, total)` follows the speaking
    of the episodes that are not in the audio cache. A `memo` kept from the last build
    makes only what changed since (the same files).
    """
    with _few_collections():
        return _build(root, options, extras, progress, memo, None)


def rebuild(
    root: Path,
    options: BuildOptions,
    tree: LiveTree,
    memo: Memo,
    extras: Iterable[Extra] = (),
) -> BuildReport:
    """Bring `tree`, a site built with `memo` and being served, up to date in place:
    only what changed since the last build is read, rendered and written, in this
    process. A failed rebuild leaves the tree and the memo as they were."""
    with _few_collections():
        return _build(root, replace(options, jobs=1), extras, None, memo, tree)


def _build(
    root: Path,
    options: BuildOptions,
    extras: Iterable[Extra],
    progress: Callable[[int, int], None] | None,
    memo: Memo | None,
    tree: LiveTree | None,
) -> BuildReport:
    started = time.perf_counter()
    tally = write.Tally({})
    workers = options.jobs or parallel.default_count()
    project = load_project(root, checks=False, workers=workers, memo=memo)
    tally.step("load")
    config = project.config
    if options.base_url:
        config = config_module.with_base_url(config, options.base_url)
    now = options.now or datetime.now(UTC)
    entries = memo.entries(config) if memo else None
    plan = site.plan(
        project.content, config, site.Options(now, options.drafts, options.future), entries
    )
    tally.step("plan")
    show, files, notes = _podcast(project, config, plan, options, workers, progress, memo)
    tally.step("voice")
    the_site = Site(plan, i18n.strings(config, "site"), show)
    tally.pages = {e.code: 0 for e in plan.editions}
    gc.freeze()  # what is loaded lives to the end: never scan it again, nor copy it in workers
    staging = tree or Staging.open(options.output or project.root / "site")
    try:
        write.write(the_site, staging, workers, [*extras, *files], tally, memo)
        staging.commit()
        tally.step("swap")
    except BaseException:
        staging.abort()
        raise
    record_episode_numbers(project)
    elapsed = time.perf_counter() - started
    spoken = tuple(e.audio for e in show.audio if e.audio is not None)
    return BuildReport(
        staging.target,
        tally.pages,
        tally.files,
        tally.changed,
        elapsed,
        tuple(tally.steps),
        spoken,
        notes,
    )


def _podcast(
    project: Project,
    config: Config,
    plan: site.Plan,
    options: BuildOptions,
    workers: int,
    progress: Callable[[int, int], None] | None,
    memo: Memo | None = None,
) -> tuple[podcast.Podcast, list[Extra], tuple[str, ...]]:
    """The podcast of the build: the published episodes, spoken (from the audio cache
    when unchanged; only from the cache without `options.speak`) unless audio is off
    or no speech engine is installed; the files to publish; and notes on what is
    missing."""
    numbers = episode_numbers(project)
    planned = episodes.plan(project.content, config, numbers, options.drafts).episodes
    wanted = podcast.published(plan, planned)
    speaking = bool(wanted) and options.audio and tts.available()
    notes: tuple[str, ...] = ()
    if wanted and options.audio and not speaking:
        notes = (f"no speech engine: the site was built without audio; {tts.INSTALL_HINT}",)
    if not speaking:  # without audio only the pages of their own show episodes: scripts
        wanted = [e for e in wanted if podcast.own_page(plan, e)]
    scripts = script.write(config, wanted, workers, memo.scripts(config) if memo else None)
    spoken: tuple[AudioEpisode, ...] = ()
    cover_file: Path | None = None
    if speaking:
        cover_file = cover.for_site(config)
        counter = _Progress(progress)
        spoken = voice.speak(
            scripts,
            config,
            workers,
            progress=counter.done,
            starting=counter.start,
            cached_only=not options.speak,
        )
        if len(spoken) < len(scripts):
            unspoken = len(scripts) - len(spoken)
            notes = (
                f"{unspoken} episode{'s' if unspoken != 1 else ''} not spoken yet, published "
                "without audio; 'diglot build' speaks them",
            )
    show = podcast.assemble(
        plan,
        scripts,
        spoken,
        i18n.strings(config, "episode"),
        transcript.chapter_strings(config),
        cover_file.suffix.lower() if cover_file else ".png",
    )
    return show, list(podcast.files(show, config, cover_file)), notes


class _Progress:
    """Counts the episodes spoken (not those from the cache) for `progress(done, total)`."""

    def __init__(self, report: Callable[[int, int], None] | None) -> None:
        self.report = report
        self.total = 0
        self.spoken = 0

    def start(self, total: int) -> None:
        self.total = total
        if self.report:
            self.report(0, total)

    def done(self, episode: AudioEpisode) -> None:
        if not episode.from_cache:
            self.spoken += 1
            if self.report:
                self.report(self.spoken, self.total)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """A build makes millions of short-lived objects and few cycles: collect garbage
    less often (workers inherit this), and forget what was frozen when done."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
