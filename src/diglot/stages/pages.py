"""Pages stage: every HTML page of the plan as a frozen context, rendered by its template.

What a template shows is computed here (and the frame around it in `chrome`):
table of contents, pagination, prev/next, formatted dates, reading times, JSON-LD.
Templates only format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from diglot import languages, templates, urls
from diglot.config import Config
from diglot.stages.chrome import Chrome, Site, Strings, chrome
from diglot.stages.podcast import Block
from diglot.stages.render import Heading, Rendered
from diglot.stages.site import Edition, Entry, TagRef

NO_HTML = Markup("")


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Digest:
    """What list pages need from a rendered article."""

    summary: str
    minutes: int
    item: ListItem | None = None  # a post as every list shows it, made once (None: a page)


@dataclass(frozen=True)
class TocItem:
    id: str
    text: str
    children: tuple[TocItem, ...] = ()


@dataclass(frozen=True)
class ConvertedNote:
    """On a page of a derived edition converted with OpenCC: says so, in the reader's
    script, and links the page it was converted from."""

    text: str  # '本页由繁体中文版自动转换。'
    link_text: str
    href: str
    hreflang: str


@dataclass(frozen=True)
class ArticlePage:
    chrome: Chrome
    entry: Entry
    body: Markup
    toc: tuple[TocItem, ...]
    reading_time: str
    summary: str
    notice: str  # 'not translated into ... yet' for an article missing in some edition
    older: Link | None
    newer: Link | None
    json_ld: Markup
    episode: Block | None = None  # the podcast episode of this article, when it has audio
    converted: ConvertedNote | None = None  # on pages converted from another edition


@dataclass(frozen=True)
class ListItem:
    title: str
    href: str
    date_text: str
    iso_date: str
    reading_time: str
    summary: str
    tags: tuple[TagRef, ...]
    html: Markup = NO_HTML  # the item rendered by summary.html


@dataclass(frozen=True)
class Pager:
    text: str  # 'Page 2 of 5'
    newer: str  # href, '' on the first page
    older: str  # href, '' on the last page


@dataclass(frozen=True)
class Invite:
    """A line that points readers at the podcast feed (on the home page)."""

    text: str
    link_text: str
    href: str


@dataclass(frozen=True)
class ListPage:
    chrome: Chrome
    heading: str
    intro: str
    items: tuple[ListItem, ...]
    pager: Pager | None
    podcast: Invite | None = None


@dataclass(frozen=True)
class Term:
    text: str
    href: str
    count: str


@dataclass(frozen=True)
class TermsPage:
    chrome: Chrome
    heading: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class MessagePage:
    chrome: Chrome
    heading: str
    message: str
    links: tuple[Link, ...]


def render(config: Config, template: str, page: object) -> bytes:
    return templates.render(config.root, template, {"page": page}).encode("utf-8")


def say(strings: Strings, key: str, **values: object) -> str:
    return strings[key].format(**values)


def count_posts(strings: Strings, count: int) -> str:
    return say(strings, "post_one" if count == 1 else "post_many", count=count)


def podcast_invite(site: Site, edition: Edition) -> Invite | None:
    """The home page's pointer to the podcast feed, when the language has one."""
    feed = site.podcast.feeds.get(edition.code)
    if not feed:
        return None
    t = site.podcast.strings[edition.code]
    show = site.config.show_name(edition.code)
    return Invite(t["home_invite"].format(show=show), t["home_link"], urls.href(site.config, feed))


def article_page(site: Site, edition: Edition, index: int, rendered: Rendered) -> ArticlePage:
    """The page of `edition.entries[index]`."""
    config = site.config
    entry = edition.entries[index]
    t = site.strings[edition.code]
    versions = site.plan.families[entry.key]
    missing = [
        languages.name_in(e.lang.locale, edition.lang.locale)
        for e in site.plan.editions
        if e.code not in versions
    ]
    is_post = index < len(edition.posts)
    older = newer = None
    if is_post:
        if index + 1 < len(edition.posts):
            older = _link(edition.posts[index + 1])
        if index > 0:
            newer = _link(edition.posts[index - 1])
    return ArticlePage(
        chrome=chrome(
            site, edition, entry.title, entry.path, versions, "article", "not_translated"
        ),
        entry=entry,
        body=Markup(rendered.html),
        toc=_toc(rendered.toc) if len(rendered.toc) > 1 else (),
        reading_time=say(t, "reading_time", minutes=rendered.minutes),
        summary=rendered.summary,
        notice=say(t, "orphan_notice", languages=t["list_separator"].join(missing))
        if missing and is_post
        else "",
        older=older,
        newer=newer,
        json_ld=_json_ld(config, edition, entry, rendered) if is_post else Markup(""),
        episode=site.podcast.block(entry.key, edition.code),
        converted=_converted_note(site, edition, entry, versions),
    )


def _converted_note(
    site: Site, edition: Edition, entry: Entry, versions: Mapping[str, str]
) -> ConvertedNote | None:
    source = edition.lang.derived_from
    if not entry.article.conversion or source is None or source not in versions:
        return None
    t = site.strings[edition.code]
    return ConvertedNote(
        t["converted_notice"],
        t["converted_original"],
        urls.href(site.config, versions[source]),
        site.config.language(source).tag,
    )


def article_inputs(site: Site, edition: Edition, index: int) -> tuple[object, ...]:
    """Everything `article_page` reads besides the rendered body and what all pages
    share (config, strings, templates): pages with equal inputs are equal. Keep the two
    in step (a dev server's rebuild skips pages whose inputs did not change)."""
    entry = edition.entries[index]
    posts = edition.posts
    is_post = index < len(posts)
    older = posts[index + 1] if is_post and index + 1 < len(posts) else None
    newer = posts[index - 1] if is_post and index > 0 else None
    menu = tuple((page.title, page.path) for page in edition.pages)
    return (
        entry,
        is_post,
        site.plan.families[entry.key],
        (older.title, older.href) if older else None,
        (newer.title, newer.href) if newer else None,
        menu,
        site.podcast.block(entry.key, edition.code),
    )


def _toc(headings: Sequence[Heading]) -> tuple[TocItem, ...]:
    """Nest the headings of a page: each sub-heading under the heading before it."""
    top = min(h.level for h in headings)
    items: list[TocItem] = []
    for heading in headings:
        if heading.level > top and items:
            last = items[-1]
            child = TocItem(heading.id, heading.text)
            items[-1] = TocItem(last.id, last.text, (*last.children, child))
        else:
            items.append(TocItem(heading.id, heading.text))
    return tuple(items)


def _link(entry: Entry) -> Link:
    return Link(entry.title, entry.href)


def _json_ld(config: Config, edition: Edition, entry: Entry, rendered: Rendered) -> Markup:
    article = entry.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": entry.title,
        "description": rendered.summary,
        "inLanguage": edition.lang.tag,
        "url": urls.absolute(config, entry.path),
        "mainEntityOfPage": urls.absolute(config, entry.path),
        "author": {"@type": "Person", "name": config.author},
        "publisher": {"@type": "Organization", "name": edition.lang.title},
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
        data["dateModified"] = (article.lastmod or article.date).isoformat()
    if entry.tags:
        data["keywords"] = [tag.name for tag in entry.tags]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def list_items(
    entries: Sequence[Entry], digests: Mapping[tuple[str, str], Digest]
) -> list[ListItem]:
    """The posts `entries` as the lists show them, from their rendered articles."""
    items = []
    for entry in entries:
        item = digests[(entry.edition, entry.key)].item
        assert item is not None, f"{entry.path} is listed but was not rendered as a post"
        items.append(item)
    return items


def list_item(site: Site, entry: Entry, summary: str, minutes: int) -> ListItem:
    """A post as the lists show it, with its summary.html rendered once, not once per
    list page it is on (its home page, section, year and tags)."""
    t = site.strings[entry.edition]
    item = ListItem(
        entry.title,
        entry.href,
        entry.date_text,
        entry.iso_date,
        say(t, "reading_time", minutes=minutes),
        summary,
        entry.tags,
    )
    html = templates.render(site.config.root, "summary.html", {"item": item, "t": t})
    return replace(item, html=Markup(html.removesuffix("\n")))  # list.html adds the line


def paginated(
    site: Site,
    edition: Edition,
    path: str,
    heading: str,
    intro: str,
    entries: Sequence[Entry],
    digests: Mapping[tuple[str, str], Digest],
    versions: Mapping[str, str],
) -> Iterator[tuple[str, ListPage]]:
    """(path, page) for each page of a list; page 1 is at `path`, then '/page/2/'..."""
    size = site.config.paginate
    total = max(1, -(-len(entries) // size))
    t = site.strings[edition.code]
    for number in range(1, total + 1):
        here = urls.paged(path, number)
        chunk = entries[(number - 1) * size : number * size]
        pager = None
        if total > 1:
            pager = Pager(
                say(t, "page_of", number=number, total=total),
                urls.href(site.config, urls.paged(path, number - 1)) if number > 1 else "",
                urls.href(site.config, urls.paged(path, number + 1)) if number < total else "",
            )
        title = heading if number == 1 else f"{heading} ({pager.text if pager else ''})"
        yield (
            here,
            ListPage(
                chrome(site, edition, title, here, versions, hreflang=number == 1),
                heading,
                intro if number == 1 else "",
                tuple(list_items(chunk, digests)),
                pager,
            ),
        )
