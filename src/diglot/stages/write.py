"""Write stage: every file of the site into the staging folder. Article pages and
listing pages are rendered in worker processes; feeds (the podcast's too), the
sitemap, assets and the podcast's audio and transcripts follow.
What each part wrote is added up for the build's summary.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from diglot import __version__, parallel, urls
from diglot.errors import ContentErrors, Diagnostic
from diglot.stages import articles, assets, feeds, listing, podcastfeed
from diglot.stages.pages import Alternate, Digest, Site
from diglot.stages.pages import render as render_page
from diglot.stages.publish import Extra, Staging

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


def write(
    the_site: Site, staging: Staging, workers: int, extras: Iterable[Extra], tally: Tally
) -> None:
    """Every file of the site into `staging`."""
    config = the_site.config
    digests: dict[tuple[str, str], Digest] = {}
    bodies: dict[str, dict[str, str]] = {e.code: {} for e in the_site.plan.editions}
    sitemap: list[tuple[str, str, tuple[Alternate, ...]]] = []
    problems: list[Diagnostic] = []
    jobs = articles.jobs_for(the_site)
    count = workers if len(jobs) >= SERIAL_BELOW else 1
    with parallel.Workers(count, (the_site, staging)) as pool:
        for results in pool.map(articles.render_chunk, parallel.chunked(jobs, articles.CHUNK)):
            for result in results:
                problems.extend(result.problems)
                digests[(result.edition, result.key)] = result.digest
                if result.feed_html:
                    bodies[result.edition][result.key] = result.feed_html
                tally.add(Written({result.edition: 1}, 1, result.changed))
                sitemap.append((result.path, result.lastmod, result.alternates))
        if problems:
            raise ContentErrors(sorted(set(problems)))
        tally.step("articles")
        tasks = [
            (e.code, part, {k: d for k, d in digests.items() if k[0] == e.code})
            for e in the_site.plan.editions
            for part in listing.PARTS
        ]
        for written in pool.map(_write_listing, [*tasks, ("", "", {})]):
            tally.add(written)
            sitemap.extend(written.sitemap)

    tally.step("lists")
    generator = f"diglot {__version__}"
    files: list[tuple[str, bool]] = []
    for edition in the_site.plan.editions:
        for path, template, feed in feeds.feeds(the_site, edition, bodies[edition.code], generator):
            files.append(
                (path, staging.write(urls.file(path), render_page(config, template, feed)))
            )
    for path, channel in podcastfeed.feeds(the_site, generator):
        files.append(
            (path, staging.write(urls.file(path), render_page(config, "podcast.xml", channel)))
        )
    entries = feeds.sitemap_entries(config, sitemap)
    files.append(
        ("sitemap", staging.write("sitemap.xml", render_page(config, "sitemap.xml", entries)))
    )
    files.append(("robots", staging.write("robots.txt", feeds.robots(config))))
    css = assets.theme_css().encode("utf-8")
    files.append(("syntax", staging.write("assets/syntax.css", css)))
    files += [(path, staging.copy(path, source)) for path, source in assets.files(the_site.plan)]
    files += [(extra.path, staging.publish(extra)) for extra in extras]
    tally.add(Written({}, len(files), sum(changed for _, changed in files)))
    tally.step("feeds, assets")


def _write_listing(
    state: tuple[Site, Staging], task: tuple[str, str, Mapping[tuple[str, str], Digest]]
) -> Written:
    """Write one part of the listing pages of an edition (the site-wide ones for '')."""
    the_site, staging = state
    code, part, digests = task
    if code:
        edition = the_site.plan.edition(code)
        pages_ = listing.edition_pages(the_site, edition, digests, part)
    else:
        pages_ = listing.site_pages(the_site)
    count, files, changed = 0, 0, 0
    sitemap = []
    for page in pages_:
        data = render_page(the_site.config, page.template, page.context)
        changed += staging.write(urls.file(page.path), data)
        files += 1
        count += bool(page.edition)
        if page.indexed:
            sitemap.append((page.path, "", page.context.chrome.alternates))
    return Written({code: count} if code else {}, files, changed, tuple(sitemap))
