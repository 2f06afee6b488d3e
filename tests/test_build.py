"""`diglot build` end to end on fixture trees: golden output, drafts and future posts,
rebuilds that rewrite nothing, and failures that leave the previous site as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from diglot import pipeline, reading
from diglot.stages import write
from diglot.stages.memo import Memo

from conftest import FIXTURES, check_golden, post, run

SMALL = FIXTURES / "site" / "small"
GOLDEN = Path(__file__).parent / "golden" / "site-small"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def build(project: Path, out: Path, *args: str) -> str:
    """Build without audio: these tests are about the site (tests/test_podcast_site.py
    builds with audio), and no audio cache may grow inside the fixture folders."""
    result = run(project, "build", "--output", str(out), "--no-audio", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_small_site_matches_golden(tmp_path: Path, update_golden: bool) -> None:
    out = tmp_path / "site"
    summary = build(SMALL, out, "--jobs", "1")
    assert summary.startswith(f"built {out.as_posix()}/ in ")
    assert "en 15 pages, zh-tw 14 pages" in summary
    files = tree(out)
    text = {name: data for name, data in files.items() if not name.startswith("assets/")}
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
    for name, data in text.items():
        check_golden(GOLDEN / name, data.decode("utf-8"), update_golden)
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert golden == set(text), "files differ from the golden tree"


def test_output_is_deterministic_and_parallel_equals_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(SMALL, tmp_path / "one", "--jobs", "1")
    # worker processes even for a small site
    monkeypatch.setattr(reading, "SERIAL_BELOW", 0)
    monkeypatch.setattr(write, "SERIAL_BELOW", 0)
    build(SMALL, tmp_path / "three", "--jobs", "3")
    assert tree(tmp_path / "one") == tree(tmp_path / "three")


def test_drafts_and_future_posts_only_when_asked(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    build(SMALL, plain)
    assert not (plain / "en/posts/draft").exists()
    assert not (plain / "en/posts/future").exists()
    everything = tmp_path / "all"
    build(SMALL, everything, "--drafts", "--future")
    assert (everything / "en/posts/draft/index.html").is_file()
    assert (everything / "en/posts/future/index.html").is_file()


def test_a_no_change_rebuild_rewrites_no_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SMALL, out)
    before = stamps(out)
    summary = build(SMALL, out)
    assert f"{len(before)} files, 0 changed (load " in summary
    assert stamps(out) == before


def test_one_edit_rewrites_only_the_pages_it_shows_on(tmp_path: Path) -> None:
    project = tmp_path / "project"
    subprocess.run(["cp", "-r", str(SMALL), str(project)], check=True)
    out = tmp_path / "site"
    build(project, out)
    before = stamps(out)
    page = project / "content/posts/bundle/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(project, out)
    after = stamps(out)
    changed = sorted(name for name in after if before.get(name) != after[name])
    # The page and the feeds with its full text; its summary and reading time, shown
    # on the list pages, are the same.
    assert changed == ["en/atom.xml", "en/index.xml", "en/posts/bundle/index.html"]


def test_base_url_option(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SMALL, out, "--base-url", "http://localhost:1313")
    page = (out / "en/posts/first/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://localhost:1313/en/posts/first/">' in page
    assert 'href="/en/posts/second/#why"' in page
    bad = run(SMALL, "build", "--output", str(out), "--no-audio", "--base-url", "ftp://x")
    assert bad.exit_code == 1 and "--base-url" in bad.output


@pytest.mark.parametrize("name", ["broken-link", "template-error"])
def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path: Path, name: str) -> None:
    broken = FIXTURES / "site" / name
    out = tmp_path / "site"
    build(SMALL, out)
    before, before_stamps = tree(out), stamps(out)
    command = ["build", "--output", str(out), "--no-audio"]
    result = subprocess.run(
        [sys.executable, "-m", "diglot", "--project", str(broken), *command],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == (broken / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stdout + result.stderr
    assert tree(out) == before and stamps(out) == before_stamps
    assert sorted(os.listdir(tmp_path)) == ["site"], "no staging folder left behind"


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete", encoding="utf-8")
    result = run(SMALL, "build", "--output", str(out), "--no-audio")
    assert result.exit_code == 1
    assert "holds no site built by diglot" in result.output
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "do not delete"


def test_errors_travel_between_processes() -> None:
    import pickle

    from diglot.errors import ContentErrors, Diagnostic, SourceError

    problem = Diagnostic("templates/list.html", 3, 0, "template error: boom", "fix the template")
    for error in (SourceError(problem), ContentErrors([problem])):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.format_message() == error.format_message()


@pytest.mark.parametrize("name", ["broken-link", "template-error"])
def test_errors_in_worker_processes_are_reported_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(reading, "SERIAL_BELOW", 0)
    monkeypatch.setattr(write, "SERIAL_BELOW", 0)
    broken = FIXTURES / "site" / name
    result = run(broken, "build", "--output", str(tmp_path / "site"), "--jobs", "2", "--no-audio")
    assert result.exit_code == 1
    assert result.output == (broken / "expected.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "site").exists()


def test_content_read_by_workers_ahead_reports_errors_the_same(
    make_project: Callable[[dict[str, str]], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"content/posts/p{n}.md": post(f"Post {n}") for n in range(60)}
    files["content/posts/p41.zh-tw.md"] = "---\ntitle: [unclosed\n---\n"
    root = make_project(files)
    serial = run(root, "build", "--no-audio", "--jobs", "1")
    monkeypatch.setattr(reading, "SERIAL_BELOW", 0)  # the files read by a worker, ahead
    monkeypatch.setattr(reading, "AHEAD_CHUNK", 3)
    ahead = run(root, "build", "--no-audio", "--jobs", "2")
    assert serial.exit_code == ahead.exit_code == 1
    assert "content/posts/p41.zh-tw.md:2: error: front matter is not valid YAML" in ahead.output
    assert ahead.output == serial.output
    assert not (root / "site").exists()


def test_a_fresh_process_reads_a_large_project_ahead_and_builds_the_same_site(
    make_project: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """The command line hands the files to a worker forked before the renderer is
    imported: what that worker needs must not come with the renderer."""
    files = {
        f"content/posts/p{n:03}.md": post(f"Post {n}", tags="[a, b]", translationKey=f"k{n}")
        for n in range(reading.SERIAL_BELOW)
    }
    files["content/posts/p007.zh-tw.md"] = post("文章", translationKey="k7")
    root = make_project(files)
    built = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"site-{jobs}"
        command = [sys.executable, "-m", "diglot", "--project", str(root), "build"]
        command += ["--no-audio", "--jobs", jobs, "--output", str(out)]
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        built[jobs] = tree(out)
    assert len(built["2"]) > reading.SERIAL_BELOW
    assert built["1"] == built["2"]


def test_zero_config_single_language_site(make_project: Callable[[dict[str, str]], Path]) -> None:
    root = make_project(
        {
            "content/posts/hello.md": post("Hello", body="Hi, see [x](x.md).\n"),
            "content/posts/x.md": post("X", "2024-03-05", tags="[a]"),
        }
    )
    out = root / "site"
    assert "en 9 pages" in build(root, out)
    page = (out / "en/posts/hello/index.html").read_text(encoding="utf-8")
    assert '<a href="/en/posts/x/">x</a>' in page
    assert 'class="switcher"' not in page  # one language: nothing to switch to


def test_a_build_with_the_memo_of_the_last_one_makes_nothing_again(tmp_path: Path) -> None:
    """`diglot build` can keep a memo too: the second build renders no page, keeps every
    file (the old files, linked into the new site) and swaps as usual."""
    out = tmp_path / "site"
    memo = Memo()
    pipeline.build(SMALL, pipeline.BuildOptions(output=out, jobs=1), memo=memo)
    first = tree(out)
    before = stamps(out)
    report = pipeline.build(SMALL, pipeline.BuildOptions(output=out, jobs=1), memo=memo)
    assert memo.rendered == [] and report.changed == 0
    assert tree(out) == first and stamps(out) == before
