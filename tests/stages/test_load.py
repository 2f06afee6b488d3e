from __future__ import annotations

from pathlib import Path

from diglot import config
from diglot.stages import load, scan

from conftest import MakeProject, post


def read(root: Path) -> load.Loaded:
    found = scan.scan_content(root)
    return load.read(found, config.load(root, found.languages))


def test_file_name_layout(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/kaizen.md": post(
                "Kaizen", tags="[kaizen, habits]", summary="Small steps."
            ),
            "content/posts/kaizen.zh-TW.md": post("改善", tags="[改善]"),
            "content/posts/notes.v2.md": post("Notes v2"),
        }
    )
    loaded = read(root)
    assert loaded.diagnostics == ()
    by_path = {a.path: a for a in loaded.articles}
    en = by_path["content/posts/kaizen.md"]
    zh = by_path["content/posts/kaizen.zh-TW.md"]
    assert (en.lang, en.key, en.kind, en.section, en.slug) == (
        "en",
        "posts/kaizen",
        "post",
        "posts",
        "kaizen",
    )
    assert en.tags == ("kaizen", "habits") and en.summary == "Small steps."
    assert (zh.lang, zh.key) == ("zh-tw", "posts/kaizen")
    assert en.body == "\nBody text.\n" and en.body_line == 7
    assert by_path["content/posts/notes.v2.md"].slug == "notes.v2"


def test_page_bundles_with_resources(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/loop/index.md": post("Loop"),
            "content/posts/loop/index.zh-tw.md": post("循環"),
            "content/posts/loop/index.podcast.md": "Hello listeners.\n",
            "content/posts/loop/cycle.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "content/posts/loop/notes.md": "a resource, not a page\n",
            "content/posts/loop/img/photo.png": b"\x89PNG",
        }
    )
    loaded = read(root)
    assert loaded.diagnostics == ()
    assert sorted(a.lang for a in loaded.articles) == ["en", "zh-tw"]
    article = loaded.articles[0]
    assert article.bundle == "content/posts/loop"
    assert article.slug == "loop" and article.key == "posts/loop"
    assert article.resources == ("cycle.svg", "img/photo.png", "notes.md")
    assert [(s.lang, s.key) for s in loaded.scripts] == [("en", "posts/loop")]


def test_standalone_pages_and_sections(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/about/index.md": "---\ntitle: About\n---\nHi\n",
            "content/search.zh-tw.md": "---\ntitle: 搜尋\n---\n",
            "content/posts/_index.md": "---\ntitle: Posts\ndescription: All of them\n---\n",
            "content/posts/_index.zh-tw.md": "---\ntitle: 文章\n---\n",
        }
    )
    loaded = read(root)
    assert loaded.diagnostics == ()
    pages = {a.path: a for a in loaded.articles}
    about = pages["content/about/index.md"]
    assert (about.kind, about.date, about.key, about.section) == ("page", None, "about", "about")
    assert pages["content/search.zh-tw.md"].key == "search"
    assert [(s.lang, s.title) for s in loaded.sections] == [("en", "Posts"), ("zh-tw", "文章")]


def test_unknown_front_matter_is_kept_and_toml_works(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": '+++\ntitle = "A"\ndate = 2024-03-04T10:00:00+08:00\n'
            "weight = 3\nShowToc = true\n+++\nBody\n",
        }
    )
    article = read(root).articles[0]
    assert article.params["weight"] == 3 and article.params["ShowToc"] is True
    assert article.date is not None and article.date.utcoffset().total_seconds() == 8 * 3600


def test_dates_without_zone_take_the_site_time_zone(make_project: MakeProject) -> None:
    root = make_project(
        {
            "site.toml": 'timezone = "Asia/Taipei"\n',
            "content/posts/a.md": post("A", date="2024-03-04"),
            "content/posts/b.md": post("B", date='"2024-03-05 09:30"'),
        }
    )
    dates = {a.slug: a.date for a in read(root).articles}
    assert str(dates["a"]) == "2024-03-04 00:00:00+08:00"
    assert str(dates["b"]) == "2024-03-05 09:30:00+08:00"


def test_shortcodes_are_warnings_with_their_place(make_project: MakeProject) -> None:
    body = 'Text\n\n{{< figure src="x.png" >}}\n\n```\n{{< not-in-code >}}\n```\n'
    root = make_project({"content/posts/a.md": post("A", body=body)})
    loaded = read(root)
    assert len(loaded.articles) == 1
    assert [d.format() for d in loaded.diagnostics] == [
        "content/posts/a.md:8:1: warning: Hugo shortcode 'figure' is not supported and is shown "
        "as text; replace it with Markdown"
    ]


def test_errors_are_all_collected_in_one_pass(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": "---\ntitle: A\n",
            "content/posts/b.md": "---\ndate: 2024-01-01\n---\n",
            "content/posts/c.md": post("C"),
        }
    )
    loaded = read(root)
    assert [a.slug for a in loaded.articles] == ["c"]
    assert [d.path for d in loaded.diagnostics] == ["content/posts/a.md", "content/posts/b.md"]
