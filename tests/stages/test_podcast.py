"""The podcast stage without speech: which episodes a site publishes, where they go, what
their pages show without audio; and the podcast feed's identity (PSP-1)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from diglot import i18n, pipeline
from diglot.stages import episodes, podcast, podcastfeed, script, site, transcript

from conftest import FIXTURES

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def assembled(root: Path, drafts: bool = False) -> tuple[list[tuple[str, str]], podcast.Podcast]:
    project = pipeline.load_project(root)
    config = project.config
    plan = site.plan(project.content, config, site.Options(NOW, drafts=drafts))
    planned = episodes.plan(project.content, config, {}, drafts=True).episodes
    published = script.write(config, podcast.published(plan, planned))
    strings = i18n.strings(config, "episode")
    show = podcast.assemble(plan, published, (), strings, transcript.chapter_strings(config))
    return [(s.key, s.lang) for s in published], show


def test_drafts_and_future_posts_wait_with_their_articles() -> None:
    published, _ = assembled(FIXTURES / "site" / "small")
    assert sorted(published) == [
        ("bundle", "en"),
        ("bundle", "zh-tw"),
        ("posts/first", "en"),
        ("posts/first", "zh-tw"),
        ("posts/only-zh", "zh-tw"),
        ("posts/second", "en"),
    ]
    with_drafts, _ = assembled(FIXTURES / "site" / "small", drafts=True)
    assert ("posts/draft", "en") in with_drafts


def test_without_audio_only_episodes_without_an_article_get_a_page() -> None:
    published, show = assembled(FIXTURES / "podcast" / "site")
    assert len(published) == 4
    assert show.feeds == {} and show.cover == ""
    assert set(show.blocks) == {("posts/spoken", "en")}
    (own,) = (e for e in show.episodes if e.own_page)
    assert (own.page, own.article.path, own.article.edition) == (
        "/en/podcast/posts--spoken/",
        "/zh-tw/posts/spoken/",
        "zh-tw",
    )
    block = show.blocks[("posts/spoken", "en")]
    assert block.audio_href == "" and block.open
    assert [p.title for p in block.parts] == [
        "An Episode Without an English Article",
        "A part of the script",
    ]
    assert [line.text for line in block.parts[0].lines] == [
        "Welcome to the show.",
        "This script is used as written.",
    ]
    assert block.others == ()  # the Chinese episode has no audio, so nothing to play there


def test_episodes_are_listed_newest_first_in_each_language() -> None:
    _, show = assembled(FIXTURES / "podcast" / "site")
    assert [(e.edition, e.key) for e in show.episodes] == [
        ("en", "posts/kaizen"),
        ("en", "posts/spoken"),
        ("zh-tw", "posts/kaizen"),
        ("zh-tw", "posts/spoken"),
    ]


@pytest.mark.parametrize(
    ("seconds", "shown", "iso"),
    [(0.4, "0:00", "PT0S"), (7.6, "0:07", "PT8S"), (754.2, "12:34", "PT12M34S")],
)
def test_times_as_players_and_html_write_them(seconds: float, shown: str, iso: str) -> None:
    assert podcast.clock(seconds) == shown
    assert podcast.iso_duration(seconds) == iso
    assert podcast.clock(3723) == "1:02:03" and podcast.iso_duration(3723) == "PT1H2M3S"


@pytest.mark.parametrize(
    ("feed", "expected"),
    [  # the examples of the podcast namespace's specification
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("http://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_the_podcast_guid_follows_psp_1(feed: str, expected: str) -> None:
    assert podcastfeed.guid(feed) == expected
