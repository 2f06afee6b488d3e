"""Where every page lives: the one place that turns articles, tags and homes into URLs.

Paths are site-relative and end in '/' for pages ('/en/posts/x/'); `href` makes the
link a page writes (with the base URL's path, for sites published in a sub-folder),
`absolute` the full URL for feeds and hreflang, `file` the output file of a path.
Check uses these to find two articles that would share a URL.
"""

from __future__ import annotations

import functools
from urllib.parse import quote, urlsplit

from diglot.config import Config
from diglot.model import Article
from diglot.text import slugify


def _prefix(config: Config, lang: str) -> str:
    prefix = config.language(lang).prefix.strip("/")
    return f"/{prefix}/" if prefix else "/"


def home(config: Config, lang: str) -> str:
    return _prefix(config, lang)


def article(config: Config, item: Article, lang: str | None = None) -> str:
    """URL path of an article; `lang` places it in another edition (derived languages)."""
    lang = lang or item.lang
    prefix = config.language(lang).prefix.strip("/")
    if item.kind == "page":
        parent = item.path_key.rpartition("/")[0]
        path = f"{parent}/{item.slug}" if parent else item.slug
        return f"/{prefix}/{path}/" if prefix else f"/{path}/"
    date = item.date
    url = config.permalink(item.section).format(
        lang=prefix,
        section=item.section,
        slug=item.slug,
        year=f"{date.year:04d}" if date else "",
        month=f"{date.month:02d}" if date else "",
        day=f"{date.day:02d}" if date else "",
    )
    return url.replace("//", "/")


def tag(config: Config, lang: str, name: str) -> str:
    return f"{_prefix(config, lang)}tags/{tag_slug(name)}/"


@functools.cache  # a few tag names, asked for once per tagged post and language
def tag_slug(name: str) -> str:
    return slugify(name) or "tag"


def tags_index(config: Config, lang: str) -> str:
    return f"{_prefix(config, lang)}tags/"


def absolute(config: Config, path: str) -> str:
    """Absolute URL of a site path, percent-encoding non-ASCII (CJK slugs) for feeds."""
    return config.base_url + quote(path.lstrip("/"), safe="/#?=&%:@")


def href(config: Config, path: str) -> str:
    """The link to a site path as pages write it: '/blog/en/' when published under /blog/."""
    return urlsplit(config.base_url).path.rstrip("/") + path


def paged(path: str, number: int) -> str:
    """Page `number` of a paginated list at `path`: '/en/', '/en/page/2/'."""
    return path if number <= 1 else f"{path}page/{number}/"


def section(config: Config, lang: str, name: str) -> str:
    return f"{_prefix(config, lang)}{name}/"


def archive(config: Config, lang: str, year: int | None = None) -> str:
    base = f"{_prefix(config, lang)}archive/"
    return f"{base}{year}/" if year else base


def feed(config: Config, lang: str, kind: str) -> str:
    """'/en/index.xml' (RSS 2.0, Hugo's name) or '/en/atom.xml'."""
    return f"{_prefix(config, lang)}{'index' if kind == 'rss' else kind}.xml"


def podcast_feed(config: Config, lang: str) -> str:
    """'/en/podcast.xml': the podcast feed of a language."""
    return f"{_prefix(config, lang)}podcast.xml"


def episode_file(config: Config, lang: str, stem: str, suffix: str) -> str:
    """A file of an episode beside the others of its language: '/en/podcast/posts--x.mp3'."""
    return f"{_prefix(config, lang)}podcast/{stem}{suffix}"


def episode_page(config: Config, lang: str, stem: str) -> str:
    """The page of an episode with no article in its language: '/en/podcast/posts--x/'."""
    return f"{_prefix(config, lang)}podcast/{stem}/"


def podcast_cover(suffix: str) -> str:
    """The podcast's cover image, one for every language: '/podcast/cover.png'."""
    return f"/podcast/cover{suffix}"


def not_found(config: Config, lang: str) -> str:
    return f"{_prefix(config, lang)}404.html"


def file(path: str) -> str:
    """Output file of a site path, relative to the site root: '/en/' -> 'en/index.html'."""
    name = path.lstrip("/")
    return name + "index.html" if not name or name.endswith("/") else name
