"""Where every page lives: the one place that turns articles, tags and homes into URLs.

Paths are site-relative and end in '/' for pages ('/en/posts/x/'); `absolute` adds
the base URL. Check uses these to find two articles that would share a URL.
"""

from __future__ import annotations

from urllib.parse import quote

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
    return f"{_prefix(config, lang)}tags/{slugify(name)}/"


def tags_index(config: Config, lang: str) -> str:
    return f"{_prefix(config, lang)}tags/"


def absolute(config: Config, path: str) -> str:
    """Absolute URL of a site path, percent-encoding non-ASCII (CJK slugs) for feeds."""
    return config.base_url + quote(path.lstrip("/"), safe="/#?=&%:@")
