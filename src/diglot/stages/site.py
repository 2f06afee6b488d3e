"""Site stage: the plan of the whole site as plain data, from the paired content alone.

For every edition (language) it decides which articles are published, in what order,
at which URL, under which tags and years, and which page of another edition is the
same page (switcher and hreflang). Bodies are rendered later, page by page.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date

from diglot import urls
from diglot.config import Config, LanguageConfig
from diglot.model import Article, Content, SectionInfo
from diglot.stages.derive import Deriver
from diglot.stages.render import LinkTargets


@dataclass(frozen=True)
class Options:
    """What a build publishes beyond the finished, dated posts."""

    now: datetime  # posts dated after this are future posts
    drafts: bool = False
    future: bool = False


@dataclass(frozen=True)
class TagRef:
    name: str
    href: str


@dataclass(frozen=True)
class Entry:
    """One article as published in one edition."""

    article: Article
    edition: str
    path: str  # site path of its page: '/en/posts/x/'
    href: str
    title: str
    date_text: str  # formatted per language: 'March 4, 2024' / '2024年3月4日'
    iso_date: str  # '' when undated
    tags: tuple[TagRef, ...]

    @property
    def key(self) -> str:
        return self.article.key


@dataclass(frozen=True)
class Tag:
    name: str  # as written in this edition
    canonical: str  # the key of [tags.<key>] in site.toml, else the name itself
    path: str
    posts: tuple[Entry, ...]  # newest first


@dataclass(frozen=True)
class Edition:
    """Everything one language edition publishes."""

    lang: LanguageConfig
    posts: tuple[Entry, ...]  # newest first
    pages: tuple[Entry, ...]  # standalone pages, in menu order
    tags: tuple[Tag, ...]  # by name
    years: Mapping[int, tuple[Entry, ...]]  # newest year first
    sections: Mapping[str, SectionInfo] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def code(self) -> str:
        return self.lang.code

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.posts + self.pages


@dataclass(frozen=True)
class Plan:
    config: Config
    editions: tuple[Edition, ...]
    families: Mapping[str, Mapping[str, str]]  # pair key -> edition -> path, where published
    tag_families: Mapping[str, Mapping[str, str]]  # canonical tag -> edition -> path
    targets: LinkTargets

    def edition(self, code: str) -> Edition:
        return next(e for e in self.editions if e.code == code)


def articles_for(
    content: Content, edition: LanguageConfig, options: Options, derive: Deriver | None = None
) -> list[Article]:
    """The articles an edition publishes: its own versions, minus drafts and future
    posts unless asked for. A derived edition (zh-cn from zh-tw) also publishes, where
    it has no version of its own, its source language's version converted by `derive`."""
    found = []
    for pair in content.pairs:
        article = pair.article(edition.code)
        if article is None and derive is not None:
            source = pair.article(derive.source)
            if source is not None and _visible(source, options):
                article = derive.article(source)
        if article is not None and _visible(article, options):
            found.append(article)
    return found


def _visible(article: Article, options: Options) -> bool:
    if article.draft and not options.drafts:
        return False
    future = article.date is not None and article.date > options.now
    return options.future or not future


def plan(
    content: Content,
    config: Config,
    options: Options,
    known: dict[tuple[str, str], Entry] | None = None,
) -> Plan:
    """The plan of the site; `known` holds the entries of an earlier plan with the same
    config (the dev server's), reused for the same article objects and updated."""
    editions = tuple(_edition(content, config, lang, options, known) for lang in config.languages)
    families: dict[str, dict[str, str]] = defaultdict(dict)
    tag_families: dict[str, dict[str, str]] = defaultdict(dict)
    for edition in editions:
        for entry in edition.entries:
            families[entry.key][edition.code] = entry.path
        for tag in edition.tags:
            tag_families[tag.canonical][edition.code] = tag.path
    return Plan(
        config,
        editions,
        _freeze(families),
        _freeze(tag_families),
        _link_targets(content, config, families),
    )


def _freeze(table: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in table.items()})


def _edition(
    content: Content,
    config: Config,
    lang: LanguageConfig,
    options: Options,
    known: dict[tuple[str, str], Entry] | None = None,
) -> Edition:
    derive = Deriver(lang, config.tags) if lang.derived_from is not None else None
    articles = articles_for(content, lang, options, derive)
    canonical = _tag_keys(config, lang.code)
    sections = {s.section: s for s in content.sections if s.lang == lang.code}
    if derive is not None:
        canonical = {**derive.tag_keys(_tag_keys(config, derive.source)), **canonical}
        converted = [derive.section(s) for s in content.sections if s.lang == derive.source]
        sections = {**{s.section: s for s in converted}, **sections}
    posts: list[Entry] = []
    pages: list[Entry] = []
    for article in articles:
        entry = known.get((lang.code, article.path)) if known is not None else None
        if entry is None or entry.article is not article:
            entry = _entry(config, lang, article)
            if known is not None:
                known[(lang.code, article.path)] = entry
        (posts if article.kind == "post" else pages).append(entry)
    posts.sort(key=_newest_first)
    pages.sort(key=lambda e: (_weight(e.article), e.title, e.path))

    tagged: dict[str, list[Entry]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in posts:
        for name in entry.article.tags:
            slug = urls.tag_slug(name)
            names.setdefault(slug, name)
            tagged[slug].append(entry)
    tags = tuple(
        sorted(
            (
                Tag(
                    names[slug],
                    canonical.get(names[slug], names[slug]),
                    urls.tag(config, lang.code, names[slug]),
                    tuple(entries),
                )
                for slug, entries in tagged.items()
            ),
            key=lambda t: (t.name.lower(), t.path),
        )
    )
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in posts:
        if entry.article.date is not None:
            years[entry.article.date.year].append(entry)
    return Edition(
        lang,
        tuple(posts),
        tuple(pages),
        tags,
        MappingProxyType({y: tuple(years[y]) for y in sorted(years, reverse=True)}),
        MappingProxyType(sections),
    )


def _newest_first(entry: Entry) -> tuple[float, str]:
    stamp = entry.article.date.timestamp() if entry.article.date else 0.0
    return (-stamp, entry.path)


def _weight(article: Article) -> int:
    weight = article.params.get("weight", 0)
    return weight if isinstance(weight, int) and not isinstance(weight, bool) else 0


def _tag_keys(config: Config, lang: str) -> dict[str, str]:
    """Tag name in `lang` -> its key in [tags], so one tag links across languages."""
    found: dict[str, str] = {}
    for key, names in config.tags.items():
        found.setdefault(key, key)
        if lang in names:
            found[names[lang]] = key
    return found


def _entry(config: Config, lang: LanguageConfig, article: Article) -> Entry:
    path = urls.article(config, article, lang.code)
    day = article.date
    tags = tuple(TagRef(t, urls.href(config, urls.tag(config, lang.code, t))) for t in article.tags)
    return Entry(
        article,
        lang.code,
        path,
        urls.href(config, path),
        article.title,
        format_day(day.date(), lang) if day else "",
        day.isoformat() if day else "",
        tags if article.kind == "post" else (),
    )


def format_day(day: date, lang: LanguageConfig) -> str:
    """A date as its language writes it: 'March 4, 2024' / '2024年3月4日'."""
    return _format_day(day, lang.date_format, lang.locale)


@functools.cache
def _format_day(day: date, pattern: str, locale: str) -> str:
    return str(format_date(day, format=pattern, locale=_locale(locale)))


@functools.cache
def _locale(name: str) -> Locale:
    """babel's locale, parsed once (not once a date)."""
    return Locale.parse(name)


def _link_targets(
    content: Content, config: Config, families: Mapping[str, Mapping[str, str]]
) -> LinkTargets:
    """Source files (and bundle folders) -> key; key -> edition -> href, in edition order."""
    keys: dict[str, str] = {}
    for article in content.articles:
        keys[article.path] = article.key
        if article.bundle:
            keys[article.bundle] = article.key
    order = [lang.code for lang in config.languages]
    hrefs = {
        key: MappingProxyType(
            {code: urls.href(config, paths[code]) for code in order if code in paths}
        )
        for key, paths in families.items()
    }
    return LinkTargets(MappingProxyType(keys), MappingProxyType(hrefs))
