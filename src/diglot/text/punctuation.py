"""The lint's punctuation and spacing rules for Chinese in either script: half-width
marks between Chinese characters, and spacing between Chinese and Latin text.
"""

from __future__ import annotations

import re

from diglot.text.counting import CJK_CHAR, is_cjk
from diglot.text.finding import Finding

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_FULL_WIDTH_PUNCT = set("，。、；：！？「」『』（）《》〈〉【】…—～")
_CLOSING = set("）」』》〉】")
_MARKUP = set("*_~")  # emphasis delimiters are looked through
_SPACES = " \t"
_PAREN_PAIR = re.compile(r"\(([^()]*)\)")
PUNCTUATION_NOTE = "half-width punctuation in Chinese text"


def punctuation_findings(line: str) -> list[Finding]:
    """`, ; : ? !` after a Chinese character and before another (or a full-width mark,
    or the end of the line), and `( )` around or beside Chinese text, with their
    full-width forms. Spaces after the mark go too: full-width marks carry their own."""
    found = []
    for index, char in enumerate(line):
        if char not in ",;:?!":
            continue
        previous = _before(line, index)
        if not (_is_cjk(previous) or previous in _CLOSING):
            continue
        after = index + 1
        while after < len(line) and line[after] in _SPACES:
            after += 1
        following = _after(line, index, spaces=True)
        if following is None:  # end of the line: keep trailing spaces (a hard break)
            after = index + 1
        elif not (_is_cjk(following) or following in _FULL_WIDTH_PUNCT):
            continue
        found.append(_punctuation(index, after, char))
    paired: set[int] = set()
    for match in _PAREN_PAIR.finditer(line):
        opening, closing = match.start(), match.end() - 1
        paired |= {opening, closing}
        if (
            CJK_CHAR.search(match.group(1))
            or _is_cjk(_before(line, opening))
            or _is_cjk(_after(line, closing))
        ):
            found += [
                _punctuation(opening, opening + 1, "("),
                _punctuation(closing, closing + 1, ")"),
            ]
    for index, char in enumerate(line):
        lone = char in "()" and index not in paired
        if lone and _is_cjk(_before(line, index)) and _is_cjk(_after(line, index)):
            found.append(_punctuation(index, index + 1, char))
    return sorted(found, key=lambda f: f.start)


def _punctuation(start: int, end: int, char: str) -> Finding:
    full = FULL_WIDTH[char]
    return Finding(start, end, full, char, full, "punctuation", PUNCTUATION_NOTE)


def _before(line: str, index: int) -> str | None:
    index -= 1
    while index >= 0 and line[index] in _MARKUP:
        index -= 1
    return line[index] if index >= 0 else None


def _after(line: str, index: int, spaces: bool = False) -> str | None:
    """The next character, looking through emphasis markers (and spaces if asked)."""
    skipped = _MARKUP | set(_SPACES) if spaces else _MARKUP
    index += 1
    while index < len(line) and line[index] in skipped:
        index += 1
    return line[index] if index < len(line) else None


def _is_cjk(char: str | None) -> bool:
    return char is not None and is_cjk(char)


# --- Spacing between Chinese and Latin text -------------------------------------------

_CJK, _LATIN = CJK_CHAR.pattern, "[A-Za-z0-9]"
_TOUCHING = re.compile(f"(?<={_CJK})(?={_LATIN})|(?<={_LATIN})(?={_CJK})")
_SPACED = re.compile(f"(?<={_CJK})[ \t]+(?={_LATIN})|(?<={_LATIN})[ \t]+(?={_CJK})")
MISSING_SPACE = "no space between Chinese and Latin text"
EXTRA_SPACE = "space between Chinese and Latin text"


def spacing_findings(line: str, mode: str) -> list[Finding]:
    """With 'require', a Chinese character touching a Latin letter or digit gets a space
    ('用Python' -> '用 Python'); with 'forbid', spaces between them go."""
    found = []
    if mode == "require":
        for match in _TOUCHING.finditer(line):
            i = match.start()
            pair = line[i - 1 : i + 1]
            found.append(Finding(i, i, " ", pair, f"{pair[0]} {pair[1]}", "spacing", MISSING_SPACE))
    elif mode == "forbid":
        for match in _SPACED.finditer(line):
            s, e = match.span()
            shown = line[s - 1 : e + 1]
            found.append(Finding(s, e, "", shown, shown[0] + shown[-1], "spacing", EXTRA_SPACE))
    return found
