"""Render stage: one article's Markdown -> an HTML fragment with its table of contents,
summary and reading time, every relative link and image checked and resolved.

A link to another post (`other.md`, `../x/index.zh-tw.md`) becomes the URL of that post
in the reader's edition, falling back to another edition; a missing target or image is
an error at its file:line. Code is highlighted by pygments with CSS classes.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound

from diglot import markdown, text
from diglot.errors import Diagnostic
from diglot.model import Article

TOC_LEVELS = (2, 3)
SUMMARY_WEIGHT = 60  # summaries end after the sentence that passes ~60 words (2 CJK = 1)
MARKDOWN_SUFFIXES = (".md", ".markdown")
_NOT_RELATIVE = ("https://", "http://", "/", "#")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """An article body as HTML, with what lists and feeds need to know about it."""

    html: str
    toc: tuple[Heading, ...]
    summary: str  # plain text: the front matter's summary, else the opening sentences
    minutes: int
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class LinkTargets:
    """What relative links can point at."""

    keys: Mapping[str, str]  # source file or bundle folder ('content/posts/x.md') -> key
    urls: Mapping[str, Mapping[str, str]]  # key -> edition code -> href, editions in order


def render(
    article: Article,
    targets: LinkTargets,
    edition: str,
    page_href: str,
    unsafe_html: bool = False,
) -> Rendered:
    """Render `article` for the edition `edition`; its page lives at `page_href`."""
    md = markdown.parser_for(article.body, unsafe_html)
    env: dict[str, object] = {}
    tokens = md.parse(article.body, env)
    walk = _Walk(article, targets, edition, page_href)
    walk.run(tokens)
    toc, first_paragraph = tuple(walk.toc), walk.first_paragraph
    if article.conversion:
        toc, first_paragraph = _convert(tokens, toc, first_paragraph, article.conversion)
    html = md.renderer.render(tokens, md.options, env)
    summary = article.summary or _summary(first_paragraph)
    return Rendered(
        html,
        toc,
        summary,
        text.reading_minutes(" ".join(walk.words)),
        tuple(walk.problems),
    )


class _Walk:
    """One pass over the token stream: ids, links, images, code, and the text seen."""

    def __init__(self, article: Article, targets: LinkTargets, edition: str, page: str) -> None:
        self.article = article
        self.targets = targets
        self.edition = edition
        self.page = page
        self.ids: set[str] = set()
        self.toc: list[Heading] = []
        self.words: list[str] = []
        self.first_paragraph = ""
        self.problems: list[Diagnostic] = []

    def run(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            if token.type == "inline":
                self.inline(token, tokens[index - 1] if index else None)
            elif token.type in ("fence", "code_block"):
                self.words.append(token.content)
                tokens[index] = _highlighted(token)

    def inline(self, token: Token, opener: Token | None) -> None:
        line = self.article.body_line + (token.map[0] if token.map else 0)
        plain: list[str] = []
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
                plain.append(" ")
            elif child.type in ("text", "code_inline"):
                plain.append(child.content)
            elif child.type == "link_open":
                self.link(child, line)
            elif child.type == "image":
                self.image(child, line)
                plain.append(child.content)
        words = "".join(plain)
        self.words.append(words)
        if opener is None:
            return
        if opener.type == "heading_open":
            self.heading(opener, words.strip())
        elif opener.type == "paragraph_open" and not self.first_paragraph and opener.level == 0:
            self.first_paragraph = words

    def heading(self, opener: Token, title: str) -> None:
        base = text.slugify(title) or "section"
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        opener.attrSet("id", ident)
        level = int(opener.tag[1])
        if level in TOC_LEVELS:
            self.toc.append(Heading(level, ident, title))

    def link(self, token: Token, line: int) -> None:
        href = str(token.attrGet("href") or "")
        target = _relative_path(href)
        if target is None:
            return
        path, fragment = target
        if path.endswith(MARKDOWN_SUFFIXES) or self._source(path) in self.targets.keys:
            resolved = self._post_url(path, line)
            if resolved is not None:
                token.attrSet("href", resolved + fragment)
        else:
            resolved = self._resource(path, line, "link")
            if resolved is not None:
                token.attrSet("href", resolved + fragment)

    def image(self, token: Token, line: int) -> None:
        target = _relative_path(str(token.attrGet("src") or ""))
        if target is not None:
            resolved = self._resource(target[0], line, "image")
            if resolved is not None:
                token.attrSet("src", resolved)
        token.attrSet("loading", "lazy")

    def _source(self, path: str) -> str:
        return posixpath.normpath(posixpath.join(self.article.source_dir, path)).rstrip("/")

    def _post_url(self, path: str, line: int) -> str | None:
        key = self.targets.keys.get(self._source(path))
        editions = self.targets.urls.get(key, {}) if key is not None else {}
        if editions:
            return editions.get(self.edition) or next(iter(editions.values()))
        self.problem(
            line,
            f"link to a missing post '{path}'",
            "check the file name; links are relative to this file's folder",
        )
        return None

    def _resource(self, path: str, line: int, what: str) -> str | None:
        name = posixpath.normpath(path)
        if name in self.article.resources:
            return self.page + name
        where = "in this page bundle" if self.article.bundle else "beside a page bundle"
        self.problem(
            line,
            f"{what} to a missing file '{path}'",
            f"put the file {where}, or in static/ and link to it with a path starting with '/'",
        )
        return None

    def problem(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Diagnostic(self.article.path, line, 0, message, hint, "error", "link"))


def _convert(
    tokens: Sequence[Token], toc: tuple[Heading, ...], first_paragraph: str, conversion: str
) -> tuple[tuple[Heading, ...], str]:
    """Convert the prose of an article in a derived edition with OpenCC, in one call:
    its text, image descriptions and link titles, and the table of contents and opening
    paragraph taken from them. Code, raw HTML, autolinks and attributes stay as written,
    heading ids too (links to them keep working); reading time is its source's."""
    texts = list(_prose(tokens))
    titles = [t for t in _linked(tokens) if t.attrGet("title")]
    converted = iter(
        text.convert_all(
            [t.content for t in texts]
            + [str(t.attrGet("title")) for t in titles]
            + [h.text for h in toc]
            + [first_paragraph],
            conversion,
        )
    )
    for token in texts:
        token.content = next(converted)
    for token in titles:
        token.attrSet("title", next(converted))
    toc = tuple(Heading(h.level, h.id, next(converted)) for h in toc)
    return toc, next(converted)


def _prose(tokens: Sequence[Token]) -> Iterator[Token]:
    """The text tokens of the prose, an image's description included, not autolinks."""
    for token in tokens:
        autolink = False
        for child in token.children or ():
            if child.type == "link_open":
                autolink = child.markup == "autolink"
            elif child.type == "link_close":
                autolink = False
            elif child.type == "text" and not autolink:
                yield child
            elif child.type == "image":
                yield from _prose([child])


def _linked(tokens: Sequence[Token]) -> Iterator[Token]:
    """Links and images, whose `title` is prose."""
    for token in tokens:
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                yield child


def _relative_path(href: str) -> tuple[str, str] | None:
    """(path, '#fragment') of a relative reference; None for URLs, absolute paths,
    fragments and empty links, which are left as written."""
    if href.startswith(_NOT_RELATIVE):  # most links: no need to split them
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path), f"#{parts.fragment}" if parts.fragment else ""


def _summary(paragraph: str) -> str:
    taken: list[str] = []
    weight = 0.0
    for sentence in text.split_sentences(paragraph):
        taken.append(sentence)
        counts = text.count(sentence)
        weight += counts.words + counts.cjk / 2
        if weight >= SUMMARY_WEIGHT:
            break
    return text.join_words(taken)


@functools.cache
def _lexer(name: str) -> Lexer | None:
    try:
        return get_lexer_by_name(name) if name else None
    except ClassNotFound:
        return None


@functools.cache
def _css_class(kind: _TokenType) -> str:
    """pygments' short class of a token type ('k', 'nf'), or of its nearest parent."""
    while kind not in STANDARD_TYPES:
        kind = kind.parent
    return str(STANDARD_TYPES[kind])


def _highlighted(token: Token) -> Token:
    """A code block as HTML with pygments' CSS classes, in `<pre><code class="language-x">`
    (plain escaped code in a language pygments does not know)."""
    language = token.info.split(maxsplit=1)[0] if token.info.strip() else ""
    block = Token("html_block", "", 0, map=token.map)
    block.content = _highlighted_html(language, token.content)
    return block


# Both languages of an article share their code blocks, and the article jobs put the
# two next to each other: the second is highlighted from here.
@functools.lru_cache(maxsize=512)
def _highlighted_html(language: str, code: str) -> str:
    lexer = _lexer(language.lower())
    label = f' class="language-{_escape(language)}"' if language else ""
    if lexer is None:
        html = _escape(code)
    else:
        spans = []
        for kind, value in lexer.get_tokens(code):
            css = _css_class(kind)
            spans.append(f'<span class="{css}">{_escape(value)}</span>' if css else _escape(value))
        html = "".join(spans)
    return f'<div class="highlight"><pre><code{label}>{html}</code></pre></div>\n'


def _escape(raw: str) -> str:
    return (
        raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def syntax_css(styles: Sequence[tuple[str, str]]) -> str:
    """CSS for highlighted code, one pygments style per (media query or '', style name)."""
    parts = []
    for media, style in styles:
        rules = HtmlFormatter(style=style, cssclass="highlight").get_style_defs(".highlight")
        parts.append(f"@media {media} {{\n{rules}\n}}\n" if media else rules + "\n")
    return "".join(parts)
