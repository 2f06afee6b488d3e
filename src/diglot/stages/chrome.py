"""The frame every page shares: title and head links, hreflang alternates, the
language switcher, the menu and the feeds of the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from diglot import urls
from diglot.config import Config
from diglot.stages.podcast import Podcast
from diglot.stages.site import Edition, Plan

Strings = Mapping[str, str]


@dataclass(frozen=True)
class Site:
    """The plan and what pages are made with: the input of page rendering."""

    plan: Plan
    strings: Mapping[str, Strings]  # edition code -> interface strings
    podcast: Podcast = field(default_factory=Podcast)
    _frames: dict[str, _Frame] = field(default_factory=dict, compare=False, repr=False)

    @property
    def config(self) -> Config:
        return self.plan.config

    def frame(self, edition: Edition) -> _Frame:
        """What the chrome of every page of `edition` has in common, worked out once."""
        found = self._frames.get(edition.code)
        if found is None:
            found = self._frames[edition.code] = _frame(self, edition)
        return found


@dataclass(frozen=True)
class MenuLink:
    text: str
    href: str
    current: bool


@dataclass(frozen=True)
class SwitchLink:
    """One edition in the language switcher."""

    label: str  # the language's own name
    tag: str  # BCP 47, for hreflang and lang
    href: str
    current: bool
    note: str = ""  # in the reader's language, when the page itself is not there


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str  # absolute


@dataclass(frozen=True)
class Chrome:
    """What every page has around its content."""

    html_lang: str
    site_title: str
    description: str
    title: str  # the document <title>
    canonical: str
    home_href: str
    rss_href: str
    atom_href: str
    menu: tuple[MenuLink, ...]
    switcher: tuple[SwitchLink, ...]
    alternates: tuple[Alternate, ...]
    og_type: str
    og_locale: str
    author: str
    style_href: str
    syntax_href: str
    icon_href: str
    t: Strings  # interface strings in the page's language
    podcast_href: str = ""  # the language's podcast feed, '' when it has none
    podcast_title: str = ""
    podcast_text: str = ""


@dataclass(frozen=True)
class _Frame:
    html_lang: str
    site_title: str
    description: str
    home_href: str
    rss_href: str
    atom_href: str
    menu: tuple[tuple[str, str, str], ...]  # (text, site path, href)
    homes: frozenset[str]  # every edition's home: a menu link to one is current only there
    og_locale: str
    author: str
    style_href: str
    syntax_href: str
    icon_href: str
    t: Strings
    podcast_href: str
    podcast_title: str
    podcast_text: str


def chrome(
    site: Site,
    edition: Edition,
    title: str,
    path: str,
    versions: Mapping[str, str],
    og_type: str = "website",
    missing: str = "not_available",
    hreflang: bool = True,
) -> Chrome:
    """The frame of the page at `path` in `edition`; `versions` maps edition codes to the
    paths of the same page in other editions (an article's translations, a tag's).
    Without `hreflang` the versions are only where the switcher goes, not translations."""
    config = site.config
    frame = site.frame(edition)
    switcher = []
    for other in site.plan.editions:
        there = versions.get(other.code)
        current = other.code == edition.code
        switcher.append(
            SwitchLink(
                other.lang.label,
                other.lang.tag,
                urls.href(config, there or urls.home(config, other.code)),
                current,
                "" if there or current else frame.t[missing],
            )
        )
    alternates: list[Alternate] = []
    if hreflang and len(versions) > 1:
        for other in site.plan.editions:
            if other.code in versions:
                alternates.append(
                    Alternate(other.lang.tag, urls.absolute(config, versions[other.code]))
                )
        default = config.default_language.code
        if default in versions:
            alternates.append(Alternate("x-default", urls.absolute(config, versions[default])))
    menu = tuple(
        MenuLink(
            text,
            href,
            path == target or (target not in frame.homes and path.startswith(target)),
        )
        for text, target, href in frame.menu
    )
    return Chrome(
        html_lang=frame.html_lang,
        site_title=frame.site_title,
        description=frame.description,
        title=title if title == frame.site_title else f"{title} | {frame.site_title}",
        canonical=urls.absolute(config, path),
        home_href=frame.home_href,
        rss_href=frame.rss_href,
        atom_href=frame.atom_href,
        menu=menu,
        switcher=tuple(switcher),
        alternates=tuple(alternates),
        og_type=og_type,
        og_locale=frame.og_locale,
        author=frame.author,
        style_href=frame.style_href,
        syntax_href=frame.syntax_href,
        icon_href=frame.icon_href,
        t=frame.t,
        podcast_href=frame.podcast_href,
        podcast_title=frame.podcast_title,
        podcast_text=frame.podcast_text,
    )


def _frame(site: Site, edition: Edition) -> _Frame:
    config, t = site.config, site.strings[edition.code]
    menu = [
        (t["menu_home"], urls.home(config, edition.code)),
        (t["menu_tags"], urls.tags_index(config, edition.code)),
        (t["menu_archive"], urls.archive(config, edition.code)),
    ]
    menu += [(entry.title, entry.path) for entry in edition.pages]
    feed = site.podcast.feeds.get(edition.code, "")
    podcast_t = site.podcast.strings.get(edition.code, {})
    return _Frame(
        html_lang=edition.lang.tag,
        site_title=edition.lang.title,
        description=edition.lang.description,
        home_href=urls.href(config, urls.home(config, edition.code)),
        rss_href=urls.href(config, urls.feed(config, edition.code, "rss")),
        atom_href=urls.href(config, urls.feed(config, edition.code, "atom")),
        menu=tuple((text, target, urls.href(config, target)) for text, target in menu),
        homes=frozenset(urls.home(config, lang.code) for lang in config.languages),
        og_locale=_og_locale(edition.lang.locale),
        author=config.author,
        style_href=urls.href(config, "/assets/style.css"),
        syntax_href=urls.href(config, "/assets/syntax.css"),
        icon_href=urls.href(config, "/assets/icon.svg"),
        t=t,
        podcast_href=urls.href(config, feed) if feed else "",
        podcast_title=podcast_t["feed_title"].format(show=config.show_name(edition.code))
        if feed
        else "",
        podcast_text=podcast_t["podcast"] if feed else "",
    )


def _og_locale(locale: str) -> str:
    parts = locale.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{parts[0]}_{territory}" if territory else parts[0]
