"""The nouns of the pipeline as frozen dataclasses: what loading and pairing produce.

Later stages consume these and never re-read source files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

Kind = Literal["post", "page"]


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Article:
    """One Markdown article (post or standalone page) in one language."""

    path: str  # source file, relative to the project root: 'content/posts/x.zh-tw.md'
    lang: str  # canonical language code
    key: str  # language-free key shared by its translations (translationKey or path)
    kind: Kind
    section: str  # 'posts' for posts; the top folder or '' for pages
    slug: str
    title: str
    date: datetime | None
    lastmod: datetime | None
    draft: bool
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    summary: str
    aliases: tuple[str, ...]
    podcast: bool  # False opts the article out of the podcast
    body: str
    body_line: int  # 1-based line of the file where the body starts
    params: Mapping[str, Any] = field(default_factory=_empty)  # the whole front matter
    bundle: str = ""  # bundle folder relative to the project root, '' when not a bundle
    resources: tuple[str, ...] = ()  # files of the bundle, relative to the bundle folder
    path_key: str = ""  # key from the path alone, whatever translationKey says
    # In a derived edition (zh-cn from zh-tw), the OpenCC configuration its body, still
    # its source's Markdown, is converted with when rendered; '' for written text.
    conversion: str = ""

    @property
    def source_dir(self) -> str:
        """Folder that relative links in the body are resolved against."""
        return self.path.rsplit("/", 1)[0]


@dataclass(frozen=True)
class ScriptSource:
    """A hand-written podcast script (`x.podcast.md`), used instead of a generated one."""

    path: str
    lang: str
    key: str
    title: str  # from its front matter, '' when it has none
    body: str
    body_line: int
    params: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class SectionInfo:
    """A section's `_index.md` in one language: its title and description."""

    path: str
    lang: str
    section: str
    title: str
    description: str
    body: str
    params: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class ArticlePair:
    """The language versions of one article (usually two), under one language-free key."""

    key: str
    kind: Kind
    articles: Mapping[str, Article]  # language code -> article
    scripts: Mapping[str, ScriptSource] = field(default_factory=_empty)

    def article(self, lang: str) -> Article | None:
        return self.articles.get(lang)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.articles)

    @property
    def is_orphan(self) -> bool:
        return len(self.articles) == 1

    @property
    def date(self) -> datetime | None:
        """The earliest date among its versions: the date the piece first appeared."""
        dates = [a.date for a in self.articles.values() if a.date is not None]
        return min(dates) if dates else None


@dataclass(frozen=True)
class Content:
    """Everything loaded from `content/`, paired: the input of every later stage."""

    pairs: tuple[ArticlePair, ...]  # sorted by key
    sections: tuple[SectionInfo, ...] = ()

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for pair in self.pairs for a in pair.articles.values())

    def pair(self, key: str) -> ArticlePair | None:
        for pair in self.pairs:
            if pair.key == key:
                return pair
        return None


SegmentKind = Literal["intro", "section", "outro"]


@dataclass(frozen=True)
class Segment:
    """A part of an episode script: the intro, one section of the body, or the outro."""

    kind: SegmentKind
    title: str  # the section's heading as plain text; '' for intro, outro and the opening
    paragraphs: tuple[str, ...]  # speakable plain text, one string per paragraph


@dataclass(frozen=True)
class EpisodeScript:
    """What the host says in one episode in one language: made by the script stage,
    spoken by the voice stage, published by the feeds. No text is made twice."""

    key: str  # the pair's language-free key: the episode's identity
    lang: str
    number: int
    guid: str  # UUIDv5 from the site URL, key and language
    title: str
    date: datetime | None
    summary: str
    tags: tuple[str, ...]
    segments: tuple[Segment, ...]
    hand_written: bool
    sources: tuple[str, ...]  # source files, relative to the project root
    words: int  # Latin-script words spoken
    cjk_chars: int  # CJK characters spoken
    estimated_seconds: float


@dataclass(frozen=True)
class TimedSentence:
    """One spoken sentence and where it is in the episode's MP3, in seconds."""

    start: float
    end: float
    text: str
    segment: int  # index into the script's segments


@dataclass(frozen=True)
class Chapter:
    """A chapter of an episode: the intro, one section heading, or the outro."""

    start: float  # seconds
    title: str
    segment: int  # index into the script's segments


@dataclass(frozen=True)
class AudioEpisode:
    """One episode spoken into an MP3: made by the voice stage, published by the feeds
    and the episode pages. Times and the length are read back from the MP3 itself."""

    script: EpisodeScript
    name: str  # file stem shared by the MP3 and its transcripts: 'posts--kaizen'
    mp3: Path  # absolute: the audio cache's MP3, or where `podcast audio` published it
    bytes: int  # exact size of the MP3, for the feed's enclosure length
    duration: float  # seconds, read back from the MP3
    sentences: tuple[TimedSentence, ...]
    chapters: tuple[Chapter, ...]
    # 'vtt', 'srt', 'json', 'chapters' where `podcast audio` wrote them; {} from the cache
    files: Mapping[str, Path] = field(default_factory=_empty)
    audio_key: str = ""  # the cache key: hash of the text, voices, rate, bitrate, engine
    from_cache: bool = False  # True when this run did not synthesise it

    @property
    def key(self) -> str:
        return self.script.key

    @property
    def lang(self) -> str:
        return self.script.lang
