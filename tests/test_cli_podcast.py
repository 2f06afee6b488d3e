"""`diglot podcast audio` end to end, with hand-made scripts standing in for the script stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from diglot.model import EpisodeScript
from diglot.pipeline import podcast as podcast_commands

from conftest import MakeProject, post, run
from episodes import chinese, english


@pytest.fixture
def root(make_project: MakeProject) -> Path:
    return make_project(
        {"content/posts/kaizen.md": post("Kaizen"), "content/posts/kaizen.zh-tw.md": post("改善")}
    )


@pytest.mark.voice
def test_audio_speaks_the_projects_own_scripts(root: Path) -> None:
    result = run(root, "podcast", "audio", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("1 episode: 1 synthesised, 0 from cache")
    assert (root / "podcast" / "en" / "posts--kaizen.mp3").stat().st_size > 10_000


@pytest.mark.voice
def test_audio_speaks_then_reuses_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts: tuple[EpisodeScript, ...] = (english(), chinese())
    monkeypatch.setattr(podcast_commands, "podcast_scripts", lambda project, drafts=False: scripts)
    first = run(root, "podcast", "audio")
    assert first.exit_code == 0, first.output
    summary = first.output.splitlines()[-1]
    assert summary.startswith("2 episodes: 2 synthesised, 0 from cache, total duration 0:00:")
    assert (root / "podcast" / "en" / "posts--kaizen.mp3").is_file()
    assert (root / "podcast" / "cover.png").is_file()
    again = run(root, "podcast", "audio", "--lang", "zh-TW", "--output", str(root / "out"))
    assert again.output.splitlines()[-1].startswith("1 episode: 0 synthesised, 1 from cache")
    assert sorted(p.name for p in (root / "out").iterdir()) == ["cover.png", "zh-tw"]


def test_an_unknown_language_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        podcast_commands, "podcast_scripts", lambda project, drafts=False: (english(),)
    )
    result = run(root, "podcast", "audio", "--lang", "fr")
    assert result.exit_code == 1
    assert "--lang fr: not a podcast language; use one of en, zh-tw or all" in result.output
