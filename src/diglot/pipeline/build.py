"""`diglot build` and the dev server's rebuilds: load -> plan -> podcast (scripts,
voice) -> pages, lists, feeds (write) -> swap, then record the episode numbers."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from diglot import config as config_module
from diglot import cover, garbage, i18n, parallel, tts
from diglot.config import Config
from diglot.errors import relative
from diglot.model import AudioEpisode
from diglot.pipeline.podcast import episode_numbers, record_episode_numbers
from diglot.pipeline.project import Project, load_project
from diglot.reading import Reading
from diglot.stages import audiocache, episodes, podcast, script, site, transcript, voice, write
from diglot.stages.chrome import Site
from diglot.stages.memo import Memo
from diglot.stages.publish import Extra, LiveTree, Staging


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
    gc: bool = False  # then remove the audio cache's entries this build did not publish


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
    started: Reading | None = None,
) -> BuildReport:
    """Load the project and publish its site: plan, speak, render, write, swap; then
    record the numbers of the episodes it published in episodes.lock.

    `extras` are more files to publish; `progress(done, total)` follows the speaking
    of the episodes that are not in the audio cache. A `memo` kept from the last build
    makes only what changed since (the same files); or `started`, the reading of the
    project begun ahead (`reading.ahead`), is finished.
    """
    if memo and started:
        raise ValueError("a build with a memo reads only what changed, not a reading begun ahead")
    with garbage.few_collections():
        return _build(root, options, extras, progress, memo, None, started)


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
    with garbage.few_collections():
        return _build(root, replace(options, jobs=1), extras, None, memo, tree)


def _build(
    root: Path,
    options: BuildOptions,
    extras: Iterable[Extra],
    progress: Callable[[int, int], None] | None,
    memo: Memo | None,
    tree: LiveTree | None,
    reading: Reading | None = None,
) -> BuildReport:
    started = reading.began if reading else time.perf_counter()
    tally = write.Tally({})
    workers = parallel.count(options.jobs)
    project = load_project(root, checks=False, workers=workers, memo=memo, started=reading)
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
    numbers = episode_numbers(project)  # episodes.lock, read once
    numbering = episodes.plan(project.content, project.config, numbers)
    planned = numbering.episodes
    if options.drafts:  # numbered after the published ones, never recorded
        planned = episodes.plan(project.content, config, numbers, drafts=True).episodes
    show, files, notes = _podcast(project, config, plan, options, workers, progress, memo, planned)
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
    record_episode_numbers(project, numbering)
    elapsed = time.perf_counter() - started
    spoken = tuple(e.audio for e in show.audio if e.audio is not None)
    if options.gc:
        notes = (*notes, _prune_audio_cache(project.root, options, spoken))
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
    memo: Memo | None,
    planned: Sequence[episodes.Episode],
) -> tuple[podcast.Podcast, list[Extra], tuple[str, ...]]:
    """The podcast of the build: the `planned` episodes the site publishes, spoken (from
    the audio cache when unchanged; only from the cache without `options.speak`) unless
    audio is off or no speech engine is installed; the files to publish; and notes on
    what is missing."""
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


def _prune_audio_cache(root: Path, options: BuildOptions, published: Sequence[AudioEpisode]) -> str:
    """`--gc`: keep only the cache entries of the audio this build published."""
    if not (options.audio and tts.available()):
        return "--gc left the audio cache as it was: this build published no audio"
    removed, freed = audiocache.AudioCache(root).prune({e.audio_key for e in published})
    if not removed and not freed:
        return "--gc: the audio cache holds nothing unused"
    entries = f"{removed} unused audio cache entr{'ies' if removed != 1 else 'y'}"
    return f"--gc removed {entries} ({freed / 1_000_000:.1f} MB)"


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
