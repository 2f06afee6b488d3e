"""Podcast feeds: an RSS 2.0 feed per language whose episodes have audio, with the
`itunes`, `podcast` (Podcasting 2.0) and `atom` namespaces, as Apple Podcasts and
Podcasting 2.0 apps read them. The feeds of the languages point at each other.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from markupsafe import escape

from diglot import languages, urls
from diglot.config import Config
from diglot.stages.chrome import Site
from diglot.stages.podcast import FILES, Episode, Podcast

# PSP-1: podcast:guid is a UUIDv5 of the feed URL in this namespace
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# (kind, rel) of the podcast:transcript links of an item; the timed ones are captions
TRANSCRIPTS = (("vtt", "captions"), ("srt", "captions"), ("json", "captions"), ("html", ""))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Transcript:
    url: str
    type: str
    rel: str  # 'captions' for timed files, else ''


@dataclass(frozen=True)
class Item:
    title: str
    link: str  # the page that plays it
    guid: str  # the script's GUID, not a URL
    published: str  # RFC 2822
    description: str  # HTML (escaped by the template): summary and a link to the article
    enclosure: str
    length: int  # bytes of the MP3
    duration: int  # whole seconds
    number: int
    transcripts: tuple[Transcript, ...]
    chapters: str


@dataclass(frozen=True)
class OtherFeed:
    hreflang: str
    href: str
    title: str


@dataclass(frozen=True)
class Channel:
    title: str
    link: str
    description: str
    language: str  # the edition code: 'en', 'zh-tw'
    self_link: str
    others: tuple[OtherFeed, ...]  # the podcast in the other languages
    image: str
    category: str
    explicit: str  # 'true' / 'false'
    author: str
    email: str  # '' when none is configured
    guid: str
    locked: str  # 'yes' / 'no'
    updated: str  # RFC 2822: the newest episode's date
    generator: str
    items: tuple[Item, ...]


def guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def feeds(site: Site, generator: str) -> list[tuple[str, Channel]]:
    """(site path, channel) of every podcast feed of the site."""
    config, podcast = site.config, site.podcast
    made = []
    for code, path in podcast.feeds.items():
        items = tuple(_item(config, podcast, e) for e in podcast.of(code) if e.audio is not None)
        newest = max((e.script.date for e in podcast.of(code) if e.script.date), default=None)
        others = tuple(
            OtherFeed(
                config.language(other).tag,
                urls.absolute(config, other_path),
                config.show_name(other),
            )
            for other, other_path in podcast.feeds.items()
            if other != code
        )
        self_link = urls.absolute(config, path)
        made.append(
            (
                path,
                Channel(
                    title=config.show_name(code),
                    link=urls.absolute(config, urls.home(config, code)),
                    description=config.show_description(code),
                    language=code,
                    self_link=self_link,
                    others=others,
                    image=urls.absolute(config, podcast.cover),
                    category=config.podcast.category,
                    explicit="true" if config.podcast.explicit else "false",
                    author=config.podcast.host,
                    email=config.podcast.email,
                    guid=guid(self_link),
                    locked="yes" if config.podcast.locked else "no",
                    updated=format_datetime(newest or _EPOCH),
                    generator=generator,
                    items=items,
                ),
            )
        )
    return made


def _item(config: Config, podcast: Podcast, episode: Episode) -> Item:
    audio = episode.audio
    assert audio is not None, "feeds list only episodes with audio"
    script = episode.script
    return Item(
        title=script.title,
        link=urls.absolute(config, episode.page),
        guid=script.guid,
        published=format_datetime(script.date or _EPOCH),
        description=_description(config, podcast, episode),
        enclosure=urls.absolute(config, episode.files["mp3"]),
        length=audio.bytes,
        duration=round(audio.duration),
        number=script.number,
        transcripts=tuple(
            Transcript(urls.absolute(config, episode.files[kind]), FILES[kind][1], rel)
            for kind, rel in TRANSCRIPTS
        ),
        chapters=urls.absolute(config, episode.files["chapters"]),
    )


def _description(config: Config, podcast: Podcast, episode: Episode) -> str:
    """The summary and a link to the article (in another language when the episode has
    none in its own), as HTML."""
    t = podcast.strings[episode.edition]
    article = episode.article
    if episode.own_page:
        there = config.language(article.edition).locale
        here = config.language(episode.edition).locale
        text = t["read_article_in"].format(language=languages.name_in(there, here))
    else:
        text = t["read_article"]
    link = escape(urls.absolute(config, article.path))
    summary = f"<p>{escape(episode.script.summary)}</p>" if episode.script.summary else ""
    return f'{summary}<p><a href="{link}">{escape(text)}</a>: {escape(article.title)}</p>'
