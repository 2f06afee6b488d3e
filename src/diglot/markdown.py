"""The one Markdown dialect every stage parses: CommonMark with tables, strikethrough,
footnotes, definition lists and task lists (markdown-it-py + mdit-py-plugins).

Rendering, podcast scripts and the Chinese lint all walk the same token stream, so
they agree on what is prose, code or a link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

EXTENSIONS = ("table", "strikethrough", "footnote", "deflist", "tasklists")

_TASK = re.compile(r"\[[ xX]\]")

# A link destination that markdown-it's normalizeLink (mdurl parse, punycode, format,
# percent-encode) returns unchanged: a lowercase http(s) host of at most four labels,
# and/or a path and fragment of unreserved characters, not starting with '//' (a host).
# Most links of a blog are these (site paths, plain URLs); the full pass costs ~10 us.
PLAIN_DESTINATION = re.compile(
    r"(?:https?://[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,3}(?=[/#]|$)|(?!//))"
    r"[A-Za-z0-9/._~-]*(?:#[A-Za-z0-9._~-]*)?"
)


class _Parser(MarkdownIt):
    """markdown-it, with a shortcut past URL normalization for plain destinations."""

    def normalizeLink(self, url: str) -> str:
        if PLAIN_DESTINATION.fullmatch(url):
            return url
        return super().normalizeLink(url)


def _line_ending_in(text: str, characters: str) -> bool:
    """Whether a line's last character before any spaces or tabs is one of `characters`."""
    for line in text.replace("\r", "\n").split("\n") if "\r" in text else text.split("\n"):
        last = line.rstrip(" \t")[-1:]
        if last and last in characters:
            return True
    return False


def _has_definition(text: str) -> bool:
    """Whether a line may open with a definition's ':' or '~': each one is looked at
    from its line's start (markdown-it reads a lone '\r' as a line end too)."""
    if "\r" in text:
        text = text.replace("\r", "\n")
    for marker in ":~":
        at = text.find(marker)
        while at >= 0:
            if not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t>"):
                return True
            at = text.find(marker, at + 1)
    return False


# What a text must contain for each optional rule ever to match: a superset test by
# the characters the syntax needs (a table needs a '|', an indented code block four
# columns of indentation, a link reference definition ']:' ...). The extensions are
# added to a parser that needs them, the CommonMark rules left out of one that does not.
_NEEDS: dict[str, Callable[[str], bool]] = {  # a lone character first: ~20x faster than a pair
    "table": lambda text: "|" in text,
    "strikethrough": lambda text: "~" in text and "~~" in text,
    "footnote": lambda text: "^" in text and ("[^" in text or "^[" in text),
    "deflist": _has_definition,
    "tasklists": lambda text: "[" in text and bool(_TASK.search(text)),
    "blockquote": lambda text: ">" in text,
    "code": lambda text: "    " in text or "\t" in text,
    "fence": lambda text: ("`" in text and "```" in text) or ("~" in text and "~~~" in text),
    "heading": lambda text: "#" in text,
    # a thematic break's line ends with its '-', '*' or '_', an underline with '=' or '-'
    "hr": lambda text: _line_ending_in(text, "-*_"),
    "lheading": lambda text: _line_ending_in(text, "-="),
    "reference": lambda text: "]:" in text,
    "backticks": lambda text: "`" in text,
    "image": lambda text: "!" in text and "![" in text,
    "autolink": lambda text: "<" in text,
    "entity": lambda text: "&" in text,
    "escape": lambda text: "\\" in text,
}
OPTIONAL_RULES = tuple(name for name in _NEEDS if name not in EXTENSIONS)


def parser(unsafe_html: bool = False) -> MarkdownIt:
    """A shared parser of the whole dialect; raw HTML is escaped unless `unsafe_html`."""
    return _shared(unsafe_html, frozenset(_NEEDS))


def parser_for(text: str, unsafe_html: bool = False) -> MarkdownIt:
    """A shared parser that gives `text` the same tokens as `parser` does, without the
    rules `text` cannot use (no '|', no table): each rule left out is one less tried at
    every block or delimiter, ~15 % of the parsing of a typical article."""
    return _shared(unsafe_html, rules_used(text))


def rules_used(text: str) -> frozenset[str]:
    """The extensions and optional CommonMark rules whose syntax may occur in `text`."""
    return frozenset(name for name, needs in _NEEDS.items() if needs(text))


@functools.cache
def _shared(unsafe_html: bool, used: frozenset[str]) -> MarkdownIt:
    return build(unsafe_html, used & set(EXTENSIONS), set(OPTIONAL_RULES) - used)


def build(
    unsafe_html: bool = False,
    extensions: Collection[str] = EXTENSIONS,
    without: Collection[str] = (),
) -> MarkdownIt:
    """A new parser of the dialect (of only `extensions` of it, and `without` some
    CommonMark rules), for a tool that adds rules of its own (the lint)."""
    md = _Parser("commonmark", {"html": unsafe_html, "linkify": False, "typographer": False})
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
    unused = list(without)
    if not unsafe_html:  # they would only ever decline; not asking them saves ~5%
        unused += ["html_block", "html_inline"]
    if unused:
        md.disable(unused)
    return md


def tokens(text: str, unsafe_html: bool = False) -> list[Token]:
    return parser_for(text, unsafe_html).parse(text)


def heading_levels(text: str) -> list[int]:
    """The level of every heading, in order (fenced code cannot fake one)."""
    return [int(t.tag[1]) for t in tokens(text) if t.type == "heading_open"]
