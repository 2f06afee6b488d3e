"""End to end: `diglot podcast export` on the sample project and on small trees."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from diglot import pipeline, text
from diglot.frontmatter import split
from diglot.stages import episodes, export

from conftest import MakeProject, post, run

REPO = Path(__file__).parents[1]


def sample(tmp_path: Path) -> Path:
    """A copy of the sample project at the repository root."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    for name in ("site.toml", "episodes.lock"):
        shutil.copy(REPO / name, root / name)
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_article_of_the_sample_gets_its_scripts(tmp_path: Path) -> None:
    root = sample(tmp_path)
    result = run(root, "podcast", "export")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("16 scripts (en: 8, zh-tw: 8) in podcast/: 17 written")
    out = root / "podcast"
    content = pipeline.load_project(root).content
    stems = episodes.file_stems(p.key for p in content.pairs)
    posts = [p for p in content.pairs if p.kind == "post"]
    assert len(posts) >= 8
    for pair in posts:
        for lang in pair.articles:
            assert (out / lang / f"{stems[pair.key]}.txt").is_file(), (pair.key, lang)
    assert not (out / "en" / "about.txt").exists()
    # the committed episodes.lock already numbers every episode of the sample
    assert (root / "episodes.lock").read_bytes() == (REPO / "episodes.lock").read_bytes()


def test_the_hand_written_script_is_used_verbatim(tmp_path: Path) -> None:
    root = sample(tmp_path)
    run(root, "podcast", "export")
    source = root / "content/posts/retrospectives-that-change-things.podcast.md"
    body = split(source.read_text(encoding="utf-8")).body
    expected = "\n\n".join(text.tidy(p) for p in body.split("\n\n") if p.strip()) + "\n"
    spoken = root / "podcast/en/retrospectives-that-change-things.txt"
    assert spoken.read_text(encoding="utf-8") == expected
    chinese = root / "podcast/zh-tw/retrospectives-that-change-things.txt"
    assert chinese.read_text(encoding="utf-8").startswith("歡迎收聽《持續改進》")


def test_output_is_deterministic(tmp_path: Path) -> None:
    root = sample(tmp_path)
    for fmt in export.FORMATS:
        run(root, "podcast", "export", "--format", fmt, "--output", str(tmp_path / "a" / fmt))
        run(root, "podcast", "export", "--format", fmt, "--output", str(tmp_path / "b" / fmt))
    assert files(tmp_path / "a") == files(tmp_path / "b")
    again = run(root, "podcast", "export", "--format", "txt", "--output", str(tmp_path / "a/txt"))
    assert "0 written, 17 unchanged, 0 removed" in again.output


def test_one_language_as_ssml(tmp_path: Path) -> None:
    root = sample(tmp_path)
    out = tmp_path / "ssml"
    result = run(
        root, "podcast", "export", "--lang", "zh-TW", "--format", "ssml", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    written = sorted(files(out))
    assert written[0] == "episodes.json" and len(written) == 9
    for name in written[1:]:
        assert name.startswith("zh-tw/") and name.endswith(".ssml")
        ET.fromstring((out / name).read_bytes())


def test_numbers_are_recorded_by_export_never_by_check(make_project: MakeProject) -> None:
    root = make_project(
        {"content/posts/a.md": post("A"), "content/posts/b.md": post("B", "2020-01-01")}
    )
    assert run(root, "check").exit_code == 0
    assert not (root / "episodes.lock").exists()
    assert "episodes.lock updated" in run(root, "podcast", "export").output
    assert '"posts/b" = 1\n"posts/a" = 2\n' in (root / "episodes.lock").read_text(encoding="utf-8")
    assert "episodes.lock" not in run(root, "podcast", "export").output


def test_drafts_only_with_the_flag(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A", draft="true")})
    assert run(root, "podcast", "export").output.startswith("0 scripts in podcast/")
    assert run(root, "podcast", "export", "--drafts").output.startswith("1 script (en: 1)")
    assert not (root / "episodes.lock").exists()


def test_bad_input_exits_1_without_traceback(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A"), "episodes.lock": "[episodes]\na = 'x'\n"})
    for args, message in [
        (["--lang", "fr"], "--lang fr: not a podcast language; use one of en or all"),
        ([], "episodes.lock:2: error: episode number of 'a' must be a whole number"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "diglot", "--project", str(root), "podcast", "export", *args],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_an_unwritable_output_is_a_clear_error(make_project: MakeProject) -> None:
    root = make_project({"content/posts/a.md": post("A"), "blocked/en": "a file, not a folder"})
    result = run(root, "podcast", "export", "--output", str(root / "blocked"))
    assert result.exit_code == 1
    assert "cannot write" in result.output
