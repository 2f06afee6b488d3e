"""The one Markdown dialect every stage parses: CommonMark with tables, strikethrough,
footnotes, definition lists and task lists (markdown-it-py + mdit-py-plugins).

Rendering, podcast scripts and the Chinese lint all walk the same token stream, so
they agree on what is prose, code or a link.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin


@functools.cache
def parser(unsafe_html: bool = False) -> MarkdownIt:
    """A shared parser; raw HTML is escaped unless `unsafe_html`."""
    return build(unsafe_html)


def build(unsafe_html: bool = False) -> MarkdownIt:
    """A new parser of the dialect, for a tool that adds rules of its own (the lint)."""
    md = MarkdownIt("commonmark", {"html": unsafe_html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    if not unsafe_html:  # they would only ever decline; not asking them saves ~5%
        md.disable(["html_block", "html_inline"])
    return md


def tokens(text: str, unsafe_html: bool = False) -> list[Token]:
    return parser(unsafe_html).parse(text)


def heading_levels(text: str) -> list[int]:
    """The level of every heading, in order (fenced code cannot fake one)."""
    return [int(t.tag[1]) for t in tokens(text) if t.type == "heading_open"]
