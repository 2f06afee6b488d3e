"""Sound as data: verify a WAV an engine wrote, join speech with pauses, encode MP3
(lameenc), tag it (mutagen) and read its real length back.

Samples are 16-bit mono PCM held as `array('h')`; every WAV is checked before use,
so a missing, empty, half-written or cut-off file never reaches an episode.
"""

from __future__ import annotations

import importlib
import io
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diglot.errors import DiglotError

SILENCE_LEVEL = 600  # peak below this (of 32767, about -35 dBFS) counts as silence
_WINDOW_SECONDS = 0.005


class BadWav(Exception):
    """A WAV file an engine wrote is unusable; the message says why (for retries)."""


class EncoderMissing(DiglotError):
    """lameenc or mutagen is not installed."""


@dataclass(frozen=True)
class Pcm:
    """16-bit mono samples at one sample rate."""

    samples: array[int]
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def read_wav(path: Path) -> Pcm:
    """The samples of a WAV file, or BadWav: missing, still being written (size not
    stable or shorter than its header says), not 16-bit mono PCM, empty, or cut off
    mid-speech (an utterance always ends in the engine's end-of-sentence pause)."""
    try:
        size = path.stat().st_size
        data = path.read_bytes()
        stable = path.stat().st_size == size == len(data)
    except FileNotFoundError:
        raise BadWav("no file was written") from None
    if not stable:
        raise BadWav("the file was still being written")
    try:
        with wave.open(io.BytesIO(data)) as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            declared = wav.getnframes()
            frames = wav.readframes(declared)
    except (wave.Error, EOFError) as exc:
        raise BadWav(f"not a valid WAV file ({str(exc) or 'too short'})") from None
    if channels != 1 or width != 2:
        raise BadWav(f"expected 16-bit mono, got {8 * width}-bit with {channels} channels")
    held = len(frames) // 2
    if held < declared:
        raise BadWav(f"truncated: the header says {declared} frames, the file holds {held}")
    if declared == 0:
        raise BadWav("empty: 0 frames of audio")
    samples = array("h", frames)
    tail = min(len(samples), max(1, int(rate * 0.02)))
    if peak(samples[-tail:]) >= SILENCE_LEVEL:
        raise BadWav("cut off: the audio ends mid-speech instead of in a pause")
    return Pcm(samples, rate)


def peak(samples: array[int]) -> int:
    """Largest absolute sample value (0 for no samples)."""
    return max(max(samples), -min(samples)) if samples else 0


def silent_head(pcm: Pcm) -> int:
    """Number of leading samples that are silence."""
    return _silent_run(pcm, reverse=False)


def silent_tail(pcm: Pcm) -> int:
    """Number of trailing samples that are silence."""
    return _silent_run(pcm, reverse=True)


def _silent_run(pcm: Pcm, reverse: bool) -> int:
    window = max(1, int(pcm.rate * _WINDOW_SECONDS))
    total = len(pcm.samples)
    run = 0
    while run < total:
        chunk = (
            pcm.samples[max(0, total - run - window) : total - run]
            if reverse
            else pcm.samples[run : run + window]
        )
        if peak(chunk) >= SILENCE_LEVEL:
            break
        run += len(chunk)
    return min(run, total)


def trim(pcm: Pcm, head: float, tail: float) -> Pcm:
    """Shorten leading and trailing silence to at most `head` and `tail` seconds, so
    pieces of one sentence in two voices join without the engine's end pauses."""
    cut_head = max(0, silent_head(pcm) - int(head * pcm.rate))
    cut_tail = max(0, silent_tail(pcm) - int(tail * pcm.rate))
    end = len(pcm.samples) - cut_tail
    if cut_head >= end:
        return Pcm(array("h"), pcm.rate)
    return Pcm(pcm.samples[cut_head:end], pcm.rate)


def silence(seconds: float, rate: int) -> array[int]:
    return array("h", bytes(2 * round(seconds * rate)))


def encode_mp3(pcm: Pcm, bitrate: int) -> bytes:
    """MP3 bytes of mono PCM at a constant bitrate (kbit/s)."""
    try:
        import lameenc
    except ImportError:
        raise EncoderMissing("lameenc is not installed; run 'make site'") from None
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(pcm.rate)
    encoder.set_channels(1)
    encoder.set_quality(7)  # LAME "fast, ok": plenty for synthetic speech, 3x faster than 2
    return bytes(encoder.encode(pcm.samples.tobytes()) + encoder.flush())


@dataclass(frozen=True)
class Tags:
    """ID3 tags of an episode."""

    title: str
    show: str
    host: str
    date: str  # 'YYYY-MM-DD' or ''
    language: str  # ISO 639-2, e.g. 'eng', 'zho'
    track: int
    comment: str
    cover: bytes = b""
    cover_mime: str = ""


def write_tags(path: Path, tags: Tags) -> None:
    """Replace the ID3 tags of an MP3 file (ID3v2.3, read by every podcast app)."""
    id3 = _mutagen("mutagen.id3")
    frames = id3.ID3()
    frames.add(id3.TIT2(encoding=3, text=tags.title))
    frames.add(id3.TALB(encoding=3, text=tags.show))
    frames.add(id3.TPE1(encoding=3, text=tags.host))
    frames.add(id3.TCON(encoding=3, text="Podcast"))
    frames.add(id3.TLAN(encoding=3, text=tags.language))
    if tags.track:
        frames.add(id3.TRCK(encoding=3, text=str(tags.track)))
    if tags.date:
        frames.add(id3.TDRC(encoding=3, text=tags.date))
    if tags.comment:
        frames.add(id3.COMM(encoding=3, lang=tags.language, desc="", text=tags.comment))
    if tags.cover:
        frames.add(
            id3.APIC(encoding=3, mime=tags.cover_mime, type=3, desc="Cover", data=tags.cover)
        )
    frames.save(str(path), v2_version=3)


def _mutagen(module: str) -> Any:
    """A mutagen module, untyped: its partial annotations do not help here."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise EncoderMissing("mutagen is not installed; run 'make site'") from None


@dataclass(frozen=True)
class Mp3Info:
    duration: float
    channels: int
    bitrate: int  # bit/s
    sample_rate: int


def mp3_info(path: Path) -> Mp3Info:
    """What a player will see: the length and format read back from the MP3 file."""
    info = _mutagen("mutagen.mp3").MP3(str(path)).info
    return Mp3Info(float(info.length), int(info.channels), int(info.bitrate), info.sample_rate)
