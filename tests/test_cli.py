"""End to end: the CLI on small fixture trees (in-process and as a real subprocess)."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from diglot import __version__, reading

from conftest import MakeProject, post, run


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "diglot", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"diglot, version {__version__}"


def test_check_prints_warnings_and_a_summary(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/posts/a.md": post("A"),
            "content/posts/a.zh-tw.md": post("甲"),
            "content/posts/b.md": post("B"),
            "content/posts/c.zh-tw.md": post("丙"),
        }
    )
    result = run(root, "check")
    assert result.exit_code == 0
    assert (
        result.output.splitlines()[-1]
        == "1 pairs, 2 orphans (en: 1, zh-tw: 1), 2 warnings, 0 errors"
    )
    strict = run(root, "check", "--strict")
    assert strict.exit_code == 1
    assert "content/posts/b.md: error: no 繁體中文 version" in strict.output


def test_errors_exit_1_without_traceback_as_a_subprocess(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": "---\ntitle: [unclosed\n---\n"})
    result = subprocess.run(
        [sys.executable, "-m", "diglot", "--project", str(root), "check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "content/posts/a.md:2: error: front matter is not valid YAML" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_config_error_exits_1_without_traceback(make_project: MakeProject) -> None:
    root = make_project({"site.toml": "titel = 'x'\n", "content/posts/a.md": post("A")})
    result = subprocess.run(
        [sys.executable, "-m", "diglot", "--project", str(root), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "site.toml:1: error: titel: unknown key; did you mean 'title'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_project_folder(tmp_path: Path) -> None:
    result = run(tmp_path / "nope", "check")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_new_creates_a_draft_in_each_language(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A"), "content/posts/a.zh-tw.md": post("甲")})
    result = run(root, "new", "Small Steps, Big Change")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created content/posts/small-steps-big-change.md",
        "created content/posts/small-steps-big-change.zh-tw.md",
    ]
    text = (root / "content/posts/small-steps-big-change.zh-tw.md").read_text(encoding="utf-8")
    assert f"date: {date.today().isoformat()}" in text
    assert "draft: true" in text and 'translationKey: "small-steps-big-change"' in text
    check = run(root, "check")
    assert check.exit_code == 0
    assert "2 pairs" in check.output


def test_new_bundle_with_cjk_title_and_slug(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A"), "content/posts/a.zh-tw.md": post("甲")})
    result = run(root, "new", "持續改進", "--bundle")
    assert result.exit_code == 0, result.output
    assert (root / "content/posts/持續改進/index.md").is_file()
    assert (root / "content/posts/持續改進/index.zh-tw.md").is_file()
    result = run(root, "new", "Hello", "--slug", "hello-world")
    assert (root / "content/posts/hello-world.md").is_file()


def test_new_refuses_to_overwrite(make_project: MakeProject) -> None:
    root = make_project({"content/posts/b.md": post("B"), "content/posts/a.zh-tw.md": "keep me"})
    before = (root / "content/posts/a.zh-tw.md").read_bytes()
    result = run(root, "new", "A", "--slug", "a")
    assert result.exit_code == 1
    assert "content/posts/a.zh-tw.md already exists" in result.output
    assert not (root / "content/posts/a.md").exists()
    assert (root / "content/posts/a.zh-tw.md").read_bytes() == before


def test_new_rejects_an_unusable_slug(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A")})
    result = run(root, "new", "!!!")
    assert result.exit_code == 1 and "--slug" in result.output


def test_build_reads_with_few_garbage_collections(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading begun before the build collects as rarely as the build does: full
    collections over the growing content cost a third of the reading at 5000 pairs."""
    root = make_project({"content/posts/a.md": post("A"), "content/posts/a.zh-tw.md": post("甲")})
    seen: list[tuple[int, int, int]] = []
    ahead = reading.ahead

    @contextlib.contextmanager
    def watched(root: Path, workers: int) -> Iterator[reading.Reading]:
        seen.append(gc.get_threshold())
        with ahead(root, workers) as started:
            yield started

    monkeypatch.setattr(reading, "ahead", watched)
    before = gc.get_threshold()
    assert run(root, "build", "--no-audio").exit_code == 0
    assert seen and seen[0][0] >= 100_000
    assert gc.get_threshold() == before
