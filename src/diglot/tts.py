"""The speech engine behind a small protocol: pyttsx3 on espeak-ng, imported lazily.

The voice stage only knows `SpeechEngine`: speak one piece of text with one voice
into one WAV file. Tests inject doubles at this seam; the real engine is the only
module that touches pyttsx3.
"""

from __future__ import annotations

import contextlib
import functools
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from diglot.errors import DiglotError

INSTALL_HINT = "install it with 'apt-get install espeak-ng' (Debian/Ubuntu)"


class SpeechEngine(Protocol):
    """Speaks text into a WAV file. Engines may fail or write a bad file: the voice
    stage verifies every file and retries, so an engine need not check its output."""

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None: ...


EngineFactory = Callable[[], SpeechEngine]


class EngineMissing(DiglotError):
    """No speech engine on this machine: names the system package to install."""


class SynthesisError(DiglotError):
    """Speech could not be made or verified, even after retries."""


class UnknownVoice(SynthesisError):
    """The engine has no such voice: a configuration error, not worth a retry."""


def _import_espeak() -> tuple[Any, Any]:
    """pyttsx3 and its espeak-ng binding, or EngineMissing naming the package."""
    try:
        import pyttsx3
        from pyttsx3.drivers import _espeak
    except ImportError as exc:
        raise EngineMissing(f"pyttsx3 is not installed ({exc}); run 'make site'") from None
    except (OSError, RuntimeError):
        # pyttsx3's binding raises RuntimeError when libespeak-ng is not found
        raise EngineMissing(f"the speech engine espeak-ng is missing; {INSTALL_HINT}") from None
    return pyttsx3, _espeak


def available() -> bool:
    """Whether speech can be made on this machine."""
    try:
        _import_espeak()
    except EngineMissing:
        return False
    return True


@functools.cache
def engine_version() -> str:
    """Versions of pyttsx3 and espeak-ng: part of every audio cache key, so upgrading
    the engine makes new audio. Does not start the engine (safe before a fork)."""
    from importlib.metadata import version

    _pyttsx3, espeak = _import_espeak()
    native = espeak.Info()
    native = native.decode() if isinstance(native, bytes) else str(native)
    return f"pyttsx3 {version('pyttsx3')}; espeak-ng {native}"


class Pyttsx3Engine:
    """pyttsx3 with the espeak-ng driver, made safe to call in a loop.

    The driver runs espeak-ng asynchronously: `runAndWait` may return before the WAV
    is written, and a property set while the previous utterance is still being made
    can apply late (wrong rate) or clear its buffer (an empty WAV). So every call waits
    until espeak-ng is idle before changing voice or rate and again before returning.
    Create it inside each worker process: a pyttsx3 engine hangs across a fork.
    """

    def __init__(self) -> None:
        _import_espeak()  # EngineMissing here, before anything is started
        self._espeak = _process_espeak()

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
        self._espeak.synthesize(text, voice, rate, wav_path)


@functools.cache
def _process_espeak() -> _Espeak:
    """The process's one espeak-ng engine. espeak-ng is process-wide (initialised once,
    one callback): a second pyttsx3 engine would take the callback over, and a dropped
    one resets it when collected, so every later utterance would hang. So the engine
    is made once per process and kept."""
    return _Espeak()


class _Espeak:
    TIMEOUT = 30.0  # seconds for one utterance; espeak-ng makes audio ~200x real time

    def __init__(self) -> None:
        pyttsx3, self._native = _import_espeak()
        try:
            self._engine = pyttsx3.init("espeak")
        except Exception as exc:  # pyttsx3 raises bare RuntimeError and others
            raise EngineMissing(f"espeak-ng could not start ({exc}); {INSTALL_HINT}") from None
        self._settings: tuple[str, int] | None = None
        self._errors: list[BaseException] = []  # pyttsx3 reports failed commands here
        self._engine.connect("error", lambda name, exception: self._errors.append(exception))
        self._quiet(self._engine.runAndWait)  # drains the proxy so settings apply at once

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
        self._wait_idle()
        if self._settings != (voice, rate):
            self._settings = None
            self._errors.clear()
            self._engine.setProperty("voice", voice)
            if self._errors:
                raise UnknownVoice(
                    f"espeak-ng has no voice {voice!r}; list them with 'espeak-ng --voices'"
                )
            self._engine.setProperty("rate", rate)
            self._wait_idle()
            self._settings = (voice, rate)

        def speak() -> None:
            self._engine.save_to_file(text, str(wav_path))
            self._engine.runAndWait()
            self._wait_idle()

        self._quiet(speak)

    def _wait_idle(self) -> None:
        deadline = time.monotonic() + self.TIMEOUT
        while self._engine.proxy.isBusy() or self._native.IsPlaying():
            if time.monotonic() > deadline:
                raise SynthesisError(f"espeak-ng did not finish within {self.TIMEOUT:.0f} s")
            time.sleep(0.001)

    @staticmethod
    def _quiet(call: Callable[[], None]) -> None:
        """Run a pyttsx3 call without its 'Audio saved to ...' prints on stdout."""
        with contextlib.redirect_stdout(io.StringIO()):
            call()
