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
from diglot.stages.chrome import Alternate, Site
from diglot.stages.memo import PageMade, Pass, Rendering
from diglot.stages.pages import Digest, article_inputs, article_page, list_item
from diglot.stages.pages import render as render_page
from diglot.stages.publish import Sink
from diglot.stages.site import Edition, Entry

CHUNK = 50  # articles per task: large enough to hide the cost of a round trip
SMALLEST_CHUNK = 5  # toward the end, when tasks shrink so that processes finish together


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
    """One job per article page, with the newest posts of each edition marked for feeds;
    the translations of an article come one after another, so that one process renders
    them all and highlights their shared code blocks once."""
    jobs = []
    for order, edition in enumerate(site.plan.editions):
        for index, entry in enumerate(edition.entries):
            in_feed = index < min(len(edition.posts), site.config.feed_items)
            jobs.append((entry.key, order, Job(edition.code, index, in_feed)))
    return [job for _key, _order, job in sorted(jobs, key=lambda row: row[:2])]


def reuse(
    site: Site, staging: Sink, run: Pass, jobs: Sequence[Job]
) -> tuple[list[Result], list[Job]]:
    """Split `jobs` into the results of the pages kept as the last build made them
    (from the same inputs and body) and the jobs whose pages are to be made."""
    if not run.keep:
        return [], list(jobs)
    plan, before = site.plan, run.before.plan
    # When every link target and translation is as it was, a page whose entry and
    # neighbours are the very objects of the last plan has the same inputs and body:
    # no need to look at them one by one.
    calm: dict[str, Edition] = {}
    if before is not None and before.families == plan.families and before.targets == plan.targets:
        olds = {e.code: e for e in before.editions}
        for edition in plan.editions:
            old = olds.get(edition.code)
            if old and len(old.posts) == len(edition.posts) and _menu(old) == _menu(edition):
                calm[edition.code] = old
    editions = {e.code: e for e in plan.editions}
    kept, todo = [], []
    for job in jobs:
        edition = editions[job.edition]
        entry = edition.entries[job.index]
        old = calm.get(job.edition)
        if old is not None and _same_around(old.entries, edition.entries, job.index, old.posts):
            page = run.article_kept(entry.path)
        else:
            page = _same_inputs(site, run, edition, job.index)
        if page is None:
            todo.append(job)
            continue
        staging.keep(urls.file(entry.path))
        kept.append(replace(page.result, feed_html=page.rendered.html) if job.feed else page.result)
    return kept, todo


def _menu(edition: Edition) -> tuple[tuple[str, str], ...]:
    return tuple((e.title, e.path) for e in edition.pages)


def _same_around(
    old: Sequence[Entry], new: Sequence[Entry], index: int, posts: Sequence[Entry]
) -> bool:
    """Whether the entry at `index` and its neighbours (posts only) are the old ones."""
    if index >= len(old) or old[index] is not new[index]:
        return False
    if index >= len(posts):
        return True
    return all(old[i] is new[i] for i in (index - 1, index + 1) if 0 <= i < len(posts))


def _same_inputs(site: Site, run: Pass, edition: Edition, index: int) -> PageMade | None:
    entry = edition.entries[index]
    rendered = run.memo.remembered(entry, site.plan.targets, edition.code, site.config.unsafe_html)
    if rendered is None:
        return None
    return run.article(entry.path, rendered, lambda: article_inputs(site, edition, index))


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
            if job.index < len(edition.posts):  # on the lists
                listed = list_item(site, entry, rendered.summary, rendered.minutes)
                digest = replace(digest, item=listed)
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
