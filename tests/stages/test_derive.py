"""The derived zh-cn edition in the site plan: which articles it converts, what it
converts, and how its pages and tags pair with their sources."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from diglot import pipeline
from diglot.config import Config
from diglot.model import Article, SectionInfo
from diglot.stages.derive import Deriver
from diglot.stages.site import Options, Plan, plan

from conftest import FIXTURES, article

NOW = datetime(2025, 1, 1, tzinfo=UTC)
DERIVED = FIXTURES / "site" / "derived"


def derived_plan(drafts: bool = False) -> Plan:
    project = pipeline.load_project(DERIVED, checks=False)
    return plan(project.content, project.config, Options(NOW, drafts))


def test_the_derived_edition_publishes_every_zh_tw_article_converted() -> None:
    site = derived_plan()
    zh_tw, zh_cn = site.edition("zh-tw"), site.edition("zh-cn")
    assert [e.path.replace("zh-tw", "zh-cn") for e in zh_tw.entries] == [
        e.path for e in zh_cn.entries
    ]
    steps = next(e for e in zh_cn.posts if e.key == "posts/steps")
    assert steps.title == "小步骤的软件开发"
    assert steps.article.summary == "小步骤让软件团队走得更远，数据库也更稳定。"
    assert steps.article.conversion == "tw2sp"
    assert steps.article.path == "content/posts/steps.zh-tw.md"  # problems point at the source
    assert steps.article.aliases == ()  # the old path redirects to the zh-tw page alone
    assert steps.date_text == "2024年3月4日"
    assert [e.title for e in zh_cn.pages] == ["关于本站"]


def test_a_hand_written_zh_cn_article_wins_and_is_not_converted() -> None:
    zh_cn = derived_plan().edition("zh-cn")
    written = next(e for e in zh_cn.posts if e.key == "posts/handwritten")
    assert written.article.path == "content/posts/handwritten.zh-cn.md"
    assert written.article.conversion == ""
    assert written.title == "亲手写的简体文章"


def test_only_articles_with_a_zh_tw_version_are_derived() -> None:
    site = derived_plan()
    assert dict(site.families["posts/english-only"]) == {"en": "/en/posts/english-only/"}
    assert dict(site.families["posts/taiwan-only"]) == {
        "zh-tw": "/zh-tw/posts/taiwan-only/",
        "zh-cn": "/zh-cn/posts/taiwan-only/",
    }
    assert dict(site.families["posts/steps"]) == {
        "en": "/en/posts/steps/",
        "zh-tw": "/zh-tw/posts/steps/",
        "zh-cn": "/zh-cn/posts/steps/",
    }
    assert "posts/draft" not in site.families
    assert "/zh-cn/posts/draft/" in derived_plan(drafts=True).families["posts/draft"].values()


def test_tags_are_converted_and_pair_with_their_sources() -> None:
    site = derived_plan()
    zh_cn = site.edition("zh-cn")
    assert [(t.name, t.canonical, len(t.posts)) for t in zh_cn.tags] == [
        ("习惯", "habits", 2),
        ("指标", "metrics", 1),  # site.toml's name, not OpenCC's pointer (指针)
        ("软件工程", "軟體工程", 2),
    ]
    assert dict(site.tag_families["metrics"]) == {
        "en": "/en/tags/metrics/",
        "zh-tw": "/zh-tw/tags/指標/",
        "zh-cn": "/zh-cn/tags/指标/",
    }
    assert dict(site.tag_families["軟體工程"]) == {
        "zh-tw": "/zh-tw/tags/軟體工程/",
        "zh-cn": "/zh-cn/tags/软件工程/",
    }


def test_section_titles_are_converted() -> None:
    zh_cn = derived_plan().edition("zh-cn")
    posts = zh_cn.sections["posts"]
    assert (posts.lang, posts.title, posts.description) == (
        "zh-cn",
        "软件笔记",
        "关于软件团队的文章。",
    )


def test_each_tag_is_converted_once() -> None:
    config = pipeline.load_project(DERIVED, checks=False).config
    derive = Deriver(config.language("zh-cn"), config.tags)
    seen: list[str] = []
    derive.text = lambda value: seen.append(value) or value  # type: ignore[method-assign]
    article = _article(tags=("指標", "軟體工程"))
    derive.article(article)
    derive.article(article)
    assert seen.count("軟體工程") == 1 and "指標" not in seen  # [tags] names it: 指标
    assert derive.section(_section()).lang == "zh-cn"


def test_an_authored_language_is_not_derived() -> None:
    config: Config = pipeline.load_project(DERIVED, checks=False).config
    with pytest.raises(ValueError, match="zh-tw is not a derived language"):
        Deriver(config.language("zh-tw"), config.tags)


def _article(**fields: object) -> Article:
    values: dict[str, object] = {"key": "posts/x", "title": "標題", "date": None, "body_line": 1}
    return article(lang="zh-tw", **{**values, **fields})


def _section() -> SectionInfo:
    return SectionInfo("content/posts/_index.zh-tw.md", "zh-tw", "posts", "文章", "說明", "")
