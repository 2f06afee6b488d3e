"""The translator's view: versions side by side, section by section, with check's findings."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from diglot import pairview, pipeline
from diglot.stages import site

from conftest import FIXTURES

SMALL = FIXTURES / "site" / "small"


def view(project: Path, key: str) -> pairview.PairPage | None:
    loaded = pipeline.load_project(project, checks=False)
    plan = site.plan(loaded.content, loaded.config, site.Options(datetime.now(UTC)))
    return pairview.page(loaded.content, loaded.config, plan, key)


def test_sections_side_by_side_aligned_by_heading() -> None:
    page = view(SMALL, "posts/first")
    assert page is not None
    assert [(v.lang, v.title, v.href) for v in page.versions] == [
        ("en", "First steps", "/blog/en/posts/first/"),
        ("zh-tw", "第一步", "/blog/zh-tw/posts/first/"),
    ]
    assert len(page.rows) == 3  # the opening, then one row per '##' heading
    english, chinese = page.rows[1]
    assert english.startswith('<h2 id="why-small-steps">')
    assert chinese.startswith('<h2 id="為什麼是小步驟">')
    assert 'href="/blog/zh-tw/posts/bundle/"' in page.rows[0][1]  # links as on the site
    assert page.warnings == ()
    html = pairview.html(pipeline.load_project(SMALL).config, "serve/pair.html", page)
    assert b'<td lang="zh-Hant-TW"><h2 id="' in html


def test_a_missing_section_and_a_stale_translation_are_said(tmp_path: Path) -> None:
    project = Path(shutil.copytree(SMALL, tmp_path / "project"))
    english = project / "content/posts/first.md"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("---\n\n", "lastmod: 2024-08-01\n---\n\n", 1), "utf-8")
    chinese = project / "content/posts/first.zh-tw.md"
    chinese.write_text(chinese.read_text(encoding="utf-8").split("## ")[0], "utf-8")
    page = view(project, "posts/first")
    assert page is not None
    assert [len([c for c in row if c]) for row in page.rows] == [2, 1, 1]
    assert any("has 0 '##' headings" in w for w in page.warnings)
    assert any("translation may be stale" in w for w in page.warnings)


def test_an_orphan_and_the_index() -> None:
    page = view(SMALL, "posts/only-zh")
    assert page is not None and [v.lang for v in page.versions] == ["zh-tw"]
    assert any("no English version" in w for w in page.warnings)
    assert view(SMALL, "posts/nothing") is None
    loaded = pipeline.load_project(SMALL)
    index = pairview.index(loaded.content, loaded.config)
    orphan = next(p for p in index.pairs if p.key == "posts/only-zh")
    assert orphan.missing == ("English",) and orphan.href == "/_pair/posts/only-zh/"
    assert pairview.key_of("/_pair/posts/only-zh/") == "posts/only-zh"
    assert pairview.key_of("/_pair/") == "" and pairview.key_of("/en/") is None
