"""The speakable stage: Markdown in, plain spoken paragraphs out."""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot import templates
from diglot.stages import speakable

from conftest import assert_speakable, markdown_documents


def style(lang: str = "en", **options: object) -> speakable.Style:
    path = templates.builtin_dir() / "i18n" / f"podcast.{lang}.toml"
    phrases = tomllib.loads(path.read_text(encoding="utf-8"))
    return speakable.Style(lang, phrases, **options)  # type: ignore[arg-type]


def said(body: str, lang: str = "en", **options: object) -> list[str]:
    return [p for s in speakable.sections(body, style(lang, **options)) for p in s.paragraphs]


def test_sections_start_at_the_top_headings_with_a_spoken_transition() -> None:
    body = "Opening.\n\n## One\n\nText.\n\n### Sub\n\nMore.\n\n## Two\n\n## Three\n"
    found = speakable.sections(body, style())
    assert [s.title for s in found] == ["", "One", "Two", "Three"]
    assert found[1].paragraphs == ("To begin: One.", "Text.", "Sub.", "More.")
    assert found[2].paragraphs == ("Next: Two.",)
    assert found[3].paragraphs == ("One last thing: Three.",)


def test_lists_read_as_sentences_with_ordinals() -> None:
    assert said("- **Small** steps;\n- Honest checks\n- A habit") == [
        "First, small steps.",
        "Second, honest checks.",
        "Finally, a habit.",
    ]
    assert said("1. 規劃\n2. 執行", "zh-tw") == ["首先，規劃。", "其次，執行。"]
    assert said("- only one") == ["only one."]


def test_nested_lists_are_read_inside_their_item() -> None:
    assert said("- a habit:\n  - one a day\n  - one a week\n- done") == [
        "First, a habit: one a day, one a week.",
        "Second, done.",
    ]
    assert said("- 習慣\n  - 每天\n  - 每週\n- 完成", "zh-tw")[0] == "首先，習慣：每天、每週。"
    assert said("- Steps\n  - do this. Then that.\n  - check\n- end")[0] == (
        "First, steps. Do this. Then that. Check."
    )


def test_links_urls_images_and_code() -> None:
    body = (
        "See [the post](x.md), https://www.example.com/a/b?c=1. and <https://docs.example.org/>"
        " or `make dev` or `snake_case()`.\n\n![A diagram](d.svg)\n\n```sh\nrm -rf /\n```\n"
    )
    assert said(body) == [
        "See the post, example.com. and docs.example.org or make dev or snake case.",
        "The article shows a picture here: A diagram.",
        "There's a code example here in the written article; you'll find it on the blog.",
    ]
    assert said("```\ncode\n```\n\n```\nmore\n```", code_blocks="skip") == []
    assert len(said("```\ncode\n```\n\n```\nmore\n```")) == 1  # one note for a run of code


def test_tables_read_row_by_row_or_as_a_note() -> None:
    body = "| Signal | Limit |\n|---|---|\n| Errors | 1% |\n| Latency | |\n"
    assert said(body) == [
        "The article has a table here. Row by row:",
        "Errors. Limit: 1%.",
        "Latency.",
    ]
    assert said(body, tables="note") == [
        "There's a table here in the written article; you'll find it on the blog."
    ]
    assert said("| 訊號 | 門檻 |\n|---|---|\n| 錯誤率 | 1% |\n", "zh-tw")[1] == "錯誤率。門檻：1%。"


def test_quotes_footnotes_and_html() -> None:
    body = "> Keep going.\n\nText.[^n]\n\n[^n]: Not read.\n\n<p>Raw <b>HTML</b></p>\n"
    assert said(body) == ["Here's a quote: Keep going. End of quote.", "Text.", "Raw HTML"]


def test_chinese_keeps_full_width_punctuation_and_no_spaces_between_characters() -> None:
    body = "第一行\n第二行，用 **Kubernetes** 部署。\n\n- 小步\n- 檢查\n- 習慣"
    assert said(body, "zh-tw") == [
        "第一行第二行，用 Kubernetes 部署。",
        "首先，小步。",
        "其次，檢查。",
        "最後，習慣。",
    ]


def test_verbatim_adds_no_words() -> None:
    body = "Hello *there*.\n\n## Part\n\n- one\n- two\n\n> quoted\n\n```\ncode\n```\n"
    found = speakable.sections(body, style(verbatim=True))
    assert [(s.title, s.paragraphs) for s in found] == [
        ("", ("Hello there.",)),
        ("Part", ("one.", "two.", "quoted")),
    ]


def test_inline_titles() -> None:
    assert speakable.inline("Why `make` **matters** <br> https://x.example.org/a") == (
        "Why make matters x.example.org"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents)
def test_no_markdown_or_html_is_ever_left(body: str) -> None:
    for lang in ("en", "zh-tw"):
        for section in speakable.sections(body, style(lang)):
            assert_speakable(section.title)
            for paragraph in section.paragraphs:
                assert paragraph
                assert_speakable(paragraph)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_any_text(body: str) -> None:
    for section in speakable.sections(body, style("zh-tw")):
        for paragraph in section.paragraphs:
            assert_speakable(paragraph)
