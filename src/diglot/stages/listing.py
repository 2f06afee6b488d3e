"""Listing pages: each edition's home, section, tag and archive pages and 404 page (and
its episode pages, from `episodepages`), plus the site-wide language chooser at `/`,
the root 404 and redirects for `aliases`.

Every page is yielded as (site path, template, context), one at a time, so that the
writer can stream them to disk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from diglot import urls
from diglot.stages import episodepages, pages
from diglot.stages.chrome import Chrome, Site, chrome
from diglot.stages.pages import Digest, Link, MessagePage, Term, TermsPage
from diglot.stages.site import Edition


@dataclass(frozen=True)
class Page:
    path: str  # site path: '/en/tags/kaizen/'
    template: str
    context: Any
    edition: str = ""  # '' for the site-wide pages
    indexed: bool = True  # listed in the sitemap


@dataclass(frozen=True)
class Choice:
    """One edition on the language chooser, described in its own language."""

    prompt: str  # 'Choose a language' in that language
    title: str
    label: str
    tag: str
    href: str


@dataclass(frozen=True)
class RootPage:
    chrome: Chrome
    choices: tuple[Choice, ...]
    redirects: Markup  # JSON: BCP 47 tag -> home href, for the chooser's script


TAG_SHARDS = 4  # tasks sharing an edition's tag pages, most of its listing pages
# An edition's listing pages in parts of a similar size, to share the work between
# processes evenly: (kind, shard), the largest first.
PARTS = (("lists", 0), *(("tags", n) for n in range(TAG_SHARDS)), ("episodes", 0))
UNLISTED = ("404.html", episodepages.TRANSCRIPT_TEMPLATE)  # pages left out of the sitemap


def edition_pages(
    site: Site,
    edition: Edition,
    digests: Mapping[tuple[str, str], Digest],
    part: tuple[str, int],
) -> Iterator[Page]:
    """One part of the listing pages of an edition (one of PARTS); `digests` are those
    of its articles."""
    kind, shard = part
    if kind == "episodes":
        made = episodepages.pages_of(site, edition)
    elif kind == "tags":
        made = _tag_pages(site, edition, digests, shard)
    else:
        made = _edition_pages(site, edition, digests)
    for path, template, context in made:
        yield Page(path, template, context, edition.code, template not in UNLISTED)


def inputs(
    site: Site, edition: Edition, digests: Mapping[tuple[str, str], Digest]
) -> tuple[object, ...]:
    """Everything the listing pages of `edition` read besides what all pages share
    (config, strings, templates): equal inputs make equal pages. Keep in step with the
    pages above (a dev server's rebuild skips them when their inputs did not change)."""
    posts = tuple(
        (
            e.path,
            e.title,
            e.iso_date,
            e.date_text,
            e.tags,
            e.article.section,
            digests[(e.edition, e.key)],
        )
        for e in edition.posts
    )
    families = site.plan.tag_families
    tags = tuple(
        (t.name, t.canonical, t.path, tuple(e.path for e in t.posts), families[t.canonical])
        for t in edition.tags
    )
    years = tuple((year, tuple(e.path for e in entries)) for year, entries in edition.years.items())
    others = tuple(
        (other.code, tuple(sorted({e.article.section for e in other.posts})), tuple(other.years))
        for other in site.plan.editions
    )
    menu = tuple((e.title, e.path) for e in edition.pages)
    episodes = site.podcast.of(edition.code)  # the episode pages and transcripts
    return posts, tags, years, tuple(edition.sections.items()), others, menu, episodes


def site_pages(site: Site) -> Iterator[Page]:
    """The pages of no edition: the chooser at `/`, the root 404, alias redirects."""
    for path, target in _aliases(site):
        yield Page(path, "alias.html", target, indexed=False)
    yield Page("/", "root.html", _root(site), indexed=False)
    not_found = _not_found(site, site.plan.editions[0], "/404.html")
    yield Page("/404.html", "404.html", not_found, indexed=False)


def _everywhere(site: Site, path_of: object) -> dict[str, str]:
    """The same page in every edition: {code: path_of(code)}."""
    return {e.code: path_of(site.config, e.code) for e in site.plan.editions}  # type: ignore[operator]


def _edition_pages(
    site: Site, edition: Edition, digests: Mapping[tuple[str, str], Digest]
) -> Iterator[tuple[str, str, object]]:
    config, code = site.config, edition.code
    t = site.strings[code]
    home = urls.home(config, code)
    invite = pages.podcast_invite(site, edition)
    for path, page in pages.paginated(
        site,
        edition,
        home,
        edition.lang.title,
        edition.lang.description,
        edition.posts,
        digests,
        _everywhere(site, urls.home),
    ):
        yield path, "list.html", replace(page, podcast=invite) if path == home else page

    for name in config.sections:
        posts = tuple(e for e in edition.posts if e.article.section == name)
        if not posts:
            continue
        info = edition.sections.get(name)
        versions = {
            other.code: urls.section(config, other.code, name)
            for other in site.plan.editions
            if any(e.article.section == name for e in other.posts)
        }
        for path, page in pages.paginated(
            site,
            edition,
            urls.section(config, code, name),
            info.title if info and info.title else t["menu_home"],
            info.description if info else "",
            posts,
            digests,
            versions,
        ):
            yield path, "list.html", page

    archive = urls.archive(config, code)
    yield (
        archive,
        "terms.html",
        TermsPage(
            chrome(site, edition, t["archive_heading"], archive, _everywhere(site, urls.archive)),
            t["archive_heading"],
            tuple(
                Term(
                    str(year),
                    urls.href(config, urls.archive(config, code, year)),
                    pages.count_posts(t, len(posts)),
                )
                for year, posts in edition.years.items()
            ),
        ),
    )
    for year, posts in edition.years.items():
        path = urls.archive(config, code, year)
        versions = {
            other.code: urls.archive(config, other.code, year)
            for other in site.plan.editions
            if year in other.years
        }
        heading = pages.say(t, "year_heading", year=year)
        yield (
            path,
            "list.html",
            pages.ListPage(
                chrome(site, edition, heading, path, versions),
                heading,
                "",
                tuple(pages.list_items(posts, digests)),
                None,
            ),
        )
    not_found = urls.not_found(config, code)
    yield not_found, "404.html", _not_found(site, edition, not_found)


def _tag_pages(
    site: Site, edition: Edition, digests: Mapping[tuple[str, str], Digest], shard: int
) -> Iterator[tuple[str, str, object]]:
    """The pages of every TAG_SHARDS-th tag from `shard`, and the index of tags in shard 0."""
    config, code = site.config, edition.code
    t = site.strings[code]
    tags_index = urls.tags_index(config, code)
    if shard == 0:
        yield (
            tags_index,
            "terms.html",
            TermsPage(
                chrome(
                    site, edition, t["tags_heading"], tags_index, _everywhere(site, urls.tags_index)
                ),
                t["tags_heading"],
                tuple(
                    Term(
                        tag.name, urls.href(config, tag.path), pages.count_posts(t, len(tag.posts))
                    )
                    for tag in edition.tags
                ),
            ),
        )
    # the tags dealt out from the most used down, so that the shards list alike
    dealt = sorted(edition.tags, key=lambda tag: (-len(tag.posts), tag.path))
    for tag in dealt[shard::TAG_SHARDS]:
        heading = pages.say(t, "tag_heading", tag=tag.name)
        for path, page in pages.paginated(
            site,
            edition,
            tag.path,
            heading,
            "",
            tag.posts,
            digests,
            site.plan.tag_families[tag.canonical],
        ):
            yield path, "list.html", page


def _not_found(site: Site, edition: Edition, path: str) -> MessagePage:
    t = site.strings[edition.code]
    return MessagePage(
        chrome(
            site,
            edition,
            t["not_found_heading"],
            path,
            _everywhere(site, urls.home),
            hreflang=False,
        ),
        t["not_found_heading"],
        t["not_found_text"],
        tuple(
            Link(
                f"{e.lang.title} ({e.lang.label})",
                urls.href(site.config, urls.home(site.config, e.code)),
            )
            for e in site.plan.editions
        ),
    )


def _root(site: Site) -> RootPage:
    """The language chooser at `/`: links for everyone, a redirect by the browser's
    preferred languages for those with scripts."""
    default = site.plan.editions[0]
    homes = _everywhere(site, urls.home)
    choices = tuple(
        Choice(
            site.strings[e.code]["choose_language"],
            e.lang.title,
            e.lang.label,
            e.lang.tag,
            urls.href(site.config, homes[e.code]),
        )
        for e in site.plan.editions
    )
    redirects = {c.tag: c.href for c in choices}
    return RootPage(
        chrome(site, default, default.lang.title, "/", homes, hreflang=False),
        choices,
        Markup(json.dumps(redirects, ensure_ascii=False).replace("</", "<\\/")),
    )


def _aliases(site: Site) -> Iterator[tuple[str, Link]]:
    """Hugo's `aliases`: old paths that redirect to the article."""
    for edition in site.plan.editions:
        for entry in edition.entries:
            for alias in entry.article.aliases:
                path = "/" + alias.strip("/") + ("" if alias.endswith(".html") else "/")
                yield path, Link(entry.title, urls.absolute(site.config, entry.path))
