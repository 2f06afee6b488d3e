"""The real speech engine at the seam, and the errors when it is missing."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from diglot import audio, tts

pytestmark = pytest.mark.voice


def test_espeak_is_available_and_versioned() -> None:
    assert tts.available()
    assert "espeak-ng 1." in tts.engine_version()
    assert "pyttsx3" in tts.engine_version()


@pytest.mark.parametrize(
    ("voice", "text"), [("en-us", "Small steps."), ("cmn-latn-pinyin", "每天進步一點點。")]
)
def test_the_engine_writes_a_wav_that_passes_verification(
    tmp_path: Path, voice: str, text: str
) -> None:
    engine = tts.Pyttsx3Engine()
    lengths = []
    for rate in (165, 330, 165):
        path = tmp_path / f"{rate}-{len(lengths)}.wav"
        engine.synthesize(text, voice, rate, path)
        lengths.append(audio.read_wav(path).seconds)
    assert lengths[0] > 0.5
    assert lengths[1] < 0.75 * lengths[0]  # the rate is applied, and applied in time
    assert lengths[2] == pytest.approx(lengths[0], abs=0.05)


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (ImportError("No module named 'pyttsx3'"), "pyttsx3 is not installed"),
        (RuntimeError("no espeak"), "apt-get install espeak-ng"),
    ],
)
def test_a_missing_engine_names_what_to_install(
    monkeypatch: pytest.MonkeyPatch, failure: Exception, message: str
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyttsx3"):
            raise failure
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert not tts.available()
    with pytest.raises(tts.EngineMissing, match=message):
        tts.Pyttsx3Engine()
