"""A finding of the Chinese lint: a replacement for a range of one line of prose, with
the message to show; and how findings of several rules combine on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """Replace line[start:end] with `replacement`; `before -> after` is what the
    message shows (the same, or with a character of context for spacing)."""

    start: int
    end: int
    replacement: str
    before: str
    after: str
    code: str  # 'opencc', 'punctuation' or 'spacing'
    note: str

    @property
    def message(self) -> str:
        return f"'{self.before}' -> '{self.after}' ({self.note})"


def apply(line: str, found: Sequence[Finding]) -> str:
    """`line` with the replacements of non-overlapping `found` made."""
    out, last = [], 0
    for finding in sorted(found, key=lambda f: (f.start, f.end)):
        out += [line[last : finding.start], finding.replacement]
        last = finding.end
    return "".join(out) + line[last:]


def add(kept: list[Finding], more: list[Finding]) -> list[Finding]:
    """`kept` and those of `more` that do not clash with any of them."""
    return kept + [m for m in more if not any(_clash(m, k) for k in kept)]


def _clash(a: Finding, b: Finding) -> bool:
    """Overlapping ranges, or an insertion at either end of a replaced range."""
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end
