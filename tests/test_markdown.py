"""The Markdown dialect: a parser trimmed to the rules a text may use must read that
text exactly as the whole dialect does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url

from diglot import markdown

# Pieces that open, close or nearly make every construct of the dialect.
_PIECES = st.sampled_from(
    [
        "word",
        "軟體",
        " ",
        "  ",
        "   ",
        "    ",
        "\t",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "|",
        "-",
        "---",
        "***",
        "___",
        "===",
        "- - -",
        "* * *",
        "=",
        ":",
        ": ",
        "~",
        "~~",
        "[",
        "]",
        "^",
        "[^1]",
        "[^1]: ",
        "^[",
        "[ ] ",
        "[x] ",
        "[X]",
        "- ",
        "* ",
        "1. ",
        "> ",
        "`",
        "```",
        "~~~",
        "**",
        "_",
        "(",
        ")",
        "# ",
        "#",
        "<b>",
        "<https://a.b>",
        "&amp;",
        "&",
        "\\",
        "!",
        "![",
        "[a]",
        "]:",
        ": /url",
    ]
)


def _same_reading(text: str, unsafe_html: bool) -> None:
    whole = markdown.parser(unsafe_html)
    trimmed = markdown.parser_for(text, unsafe_html)
    env_whole: dict[str, object] = {}
    env_trimmed: dict[str, object] = {}
    assert trimmed.parse(text, env_trimmed) == whole.parse(text, env_whole)
    assert trimmed.render(text) == whole.render(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.booleans())
def test_a_trimmed_parser_reads_any_text_as_the_whole_dialect_does(
    text: str, unsafe_html: bool
) -> None:
    _same_reading(text, unsafe_html)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a | b\n--|--\n1 | 2\n", "table"),
        ("~~gone~~\n", "strikethrough"),
        ("note[^1]\n\n[^1]: here\n", "footnote"),
        ("inline^[note]\n", "footnote"),
        ("Term\n: definition\n", "deflist"),
        ("> Term\n> : definition in a quote\n", "deflist"),
        ("Term\r: definition after a lone carriage return\r", "deflist"),
        ("- Term\n\n  ~ definition in a list\n", "deflist"),
        ("- [ ] to do\n- [x] done\n", "tasklists"),
        ("> quoted\n", "blockquote"),
        ("    indented code\n", "code"),
        ("\tcode after a tab\n", "code"),
        ("> quote\n>\n>     code in a quote\n", "code"),
        ("```\nfenced\n```\n", "fence"),
        ("~~~\nfenced\n~~~\n", "fence"),
        ("# Heading\n", "heading"),
        ("Text\n\n***\n", "hr"),
        ("- one\n- - -\n", "hr"),
        ("> quote\n>\n> ___ \t\n", "hr"),
        ("Heading\n===\n", "lheading"),
        ("- item\n  text\n  ---\n", "lheading"),
        ("[a][r]\n\n[r]: /url\n", "reference"),
        ("`code`\n", "backticks"),
        ("![alt](x.png)\n", "image"),
        ("<https://example.org>\n", "autolink"),
        ("&copy; 2024\n", "entity"),
        ("\\*not emphasis\\*\n", "escape"),
    ],
)
def test_each_rule_is_kept_for_a_text_that_uses_it(text: str, rule: str) -> None:
    assert rule in markdown.rules_used(text)
    if rule in markdown.EXTENSIONS:
        without = markdown.build(extensions=set(markdown.EXTENSIONS) - {rule})
    else:
        without = markdown.build(without={rule})
    assert without.render(text) != markdown.parser().render(text), "the example must use it"
    _same_reading(text, unsafe_html=False)


def test_plain_prose_needs_few_rules() -> None:
    text = "A paragraph with *emphasis*, a [link](x.md), a list:\n\n- one\n- two\n"
    assert markdown.rules_used(text) == frozenset()
    _same_reading(text, unsafe_html=False)


@settings(max_examples=2000, deadline=None)
@given(st.from_regex(markdown.PLAIN_DESTINATION, fullmatch=True))
def test_a_plain_destination_is_one_markdown_it_would_leave_as_it_is(url: str) -> None:
    assert normalize_url.normalizeLink(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "HTTP://Example.ORG/path",  # scheme and host are lowercased
        "//Host.example/path",  # '//' starts a host
        "http://bücher.example/x",  # punycode
        "/a path/with spaces",
        "/already%20encoded",
        "/文章/",
        "0:::",  # a scheme-like prefix and a port
        "http://" + "0." * 130 + "0/",  # a host too long to be one
        "mailto:someone@example.org",
        "javascript:alert(1)",
    ],
)
def test_other_destinations_are_normalized_by_markdown_it(url: str) -> None:
    assert not markdown.PLAIN_DESTINATION.fullmatch(url)
    assert markdown.parser().normalizeLink(url) == normalize_url.normalizeLink(url)
    text = f"[x]({url.replace(' ', '%20')}) and [y](<{url}>)\n"
    assert markdown.parser().render(text) == MarkdownIt("commonmark").render(text)
