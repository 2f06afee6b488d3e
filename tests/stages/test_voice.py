"""The voice stage with the real espeak-ng, and with broken engine doubles at the seam."""

from __future__ import annotations

import itertools
import re
import wave
from array import array
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from diglot import config, tts
from diglot.model import AudioEpisode
from diglot.stages import episodes, voice
from diglot.tts import SynthesisError

from episodes import chinese, english

pytestmark = pytest.mark.voice


def project(root: Path) -> config.Config:
    root.mkdir(parents=True, exist_ok=True)
    return config.load(root, {"en", "zh-tw"})


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[AudioEpisode, ...]:
    root = tmp_path_factory.mktemp("voice") / "project"
    return voice.synthesize([english(), chinese()], project(root), root / "podcast")


class Recording:
    """The real engine, noting what it was asked to say."""

    def __init__(self) -> None:
        self.engine = tts.Pyttsx3Engine()
        self.said: list[str] = []

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
        self.said.append(text)
        self.engine.synthesize(text, voice, rate, wav_path)


def test_scripts_become_tagged_mono_mp3s_of_the_expected_length(
    spoken: tuple[AudioEpisode, ...],
) -> None:
    for episode in spoken:
        mp3 = MP3(episode.mp3)
        assert mp3.info.channels == 1
        assert mp3.info.bitrate == 64000
        assert episode.bytes == episode.mp3.stat().st_size
        assert episode.duration == pytest.approx(mp3.info.length, abs=0.01)
        last = episode.sentences[-1]
        parts = sum(s.end - s.start for s in episode.sentences)
        pauses = sum(b.start - a.end for a, b in itertools.pairwise(episode.sentences))
        assert mp3.info.length == pytest.approx(parts + pauses + voice.SEGMENT_PAUSE, abs=0.5)
        assert last.end < mp3.info.length
        tags = ID3(episode.mp3)
        assert str(tags["TIT2"]) == episode.script.title
        assert str(tags["TPE1"]) == "Victor"
        assert str(tags["TRCK"]) == "1"
        assert str(tags["TDRC"]).startswith("2024")
    en, zh = spoken
    assert str(ID3(en.mp3)["TALB"]) == "Continuous Improvement"
    assert str(ID3(zh.mp3)["TALB"]) == "持續改進"
    assert str(ID3(zh.mp3)["TLAN"]) == "zho"
    assert en.mp3.name == zh.mp3.name == "posts--kaizen.mp3"
    assert [en.mp3.parent.name, zh.mp3.parent.name] == ["en", "zh-tw"]


def test_every_sentence_is_timed_in_order(spoken: tuple[AudioEpisode, ...]) -> None:
    en = spoken[0]
    assert [s.text for s in en.sentences] == [
        "Welcome to Continuous Improvement.",
        "Start small.",
        "Improve every day.",
        "Thanks for listening.",
    ]
    assert [s.segment for s in en.sentences] == [0, 1, 1, 2]
    for before, after in itertools.pairwise(en.sentences):
        assert before.start < before.end < after.start
    gap = en.sentences[2].start - en.sentences[1].end
    segment_gap = en.sentences[1].start - en.sentences[0].end
    assert gap == pytest.approx(voice.SENTENCE_PAUSE, abs=0.01)
    assert segment_gap == pytest.approx(voice.SEGMENT_PAUSE, abs=0.01)
    assert (en.chapters[0].title, en.chapters[0].start) == ("Intro", 0.0)
    assert [c.title for c in spoken[1].chapters] == ["開場", "小步前進", "結語"]


def test_latin_words_inside_chinese_get_the_english_voice(tmp_path: Path) -> None:
    plan = voice.plan(chinese(), project(tmp_path), "engine")
    mixed = plan.sentences[1]
    assert [(u.voice, u.text) for u in mixed.parts] == [
        ("cmn-latn-pinyin", "我們用"),
        ("en-us", "GitHub"),
        ("cmn-latn-pinyin", "記錄每天的進步。"),
    ]
    assert [u.voice for u in voice.plan(english(), project(tmp_path), "e").sentences[0].parts] == [
        "en-us"
    ]


def test_transcript_files_lie_beside_the_mp3(spoken: tuple[AudioEpisode, ...]) -> None:
    zh = spoken[1]
    assert sorted(p.name for p in zh.mp3.parent.iterdir()) == [
        "posts--kaizen.chapters.json",
        "posts--kaizen.mp3",
        "posts--kaizen.srt",
        "posts--kaizen.transcript.json",
        "posts--kaizen.vtt",
    ]
    assert all(path.is_file() for path in zh.files.values())
    vtt = zh.files["vtt"].read_text(encoding="utf-8")
    assert "我們用 GitHub 記錄每天的進步。" in vtt


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _no_engine() -> tts.SpeechEngine:
    raise AssertionError("the engine was started although everything was cached")


def test_a_second_run_speaks_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    cfg = project(tmp_path / "project")
    output = tmp_path / "project" / "podcast"
    first = voice.synthesize([english(), chinese()], cfg, output)
    before = _state(tmp_path / "project")
    second = voice.synthesize([english(), chinese()], cfg, output, engine_factory=_no_engine)
    assert [e.from_cache for e in first] == [False, False]
    assert [e.from_cache for e in second] == [True, True]
    assert _state(tmp_path / "project") == before
    assert [e.sentences for e in second] == [e.sentences for e in first]


def test_speak_gives_the_cache_s_episodes_and_writes_nothing_else(
    tmp_path: Path, spoken: tuple[AudioEpisode, ...]
) -> None:
    root = tmp_path / "project"
    voice.synthesize([english()], project(root), root / "podcast")  # fill the cache
    (episode,) = voice.speak([english()], project(root), engine_factory=_no_engine)
    assert episode.from_cache and episode.files == {}
    assert episode.mp3.is_relative_to(root / ".cache" / "audio")
    assert [s.text for s in episode.sentences] == [s.text for s in spoken[0].sentences]
    assert [c.title for c in episode.chapters] == [c.title for c in spoken[0].chapters]
    assert sorted(p.name for p in root.iterdir()) == [".cache", "podcast"]


def test_changing_one_script_speaks_only_that_one(tmp_path: Path) -> None:
    cfg = project(tmp_path / "project")
    output = tmp_path / "project" / "podcast"
    scripts = [english(), chinese(), english("posts/habits")]
    voice.synthesize(scripts, cfg, output)
    untouched = output / "en" / "posts--habits.mp3"
    stamp = untouched.stat().st_mtime_ns
    recording = Recording()
    edited = [english(), chinese(body="每天寫下一件小事。"), english("posts/habits")]
    result = voice.synthesize(edited, cfg, output, engine_factory=lambda: recording)
    assert [e.from_cache for e in result] == [True, False, True]
    assert set(recording.said) <= {"歡迎收聽持續改進。", "每天寫下一件小事。", "謝謝收聽。"}
    assert untouched.stat().st_mtime_ns == stamp
    assert "每天寫下一件小事。" in result[1].files["srt"].read_text(encoding="utf-8")


class Broken:
    """An engine double that fails the first `failures` calls in one way, then speaks
    with the real engine (or keeps failing when `failures` is None)."""

    def __init__(self, how: str, failures: int | None = 2) -> None:
        self.how = how
        self.failures = failures
        self.calls = 0
        self.real = tts.Pyttsx3Engine()

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
        self.calls += 1
        if self.failures is not None and self.calls > self.failures:
            self.real.synthesize(text, voice, rate, wav_path)
            return
        if self.how == "no file":
            return
        self.real.synthesize(text, voice, rate, wav_path)
        data = wav_path.read_bytes()
        if self.how == "truncated":  # returned while the file was still being written
            wav_path.write_bytes(data[: len(data) // 2])
        elif self.how == "cut off":  # a well-formed file whose audio stops mid-word
            with wave.open(str(wav_path)) as wav:
                samples = array("h", wav.readframes(wav.getnframes()))
            loudest = max(range(len(samples)), key=lambda i: abs(samples[i]))
            with wave.open(str(wav_path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)
                out.writeframes(samples[: loudest + 1].tobytes())
        elif self.how == "empty":
            with wave.open(str(wav_path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)


@pytest.mark.parametrize("how", ["no file", "truncated", "cut off", "empty"])
def test_bad_files_are_detected_and_retried(tmp_path: Path, how: str) -> None:
    engine = Broken(how, failures=2)
    script = english(body="Start small.")
    (episode,) = voice.synthesize(
        [script], project(tmp_path), tmp_path / "out", engine_factory=lambda: engine
    )
    sentences = len(voice.plan(script, project(tmp_path), "e").sentences)
    assert engine.calls == sentences + 2  # the first sentence was retried twice
    assert not episode.from_cache
    assert episode.duration > 2


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("no file", "no file was written"),
        ("truncated", "truncated: the header says"),
        ("cut off", "cut off"),
        ("empty", "empty: 0 frames"),
    ],
)
def test_a_synthesis_that_keeps_failing_names_the_episode(
    tmp_path: Path, how: str, reason: str
) -> None:
    engine = Broken(how, failures=None)
    with pytest.raises(SynthesisError) as failure:
        voice.synthesize(
            [chinese()], project(tmp_path), tmp_path / "out", engine_factory=lambda: engine
        )
    message = failure.value.format_message()
    assert message.startswith("episode 'posts/kaizen' (zh-tw): sentence 1 ")
    assert f"in {voice.ATTEMPTS} attempts" in message
    assert reason in message
    assert "歡迎收聽持續改進" in message
    assert engine.calls == voice.ATTEMPTS
    assert not (tmp_path / "out" / "zh-tw").exists()
    assert not list((tmp_path / ".cache").rglob("*.mp3"))


def test_a_failed_episode_does_not_stop_the_others(tmp_path: Path) -> None:
    cfg = project(tmp_path)

    def engine() -> tts.SpeechEngine:
        real = tts.Pyttsx3Engine()

        class HatesChinese:
            def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
                if voice != "cmn-latn-pinyin":
                    real.synthesize(text, voice, rate, wav_path)

        return HatesChinese()

    with pytest.raises(SynthesisError, match="'posts/kaizen' \\(zh-tw\\)"):
        voice.synthesize([english(), chinese()], cfg, tmp_path / "out", engine_factory=engine)
    assert (tmp_path / "out" / "en" / "posts--kaizen.mp3").is_file()
    assert not (tmp_path / "out" / "zh-tw").exists()


def test_an_unknown_voice_is_a_clear_error_without_retries(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "site.toml").write_text('[podcast]\nvoices = { en = "no-such" }\n', encoding="utf-8")
    cfg = config.load(root, {"en"})
    with pytest.raises(SynthesisError) as failure:
        voice.synthesize([english()], cfg, root / "podcast")
    message = failure.value.format_message()
    assert message == ("espeak-ng has no voice 'no-such'; list them with 'espeak-ng --voices'")


def test_parallel_jobs_make_the_same_episodes(
    tmp_path: Path, spoken: tuple[AudioEpisode, ...]
) -> None:
    scripts = [english(), chinese()]
    result = voice.synthesize(scripts, project(tmp_path / "p"), tmp_path / "p" / "out", jobs=2)
    for parallel, serial in zip(result, spoken, strict=True):
        assert parallel.duration == pytest.approx(serial.duration, abs=0.1)
        assert [s.text for s in parallel.sentences] == [s.text for s in serial.sentences]


def test_episode_files_are_named_after_their_keys() -> None:
    stems = episodes.file_stems(["posts/kaizen", "posts/Kaizen", "about us/intro"])
    assert stems["about us/intro"] == "about-us--intro"
    assert stems["posts/kaizen"] != stems["posts/Kaizen"]
    assert re.fullmatch(r"posts--kaizen-[0-9a-f]{8}", stems["posts/kaizen"])


def _engine_that_cannot_start() -> tts.SpeechEngine:
    raise RuntimeError("no audio device")  # not a DiglotError: the worker dies


def test_a_worker_that_dies_is_reported_per_episode(tmp_path: Path) -> None:
    with pytest.raises(SynthesisError) as failure:
        voice.synthesize(
            [english(), chinese()],
            project(tmp_path),
            tmp_path / "out",
            jobs=2,
            engine_factory=_engine_that_cannot_start,
        )
    lines = failure.value.format_message().splitlines()
    assert len(lines) == 2
    assert all("a speech worker process died" in line and "--jobs 1" in line for line in lines)
