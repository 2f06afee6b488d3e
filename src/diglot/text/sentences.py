"""Sentences in either script: where they end (。！？ or . ! ?), how pieces join (no
spaces between CJK characters) and how a sentence starts, continues and closes.
"""

from __future__ import annotations

import re

from diglot.text.counting import CJK_CHAR, LATIN_WORD, is_cjk

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
    match = LATIN_WORD.match(text)
    word = match.group() if match else ""
    if word == "A" or (
        len(word) > 1 and word[1].isalpha() and word[1:].islower() and word not in proper
    ):
        return word.lower() + text[len(word) :]
    return text


def start_sentence(text: str) -> str:
    """`text` as a sentence of its own: a lower-case first word gets its capital
    ('one review a week' -> 'One review a week'; 'iPhone' and Chinese stay as they are)."""
    match = LATIN_WORD.match(text)
    if match and match.group().islower():
        return text[0].upper() + text[1:]
    return text
