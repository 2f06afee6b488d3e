"""The translator's view of `diglot serve` (`/_pair/<key>/`): the versions of one article
side by side, section by section (the n-th `##` heading of each beside the others'),
with what `check` finds wrong with the pair; and `/_pair/`, every pair on one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from markupsafe import Markup

from diglot import templates
from diglot.config import Config
from diglot.devserver import VIEWS_PATH
from diglot.errors import Diagnostic
from diglot.model import ArticlePair, Content
from diglot.stages import render, validate
from diglot.stages.render import LinkTargets
from diglot.stages.site import Plan

PREFIX = VIEWS_PATH
_SECTION = re.compile(r"(?=<h2[ >])")


@dataclass(frozen=True)
class Version:
    lang: str
    label: str
    tag: str  # BCP 47, for lang attributes
    title: str
    source: str  # the file, relative to the project
    href: str  # its page on the site, '' when not published (a draft)


@dataclass(frozen=True)
class PairPage:
    key: str
    versions: tuple[Version, ...]
    rows: tuple[tuple[Markup, ...], ...]  # a section of each version per row ('' if none)
    warnings: tuple[str, ...]  # `check`'s findings, formatted as it prints them
    index_href: str


@dataclass(frozen=True)
class PairLink:
    key: str
    href: str
    titles: tuple[tuple[str, str], ...]  # (language label, title) of each version
    missing: tuple[str, ...]  # labels of the languages it is not written in


@dataclass(frozen=True)
class PairIndex:
    pairs: tuple[PairLink, ...]


def href(key: str) -> str:
    return PREFIX + quote(key) + "/"


def key_of(url_path: str) -> str | None:
    """The pair key a URL path names ('' for the index), or None."""
    if not url_path.startswith(PREFIX):
        return None
    return unquote(url_path[len(PREFIX) :]).strip("/")


def page(
    content: Content,
    config: Config,
    plan: Plan | None,
    key: str,
    problems: tuple[Diagnostic, ...] = (),
) -> PairPage | None:
    """The view of the pair `key`, or None when there is no such pair. `problems` are
    the errors of the last load (only this pair's are shown)."""
    pair = content.pair(key)
    if pair is None:
        return None
    targets = plan.targets if plan else LinkTargets({}, {})
    versions = []
    columns = []
    for lang in config.languages:
        article = pair.article(lang.code)
        if article is None:
            continue
        page_href = targets.urls.get(key, {}).get(lang.code, "")
        body = render.render(article, targets, lang.code, page_href or "/", config.unsafe_html)
        versions.append(
            Version(lang.code, lang.label, lang.tag, article.title, article.path, page_href)
        )
        columns.append([Markup(part) for part in _SECTION.split(body.html) if part.strip()])
    depth = max((len(column) for column in columns), default=0)
    rows = tuple(
        tuple(column[i] if i < len(column) else Markup("") for column in columns)
        for i in range(depth)
    )
    return PairPage(key, tuple(versions), rows, _warnings(pair, content, config, problems), PREFIX)


def index(content: Content, config: Config) -> PairIndex:
    links = []
    for pair in content.pairs:
        titles = tuple(
            (lang.label, article.title)
            for lang in config.languages
            if (article := pair.article(lang.code)) is not None
        )
        missing = tuple(lang.label for lang in config.authored if pair.article(lang.code) is None)
        links.append(PairLink(pair.key, href(pair.key), titles, missing))
    return PairIndex(tuple(links))


def html(config: Config, template: str, context: object) -> bytes:
    return templates.render(config.root, template, {"page": context}).encode("utf-8")


def _warnings(
    pair: ArticlePair, content: Content, config: Config, problems: tuple[Diagnostic, ...]
) -> tuple[str, ...]:
    paths = {article.path for article in pair.articles.values()}
    paths |= {script.path for script in pair.scripts.values()}
    found = [d for d in problems if d.path in paths]
    found += validate.validate(Content((pair,), content.sections), config)
    return tuple(d.format() for d in sorted(set(found)))
