"""The one Markdown dialect every stage parses: CommonMark with tables, strikethrough,
footnotes, definition lists and task lists (markdown-it-py + mdit-py-plugins).

Rendering, podcast scripts and the Chinese lint all walk the same token stream, so
they agree on what is prose, code or a link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

EXTENSIONS = ("table", "strikethrough", "footnote", "deflist", "tasklists")

# A definition's ':' or '~' opens its line, after indentation or blockquote marks (a
# lone '\r' ends a line too: markdown-it reads it as '\n').
_DEFINITION = re.compile(r"(?:^|\r)[ \t>]*[:~]", re.MULTILINE)
_TASK = re.compile(r"\[[ xX]\]")


def parser(unsafe_html: bool = False) -> MarkdownIt:
    """A shared parser of the whole dialect; raw HTML is escaped unless `unsafe_html`."""
    return _shared(unsafe_html, frozenset(EXTENSIONS))


def parser_for(text: str, unsafe_html: bool = False) -> MarkdownIt:
    """A shared parser that gives `text` the same tokens as `parser` does, without the
    extensions `text` cannot use (no '|', no table): each rule left out is one less
    tried at every block or delimiter, ~10 % of the parsing of a typical article."""
    return _shared(unsafe_html, extensions_used(text))


def extensions_used(text: str) -> frozenset[str]:
    """The extensions whose syntax may occur in `text`: a superset, found by the
    character each needs (a table needs a '|', a footnote '[^' or '^[' ...)."""
    used = set()
    if "|" in text:
        used.add("table")
    if "~~" in text:
        used.add("strikethrough")
    if "[^" in text or "^[" in text:
        used.add("footnote")
    if _DEFINITION.search(text):
        used.add("deflist")
    if _TASK.search(text):
        used.add("tasklists")
    return frozenset(used)


@functools.cache
def _shared(unsafe_html: bool, extensions: frozenset[str]) -> MarkdownIt:
    return build(unsafe_html, extensions)


def build(unsafe_html: bool = False, extensions: Collection[str] = EXTENSIONS) -> MarkdownIt:
    """A new parser of the dialect (of only `extensions` of it), for a tool that adds
    rules of its own (the lint)."""
    md = MarkdownIt("commonmark", {"html": unsafe_html, "linkify": False, "typographer": False})
    core = [name for name in ("table", "strikethrough") if name in extensions]
    if core:
        md.enable(core)
    for name, plugin in (
        ("footnote", footnote_plugin),
        ("deflist", deflist_plugin),
        ("tasklists", tasklists_plugin),
    ):
        if name in extensions:
            md.use(plugin)
    if not unsafe_html:  # they would only ever decline; not asking them saves ~5%
        md.disable(["html_block", "html_inline"])
    return md


def tokens(text: str, unsafe_html: bool = False) -> list[Token]:
    return parser_for(text, unsafe_html).parse(text)


def heading_levels(text: str) -> list[int]:
    """The level of every heading, in order (fenced code cannot fake one)."""
    return [int(t.tag[1]) for t in tokens(text) if t.type == "heading_open"]
