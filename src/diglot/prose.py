"""Where the prose is in a Markdown body: each line with every character that is not
prose (code, URLs, link targets, HTML, escapes, block markers) replaced by HIDDEN.

The Chinese lint checks and fixes only what is left. Blocks are found with the
shared parser's `token.map`; inline text has no positions, so the inline rules that
make code, links, autolinks, HTML and escapes record where they matched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from diglot import markdown

HIDDEN = "\ufffc"  # stands in for a character that is not prose; same length, same columns

_META = "diglot_hidden"
_BREAK = re.compile(r"\r\n|\r|\n")  # markdown-it counts lines the same way
_BARE = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>，。、；：！？「」『』（）【】《》]*"  # bare URLs
    r"|\{\{[<%].*?[>%]\}\}"  # Hugo shortcodes
)


@dataclass(frozen=True)
class Line:
    """One line of a body that holds prose."""

    index: int  # 0-based line of the body
    start: int  # offset of the line in the body
    source: str  # the line as written, without its line break
    text: str  # the same, with every character that is not prose HIDDEN

    def unmask(self, text: str) -> str:
        """`text`, made from `self.text` by changes outside HIDDEN characters, with the
        hidden characters of the source put back in their places."""
        hidden = iter([s for s, t in zip(self.source, self.text, strict=True) if t == HIDDEN])
        return "".join(next(hidden) if char == HIDDEN else char for char in text)


def lines(body: str) -> list[Line]:
    """The lines of `body` that hold prose, in order."""
    spans, start = [], 0
    for match in _BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    visible: dict[int, list[str]] = {}
    searched_to: dict[int, int] = {}  # several table cells share a line
    for token in _parser().parse(body):
        if token.type != "inline" or token.map is None:
            continue
        shown = _visible(token).split("\n")
        for offset, written in enumerate(token.content.split("\n")):
            index = token.map[0] + offset
            if not written or index >= len(spans):
                continue
            source = body[slice(*spans[index])]
            column = source.find(written, searched_to.get(index, 0))
            if column < 0:  # not written as parsed (tabs, escaped pipes): leave it alone
                continue
            searched_to[index] = column + len(written)
            chars = visible.setdefault(index, [HIDDEN] * len(source))
            chars[column : column + len(written)] = shown[offset]
    return [
        Line(index, spans[index][0], body[slice(*spans[index])], "".join(chars))
        for index, chars in sorted(visible.items())
        if any(c != HIDDEN for c in chars)
    ]


def _visible(token: Token) -> str:
    """The inline source of `token` with what is not prose HIDDEN (line breaks kept)."""
    chars = list(token.content)
    for child in token.children or []:
        for start, end in child.meta.get(_META, ()):
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = HIDDEN
    return _BARE.sub(lambda m: re.sub(r"[^\n]", HIDDEN, m.group()), "".join(chars))


Rule = Callable[[StateInline, bool], bool]
Hide = Callable[[StateInline, int, int], tuple[int, int]]


def _whole(state: StateInline, start: int, end: int) -> tuple[int, int]:
    return start, end


def _link_target(state: StateInline, start: int, end: int) -> tuple[int, int]:
    """A link's text is prose; from its closing ']' on ('](url "title")') it is not."""
    return state.md.helpers.parseLinkLabel(state, start, True), end


def _image_target(state: StateInline, start: int, end: int) -> tuple[int, int]:
    return state.md.helpers.parseLinkLabel(state, start + 1, False), end


_HIDES: dict[str, Hide] = {
    "escape": _whole,  # '\(' stays as written: a full-width mark cannot be escaped
    "backticks": _whole,
    "link": _link_target,
    "image": _image_target,
    "autolink": _whole,
    "html_inline": _whole,
    "entity": _whole,
    "footnote_ref": _whole,
}


@functools.cache
def _parser() -> MarkdownIt:
    """The shared dialect with raw HTML recognised (so tags are not taken for text) and
    the inline rules above recording what they matched on the token they make (kept
    apart: joining text tokens would drop the record)."""
    md = markdown.build(unsafe_html=True)
    md.core.ruler.disable("text_join")
    ruler = md.inline.ruler
    for name, hide in _HIDES.items():
        index = ruler.__find__(name)
        if index >= 0:
            ruler.at(name, _recording(ruler.__rules__[index].fn, hide))
    return md


def _recording(rule: Rule, hide: Hide) -> Rule:
    def recorded(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > count:
            span = hide(state, start, state.pos)
            state.tokens[-1].meta.setdefault(_META, []).append(span)
        return True

    return recorded
