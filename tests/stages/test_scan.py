"""The scan stage: which files under content/ are pages, and what their names say."""

from __future__ import annotations

from diglot.stages import scan

from conftest import MakeProject, post


def test_names_say_role_language_key_and_bundle(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/kaizen.md": post("Kaizen"),
            "content/posts/kaizen.zh_TW.md": post("改善"),
            "content/posts/kaizen.podcast.zh-tw.md": "大家好。\n",
            "content/posts/notes.v2.md": post("Notes v2"),
            "content/posts/_index.zh-tw.md": "---\ntitle: 文章\n---\n",
            "content/posts/loop/index.md": post("Loop"),
            "content/posts/loop/index.podcast.md": "Hello.\n",
            "content/posts/loop/notes.md": "a resource, not a page\n",
            "content/posts/loop/img/photo.png": b"\x89PNG",
            "content/about.fr.md": post("À propos"),
        }
    )
    found = scan.scan_content(root)
    rows = [(f.rel, f.role, f.lang_suffix, f.path_key, f.bundle) for f in found.files]
    assert rows == [
        ("content/about.fr.md", "article", "fr", "about", ""),
        ("content/posts/_index.zh-tw.md", "section", "zh-tw", "posts", ""),
        ("content/posts/kaizen.md", "article", "", "posts/kaizen", ""),
        ("content/posts/kaizen.podcast.zh-tw.md", "script", "zh-tw", "posts/kaizen", ""),
        ("content/posts/kaizen.zh_TW.md", "article", "zh_TW", "posts/kaizen", ""),
        ("content/posts/notes.v2.md", "article", "", "posts/notes.v2", ""),
        ("content/posts/loop/index.md", "article", "", "posts/loop", "content/posts/loop"),
        ("content/posts/loop/index.podcast.md", "script", "", "posts/loop", "content/posts/loop"),
    ]
    assert all(f.path == root / f.rel for f in found.files)
    bundle = found.files[-1]
    assert bundle.resources == ("img/photo.png", "notes.md")
    assert found.languages == {"en", "zh-tw", "fr"}  # as written, normalised


def test_no_content_folder_is_an_empty_scan(make_project: MakeProject) -> None:
    root = make_project({"site.toml": ""})
    assert scan.scan_content(root) == scan.Scan((), frozenset())


def test_hidden_and_backup_files_are_ignored(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A"),
            "content/posts/.a.md.swp": "junk",
            "content/posts/a.md~": "junk",
            "content/.git/config.md": "junk",
        }
    )
    assert [f.rel for f in scan.scan_content(root).files] == ["content/posts/a.md"]
