from __future__ import annotations

from pathlib import Path

from diglot import pipeline

from conftest import MakeProject, post


def warnings(root: Path) -> list[str]:
    project = pipeline.inspect(root)
    assert project.errors == ()
    return [d.format() for d in project.warnings]


def test_a_clean_pair_has_no_warnings(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A", body="## One\n\nText.\n"),
            "content/posts/a.zh-tw.md": post("甲", body="## 一\n\n內文。\n"),
        }
    )
    assert warnings(root) == []


def test_every_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/orphan.md": post("Orphan"),
            "content/posts/stale.md": post("Stale", lastmod="2024-05-01"),
            "content/posts/stale.zh-tw.md": post("舊", lastmod="2024-04-01"),
            "content/posts/heads.md": post(
                "Heads", body="## A\n\n## B\n\n```\n## not a heading\n```\n"
            ),
            "content/posts/heads.zh-tw.md": post("標題", body="## 甲\n"),
            "content/posts/draft.md": post("Draft", draft="true"),
            "content/posts/draft.zh-tw.md": post("草稿"),
            "content/posts/empty.md": post("Empty", body=""),
            "content/posts/empty.zh-tw.md": post("空", body="\n\n"),
        }
    )
    assert warnings(root) == [
        "content/posts/draft.md: warning: a draft, but its translation is published; "
        "publish both or neither (draft: false)",
        "content/posts/empty.md: warning: the body is empty; write the article",
        "content/posts/empty.zh-tw.md: warning: the body is empty; write the article",
        "content/posts/heads.zh-tw.md: warning: has 1 '##' headings but content/posts/heads.md "
        "has 2; keep the sections of translations in step",
        "content/posts/orphan.md: warning: no 繁體中文 version; it is published in English only; "
        "add a translation with translationKey 'posts/orphan'",
        "content/posts/stale.zh-tw.md: warning: translation may be stale: content/posts/stale.md "
        "was modified 2024-05-01, after this one (2024-04-01); update it and its 'lastmod'",
    ]
