from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from diglot import prose
from diglot.prose import HIDDEN


def visible(body: str) -> dict[int, str]:
    """Line index -> its prose, each run of hidden characters shown as one '·'."""
    return {line.index: re.sub(f"{HIDDEN}+", "·", line.text) for line in prose.lines(body)}


def test_prose_is_what_a_reader_reads() -> None:
    body = (
        "# 標題 `code` ##\n"
        "\n"
        '文字 `程式碼` [連結](https://example.com/软件 "标题") ![圖](a/软件.png)\n'
        '<span title="软件">文字</span> https://zh.wikipedia.org/wiki/软件 <https://x.org/软件>\n'
        "\\(跳脫\\) &amp; 註腳[^1]\n"
        "\n"
        "```\n"
        "软件\n"
        "```\n"
        "\n"
        "    缩排的程式码\n"
        "\n"
        '<div title="软件">\n'
        "软件\n"
        "</div>\n"
        "\n"
        "[ref]: https://example.com/软件\n"
        "\n"
        "[^1]: 註腳內容\n"
    )
    assert visible(body) == {
        0: "·標題 ·",
        2: "文字 · [連結· ![圖·",
        3: "·文字· · ·",
        4: "·跳脫· · 註腳·",
        18: "·註腳內容",
    }


def test_block_markers_are_not_prose() -> None:
    body = "> 引用\n懶惰行\n\n- 項目\n  續行\n1. 編號\n\n| 甲 | 乙 |\n|---|---|\n| 一 | 二 |\n"
    assert visible(body) == {
        0: "·引用",
        1: "懶惰行",
        3: "·項目",
        4: "·續行",
        5: "·編號",
        7: "·甲·乙·",
        9: "·一·二·",
    }


def test_hugo_shortcodes_are_not_prose() -> None:
    assert visible('文字 {{< figure caption="软件" >}} 文字\n') == {0: "文字 · 文字"}


def test_a_line_not_written_as_parsed_is_left_alone() -> None:
    # The table parser unescapes '\|', so the cell cannot be found in the source.
    assert visible("| 甲 | 乙 \\| 丙 |\n|---|---|\n") == {0: "·甲·"}


def test_line_breaks_of_every_kind_count_as_markdown_counts_them() -> None:
    lines = prose.lines("甲\r\n\r乙\n\n丙")
    assert [(line.index, line.start, line.text) for line in lines] == [
        (0, 0, "甲"),
        (2, 4, "乙"),
        (4, 7, "丙"),
    ]


def test_unmask_puts_the_hidden_characters_back() -> None:
    [line] = prose.lines("文字 `code` 文字\n")
    edited = line.text.replace("文字", "文")
    assert line.unmask(edited) == "文 `code` 文"


_PARTS = st.sampled_from(
    [
        "软件",
        "文字",
        "Latin",
        " ",
        "\n",
        "\n\n",
        "`code`",
        "```\n软件\n```\n",
        "[連結](https://x.org/软件)",
        "<b a='软件'>",
        "> ",
        "- ",
        "# ",
        "| 甲 | 乙 |\n|---|---|\n",
        "\\",
        "*",
        "[",
        "]",
        "(",
        ")",
        "\t",
        "\r\n",
        "&amp;",
        HIDDEN,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARTS, max_size=30).map("".join))
def test_visible_characters_are_the_source_characters(body: str) -> None:
    for line in prose.lines(body):
        assert len(line.text) == len(line.source)
        assert body[line.start : line.start + len(line.source)] == line.source
        assert "\n" not in line.source and "\r" not in line.source
        for shown, written in zip(line.text, line.source, strict=True):
            assert shown in (HIDDEN, written)
        assert line.unmask(line.text) == line.source
