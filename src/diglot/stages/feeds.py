"""Feeds stage: RSS 2.0 and Atom per edition (full content, absolute URLs), the
site-wide sitemap.xml with `xhtml:link` alternates, and robots.txt.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from diglot import urls
from diglot.config import Config
from diglot.stages.chrome import Alternate, Site
from diglot.stages.site import Edition

_LOCAL_REF = re.compile(r'(href|src)="(/[^"]*|#[^"]*)"')


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    guid: str
    published: str  # RFC 822 for RSS
    published_iso: str
    updated_iso: str
    summary: str
    content: str  # HTML, escaped by the template like any text
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    language: str  # RSS <language>: the edition code, 'zh-tw'
    tag: str  # BCP 47 for Atom xml:lang
    link: str  # the edition's home, absolute
    self_link: str
    id: str
    author: str
    updated: str  # RFC 822
    updated_iso: str
    generator: str
    items: tuple[FeedItem, ...]


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str  # 'YYYY-MM-DD' or ''
    alternates: tuple[Alternate, ...]


def guid(config: Config, key: str, lang: str) -> str:
    """A stable id for one article in one language, made from the pair's key."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{config.base_url}{key}#{lang}')}"


def absolute_html(config: Config, html: str, page_path: str) -> str:
    """An article body with every site-local link and image made absolute, for feeds."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(config.base_url))
    page = urls.absolute(config, page_path)

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith("#"):
            return f'{match.group(1)}="{page}{target}"'
        return f'{match.group(1)}="{origin}{quote(target, safe="/#?=&%:@+,;")}"'

    return _LOCAL_REF.sub(fix, html)


def feeds(
    site: Site, edition: Edition, bodies: Mapping[str, str], generator: str
) -> list[tuple[str, str, Feed]]:
    """(site path, template, feed) of the RSS and Atom feed of an edition; `bodies` maps
    keys to the rendered HTML of its newest posts."""
    config = site.config
    items = tuple(_items(site, edition, bodies))
    newest = next((e.article.date for e in edition.posts if e.article.date), None)
    stamp = newest or datetime(1970, 1, 1).astimezone()
    home = urls.absolute(config, urls.home(config, edition.code))
    made = []
    for kind in ("rss", "atom"):
        path = urls.feed(config, edition.code, kind)
        made.append(
            (
                path,
                f"{kind}.xml",
                Feed(
                    edition.lang.title,
                    edition.lang.description,
                    edition.code,
                    edition.lang.tag,
                    home,
                    urls.absolute(config, path),
                    guid(config, "", edition.code),
                    config.author,
                    format_datetime(stamp),
                    stamp.isoformat(),
                    generator,
                    items,
                ),
            )
        )
    return made


def _items(site: Site, edition: Edition, bodies: Mapping[str, str]) -> Iterator[FeedItem]:
    config = site.config
    for entry in edition.posts[: config.feed_items]:
        article = entry.article
        day = article.date or datetime(1970, 1, 1).astimezone()
        yield FeedItem(
            entry.title,
            urls.absolute(config, entry.path),
            guid(config, entry.key, edition.code),
            format_datetime(day),
            day.isoformat(),
            (article.lastmod or day).isoformat(),
            article.summary,
            absolute_html(config, bodies.get(entry.key, ""), entry.path),
            tuple(tag.name for tag in entry.tags),
        )


def sitemap_entries(
    config: Config, pages: Iterable[tuple[str, str, tuple[Alternate, ...]]]
) -> list[SitemapEntry]:
    """Sorted entries from (site path, lastmod, alternates) of every page."""
    return sorted(
        (SitemapEntry(urls.absolute(config, path), lastmod, alts) for path, lastmod, alts in pages),
        key=lambda e: e.loc,
    )


def robots(config: Config) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(config, '/sitemap.xml')}\n".encode()
