"""Write stage: every file of the site into the staging folder. Article pages and
listing pages are rendered in worker processes; feeds (the podcast's too), the
sitemap, assets and the podcast's audio and transcripts follow. What each part wrote
is added up for the build's summary. With the memo of the last build (the dev server),
a file made from the same inputs is kept instead of made.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from diglot import __version__, parallel, urls
from diglot.errors import ContentErrors, Diagnostic
from diglot.stages import articles, assets, feeds, listing, podcastfeed
from diglot.stages import memo as memo_module
from diglot.stages.chrome import Alternate, Site
from diglot.stages.memo import Memo, Pass
from diglot.stages.pages import Digest
from diglot.stages.pages import render as render_page
from diglot.stages.publish import Extra, Sink

SERIAL_BELOW = 200  # articles; a smaller site is rendered in one process


@dataclass
class Tally:
    """What the writing stages report back, added up, and how long each took."""

    pages: dict[str, int]
    files: int = 0
    changed: int = 0
    steps: list[tuple[str, float]] = field(default_factory=list)
    _clock: float = field(default_factory=time.perf_counter)

    def step(self, name: str) -> None:
        """Mark the end of stage `name`."""
        now = time.perf_counter()
        self.steps.append((name, now - self._clock))
        self._clock = now

    def add(self, written: Written) -> None:
        for code, n in written.pages.items():
            self.pages[code] = self.pages.get(code, 0) + n
        self.files += written.files
        self.changed += written.changed


@dataclass(frozen=True)
class Written:
    pages: Mapping[str, int]  # HTML pages per edition
    files: int
    changed: int
    sitemap: tuple[tuple[str, str, tuple[Alternate, ...]], ...] = ()  # path, lastmod, alternates
    made: tuple[tuple[str, object, bool], ...] = ()  # file, context, rendered: for the memo


@dataclass
class _Gathered:
    """What the article pages tell the lists, the feeds and the sitemap."""

    digests: dict[tuple[str, str], Digest] = field(default_factory=dict)
    bodies: dict[str, dict[str, str]] = field(default_factory=dict)  # edition -> key -> html
    sitemap: list[tuple[str, str, tuple[Alternate, ...]]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    def add(self, result: articles.Result, tally: Tally) -> None:
        self.problems.extend(result.problems)
        self.digests[(result.edition, result.key)] = result.digest
        if result.feed_html:
            self.bodies.setdefault(result.edition, {})[result.key] = result.feed_html
        tally.pages[result.edition] = tally.pages.get(result.edition, 0) + 1
        tally.files += 1
        tally.changed += result.changed
        self.sitemap.append((result.path, result.lastmod, result.alternates))


def write(
    the_site: Site,
    staging: Sink,
    workers: int,
    extras: Iterable[Extra],
    tally: Tally,
    memo: Memo | None = None,
) -> None:
    """Every file of the site into `staging`; with a `memo` of the last build, only
    the files whose inputs changed are made again (the others are kept)."""
    memo = memo or Memo(keep=False)
    run = memo.start(frame(the_site), the_site.plan) if memo.keep else memo.start(())
    gathered = _Gathered()
    kept, jobs = articles.reuse(the_site, staging, run, articles.jobs_for(the_site))
    for result in kept:
        gathered.add(result, tally)
    count = workers if len(jobs) >= SERIAL_BELOW else 1
    with parallel.Workers(count, (the_site, staging, run)) as pool:
        chunks = parallel.guided(jobs, count, articles.CHUNK, articles.SMALLEST_CHUNK)
        for chunk, results in zip(chunks, pool.map(articles.render_chunk, chunks), strict=True):
            for job, result in zip(chunk, results, strict=True):
                articles.made(the_site, run, job, result)
                gathered.add(result, tally)
    if gathered.problems:
        raise ContentErrors(sorted(set(gathered.problems)))
    tally.step("articles")
    # workers forked now see every article's digest, instead of being sent them per task
    state: _ListingState = (the_site, staging, run, gathered.digests)
    with parallel.Workers(count, state) as pool:
        _listing_pages(the_site, staging, run, pool, gathered, tally)
    tally.step("lists")
    _feeds_and_files(the_site, staging, run, extras, gathered, tally)
    memo.finish(run)
    tally.step("feeds, assets")


_ListingState = tuple[Site, Sink, Pass, Mapping[tuple[str, str], Digest]]


def _listing_pages(
    the_site: Site,
    staging: Sink,
    run: Pass,
    pool: parallel.Workers[_ListingState],
    gathered: _Gathered,
    tally: Tally,
) -> None:
    """The homes, tag pages and archives of each edition (kept whole when what they
    show did not change), and the site-wide pages."""
    tasks = []
    inputs: dict[str, object] = {}
    for edition in the_site.plan.editions:
        if run.keep:
            own = {k: d for k, d in gathered.digests.items() if k[0] == edition.code}
            inputs[edition.code] = listing.inputs(the_site, edition, own)
        else:
            inputs[edition.code] = None
        kept = run.listing(edition.code, inputs[edition.code])
        if kept is None:
            tasks += [(edition.code, part) for part in listing.PARTS]
            continue
        for written in kept:
            for path, _context, _rendered in written.made:
                staging.keep(path)
            tally.add(replace(written, changed=0))
            gathered.sitemap.extend(written.sitemap)
    tasks.append(("", ("", 0)))  # the site-wide pages
    made: dict[str, list[Written]] = {}
    for task, written in zip(tasks, pool.map(_write_listing, tasks), strict=True):
        tally.add(written)
        gathered.sitemap.extend(written.sitemap)
        for path, context, rendered in written.made:
            run.made_from(path, context, rendered)
        made.setdefault(task[0], []).append(written)
    for code, parts in made.items():
        if code:
            run.listing_made(code, inputs[code], parts)


def _feeds_and_files(
    the_site: Site,
    staging: Sink,
    run: Pass,
    extras: Iterable[Extra],
    gathered: _Gathered,
    tally: Tally,
) -> None:
    """Feeds, the sitemap, robots.txt, the theme, bundle files, static/ and extras."""
    config = the_site.config
    generator = f"diglot {__version__}"
    files: list[tuple[str, bool]] = []

    def put(path: str, context: object, make: Callable[[], bytes]) -> None:
        same = run.same(path, context)
        if same:
            staging.keep(path)
        files.append((path, not same and staging.write(path, make())))
        run.made_from(path, context, not same)

    for edition in the_site.plan.editions:
        bodies = gathered.bodies.get(edition.code, {})
        for path, template, feed in feeds.feeds(the_site, edition, bodies, generator):
            put(urls.file(path), feed, functools.partial(render_page, config, template, feed))
    for path, channel in podcastfeed.feeds(the_site, generator):
        put(
            urls.file(path), channel, functools.partial(render_page, config, "podcast.xml", channel)
        )
    rows = tuple(sorted(gathered.sitemap, key=lambda row: row[0]))  # all the sitemap shows
    entries = functools.partial(feeds.sitemap_entries, config, rows)
    put("sitemap.xml", rows, lambda: render_page(config, "sitemap.xml", entries()))
    files.append(("robots", staging.write("robots.txt", feeds.robots(config))))
    css = assets.theme_css().encode("utf-8")
    files.append(("syntax", staging.write("assets/syntax.css", css)))
    files += [(path, staging.copy(path, source)) for path, source in assets.files(the_site.plan)]
    files += [(extra.path, staging.publish(extra)) for extra in extras]
    tally.add(Written({}, len(files), sum(changed for _, changed in files)))


def frame(the_site: Site) -> tuple[object, ...]:
    """What every page is made with besides its own inputs: when it changes (a template,
    site.toml, an interface string), a rebuild makes every page again."""
    return (
        the_site.config,
        the_site.strings,
        the_site.podcast.feeds,  # every page's header links its language's podcast feed
        the_site.podcast.cover,
        the_site.podcast.strings,
        memo_module.template_stamps(the_site.config.root),
    )


def _write_listing(
    state: _ListingState,
    task: tuple[str, tuple[str, int]],
) -> Written:
    """Write one part of the listing pages of an edition (the site-wide ones for '');
    a page made from the same context as in the last build is kept as it is."""
    the_site, staging, run, digests = state
    code, part = task
    if code:
        edition = the_site.plan.edition(code)
        pages_ = listing.edition_pages(the_site, edition, digests, part)
    else:
        pages_ = listing.site_pages(the_site)
    count, files, changed = 0, 0, 0
    sitemap = []
    made = []
    for page in pages_:
        path = urls.file(page.path)
        same = run.same(path, page.context)
        if same:
            staging.keep(path)
        else:
            data = render_page(the_site.config, page.template, page.context)
            changed += staging.write(path, data)
        if run.keep:
            made.append((path, page.context, not same))
        files += 1
        count += bool(page.edition)
        if page.indexed:
            sitemap.append((page.path, "", page.context.chrome.alternates))
    return Written({code: count} if code else {}, files, changed, tuple(sitemap), tuple(made))
