"""Article pages: render every article of every edition and write its page.

Run in worker processes, each task writes its pages straight into the staging folder
and sends back only what lists and feeds need (summary, reading time, the body of the
newest posts for the feeds), so memory stays flat however large the site is.
With a memo (the dev server), a page made from the same inputs as in the last build
is kept as it is, and only articles that changed are rendered again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from diglot import urls
from diglot.errors import Diagnostic, SourceError
from diglot.stages.memo import Pass, Rendering
from diglot.stages.pages import Alternate, Digest, Site, article_inputs, article_page
from diglot.stages.pages import render as render_page
from diglot.stages.publish import Sink

CHUNK = 50  # articles per task: large enough to hide the cost of a round trip


@dataclass(frozen=True)
class Job:
    edition: str
    index: int  # into the edition's entries
    feed: bool  # the body is wanted for the feeds


@dataclass(frozen=True)
class Result:
    edition: str
    key: str
    path: str  # site path of the page
    lastmod: str  # 'YYYY-MM-DD' for the sitemap, '' when undated
    digest: Digest
    feed_html: str  # '' unless the job asked for it
    changed: bool
    problems: tuple[Diagnostic, ...]
    alternates: tuple[Alternate, ...] = ()  # as in the page's head, for the sitemap
    rendering: Rendering | None = None  # a body rendered afresh, for the memo


def jobs_for(site: Site) -> list[Job]:
    """One job per article page, with the newest posts of each edition marked for feeds."""
    jobs = []
    for edition in site.plan.editions:
        for index in range(len(edition.entries)):
            in_feed = index < min(len(edition.posts), site.config.feed_items)
            jobs.append(Job(edition.code, index, in_feed))
    return jobs


def reuse(site: Site, staging: Sink, run: Pass, job: Job) -> Result | None:
    """The result of the page of `job` kept as the last build made it, when it would
    be made from the same inputs and body (None: render it)."""
    if not run.keep:
        return None
    edition = site.plan.edition(job.edition)
    entry = edition.entries[job.index]
    rendered = run.memo.remembered(entry, site.plan.targets, job.edition, site.config.unsafe_html)
    if rendered is None:
        return None
    old: Result | None = run.article(
        entry.path, rendered, lambda: article_inputs(site, edition, job.index)
    )
    if old is None:
        return None
    staging.keep(urls.file(entry.path))
    return replace(old, feed_html=rendered.html) if job.feed else old


def made(site: Site, run: Pass, job: Job, result: Result) -> None:
    """Tell the memo what the page of `job` was made from."""
    if not run.keep or result.problems:
        return
    entry = site.plan.edition(job.edition).entries[job.index]
    if result.rendering is not None:
        run.memo.remember(job.edition, result.rendering)
        rendered = result.rendering.rendered
    else:
        found = run.memo.remembered(entry, site.plan.targets, job.edition, site.config.unsafe_html)
        assert found is not None, "a worker used a rendering the memo does not have"
        rendered = found
    inputs = article_inputs(site, site.plan.edition(job.edition), job.index)
    kept = replace(result, feed_html="", changed=False, rendering=None)
    run.article_made(entry.path, inputs, rendered, kept)


def render_chunk(state: tuple[Site, Sink, Pass], jobs: Sequence[Job]) -> list[Result]:
    """Render and write the pages of `jobs` (a task for `parallel.Workers`)."""
    site, staging, run = state
    return [_render_one(site, staging, run, job) for job in jobs]


def _render_one(site: Site, staging: Sink, run: Pass, job: Job) -> Result:
    config = site.config
    edition = site.plan.edition(job.edition)
    entry = edition.entries[job.index]
    rendered, rendering = run.memo.render(entry, site.plan.targets, job.edition, config.unsafe_html)
    digest = Digest(rendered.summary, rendered.minutes)
    changed = False
    problems = rendered.diagnostics
    alternates: tuple[Alternate, ...] = ()
    if not problems:
        try:
            page = article_page(site, edition, job.index, rendered)
            changed = staging.write(
                urls.file(entry.path), render_page(config, "article.html", page)
            )
            alternates = page.chrome.alternates
        except SourceError as exc:  # a template error: report it like a content error
            problems = (exc.diagnostic,)
    feed_html = rendered.html if job.feed else ""
    touched = entry.article.lastmod or entry.article.date
    lastmod = touched.date().isoformat() if touched else ""
    return Result(
        job.edition,
        entry.key,
        entry.path,
        lastmod,
        digest,
        feed_html,
        changed,
        problems,
        alternates,
        rendering,
    )
