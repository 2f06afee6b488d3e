"""Transcripts and chapters from sentence timings: WebVTT, SRT, the Podcasting 2.0
JSON transcript and JSON chapters (`podcast:transcript`, `podcast:chapters`).

Pure functions from an `AudioEpisode` to text; the voice stage writes them beside
the MP3 and the feeds and episode pages link them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from diglot import i18n
from diglot.config import Config
from diglot.model import AudioEpisode, Chapter, EpisodeScript, TimedSentence

TRANSCRIPT_VERSION = "1.0.0"  # Podcasting 2.0 JSON transcript format
CHAPTERS_VERSION = "1.2.0"  # Podcasting 2.0 JSON chapters format
# kind -> (file suffix, MIME type as the feeds should announce it)
FILES = {
    "vtt": (".vtt", "text/vtt"),
    "srt": (".srt", "application/x-subrip"),
    "json": (".transcript.json", "application/json"),
    "chapters": (".chapters.json", "application/json+chapters"),
}
_FALLBACK_STRINGS = {"chapter_intro": "Intro", "chapter_outro": "Outro"}


def chapter_strings(config: Config) -> Mapping[str, Mapping[str, str]]:
    """Titles of the intro and outro chapters per language (templates/i18n/audio.*)."""
    return i18n.strings(config, "audio")


def chapters(
    script: EpisodeScript,
    sentences: Sequence[TimedSentence],
    strings: Mapping[str, str],
) -> tuple[Chapter, ...]:
    """One chapter per segment that says something: the intro, each section (titled by
    its heading, or by the episode title when it has none) and the outro."""
    result: list[Chapter] = []
    for sentence in sentences:
        if result and result[-1].segment == sentence.segment:
            continue
        start = 0.0 if not result else sentence.start
        result.append(
            Chapter(start, segment_title(script, sentence.segment, strings), sentence.segment)
        )
    return tuple(result)


def segment_title(script: EpisodeScript, index: int, strings: Mapping[str, str]) -> str:
    """The chapter title of a segment: its heading (or the episode title when a section
    has none), or the translated name of the intro or outro."""
    segment = script.segments[index]
    if segment.kind == "section":
        return segment.title or script.title
    key = f"chapter_{segment.kind}"
    return strings.get(key) or _FALLBACK_STRINGS[key]


def webvtt(episode: AudioEpisode) -> str:
    """WebVTT captions, one cue per sentence."""
    cues = [
        f"{i}\n{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{_cue_text(s.text)}\n"
        for i, s in enumerate(episode.sentences, 1)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def srt(episode: AudioEpisode) -> str:
    """SubRip captions, one numbered cue per sentence."""
    cues = [
        f"{i}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{_one_line(s.text)}\n"
        for i, s in enumerate(episode.sentences, 1)
    ]
    return "\n".join(cues)


def json_transcript(episode: AudioEpisode, speaker: str) -> str:
    """The Podcasting 2.0 JSON transcript: one segment per sentence, spoken by the host."""
    segments = [
        {"speaker": speaker, "startTime": s.start, "endTime": s.end, "body": s.text}
        for s in episode.sentences
    ]
    return _json({"version": TRANSCRIPT_VERSION, "segments": segments})


def chapters_json(episode: AudioEpisode, show: str = "") -> str:
    """The Podcasting 2.0 JSON chapters file."""
    document: dict[str, object] = {
        "version": CHAPTERS_VERSION,
        "title": episode.script.title,
    }
    if show:
        document["podcastName"] = show
    document["chapters"] = [{"startTime": c.start, "title": c.title} for c in episode.chapters]
    return _json(document)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _clock(seconds: float, decimal: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{millis:03d}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cue_text(text: str) -> str:
    """Cue text may not hold '-->' or raw '<' and '&' (they start tags and entities)."""
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def documents(episode: AudioEpisode, speaker: str, show: str) -> dict[str, str]:
    """Every transcript file of an episode: kind (see FILES) -> text."""
    return {
        "vtt": webvtt(episode),
        "srt": srt(episode),
        "json": json_transcript(episode, speaker),
        "chapters": chapters_json(episode, show),
    }
