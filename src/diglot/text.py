"""Language rules for text, in one place: counting, reading time, sentences, slugs, OpenCC.

Every stage calls these instead of testing language codes itself. Rules depend on
the script of the text (Han characters or not), so mixed English and Chinese text
is handled in both languages alike.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# Han ideographs (with extensions and compatibility forms) and Japanese kana.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")  # counting runs, not characters, is ~3x faster
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’\-][A-Za-z0-9\u00c0-\u024f]+)*")

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
    return Counts(len(_LATIN_WORD.findall(text)), sum(map(len, _CJK_RUN.findall(text))))


def reading_minutes(text: str) -> int:
    """Whole minutes to read `text` silently, at least 1."""
    minutes = count(text).minutes(READING_WORDS_PER_MINUTE, READING_CJK_PER_MINUTE)
    return max(1, math.ceil(minutes))


def is_cjk(char: str) -> bool:
    return bool(CJK_CHAR.match(char))


# A sentence ends at 。！？ (with any closing quotes or brackets after them), or at
# . ! ? followed by a space or the end, unless the word before is a known abbreviation.
_CJK_END = re.compile(r"[。！？]+[」』）”’》〉]*")
_LATIN_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig"}


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, stripped; Chinese and English punctuation both end one."""
    sentences: list[str] = []
    start = 0
    for match in sorted(
        [*_CJK_END.finditer(text), *_LATIN_END.finditer(text)], key=lambda m: m.start()
    ):
        if match.start() < start:
            continue
        if match.group().startswith(".") and _is_abbreviation(text[start : match.start()]):
            continue
        piece = text[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_abbreviation(before: str) -> bool:
    word = re.split(r"\s", before.rstrip())[-1].lower() if before.strip() else ""
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", word))


def join_words(parts: list[str]) -> str:
    """Join text pieces with a space, but not between two CJK characters or before
    full-width punctuation, so Chinese gets no stray spaces and English keeps its own."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _needs_space(out[-1], part[0]):
            out += " "
        out += part
    return out


_FULL_WIDTH_PUNCT = set("，。、；：！？「」『』（）《》〈〉…—～")


def _needs_space(left: str, right: str) -> bool:
    if left in _FULL_WIDTH_PUNCT or right in _FULL_WIDTH_PUNCT:
        return False
    return not (is_cjk(left) and is_cjk(right))


def tidy(text: str) -> str:
    """Collapse all whitespace to single spaces, dropping it between CJK characters
    and around full-width punctuation (a Chinese line break is not a space)."""
    return join_words(text.split())


_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)\]」』）》〉]*$")


def close_sentence(text: str) -> str:
    """End `text` as a sentence: unchanged when it already ends with . ! ? 。！？,
    else a trailing ; , : is replaced by a full stop, full-width (。) when the text
    holds CJK characters."""
    text = text.strip().rstrip(";,:；，：、")
    if not text or _SENTENCE_END.search(text):
        return text
    return text + ("。" if CJK_CHAR.search(text) else ".")


_MID_SENTENCE_CAPITAL = re.compile(
    r"(?<=[a-z0-9,;:] )[A-Z][A-Za-z0-9\u00c0-\u024f]*(?:['’\-][A-Za-z0-9\u00c0-\u024f]+)*"
)


def proper_words(text: str) -> frozenset[str]:
    """Latin words that `text` capitalises in the middle of a sentence ('the Deming
    cycle'): names, which keep their capital after a lead-in (see `continue_sentence`)."""
    return frozenset(_MID_SENTENCE_CAPITAL.findall(text))


def continue_sentence(text: str, proper: frozenset[str]) -> str:
    """`text` as the continuation of a lead-in ("First, adding ..."): a capitalised
    first word is lower-cased unless it is a name (in `proper`), an acronym or 'I'."""
    match = _LATIN_WORD.match(text)
    word = match.group() if match else ""
    if word == "A" or (
        len(word) > 1 and word[1].isalpha() and word[1:].islower() and word not in proper
    ):
        return word.lower() + text[len(word) :]
    return text


def start_sentence(text: str) -> str:
    """`text` as a sentence of its own: a lower-case first word gets its capital
    ('one review a week' -> 'One review a week'; 'iPhone' and Chinese stay as they are)."""
    match = _LATIN_WORD.match(text)
    if match and match.group().islower():
        return text[0].upper() + text[1:]
    return text


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


def slugify(text: str) -> str:
    """A URL- and id-safe slug that keeps CJK characters: 'Kaizen 改善!' -> 'kaizen-改善'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")


@functools.cache
def _converter(conversion: str) -> Any:
    import opencc  # imported lazily: only Chinese projects pay for loading its tables

    name = conversion.removesuffix(".json")
    return opencc.OpenCC(name)


def convert(text: str, conversion: str) -> str:
    """Convert Chinese text with an OpenCC configuration such as 's2twp' or 'tw2sp'."""
    if not text:
        return text
    return str(_converter(conversion).convert(text))


def valid_conversion(conversion: str) -> bool:
    try:
        _converter(conversion)
    except Exception:  # opencc raises a bare RuntimeError or its own type
        return False
    return True
