"""Incremental rebuilds with a memo: which pages an edit makes again, and that the
site they leave is always the one a full build makes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot import pipeline, templates
from diglot.errors import ContentErrors, DiglotError
from diglot.stages import episodes, script
from diglot.stages.memo import Memo
from diglot.stages.publish import LiveTree

from conftest import FIXTURES, MakeProject, post

SMALL = FIXTURES / "site" / "small"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Live:
    """A project served from a live tree, rebuilt with a memo after each edit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.project = folder / "project"
        shutil.copytree(SMALL, self.project)
        self.options = pipeline.BuildOptions(output=folder / "live", now=NOW, jobs=1, audio=False)
        self.memo = Memo()
        pipeline.build(self.project, self.options, memo=self.memo)
        self.tree = LiveTree(folder / "live")
        self.changed: tuple[str, ...] = ()

    def edit(self, rel: str, change: Callable[[str], str]) -> None:
        path = self.project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change(path.read_text(encoding="utf-8") if path.exists() else ""), "utf-8")
        self.memo.note([rel])

    def remove(self, rel: str) -> None:
        (self.project / rel).unlink()
        self.memo.note([rel])

    def rebuild(self) -> set[str]:
        """Rebuild; the pages whose template ran. The tree must equal a full build."""
        pipeline.rebuild(self.project, self.options, self.tree, self.memo)
        self.changed = self.tree.last_changes
        full = self.folder / "full"
        shutil.rmtree(full, ignore_errors=True)
        templates.environment.cache_clear()  # as a new process would find them
        pipeline.build(
            self.project, pipeline.BuildOptions(output=full, now=NOW, jobs=1, audio=False)
        )
        assert tree(self.folder / "live") == tree(full)
        return set(self.memo.rendered)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    yield Live(tmp_path)


def test_no_change_makes_nothing(live: Live) -> None:
    assert live.rebuild() == set()
    assert live.changed == ()


def test_a_body_edit_makes_its_page_and_the_feeds_that_carry_its_text(live: Live) -> None:
    live.edit("content/posts/first.md", lambda text: text + "\nOne more line.\n")
    assert live.rebuild() == {"en/posts/first/index.html", "en/index.xml", "en/atom.xml"}
    assert live.changed == ("en/atom.xml", "en/index.xml", "en/posts/first/index.html")


def test_a_translation_edit_stays_in_its_language(live: Live) -> None:
    live.edit("content/posts/first.zh-tw.md", lambda text: text + "\n再一句。\n")
    assert live.rebuild() == {
        "zh-tw/posts/first/index.html",
        "zh-tw/index.xml",
        "zh-tw/atom.xml",
    }


def test_a_title_makes_the_neighbours_and_the_lists_it_is_on(live: Live) -> None:
    live.edit("content/posts/first.md", lambda text: text.replace("First steps", "Baby steps"))
    assert live.rebuild() == {
        "en/posts/first/index.html",
        "en/posts/second/index.html",  # 'older' link
        "en/posts/bundle/index.html",  # 'newer' link
        "en/index.html",
        "en/posts/index.html",
        "en/archive/2024/index.html",
        "en/tags/habits/index.html",
        "en/tags/tools/index.html",
        "en/index.xml",
        "en/atom.xml",
    }


def test_a_new_slug_makes_the_translation_and_pages_linking_to_it(live: Live) -> None:
    live.edit("content/posts/first.md", lambda text: text.replace("---\n", "---\nslug: go\n", 1))
    made = live.rebuild()
    assert {"en/posts/go/index.html", "zh-tw/posts/first/index.html"} <= made  # switcher
    assert "en/posts/second/index.html" in made  # its link to first.zh-tw.md, in English
    assert "en/posts/first/index.html" in live.changed  # removed from the tree
    page = (live.folder / "live/zh-tw/posts/first/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en" href="https://example.org/blog/en/posts/go/"' in page


def test_a_tag_change_makes_the_tag_pages(live: Live) -> None:
    live.edit("content/posts/second.md", lambda text: text.replace("tags: [tools]", "tags: [new]"))
    made = live.rebuild()
    assert {"en/tags/index.html", "en/tags/new/index.html", "en/posts/second/index.html"} <= made
    assert not any(path.startswith("zh-tw/") for path in made)
    assert "en/tags/tools/index.html" in made  # one post fewer


def test_a_template_edit_makes_every_page_and_renders_no_markdown(live: Live) -> None:
    rendered_before = dict(live.memo._renderings)
    live.edit("templates/404.html", lambda _: "<!doctype html><title>gone</title>\n")
    made = live.rebuild()
    assert {"404.html", "en/404.html", "en/posts/first/index.html", "index.html"} <= made
    assert live.memo._renderings == rendered_before


def test_an_edited_intro_template_speaks_in_the_next_rebuild(make_project: MakeProject) -> None:
    root = make_project(
        {
            "templates/podcast/intro.en.txt.j2": "Hello from the first intro.\n",
            "content/posts/a.md": post("A", body="Body.\n"),
        }
    )
    memo = Memo()

    def intro() -> str:
        project = pipeline.load_project(root, memo=memo)
        planned = episodes.plan(project.content, project.config, {}).episodes
        first = script.write(project.config, planned, known=memo.scripts(project.config))[0]
        return first.segments[0].paragraphs[0]

    assert intro() == "Hello from the first intro."
    (root / "templates/podcast/intro.en.txt.j2").write_text("A second, longer intro.\n")
    assert intro() == "A second, longer intro."


def test_site_toml_makes_every_page(live: Live) -> None:
    live.edit("site.toml", lambda text: text.replace("paginate = 2", "paginate = 1"))
    made = live.rebuild()
    assert "en/page/3/index.html" in made and "en/posts/first/index.html" in made


def test_pages_come_and_go(live: Live) -> None:
    third = "---\ntitle: Third\ndate: 2025-01-01\n---\n\nHi.\n"
    live.edit("content/posts/third.md", lambda _: third)
    made = live.rebuild()
    assert {"en/posts/third/index.html", "en/archive/2025/index.html", "en/index.html"} <= made
    live.remove("content/posts/third.md")
    live.rebuild()
    assert "en/posts/third/index.html" in live.changed
    assert not (live.folder / "live/en/posts/third").exists()
    assert not (live.folder / "live/en/archive/2025").exists()


def test_a_draft_made_public_and_a_bundle_file(live: Live) -> None:
    live.edit("content/posts/draft.md", lambda text: text.replace("draft: true", "draft: false"))
    assert "en/posts/draft/index.html" in live.rebuild()
    live.edit("content/posts/bundle/dot.svg", lambda text: text.replace("<svg", "<svg id='d'"))
    assert live.rebuild() == set()
    assert live.changed == ("en/posts/bundle/dot.svg", "zh-tw/posts/bundle/dot.svg")
    live.edit("static/hello.txt", lambda text: text + "again\n")
    live.rebuild()
    assert live.changed == ("hello.txt",)


def test_a_failed_rebuild_leaves_the_tree_and_the_memo_as_they_were(live: Live) -> None:
    before = tree(live.folder / "live")
    live.edit("content/posts/first.md", lambda text: text + "\nAdded.\n")
    live.edit("content/posts/second.md", lambda text: re.sub(r"date: .*", "date: 2024-13-01", text))
    with pytest.raises(ContentErrors, match=r"second\.md:3"):
        pipeline.rebuild(live.project, live.options, live.tree, live.memo)
    assert tree(live.folder / "live") == before
    live.edit("content/posts/first.md", lambda text: text + "\nMore.\n")
    live.edit("content/posts/second.md", lambda text: text.replace("2024-13-01", "2024-05-01"))
    assert live.rebuild() == {"en/posts/first/index.html", "en/index.xml", "en/atom.xml"}


def test_without_notes_every_file_is_looked_at(live: Live) -> None:
    path = live.project / "content/posts/first.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUnnoted.\n", encoding="utf-8")
    live.memo.note([])  # a watcher that saw nothing: the file is trusted to be unchanged
    pipeline.rebuild(live.project, live.options, live.tree, live.memo)
    assert live.memo.rendered == []
    assert "en/posts/first/index.html" in live.rebuild()  # no notes: stat every file


@pytest.mark.parametrize(
    "rel,change,where",
    [
        ("templates/article.html", lambda _: "{% if %}\n", r"templates/article\.html:1"),
        ("content/posts/first.md", lambda text: text + "\n[gone](gone.md)\n", r"first\.md:34"),
    ],
)
def test_a_template_error_or_a_broken_link_changes_nothing_until_fixed(
    live: Live, rel: str, change: Callable[[str], str], where: str
) -> None:
    before = tree(live.folder / "live")
    original = (live.project / rel).read_text(encoding="utf-8") if "content" in rel else None
    live.edit(rel, change)
    with pytest.raises(DiglotError, match=where):
        pipeline.rebuild(live.project, live.options, live.tree, live.memo)
    assert tree(live.folder / "live") == before
    if original is None:
        (live.project / rel).unlink()
        live.memo.note([rel])
    else:
        live.edit(rel, lambda _: original)
    live.rebuild()
    assert tree(live.folder / "live") == before


def test_an_article_that_takes_its_key_from_a_sibling(live: Live) -> None:
    live.edit(
        "content/posts/x.md",
        lambda _: "---\ntitle: X\ndate: 2024-02-01\ntranslationKey: shared\n---\n\nEnglish.\n",
    )
    live.edit(
        "content/posts/x.zh-tw.md", lambda _: "---\ntitle: 叉\ndate: 2024-02-01\n---\n\n中文。\n"
    )
    live.rebuild()
    live.edit("content/posts/x.zh-tw.md", lambda text: text + "\n再一句。\n")
    assert live.rebuild() == {"zh-tw/posts/x/index.html", "zh-tw/index.xml", "zh-tw/atom.xml"}
    page = (live.folder / "live/zh-tw/posts/x/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in page  # still the translation of x.md


def test_a_note_of_the_content_folder_itself_looks_at_every_file(live: Live) -> None:
    path = live.project / "content/posts/first.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUnnoted.\n", encoding="utf-8")
    live.memo.note(["content", "templates"])  # a watcher that was away for a moment
    pipeline.rebuild(live.project, live.options, live.tree, live.memo)
    assert "en/posts/first/index.html" in live.memo.rendered


_EDITS: dict[str, Callable[[str], str]] = {
    "body": lambda text: text + "\nOne more sentence, long enough to count.\n",
    "title": lambda text: re.sub(r'title: "?([^"\n]*)"?', r'title: "\1, again"', text, count=1),
    "date": lambda text: re.sub(r"date: \S+", "date: 2023-07-07", text, count=1),
    "tags": lambda text: (
        text.replace("---\n", "---\ntags: [fresh, tools]\n", 1)
        if "tags:" not in text
        else re.sub(r"tags: .*", "tags: [fresh]", text, count=1)
    ),
    "draft": lambda text: (
        text.replace("---\n", "---\ndraft: true\n", 1)
        if "draft:" not in text
        else text.replace("draft: true", "draft: false")
    ),
    "slug": lambda text: (
        text.replace("---\n", "---\nslug: moved\n", 1)
        if "slug:" not in text
        else text.replace("slug: moved", "slug: moved-again")
    ),
    "summary": lambda text: re.sub(r"\n\n", "\n\nA new opening sentence.\n\n", text, count=1),
}
_FILES = [
    "content/posts/first.md",
    "content/posts/first.zh-tw.md",
    "content/posts/second.md",
    "content/posts/bundle/index.md",
    "content/posts/only-zh.zh-tw.md",
    "content/about/index.md",
]


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(_FILES), st.sampled_from(sorted(_EDITS))), max_size=5))
def test_any_sequence_of_edits_leaves_the_site_a_full_build_makes(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str]]
) -> None:
    live = Live(tmp_path_factory.mktemp("edits"))
    for rel, kind in edits:
        live.edit(rel, _EDITS[kind])
        failures = []
        for run in (
            lambda: pipeline.rebuild(live.project, live.options, live.tree, live.memo),
            lambda: pipeline.build(
                live.project, replace(live.options, output=live.folder / "full")
            ),
        ):
            try:
                templates.environment.cache_clear()
                run()
            except DiglotError as error:  # two pages at one URL, say: both must fail alike
                failures.append(error.format_message())
        assert len(failures) in (0, 2) and len(set(failures)) <= 1, failures
        if not failures:
            assert tree(live.folder / "live") == tree(live.folder / "full")
