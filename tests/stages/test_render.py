"""Markdown -> HTML fragments: heading ids, TOC, links, images, code, escaping."""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest

from diglot import text
from diglot.stages.render import LinkTargets, render
from diglot.text import conversion

from conftest import article

TARGETS = LinkTargets(
    MappingProxyType(
        {
            "content/posts/other.md": "other",
            "content/posts/other.zh-tw.md": "other",
            "content/posts/en-only.md": "en-only",
            "content/posts/bundle": "bundle",
            "content/posts/bundle/index.md": "bundle",
        }
    ),
    MappingProxyType(
        {
            "other": MappingProxyType({"en": "/en/posts/other/", "zh-tw": "/zh-tw/posts/other/"}),
            "en-only": MappingProxyType({"en": "/en/posts/en-only/"}),
            "bundle": MappingProxyType({"en": "/en/posts/bundle/"}),
        }
    ),
)


def test_heading_ids_keep_cjk_and_are_unique_per_page() -> None:
    out = render(
        article("## 改善 Kaizen\n\n## 改善 Kaizen\n\n### Plan!\n\n#### Deep\n"),
        TARGETS,
        "en",
        "/x/",
    )
    assert '<h2 id="改善-kaizen">' in out.html
    assert '<h2 id="改善-kaizen-2">' in out.html
    assert '<h4 id="deep">' in out.html
    assert [(h.level, h.id, h.text) for h in out.toc] == [
        (2, "改善-kaizen", "改善 Kaizen"),
        (2, "改善-kaizen-2", "改善 Kaizen"),
        (3, "plan", "Plan!"),
    ]


def test_links_resolve_in_the_readers_language_and_fall_back() -> None:
    body = (
        "[a](other.md#part) [b](other.zh-tw.md) [c](en-only.md) [d](bundle/index.md) [e](bundle/)\n"
    )
    html = render(article(body, "zh-tw"), TARGETS, "zh-tw", "/zh-tw/posts/x/").html
    assert '<a href="/zh-tw/posts/other/#part">a</a>' in html
    assert '<a href="/zh-tw/posts/other/">b</a>' in html
    assert '<a href="/en/posts/en-only/">c</a>' in html
    assert '<a href="/en/posts/bundle/">d</a>' in html
    assert '<a href="/en/posts/bundle/">e</a>' in html


def test_urls_absolute_paths_and_fragments_are_left_alone() -> None:
    body = "[a](https://example.org/x.md) [b](/posts/some-slug/) [c](#top) [d](mailto:a@b.c)\n"
    out = render(article(body), TARGETS, "en", "/x/")
    assert not out.diagnostics
    for href in ("https://example.org/x.md", "/posts/some-slug/", "#top", "mailto:a@b.c"):
        assert f'href="{href}"' in out.html


def test_a_missing_post_or_file_is_an_error_at_its_line() -> None:
    body = "Intro.\n\nSee [gone](gone.md) and\n[this](../nowhere.md).\n\n![pic](pic.png)\n"
    out = render(article(body), TARGETS, "en", "/x/")
    assert [(d.location(), d.message) for d in out.diagnostics] == [
        ("content/posts/x.en.md:7", "link to a missing post 'gone.md'"),
        ("content/posts/x.en.md:8", "link to a missing post '../nowhere.md'"),
        ("content/posts/x.en.md:10", "image to a missing file 'pic.png'"),
    ]


def test_bundle_images_point_next_to_the_page() -> None:
    page = article("![A dot](dot.svg)\n", bundle="content/posts/x", resources=("dot.svg",))
    out = render(page, TARGETS, "en", "/en/posts/x/")
    assert '<img src="/en/posts/x/dot.svg" alt="A dot" loading="lazy" />' in out.html
    assert not out.diagnostics


def test_raw_html_is_escaped_unless_allowed() -> None:
    body = "<script>alert(1)</script>\n\nText <b>bold</b>.\n"
    assert "<script>" not in render(article(body), TARGETS, "en", "/x/").html
    assert "&lt;b&gt;bold&lt;/b&gt;" in render(article(body), TARGETS, "en", "/x/").html
    assert "<b>bold</b>" in render(article(body), TARGETS, "en", "/x/", unsafe_html=True).html


def test_code_is_highlighted_with_classes_only() -> None:
    body = "```python\ndef f(x): return x < 1\n```\n\n```nosuchlang\na < b\n```\n"
    html = render(article(body), TARGETS, "en", "/x/").html
    assert (
        '<div class="highlight"><pre><code class="language-python"><span class="k">def</span>'
        in html
    )
    assert "&lt;" in html and "style=" not in html
    assert '<pre><code class="language-nosuchlang">a &lt; b\n</code></pre>' in html


def test_summary_and_reading_time_count_words_and_cjk() -> None:
    english = " ".join(["word"] * 460)
    out = render(article(f"{english}\n"), TARGETS, "en", "/x/")
    assert out.minutes == 2
    chinese = "改善" * 400  # 800 characters
    assert render(article(chinese, "zh-tw"), TARGETS, "zh-tw", "/x/").minutes == 2
    first = render(article("First sentence. Second one.\n\nLater.\n"), TARGETS, "en", "/x/")
    assert first.summary == "First sentence. Second one."
    given = render(article("Body.\n", summary="Given."), TARGETS, "en", "/x/")
    assert given.summary == "Given."


DERIVED_BODY = """\
軟體團隊的資料庫。再說一句[^1]。

## 為什麼是小步驟

執行 `程式碼 = "資料庫"`，看[資訊](other.md "資訊圖表")或[開頭](#為什麼是小步驟)。
網址 <https://example.org/資料> 與 ![流程圖](/x.svg "資訊")

```python
# 軟體設定
資料庫 = "主要資料庫"
```

    縮排的程式碼：軟體

| 軟體 | 資料 |
| --- | --- |
| `程式碼` | 網路 |

[^1]: 註腳的資訊
"""


def test_a_derived_article_converts_its_prose_and_leaves_code_alone() -> None:
    source = render(article(DERIVED_BODY, "zh-tw"), TARGETS, "zh-tw", "/zh-tw/posts/x/")
    derived = article(DERIVED_BODY, "zh-cn", conversion="tw2sp")
    out = render(derived, TARGETS, "zh-cn", "/zh-cn/posts/x/")
    html = out.html
    for prose in ("软件团队的数据库。", "运行 ", "信息</a>", 'title="信息图表"', "开头</a>"):
        assert prose in html
    assert 'alt="流程图" title="信息"' in html and "注脚的信息" in html
    assert "<th>软件</th>" in html and "<td>网络</td>" in html
    # code, URLs and heading ids as written, so links to them keep working
    code = re.compile(r"<code.*?</code>", re.S)
    assert code.findall(html) == code.findall(source.html) and len(code.findall(html)) == 4
    assert ">https://example.org/資料</a>" in html
    assert '<h2 id="為什麼是小步驟">为什么是小步骤</h2>' in html
    assert [(h.id, h.text) for h in out.toc] == [("為什麼是小步驟", "为什么是小步骤")]
    assert out.summary == "软件团队的数据库。再说一句。"
    assert out.minutes == source.minutes
    assert html.count("軟") == 2 and source.html.count("軟") == 4  # left in the code only


def test_a_derived_article_converts_nothing_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = text.convert
    monkeypatch.setattr(
        conversion, "convert", lambda value, how: calls.append(value) or real(value, how)
    )
    render(article(DERIVED_BODY, "zh-cn", conversion="tw2sp"), TARGETS, "zh-cn", "/x/")
    assert len(calls) == 1  # the whole article's prose in one OpenCC call
