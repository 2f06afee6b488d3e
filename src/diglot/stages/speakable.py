"""Speakable stage: Markdown becomes plain spoken paragraphs, grouped into sections at its
top-level headings, by walking markdown-it-py's syntax tree.

No Markdown or HTML syntax is left. Lists, tables, code, quotes and images are said the
way a host would say them, in the phrases of `templates/i18n/podcast.<lang>.toml`; a
hand-written script (`verbatim`) is only cleaned, with no words added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown_it.tree import SyntaxTreeNode

from diglot import markdown, text
from diglot.errors import Diagnostic, SourceError


@dataclass(frozen=True)
class Style:
    """How to say things in one language, and what to do with code and tables."""

    lang: str
    phrases: Mapping[str, str]  # the podcast strings of that language (see i18n)
    code_blocks: str = "note"  # 'note': say that the article shows code; 'skip'
    tables: str = "read"  # 'read': row by row; 'note': say that there is a table
    verbatim: bool = False  # a hand-written script: clean it, add no words of ours

    def say(self, key: str, **fields: str) -> str:
        where = f"templates/i18n/podcast.{self.lang}.toml"
        if key not in self.phrases:
            raise SourceError(
                Diagnostic(where, 0, 0, f"the phrase '{key}' is missing", "add it to the file")
            )
        try:
            return self.phrases[key].format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            allowed = ", ".join("{" + name + "}" for name in fields) or "no placeholders"
            raise SourceError(
                Diagnostic(
                    where, 0, 0, f"the phrase '{key}' has a bad placeholder ({exc})", allowed
                )
            ) from None


@dataclass(frozen=True)
class Section:
    """The spoken text under one top-level heading ('' for the text before the first)."""

    title: str
    paragraphs: tuple[str, ...]


def sections(body: str, style: Style) -> tuple[Section, ...]:
    """The body as spoken sections; headings of the highest level present start them."""
    root = SyntaxTreeNode(markdown.tokens(body, unsafe_html=True))
    return _Reader(style, text.proper_words(body)).document(root.children)


def inline(source: str) -> str:
    """One line of Markdown (a title, a summary) as plain spoken text."""
    root = SyntaxTreeNode(markdown.parser(True).parseInline(source))
    return clean("".join(_pieces(root.children)))


# A URL in running text: scheme or www., up to a space, '<', '>' or CJK text.
_URL = re.compile(
    r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.)[^\s<>\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]*"
)
_URL_TAIL = re.compile(r"[.,;:!?)\]}'\"]+$")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)
_MARKS = re.compile(r"\*{2,}|_{2,}|`+|\|")
_LEADING = re.compile(r"^[#>\s]+")


def clean(raw: str) -> str:
    """Plain text for the ear: URLs become their domain, tags and leftover Markdown
    marks (from escapes such as \\*\\*) go, whitespace is tidied the CJK-aware way."""
    raw = _TAG.sub(" ", raw)
    raw = _URL.sub(_spoken_url, raw)
    raw = _MARKS.sub(" ", raw).replace("](", "] (")
    return _LEADING.sub("", text.tidy(raw))


def _spoken_url(match: re.Match[str]) -> str:
    url = match.group()
    tail = _URL_TAIL.search(url)
    end = tail.group() if tail else ""
    return domain(url[: len(url) - len(end)]) + end


def domain(url: str) -> str:
    """What a listener hears of a URL: its host without 'www.' ('' if it has none)."""
    if url.startswith("mailto:"):
        return url.removeprefix("mailto:")
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _code_words(code: str) -> str:
    """Inline code kept as words: `make dev` -> 'make dev', `snake_case()` -> 'snake case'."""
    words = re.sub(r"[^\w.\-/+#@:%]", " ", code).replace("_", " ")
    return " ".join(w.strip(".:/") for w in words.split() if w.strip(".:/"))


def _is_url(label: str) -> bool:
    return bool(_URL.fullmatch(label.strip()))


def _pieces(nodes: Iterable[SyntaxTreeNode]) -> list[str]:
    """The raw spoken text of inline nodes, before `clean`."""
    out: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(node.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "code_inline":
            out.append(_code_words(node.content))
        elif kind == "link":
            label = "".join(_pieces(node.children))
            href = str(node.attrs.get("href", ""))
            out.append(domain(href) if node.markup == "autolink" or _is_url(label) else label)
        elif kind in ("html_inline", "footnote_ref"):
            continue  # raw HTML and footnote marks are not spoken
        else:  # emphasis, strong, strikethrough, image (its alt text) ...
            out.extend(_pieces(node.children))
    return out


class _HTMLText(HTMLParser):
    """The text of a raw HTML block, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


# Short nested items ('one change a day') are read as a series after their parent;
# items holding whole sentences are read as sentences.
_SENTENCE_INSIDE = re.compile(r"[.!?。！？](?:\s|$)")
_SOFT_ENDS = ";,:；，：、"


def _nonempty(*paragraphs: str) -> list[str]:
    return [p for p in paragraphs if p]


class _Reader:
    """Walks the block nodes of one document; `proper` names keep their capitals."""

    def __init__(self, style: Style, proper: frozenset[str]) -> None:
        self.style = style
        self.proper = proper

    def document(self, nodes: list[SyntaxTreeNode]) -> tuple[Section, ...]:
        levels = [_level(n) for n in nodes if n.type == "heading"]
        top = min(levels, default=0)
        count = levels.count(top)
        found: list[Section] = []
        title, index = "", 0
        paragraphs: list[str] = []
        for node in nodes:
            if node.type == "heading" and _level(node) == top:
                if title or paragraphs:
                    found.append(Section(title, tuple(paragraphs)))
                title, paragraphs = self.inline(node), []
                if title and not self.style.verbatim:
                    paragraphs.append(self.transition(index, count, title))
                index += 1
                continue
            for paragraph in self.block(node):
                if paragraph and not (
                    paragraphs and paragraph == paragraphs[-1] == self._code_note()
                ):
                    paragraphs.append(paragraph)
        if title or paragraphs:
            found.append(Section(title, tuple(paragraphs)))
        return tuple(found)

    def transition(self, index: int, count: int, title: str) -> str:
        key = "section_first" if index == 0 else "section_next"
        if index == count - 1 and count >= 3:
            key = "section_last"
        return text.close_sentence(self.style.say(key, title=title))

    def inline(self, node: SyntaxTreeNode) -> str:
        """The text of a block holding one inline child (paragraph, heading, cell)."""
        return clean("".join(_pieces(node.children[0].children))) if node.children else ""

    def blocks(self, nodes: Iterable[SyntaxTreeNode]) -> list[str]:
        return [p for node in nodes for p in self.block(node)]

    def block(self, node: SyntaxTreeNode) -> list[str]:
        kind = node.type
        if kind == "paragraph":
            return self.paragraph(node)
        if kind == "heading":  # a sub-heading: said as a short sentence of its own
            return _nonempty(text.close_sentence(self.inline(node)))
        if kind in ("bullet_list", "ordered_list"):
            return self.listing(node)
        if kind == "blockquote":
            return self.quote(node)
        if kind in ("fence", "code_block"):
            return _nonempty(self._code_note())
        if kind == "table":
            return self.table(node)
        if kind == "html_block":
            parser = _HTMLText()
            parser.feed(node.content)
            parser.close()
            return _nonempty(clean(" ".join(parser.parts)))
        if kind == "dl":
            return self.definitions(node)
        if kind == "inline":
            return _nonempty(clean("".join(_pieces(node.children))))
        if kind in ("hr", "footnote_block", "html_inline"):
            return []
        return self.blocks(node.children)

    def _code_note(self) -> str:
        if self.style.verbatim or self.style.code_blocks == "skip":
            return ""
        return self.style.say("code_note")

    def paragraph(self, node: SyntaxTreeNode) -> list[str]:
        content = node.children[0].children if node.children else []
        visible = [
            n for n in content if n.type != "softbreak" and (n.content.strip() or n.children)
        ]
        if len(visible) == 1 and visible[0].type == "image":
            alt = clean("".join(_pieces(visible[0].children)))
            if not alt or self.style.verbatim:
                return _nonempty(text.close_sentence(alt))
            return [text.close_sentence(self.style.say("image", text=alt))]
        return _nonempty(self.inline(node))

    def item(self, node: SyntaxTreeNode) -> str:
        """A list item as one run of sentences; nested lists are read inside it."""
        return text.join_words([text.close_sentence(p) for p in self._item_parts(node)])

    def _item_parts(self, node: SyntaxTreeNode) -> list[str]:
        parts: list[str] = []
        for child in node.children:
            if child.type not in ("bullet_list", "ordered_list"):
                parts.extend(self.block(child))
                continue
            nested = [p for p in (self._item_parts(item) for item in child.children) if p]
            if (
                nested
                and parts
                and all(len(p) == 1 and not _SENTENCE_INSIDE.search(p[0]) for p in nested)
            ):
                items = self.style.say("list_separator").join(
                    p[0].rstrip(_SOFT_ENDS) for p in nested
                )
                lead = parts.pop().rstrip(_SOFT_ENDS)
                parts.append(self.style.say("nested_list", text=lead, items=items))
            else:
                parts.extend(
                    text.start_sentence(text.join_words([text.close_sentence(x) for x in p]))
                    for p in nested
                )
        return [p for p in parts if p]

    def listing(self, node: SyntaxTreeNode) -> list[str]:
        items = [i for i in (self.item(child) for child in node.children) if i]
        if self.style.verbatim or len(items) < 2:
            return items
        return [
            text.join_words(
                [self._ordinal(n, len(items)), text.continue_sentence(item, self.proper)]
            )
            for n, item in enumerate(items, 1)
        ]

    def _ordinal(self, n: int, count: int) -> str:
        if n == count and count >= 3:
            return self.style.say("list_last")
        return self.style.say(f"list_{n}" if n <= 10 else "list_next")

    def quote(self, node: SyntaxTreeNode) -> list[str]:
        inner = self.blocks(node.children)
        if not inner or self.style.verbatim:
            return inner
        inner[0] = text.join_words([self.style.say("quote_open"), inner[0]])
        inner[-1] = text.join_words([text.close_sentence(inner[-1]), self.style.say("quote_close")])
        return inner

    def table(self, node: SyntaxTreeNode) -> list[str]:
        if self.style.tables == "note" and not self.style.verbatim:
            return [self.style.say("table_note")]
        rows = [
            [self.inline(cell) for cell in row.children]
            for part in node.children
            for row in part.children
        ]
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        said = []
        for row in body:
            parts = []
            for column, cell in enumerate(row):
                name = header[column] if column < len(header) else ""
                if cell and column > 0 and name:
                    parts.append(self.style.say("table_cell", header=name, value=cell))
                elif cell:
                    parts.append(cell)
            if parts:
                said.append(text.join_words([text.close_sentence(p) for p in parts]))
        if not said or self.style.verbatim:
            return said
        return [self.style.say("table_read"), *said]

    def definitions(self, node: SyntaxTreeNode) -> list[str]:
        said: list[str] = []
        term = ""
        for child in node.children:
            if child.type == "dt":
                if term:
                    said.append(text.close_sentence(term))
                term = self.inline(child)
                continue
            meaning = text.join_words([text.close_sentence(p) for p in self.blocks(child.children)])
            if term and meaning:
                said.append(
                    text.close_sentence(self.style.say("definition", term=term, text=meaning))
                )
            else:
                said.extend(_nonempty(text.close_sentence(term or meaning)))
            term = ""
        if term:
            said.append(text.close_sentence(term))
        return said


def _level(node: SyntaxTreeNode) -> int:
    return int(node.tag[1:]) if node.tag[1:].isdigit() else 6
