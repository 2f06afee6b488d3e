"""The derived Simplified Chinese edition end to end, on a fixture project with
`[derived.zh-cn]`: golden pages of one article in its three editions, the note on
converted pages, hand-written versions, and what a reader finds missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, check_golden, run

DERIVED = FIXTURES / "site" / "derived"
GOLDEN = Path(__file__).parent / "golden" / "site-derived"
NOTE = "本页由繁体中文版自动转换。"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("derived") / "site"
    result = run(DERIVED, "build", "--output", str(out), "--jobs", "1", "--no-audio")
    assert result.exit_code == 0, result.output
    assert "en 13 pages, zh-tw 13 pages, zh-cn 13 pages" in result.output
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh-tw", "zh-cn"])
def test_one_article_in_three_editions_matches_golden(
    site: Path, lang: str, update_golden: bool
) -> None:
    name = f"{lang}/posts/steps/index.html"
    check_golden(GOLDEN / name, (site / name).read_text(encoding="utf-8"), update_golden)


def test_converted_pages_say_so_and_link_their_source(site: Path) -> None:
    converted = page(site, "zh-cn/posts/steps")
    assert (
        f'<p class="notice converted">{NOTE}'
        '<a href="/zh-tw/posts/steps/" hreflang="zh-Hant-TW">阅读原文</a></p>'
    ) in converted
    assert NOTE in page(site, "zh-cn/about")
    for written in ("zh-cn/posts/handwritten", "zh-tw/posts/steps", "en/posts/steps"):
        assert 'class="notice converted"' not in page(site, written)


def test_a_hand_written_zh_cn_article_is_published_as_written(site: Path) -> None:
    written = page(site, "zh-cn/posts/handwritten")
    assert "<h1>亲手写的简体文章</h1>" in written
    assert "这一篇是直接用简体中文写的，不是转换来的。" in written
    assert 'hreflang="zh-Hans" href="https://example.org/zh-cn/posts/handwritten/"' in written


def test_an_english_only_post_shows_what_is_missing(site: Path) -> None:
    english = page(site, "en/posts/english-only")
    assert not (site / "zh-cn/posts/english-only").exists()
    assert "hreflang=" not in english.split("<body>")[0].replace('hreflang="en"', "")
    missing = re.findall(r'<span lang="(zh-[^"]+)">[^<]+</span> <small>([^<]+)</small>', english)
    assert missing == [("zh-Hant-TW", "(not translated yet)"), ("zh-Hans", "(not translated yet)")]
    assert "has not been translated into Chinese (Traditional), Chinese (Simplified) yet" in (
        english
    )


def test_the_derived_edition_has_its_own_lists_tags_and_feeds(site: Path) -> None:
    home = page(site, "zh-cn")
    assert '<html lang="zh-Hans">' in home and "<title>持续改进</title>" in home
    assert 'href="/zh-cn/posts/steps/">小步骤的软件开发</a>' in home
    assert "小步骤让软件团队走得更远，数据库也更稳定。" in home
    tag = page(site, "zh-cn/tags/指标")
    assert "标签「指标」的文章" in tag
    assert 'hreflang="zh-Hant-TW" href="https://example.org/zh-tw/tags/%E6%8C%87%E6%A8%99/"' in tag
    assert "<title>软件笔记" in page(site, "zh-cn/posts")
    atom = (site / "zh-cn/atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="zh-Hans"' in atom and "小步骤的软件开发" in atom
    assert "<language>zh-cn</language>" in (site / "zh-cn/index.xml").read_text(encoding="utf-8")


def test_aliases_redirect_to_the_source_language_alone(site: Path) -> None:
    alias = (site / "old/steps-zh/index.html").read_text(encoding="utf-8")
    assert "https://example.org/zh-tw/posts/steps/" in alias
    assert "zh-cn" not in alias


def test_an_edit_to_the_source_rewrites_its_converted_pages(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DERIVED, project)
    out = tmp_path / "site"
    for _ in range(2):  # the second build, with no change, rewrites nothing
        result = run(project, "build", "--output", str(out), "--no-audio")
        assert result.exit_code == 0, result.output
    assert ", 0 changed" in result.output
    source = project / "content/posts/taiwan-only.zh-tw.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n再加一句軟體的話。\n", "utf-8")
    before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert run(project, "build", "--output", str(out), "--no-audio").exit_code == 0
    changed = sorted(
        p.relative_to(out).as_posix() for p, ino in before.items() if p.stat().st_ino != ino
    )
    assert changed == [
        "zh-cn/atom.xml",
        "zh-cn/index.xml",
        "zh-cn/posts/taiwan-only/index.html",
        "zh-tw/atom.xml",
        "zh-tw/index.xml",
        "zh-tw/posts/taiwan-only/index.html",
    ]
    assert "再加一句软件的话。" in page(out, "zh-cn/posts/taiwan-only")
