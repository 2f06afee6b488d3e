"""The site plan: which articles each edition publishes, in what order, under which tags."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from diglot import pipeline
from diglot.stages.site import Options, plan

from conftest import FIXTURES

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def small(drafts: bool = False, future: bool = False):  # type: ignore[no-untyped-def]
    project = pipeline.load_project(FIXTURES / "site" / "small", checks=False)
    return plan(project.content, project.config, Options(NOW, drafts, future))


def test_editions_publish_their_own_articles_newest_first() -> None:
    site = small()
    en, zh = site.editions
    assert [e.path for e in en.posts] == [
        "/en/posts/second/",
        "/en/posts/first/",
        "/en/posts/bundle/",
    ]
    assert [e.path for e in zh.posts] == [
        "/zh-tw/posts/only-zh/",
        "/zh-tw/posts/first/",
        "/zh-tw/posts/bundle/",
    ]
    assert [e.title for e in en.pages] == ["About"]
    assert en.posts[1].date_text == "March 4, 2024"
    assert zh.posts[1].date_text == "2024年3月4日"
    assert list(en.years) == [2024, 2023]


def test_drafts_and_future_posts_are_left_out_unless_asked_for() -> None:
    assert "draft" not in small().families and "posts/future" not in small().families
    everything = small(drafts=True, future=True)
    paths = [e.path for e in everything.editions[0].posts]
    assert paths[0] == "/en/posts/future/" and "/en/posts/draft/" in paths


def test_tags_are_translated_through_the_config_mapping() -> None:
    site = small()
    en, zh = site.editions
    assert [(t.name, t.canonical, len(t.posts)) for t in en.tags] == [
        ("habits", "habits", 1),
        ("tools", "tools", 2),
    ]
    assert [(t.name, t.canonical) for t in zh.tags] == [("習慣", "habits")]
    assert dict(site.tag_families["habits"]) == {
        "en": "/en/tags/habits/",
        "zh-tw": "/zh-tw/tags/習慣/",
    }
    assert dict(site.tag_families["tools"]) == {"en": "/en/tags/tools/"}


def test_families_and_link_targets_follow_the_pair_key(tmp_path: Path) -> None:
    site = small()
    assert dict(site.families["posts/first"]) == {
        "en": "/en/posts/first/",
        "zh-tw": "/zh-tw/posts/first/",
    }
    assert dict(site.families["posts/only-zh"]) == {"zh-tw": "/zh-tw/posts/only-zh/"}
    assert site.targets.keys["content/posts/bundle"] == "bundle"
    assert dict(site.targets.urls["bundle"]) == {
        "en": "/blog/en/posts/bundle/",
        "zh-tw": "/blog/zh-tw/posts/bundle/",
    }
