"""The lint's OpenCC rule: simplified characters and mainland wording in Taiwan
Traditional prose, found by what OpenCC `s2twp` would change, minus what Taiwan writes
that way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from diglot.text.conversion import convert
from diglot.text.finding import Finding

TAIWAN = "s2twp"  # Simplified (or mainland wording) -> Taiwan Traditional with Taiwan phrases
SIMPLIFIED_CHARACTER = "simplified character"
MAINLAND_WORDING = "mainland wording"

_CHUNK = re.compile(r"\w+")  # OpenCC changes word characters only; phrases never span others


def opencc_findings(line: str, allow: Sequence[str] = ()) -> list[Finding]:
    """What OpenCC `s2twp` would change, as words, minus what Taiwan writes that way.

    `s2twp` converts characters and then rewrites mainland words into Taiwan ones.
    Run on text that is already Taiwan Traditional it also "corrects" a lot that is
    right, so a difference is reported only when:

    - it is a wording change (plain `s2tw` would not make it) and OpenCC does not
      know the source as a Taiwan word of its own: `tw2sp` gives back its plain
      Simplified form. '軟件' -> '軟體' and '默認' -> '預設' are reported; '文件' ->
      '檔案' and '程序' -> '程式' are not, as `tw2sp` knows 文件 and 程序 as Taiwan
      words (mainland '文档', '进程');
    - or it is a character change in a line that contains a character that is
      Simplified only: one `s2tw` changes, `tw2s` leaves alone (it is not a
      Traditional form) and that is not among Taiwan's frequently used characters
      (Big5 level 1). Characters such as 台, 里, 后, 游, 布 or 干 are Traditional
      characters too; OpenCC rewrites them anyway (台灣 -> 臺灣, 干擾 -> 幹擾), so they
      are only reported in a line evidently pasted from a Simplified source.

    Measured on 30,000 Taiwan Traditional strings (the zh_TW translations of the
    Debian packages installed here, 614,000 characters): raw `s2twp` changes about
    3,300 words; this rule reports 2 character changes, both real (虚, 组), and 2,680
    wording changes, mostly IT terms where OpenCC prefers another Taiwan word
    (參數 -> 引數, 類型 -> 型別, 項目 -> 專案): keep those with `lint.allow`. On the
    same text converted to Simplified with `tw2sp`, fixing converts all of its
    98,000 Simplified-only characters, and nothing is reported after fixing either
    text; the sample articles, so converted and fixed, come back but for 33 of 15,700
    characters, OpenCC's own choices (計劃 for 計畫, 周 for 週) and code.

    Words in `allow` are kept as written and split the text around them.
    """
    found: list[Finding] = []
    pasted = any(_simplified_only(char) for char in line)
    for start, chunk in _chunks(line, allow):
        found += [
            Finding(start + s, start + e, after, before, after, "opencc", note)
            for s, e, before, after, note in _merged(_settled(chunk, pasted))
        ]
    return found


Piece = tuple[int, int, str, str, str]  # start, end, source text, Taiwan text, note


def _chunks(line: str, allow: Sequence[str]) -> list[tuple[int, str]]:
    kept = [m.span() for m in _allowed(tuple(allow)).finditer(line)] if allow else []
    chunks = []
    for match in _CHUNK.finditer(line):
        start, end = match.span()
        cuts = [(s, e) for s, e in kept if s < end and e > start]
        position = start
        for s, e in cuts:
            if s > position:
                chunks.append((position, line[position:s]))
            position = max(position, e)
        if position < end:
            chunks.append((position, line[position:end]))
    return chunks


@functools.cache
def _allowed(allow: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({w for w in allow if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) or "(?!)")


def _settled(chunk: str, pasted: bool, depth: int = 0) -> list[Piece]:
    """The reported pieces of `chunk`, such that fixing them leaves nothing to report.

    OpenCC is not idempotent: its output can match another phrase ('连接程序' ->
    '連線程序', whose '線程' becomes '執行緒'). A word whose replacement would be
    rewritten again is OpenCC disagreeing with itself: only its characters are
    converted ('連接程序'). A difference that shows once its neighbour is fixed is
    reported with the first pass; one that overlaps fixed characters ('会发送' ->
    '會發送' -> '會傳送') is left to the next pass of `fix`."""
    pieces = _reported(chunk, pasted)
    if not pieces or depth == 3:
        return pieces
    for _ in range(3):
        fixed, spans = _apply_pieces(chunk, pieces)
        unstable: set[int] = set()
        more: list[Piece] = []
        for s, e, before, after, note in _settled(fixed, pasted, depth + 1):
            hit = {i for i, (a, b) in enumerate(spans) if a < e and s < b}
            unstable |= {i for i in hit if pieces[i][4] == MAINLAND_WORDING}
            if not hit:
                origin = _origin(pieces, s)
                more.append((origin, origin + e - s, before, after, note))
        if not unstable and not more:
            break
        for i in unstable:
            s, e, before, _after, _note = pieces[i]
            if convert(before, "s2tw") != before:
                more.append((s, e, before, convert(before, "s2tw"), SIMPLIFIED_CHARACTER))
        pieces = sorted([p for i, p in enumerate(pieces) if i not in unstable] + more)
    return pieces


def _reported(chunk: str, pasted: bool) -> list[Piece]:
    pieces = []
    for start, before, after in _pieces(chunk):
        judged = _judge(before, after, pasted)
        if judged:
            pieces.append((start, start + len(before), before, *judged))
    return pieces


def _pieces(chunk: str) -> list[tuple[int, str, str]]:
    """The smallest pieces that OpenCC converts independently, where it changes them.

    OpenCC's bindings do not expose its word segmentation, so cut points are found
    by conversion: a cut is valid when converting both sides apart gives the same
    text as converting them together."""
    target = convert(chunk, TAIWAN)
    if target == chunk:
        return []
    changed, start = [], 0
    while start < len(chunk):
        for end in range(start + 1, len(chunk) + 1):
            head = convert(chunk[start:end], TAIWAN)
            if not target.startswith(head):
                continue
            rest = convert(chunk[end:], TAIWAN)
            if head + rest == target:
                if head != chunk[start:end]:
                    changed.append((start, chunk[start:end], head))
                start, target = end, rest
                break
        else:  # unreachable: the whole rest is always a valid piece
            break
    return changed


def _judge(before: str, after: str, pasted: bool) -> tuple[str, str] | None:
    """The replacement and its note, or None when `before` is fine in Taiwan."""
    characters = convert(before, "s2tw")
    if characters == after:
        return (after, SIMPLIFIED_CHARACTER) if pasted else None
    if convert(before, "tw2sp") == convert(before, "tw2s"):
        return after, MAINLAND_WORDING
    # OpenCC knows `before` as a Taiwan word of its own: fix its characters only
    return (characters, SIMPLIFIED_CHARACTER) if pasted and characters != before else None


@functools.cache
def _simplified_only(char: str) -> bool:
    return (
        convert(char, "s2tw") != char
        and convert(char, "tw2s") == char
        and not _frequent_in_taiwan(char)
    )


def _frequent_in_taiwan(char: str) -> bool:
    """One of the 5,401 frequently used characters of Big5, Taiwan's character set."""
    try:
        code = int.from_bytes(char.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= code <= 0xC67E


def _apply_pieces(chunk: str, pieces: list[Piece]) -> tuple[str, list[tuple[int, int]]]:
    out, spans, last, position = [], [], 0, 0
    for start, end, _before, after, _note in pieces:
        out.append(chunk[last:start])
        position += start - last
        spans.append((position, position + len(after)))
        out.append(after)
        position += len(after)
        last = end
    return "".join(out) + chunk[last:], spans


def _origin(pieces: list[Piece], position: int) -> int:
    """Where `position` of the fixed text was before `pieces` were applied."""
    shift = 0
    for start, end, _before, after, _note in pieces:
        if start + shift >= position:
            break
        shift += len(after) - (end - start)
    return position - shift


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent pieces of one kind as one finding: '这个' rather than '这' and '个'."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1][1] == piece[0] and merged[-1][4] == piece[4]:
            s, _e, before, after, note = merged[-1]
            merged[-1] = (s, piece[1], before + piece[2], after + piece[3], note)
        else:
            merged.append(piece)
    return merged
