"""Transcripts and chapters: WebVTT, SRT and the Podcasting 2.0 JSON formats."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

from diglot.model import AudioEpisode, Segment, TimedSentence
from diglot.stages import transcript

from episodes import chinese

SENTENCES = (
    TimedSentence(0.0, 2.7, "歡迎收聽持續改進。", 0),
    TimedSentence(3.9, 8.97, "我們用 GitHub 記錄 <每天> & 進步。", 1),
    TimedSentence(3725.5, 3727.25, "謝謝收聽。", 2),
)
SCRIPT = chinese()
STRINGS = {"chapter_intro": "開場", "chapter_outro": "結語"}


def episode() -> AudioEpisode:
    return AudioEpisode(
        script=SCRIPT,
        name="posts-kaizen",
        mp3=Path("/out/zh-tw/posts-kaizen.mp3"),
        bytes=1000,
        duration=3728.0,
        sentences=SENTENCES,
        chapters=transcript.chapters(SCRIPT, SENTENCES, STRINGS),
    )


CLOCK = r"(\d\d):(\d\d):(\d\d)[.,](\d\d\d)"


def _seconds(match: tuple[str, ...]) -> float:
    hours, minutes, seconds, millis = (int(x) for x in match)
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _cues(text: str) -> list[tuple[float, float]]:
    return [
        (_seconds(m[:4]), _seconds(m[4:]))
        for m in re.findall(rf"^{CLOCK} --> {CLOCK}$", text, flags=re.MULTILINE)
    ]


def _check_timing(cues: list[tuple[float, float]], item: AudioEpisode) -> None:
    assert len(cues) == len(item.sentences)
    assert cues[0][0] == 0.0
    for (start, end), (next_start, _) in itertools.pairwise(cues):
        assert start < end <= next_start
    assert 0 < cues[-1][1] <= item.duration


def test_webvtt_is_well_formed_and_escapes_cue_text() -> None:
    text = transcript.webvtt(episode())
    assert text.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.700\n歡迎收聽持續改進。\n\n")
    assert "我們用 GitHub 記錄 &lt;每天&gt; &amp; 進步。" in text
    assert "01:02:05.500 --> 01:02:07.250" in text
    _check_timing(_cues(text), episode())
    blocks = text.strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    assert all(len(block.splitlines()) == 3 for block in blocks[1:])


def test_srt_numbers_its_cues_and_uses_commas() -> None:
    text = transcript.srt(episode())
    blocks = text.strip().split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == ["1", "2", "3"]
    assert blocks[1].splitlines()[1] == "00:00:03,900 --> 00:00:08,970"
    assert "<每天> & 進步" in blocks[1]
    _check_timing(_cues(text), episode())


def test_json_transcript_follows_podcasting_2() -> None:
    data = json.loads(transcript.json_transcript(episode(), "Victor"))
    assert data["version"] == "1.0.0"
    assert data["segments"][1] == {
        "speaker": "Victor",
        "startTime": 3.9,
        "endTime": 8.97,
        "body": "我們用 GitHub 記錄 <每天> & 進步。",
    }
    assert len(data["segments"]) == 3


def test_chapters_json_has_intro_sections_and_outro() -> None:
    data = json.loads(transcript.chapters_json(episode(), "持續改進"))
    assert data["version"] == "1.2.0"
    assert data["title"] == "改善"
    assert data["podcastName"] == "持續改進"
    assert data["chapters"] == [
        {"startTime": 0.0, "title": "開場"},
        {"startTime": 3.9, "title": "小步前進"},
        {"startTime": 3725.5, "title": "結語"},
    ]


def test_an_untitled_section_is_named_after_the_episode() -> None:
    script = chinese()
    untitled = Segment("section", "", ("開場白之後。",))
    script = replace(script, segments=(script.segments[0], untitled))
    sentences = (TimedSentence(0, 1, "a", 0), TimedSentence(2, 3, "b", 1))
    chapters = transcript.chapters(script, sentences, {})
    assert [(c.start, c.title) for c in chapters] == [(0.0, "Intro"), (2, "改善")]


def test_documents_cover_every_file_kind() -> None:
    assert set(transcript.documents(episode(), "Victor", "持續改進")) == set(transcript.FILES)
