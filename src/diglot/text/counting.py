"""Counting text in either script: English words and CJK characters (reading time,
speaking time) and the runs of Latin text inside Chinese (spoken with another voice).

Rules depend on the script of the text (Han characters or not), not on a language
code, so mixed English and Chinese text is handled in both languages alike.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Han ideographs (with extensions and compatibility forms) and Japanese kana.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")  # counting runs, not characters, is ~3x faster
# The first byte in UTF-8 of every character of _CJK_CLASS: text without any of them has
# no CJK to count, which is ~10x faster to learn than by scanning it with _CJK_RUN.
_CJK_LEAD_BYTES = tuple(bytes([b]) for b in (*range(0xE3, 0xEA), 0xEF, 0xF0))
# possessive (no backtracking): a word and its joiners have no character in common
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]++(?:['’\-][A-Za-z0-9\u00c0-\u024f]++)*+")

READING_WORDS_PER_MINUTE = 230
READING_CJK_PER_MINUTE = 400


@dataclass(frozen=True)
class Counts:
    """How much there is to read or say: Latin-script words and CJK characters."""

    words: int
    cjk: int

    def minutes(self, words_per_minute: float, cjk_per_minute: float) -> float:
        return self.words / words_per_minute + self.cjk / cjk_per_minute

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.cjk + other.cjk)


def count(text: str) -> Counts:
    """Words of Latin-script text and characters of CJK text; mixed text counts both."""
    return Counts(len(LATIN_WORD.findall(text)), _cjk_count(text))


def _cjk_count(text: str) -> int:
    encoded = text.encode("utf-8", "surrogatepass")
    if not any(lead in encoded for lead in _CJK_LEAD_BYTES):
        return 0
    return sum(map(len, _CJK_RUN.findall(text)))


def reading_minutes(text: str) -> int:
    """Whole minutes to read `text` silently, at least 1."""
    minutes = count(text).minutes(READING_WORDS_PER_MINUTE, READING_CJK_PER_MINUTE)
    return max(1, math.ceil(minutes))


def is_cjk(char: str) -> bool:
    return bool(CJK_CHAR.match(char))


# A Latin run starts and ends with an ASCII letter or digit and contains at least one
# letter; it may hold spaces and Latin punctuation between words ("CI/CD", "Kubernetes 1.30").
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\s.,'’/+&:_\-]*[A-Za-z0-9+]|[A-Za-z]")


def script_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into runs of (is_latin, text): English words inside Chinese text are
    spoken with an English voice and tagged <lang xml:lang="en"> in SSML. Digits with
    no letter stay in the surrounding run, so '2024年' is read as Chinese."""
    runs: list[tuple[bool, str]] = []
    position = 0
    for match in _LATIN_RUN.finditer(text):
        if not re.search(r"[A-Za-z]", match.group()):
            continue
        if match.start() > position:
            runs.append((False, text[position : match.start()]))
        runs.append((True, match.group()))
        position = match.end()
    if position < len(text):
        runs.append((False, text[position:]))
    return runs
