"""WAV verification, joining and encoding, on WAV files made here (no engine)."""

from __future__ import annotations

import io
import math
import wave
from array import array
from pathlib import Path

import pytest

from diglot import audio

RATE = 22050


def tone(seconds: float, then_silence: float = 0.2) -> array[int]:
    loud = [
        round(8000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(int(seconds * RATE))
    ]
    return array("h", loud) + audio.silence(then_silence, RATE)


def wav_bytes(samples: array[int], channels: int = 1, rate: int = RATE) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return out.getvalue()


def test_a_good_wav_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(wav_bytes(tone(0.5)))
    pcm = audio.read_wav(path)
    assert pcm.rate == RATE
    assert pcm.seconds == pytest.approx(0.7, abs=0.001)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (None, "no file was written"),
        (b"RIFF\x00\x00", "not a valid WAV file"),
        (b"", r"not a valid WAV file \(too short\)"),
        (wav_bytes(tone(0.5))[:-3000], "truncated: the header says 15435 frames"),
        (wav_bytes(array("h")), "empty: 0 frames"),
        (wav_bytes(tone(0.5), channels=2), "expected 16-bit mono"),
        (wav_bytes(tone(0.5, then_silence=0)), "cut off"),
    ],
)
def test_a_bad_wav_says_why(tmp_path: Path, data: bytes | None, reason: str) -> None:
    path = tmp_path / "a.wav"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(audio.BadWav, match=reason):
        audio.read_wav(path)


def test_trim_keeps_only_a_little_silence_at_the_joins() -> None:
    samples = audio.silence(0.3, RATE) + tone(0.5, then_silence=0.3)
    trimmed = audio.trim(audio.Pcm(samples, RATE), head=0.04, tail=0.04)
    assert trimmed.seconds == pytest.approx(0.58, abs=0.01)
    silent = audio.trim(audio.Pcm(audio.silence(0.2, RATE), RATE), 0.0, 0.0)
    assert len(silent.samples) == 0


def test_mp3_is_mono_at_the_bitrate_with_tags(tmp_path: Path) -> None:
    path = tmp_path / "a.mp3"
    path.write_bytes(audio.encode_mp3(audio.Pcm(tone(2.0), RATE), 48))
    tags = audio.Tags("Title", "Show", "Host", "2024-03-04", "eng", 3, "About.", b"", "")
    audio.write_tags(path, tags)
    info = audio.mp3_info(path)
    assert (info.channels, info.bitrate, info.sample_rate) == (1, 48000, RATE)
    assert info.duration == pytest.approx(2.2, abs=0.1)
