"""Podcast stage: the podcast as the site publishes it, as plain data.

Every published episode is placed in its edition: on its article's page, or on a page
of its own when its language has no article (a hand-written script of a post written
in another language). Its MP3, captions, transcripts and chapters get URLs beside the
language's podcast feed, and what a page shows of it (player, duration, download, the
transcript sentence by sentence with times, the episode in other languages) is made
here. Feeds and article pages show only episodes with audio; without audio an
episode's own page shows its script.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from diglot import languages, text, urls
from diglot.config import Config
from diglot.model import AudioEpisode, EpisodeScript
from diglot.stages import episodes, transcript
from diglot.stages.publish import Extra
from diglot.stages.site import Entry, Plan

Strings = Mapping[str, str]

# kind -> (file suffix, MIME type) of every file an episode with audio publishes
FILES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "mp3": (".mp3", "audio/mpeg"),
        **transcript.FILES,
        "html": (".transcript.html", "text/html"),
    }
)
# The transcript files a page offers for download, with their names (not translated).
TRANSCRIPT_LINKS = (("vtt", "WebVTT"), ("srt", "SRT"), ("json", "JSON"), ("chapters", "Chapters"))
PLAYER_SCRIPT = "/assets/episode.js"  # a file of the theme
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Line:
    """One sentence of a transcript; times are '' when the episode has no audio."""

    text: str
    start: str = ""  # seconds, for the player's script: '12.345'
    clock: str = ""  # '0:12'
    href: str = ""  # the MP3 from that moment: '/en/podcast/x.mp3#t=12.345'


@dataclass(frozen=True)
class Part:
    """A chapter of a transcript: the intro, one section, or the outro."""

    title: str
    lines: tuple[Line, ...]
    start: str = ""
    clock: str = ""
    href: str = ""


@dataclass(frozen=True)
class FileLink:
    text: str
    href: str
    type: str  # MIME type


@dataclass(frozen=True)
class OtherLink:
    """The same episode in another language."""

    text: str  # 'Listen in Chinese (Traditional)', in the page's language
    tag: str  # BCP 47, for hreflang
    href: str


@dataclass(frozen=True)
class Block:
    """What a page shows of its episode (templates/episode.html)."""

    heading: str
    number_text: str  # 'Episode 3'
    parts: tuple[Part, ...]
    t: Strings  # the episode strings of the page's language
    audio_href: str = ""  # '' without audio: the transcript is the script, untimed
    duration_text: str = ""  # '12:34'
    duration_iso: str = ""  # 'PT12M34S'
    download_text: str = ""  # 'Download the MP3 (4.2 MB)'
    files: tuple[FileLink, ...] = ()
    others: tuple[OtherLink, ...] = ()
    feed_href: str = ""
    script_href: str = ""
    open: bool = False  # the transcript unfolded


@dataclass(frozen=True)
class Article:
    """The article an episode belongs to, as a link."""

    title: str
    path: str
    edition: str


@dataclass(frozen=True)
class Episode:
    """One episode as one edition publishes it."""

    script: EpisodeScript
    stem: str  # file stem shared by all its files: 'posts--kaizen'
    page: str  # site path of the page that plays it: its article's, or its own
    article: Article  # its article: in its language, else in another one
    audio: AudioEpisode | None
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # kind -> path

    @property
    def key(self) -> str:
        return self.script.key

    @property
    def edition(self) -> str:
        return self.script.lang

    @property
    def own_page(self) -> bool:
        """The episode has no article in its language, so it has a page of its own."""
        return self.article.edition != self.edition


@dataclass(frozen=True)
class Podcast:
    """The podcast of a site: every published episode, what each page shows of one,
    the feeds and the cover."""

    episodes: tuple[Episode, ...] = ()  # per edition in site order, newest first
    blocks: Mapping[tuple[str, str], Block] = field(
        default_factory=lambda: MappingProxyType({})
    )  # (key, edition) -> the episode of that page
    feeds: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # code -> path
    cover: str = ""  # site path of the cover image, '' without audio
    strings: Mapping[str, Strings] = field(default_factory=lambda: MappingProxyType({}))

    def block(self, key: str, edition: str) -> Block | None:
        return self.blocks.get((key, edition))

    def of(self, edition: str) -> tuple[Episode, ...]:
        return tuple(e for e in self.episodes if e.edition == edition)

    @property
    def audio(self) -> tuple[Episode, ...]:
        return tuple(e for e in self.episodes if e.audio is not None)


def published(plan: Plan, planned: Iterable[episodes.Episode]) -> list[episodes.Episode]:
    """The planned episodes the site publishes: those whose article is published in
    their edition, and those of a language without an article whose post is published
    in some edition. Drafts and future posts wait with their articles."""
    codes = {e.code for e in plan.editions}
    found = []
    for episode in planned:
        pages = plan.families.get(episode.pair.key, {})
        if episode.lang not in codes or not pages:
            continue
        if episode.lang in pages or episode.pair.article(episode.lang) is None:
            found.append(episode)
    return found


def own_page(plan: Plan, episode: episodes.Episode) -> bool:
    """Whether a published episode has a page of its own (no article in its edition)."""
    return episode.lang not in plan.families.get(episode.pair.key, {})


def assemble(
    plan: Plan,
    scripts: Sequence[EpisodeScript],
    audio: Iterable[AudioEpisode],
    strings: Mapping[str, Strings],
    chapter_strings: Mapping[str, Strings],
    cover_suffix: str = ".png",
) -> Podcast:
    """The podcast of the site: `scripts` are the published ones, `audio` their spoken
    episodes (none when the site is built without audio)."""
    config = plan.config
    spoken = {(a.key, a.lang): a for a in audio}
    entries = {(e.key, e.edition): e for edition in plan.editions for e in edition.entries}
    stems = episodes.file_stems(s.key for s in scripts)
    placed = [
        _place(config, plan, entries, s, stems[s.key], spoken.get((s.key, s.lang))) for s in scripts
    ]
    order = {e.code: i for i, e in enumerate(plan.editions)}
    placed.sort(key=lambda e: (order[e.edition], -_timestamp(e.script), -e.script.number, e.key))
    feeds = {
        code: urls.podcast_feed(config, code)
        for code in dict.fromkeys(e.edition for e in placed if e.audio is not None)
    }
    shown = [e for e in placed if e.audio is not None or e.own_page]
    siblings: dict[str, list[Episode]] = defaultdict(list)
    for episode in shown:
        siblings[episode.key].append(episode)
    blocks = {
        (e.key, e.edition): _block(
            config,
            e,
            [other for other in siblings[e.key] if other is not e],
            feeds,
            strings[e.edition],
            chapter_strings.get(e.edition, {}),
        )
        for e in shown
    }
    return Podcast(
        tuple(placed),
        MappingProxyType(blocks),
        MappingProxyType(feeds),
        urls.podcast_cover(cover_suffix) if feeds else "",
        strings,
    )


def _timestamp(script: EpisodeScript) -> float:
    return (script.date or _EPOCH).timestamp()


def _place(
    config: Config,
    plan: Plan,
    entries: Mapping[tuple[str, str], Entry],
    script: EpisodeScript,
    stem: str,
    audio: AudioEpisode | None,
) -> Episode:
    code = script.lang
    own = entries.get((script.key, code))
    if own is not None:
        article = Article(own.title, own.path, code)
        page = own.path
    else:
        other = next(
            entries[(script.key, e.code)] for e in plan.editions if (script.key, e.code) in entries
        )
        article = Article(other.title, other.path, other.edition)
        page = urls.episode_page(config, code, stem)
    files: Mapping[str, str] = MappingProxyType({})
    if audio is not None:
        files = MappingProxyType(
            {
                kind: urls.episode_file(config, code, stem, suffix)
                for kind, (suffix, _) in FILES.items()
            }
        )
    return Episode(script, stem, page, article, audio, files)


def _block(
    config: Config,
    episode: Episode,
    others: Sequence[Episode],
    feeds: Mapping[str, str],
    t: Strings,
    chapters: Strings,
) -> Block:
    reader = config.language(episode.edition).locale
    other_links = tuple(
        OtherLink(
            t["other_language"].format(
                language=languages.name_in(config.language(other.edition).locale, reader)
            ),
            config.language(other.edition).tag,
            urls.href(config, other.page),
        )
        for other in others
    )
    heading = t["episode_heading"] if episode.own_page else t["listen"]
    number = t["episode_number"].format(number=episode.script.number)
    audio = episode.audio
    if audio is None:
        parts = _script_parts(episode.script, chapters)
        return Block(heading, number, parts, t, others=other_links, open=True)
    mp3 = urls.href(config, episode.files["mp3"])
    return Block(
        heading,
        number,
        _timed_parts(audio, mp3),
        t,
        audio_href=mp3,
        duration_text=clock(round(audio.duration)),
        duration_iso=iso_duration(audio.duration),
        download_text=t["download"].format(size=f"{audio.bytes / 1_000_000:.1f}"),
        files=tuple(
            FileLink(name, urls.href(config, episode.files[kind]), FILES[kind][1])
            for kind, name in TRANSCRIPT_LINKS
        ),
        others=other_links,
        feed_href=urls.href(config, feeds[episode.edition]),
        script_href=urls.href(config, PLAYER_SCRIPT),
        open=episode.own_page,
    )


def _timed_parts(audio: AudioEpisode, mp3: str) -> tuple[Part, ...]:
    """The transcript by chapter, every sentence with its time and a link into the MP3."""
    firsts = [chapter.segment for chapter in audio.chapters]
    lines: list[list[Line]] = [[] for _ in firsts]
    for sentence in audio.sentences:
        index = max(0, bisect.bisect_right(firsts, sentence.segment) - 1)
        lines[index].append(_line(sentence.text, sentence.start, mp3))
    parts = []
    for chapter, chapter_lines in zip(audio.chapters, lines, strict=True):
        at = _line("", chapter.start, mp3)
        parts.append(Part(chapter.title, tuple(chapter_lines), at.start, at.clock, at.href))
    return tuple(parts)


def _line(sentence: str, start: float, mp3: str) -> Line:
    seconds = f"{start:.3f}".rstrip("0").rstrip(".")
    return Line(sentence, seconds, clock(start), f"{mp3}#t={seconds}")


def _script_parts(script: EpisodeScript, chapters: Strings) -> tuple[Part, ...]:
    """The script as a transcript without times: one part per segment that says
    something, sentences split as the voice speaks them."""
    parts = []
    for index, segment in enumerate(script.segments):
        lines = tuple(Line(s) for p in segment.paragraphs for s in text.split_sentences(p))
        if lines:
            parts.append(Part(transcript.segment_title(script, index, chapters), lines))
    return tuple(parts)


def clock(seconds: float) -> str:
    """'0:07', '12:34', '1:02:03': a time as a player shows it (whole seconds, down)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """An HTML duration string: 'PT12M34S'."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def files(podcast: Podcast, config: Config, cover: Path | None) -> Iterator[Extra]:
    """Every file of the podcast the site publishes besides pages and feeds: each
    episode's MP3 (from the audio cache) with its captions, transcripts and chapters,
    and the cover. Only MP3s: WAVs never leave the voice stage."""
    for episode in podcast.audio:
        audio = episode.audio
        assert audio is not None
        yield Extra(urls.file(episode.files["mp3"]), source=audio.mp3)
        show = config.show_name(episode.edition)
        documents = transcript.documents(audio, config.podcast.host, show)
        for kind, document in sorted(documents.items()):
            yield Extra(urls.file(episode.files[kind]), data=document.encode("utf-8"))
    if podcast.cover and cover is not None:
        yield Extra(urls.file(podcast.cover), source=cover)
