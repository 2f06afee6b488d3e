"""`diglot build` with the podcast, on a tiny project spoken by the real espeak-ng and on
the sample: the feeds as podcast apps read them, the audio cache across builds, the
episode and transcript pages (Nu checker, links, escaping), a build without audio."""

from __future__ import annotations

import json
import shutil
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from mutagen.mp3 import MP3

from diglot import pipeline, tts
from diglot.stages import episodes, script

from conftest import FIXTURES, MakeProject, post, run
from sitecheck import html_files, markdown_leaks, missing_targets, nu_problems, parse

pytestmark = pytest.mark.voice

PROJECT = FIXTURES / "podcast" / "site"
BASE = "https://podcast.example.org/"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
TRANSCRIPT_TYPES = ["text/vtt", "application/x-subrip", "application/json", "text/html"]


@dataclass(frozen=True)
class Built:
    root: Path  # a copy of the fixture project, with its audio cache
    site: Path
    output: str  # what `diglot build` printed


def build(root: Path, *args: str) -> str:
    result = run(root, "build", "--jobs", "1", *args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("podcast") / "project"
    shutil.copytree(PROJECT, root)
    return Built(root, root / "site", build(root))


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same project built with --no-audio."""
    root = tmp_path_factory.mktemp("silent") / "project"
    shutil.copytree(PROJECT, root)
    return Built(root, root / "site", build(root, "--no-audio"))


def channel(site: Path, lang: str) -> ET.Element:
    found = ET.parse(site / lang / "podcast.xml").getroot().find("channel")
    assert found is not None
    return found


def local(site: Path, url: str) -> Path:
    """The file of the site an absolute URL names."""
    assert url.startswith(BASE), url
    return site / url.removeprefix(BASE)


def stamps(site: Path, pattern: str) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(site.rglob(pattern))
        if p.is_file()
    }


def test_the_build_speaks_every_episode_and_records_their_numbers(built: Built) -> None:
    assert "4 episodes: 4 synthesised, 0 from cache" in built.output.splitlines()[-1]
    lock = episodes.parse_lock((built.root / "episodes.lock").read_text(encoding="utf-8"))
    assert lock == {"posts/spoken": 1, "posts/kaizen": 2}
    published = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.mp3"))
    assert published == [
        "en/podcast/posts--kaizen.mp3",
        "en/podcast/posts--spoken.mp3",
        "zh-tw/podcast/posts--kaizen.mp3",
        "zh-tw/podcast/posts--spoken.mp3",
    ]
    assert not list(built.site.rglob("*.wav"))


@pytest.mark.parametrize("lang", ["en", "zh-tw"])
def test_each_feed_has_what_apple_and_podcasting_2_apps_need(built: Built, lang: str) -> None:
    raw = (built.site / lang / "podcast.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    feed_url = f"{BASE}{lang}/podcast.xml"
    ch = channel(built.site, lang)
    assert ch.findtext("title") == {"en": "Continuous Improvement", "zh-tw": "持續改進"}[lang]
    assert ch.findtext("link") == f"{BASE}{lang}/"
    assert ch.findtext("description")
    assert ch.findtext("language") == lang
    links = {link.get("rel"): link for link in ch.findall("atom:link", NS)}
    assert links["self"].get("href") == feed_url
    image = ch.find("itunes:image", NS)
    assert image is not None and local(built.site, image.get("href", "")).is_file()
    category = ch.find("itunes:category", NS)
    assert category is not None and category.get("text") == "Technology"
    assert ch.findtext("itunes:explicit", namespaces=NS) == "false"
    assert ch.findtext("itunes:author", namespaces=NS) == "Victor"
    assert ch.findtext("itunes:type", namespaces=NS) == "episodic"
    assert ch.findtext("itunes:owner/itunes:email", namespaces=NS) == "victor@example.org"
    podcast_namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    expected_guid = uuid.uuid5(podcast_namespace, feed_url.removeprefix("https://"))
    assert ch.findtext("podcast:guid", namespaces=NS) == str(expected_guid)
    assert ch.findtext("podcast:locked", namespaces=NS) == "yes"

    project = pipeline.load_project(built.root)
    scripts = {(s.key, s.lang): s for s in pipeline.podcast_scripts(project)}
    items = ch.findall("item")
    assert len(items) == len(parsed.entries) == 2
    for item in items:
        link = item.findtext("link", "")
        key = "posts/kaizen" if "kaizen" in link else "posts/spoken"
        expected = scripts[(key, lang)]
        assert item.findtext("title") == expected.title
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text == expected.guid
        assert parsedate_to_datetime(item.findtext("pubDate", "")) == expected.date
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
        mp3 = local(built.site, enclosure.get("url", ""))
        assert int(enclosure.get("length", "")) == mp3.stat().st_size
        assert int(item.findtext("itunes:duration", "", NS)) == round(MP3(mp3).info.length)
        assert int(item.findtext("itunes:episode", "", NS)) == expected.number
        description = item.findtext("description", "")
        article = "zh-tw/posts/spoken/" if key == "posts/spoken" else f"{lang}/posts/kaizen/"
        assert f'<a href="{BASE}{article}">' in description
        transcripts = item.findall("podcast:transcript", NS)
        assert [t.get("type") for t in transcripts] == TRANSCRIPT_TYPES
        for transcript in transcripts:
            assert local(built.site, transcript.get("url", "")).is_file()
        chapters = item.find("podcast:chapters", NS)
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        data = json.loads(local(built.site, chapters.get("url", "")).read_text(encoding="utf-8"))
        assert data["version"] == "1.2.0" and data["chapters"][0]["startTime"] == 0


def test_the_feeds_point_at_each_other(built: Built) -> None:
    for lang, other, tag in [("en", "zh-tw", "zh-Hant-TW"), ("zh-tw", "en", "en")]:
        alternates = [
            link
            for link in channel(built.site, lang).findall("atom:link", NS)
            if link.get("rel") == "alternate"
        ]
        assert [(a.get("hreflang"), a.get("href")) for a in alternates] == [
            (tag, f"{BASE}{other}/podcast.xml")
        ]


def test_a_second_build_speaks_nothing_and_rewrites_no_file(built: Built) -> None:
    before = stamps(built.site, "*")
    guids = [i.findtext("guid") for i in channel(built.site, "zh-tw").findall("item")]
    again = build(built.root)
    assert "4 episodes: 0 synthesised, 4 from cache" in again
    assert f"{len(before)} files, 0 changed" in again
    assert stamps(built.site, "*") == before
    assert [i.findtext("guid") for i in channel(built.site, "zh-tw").findall("item")] == guids


def test_editing_one_article_speaks_only_its_episode(built: Built, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    site = root / "site"
    before = stamps(site, "*.mp3")
    article = root / "content/posts/kaizen.zh-tw.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n多寫一句。\n", encoding="utf-8")
    output = build(root)
    assert "4 episodes: 1 synthesised, 3 from cache" in output
    after = stamps(site, "*.mp3")
    assert [name for name in after if after[name] != before[name]] == [
        "zh-tw/podcast/posts--kaizen.mp3"
    ]
    assert "多寫一句。" in (site / "zh-tw/podcast/posts--kaizen.vtt").read_text(encoding="utf-8")


def test_gc_prunes_the_audio_cache_to_what_the_build_published(
    built: Built, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    cache = root / ".cache" / "audio"
    leftover = next(cache.iterdir()) / "tmp1234.mp3.tmp"  # what a crashed run leaves
    leftover.write_bytes(b"half an mp3")
    article = root / "content/posts/kaizen.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    silent = build(root, "--no-audio", "--gc")
    assert "note: --gc left the audio cache as it was: this build published no audio" in silent
    assert len(list(cache.rglob("*.mp3"))) == 4 and leftover.exists()

    output = build(root, "--gc")
    assert "4 episodes: 1 synthesised, 3 from cache" in output
    assert "note: --gc removed 1 unused audio cache entry (" in output
    assert not leftover.exists()
    published = {e.audio_key for e in pipeline.build(root, pipeline.BuildOptions(jobs=1)).episodes}
    assert {p.name.partition(".")[0] for p in cache.rglob("*.*")} == published
    assert len(list(cache.rglob("*.json"))) == len(list(cache.rglob("*.mp3"))) == 4
    assert "note: --gc: the audio cache holds nothing unused" in build(root, "--gc")
    for mp3 in (root / "site").rglob("*.mp3"):
        assert MP3(mp3).info.length > 1  # the site's copies do not depend on the cache


def test_a_cache_only_build_never_speaks(built: Built, tmp_path: Path) -> None:
    """What `diglot serve` does: publish the audio the cache holds, speak nothing."""
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    article = root / "content/posts/kaizen.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    options = pipeline.BuildOptions(output=tmp_path / "out", jobs=1, speak=False)
    report = pipeline.build(root, options)
    assert [e.key for e in report.episodes if e.lang == "en"] == ["posts/spoken"]
    assert report.notes == (
        "1 episode not spoken yet, published without audio; 'diglot build' speaks them",
    )
    assert not (tmp_path / "out/en/podcast/posts--kaizen.mp3").exists()
    assert (tmp_path / "out/zh-tw/podcast/posts--kaizen.mp3").is_file()


def test_every_page_passes_the_nu_checker_and_every_link_resolves(
    built: Built, silent: Built
) -> None:
    assert nu_problems([*html_files(built.site), *html_files(silent.site)]) == []
    for site in (built.site, silent.site):
        assert missing_targets(site) == []
        assert markdown_leaks(site) == []


def test_an_article_page_plays_its_episode_with_a_timed_transcript(built: Built) -> None:
    html = (built.site / "en/posts/kaizen/index.html").read_text(encoding="utf-8")
    page = parse(built.site / "en/posts/kaizen/index.html")
    assert '<audio controls preload="metadata" src="/en/podcast/posts--kaizen.mp3">' in html
    assert "/zh-tw/posts/kaizen/" in page.refs  # the episode in Chinese
    assert "/en/podcast.xml" in page.refs
    assert "/assets/episode.js" in html and (built.site / "assets/episode.js").is_file()
    vtt = (built.site / "en/podcast/posts--kaizen.vtt").read_text(encoding="utf-8")
    cue_starts = [line.split(" --> ")[0] for line in vtt.splitlines() if " --> " in line]
    starts = [s.split('"')[0] for s in html.split('<li data-start="')[1:]]
    assert len(starts) == len(cue_starts) > 5
    for start, cue in zip(starts, cue_starts, strict=True):
        hours, minutes, seconds = cue.split(":")
        assert float(start) == pytest.approx(int(hours) * 3600 + int(minutes) * 60 + float(seconds))
    # transcript text is escaped text, never markup
    assert "R&amp;D teams call it a loop." in html
    assert "Small changes are easy to check: R&D teams call it a loop." in "".join(page.text)


def test_a_script_without_an_article_gets_its_own_episode_page(built: Built) -> None:
    own = built.site / "en/podcast/posts--spoken/index.html"
    page = parse(own)
    assert page.lang == "en"
    assert "/zh-tw/posts/spoken/" in page.refs
    text = "".join(page.text)
    assert "This episode has no written article in English." in text
    assert "This script is used as written." in text and "*" not in text
    chinese = parse(built.site / "zh-tw/posts/spoken/index.html")
    assert "/en/podcast/posts--spoken/" in chinese.refs and "收聽英文版" in "".join(chinese.text)
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}en/podcast/posts--spoken/</loc>" in sitemap
    assert "transcript.html" not in sitemap


def test_every_page_of_a_language_links_its_podcast_feed(built: Built) -> None:
    for lang in ("en", "zh-tw"):
        for path in html_files(built.site / lang):
            feeds = [
                link["href"]
                for link in parse(path).links
                if link.get("type") == "application/rss+xml" and "podcast" in link["href"]
            ]
            assert feeds == [f"/{lang}/podcast.xml"], path
    home = parse(built.site / "en/index.html")
    assert "Every post here is also an episode of the podcast" in "".join(home.text)


def test_without_audio_there_are_no_feeds_and_episode_pages_show_the_script(
    silent: Built,
) -> None:
    site = silent.site
    assert "episodes:" not in silent.output and "note:" not in silent.output
    assert not list(site.rglob("*.mp3")) and not list(site.rglob("podcast.xml"))
    assert not (silent.root / ".cache" / "audio").exists()
    article = (site / "en/posts/kaizen/index.html").read_text(encoding="utf-8")
    assert 'class="episode"' not in article and "podcast.xml" not in article
    own = (site / "en/podcast/posts--spoken/index.html").read_text(encoding="utf-8")
    assert "<audio" not in own and '<details class="transcript" open>' in own
    assert "The audio of this episode is not published yet" in own
    assert "Welcome to the show." in own


def test_a_derived_language_with_podcast_gets_its_own_feed_of_converted_episodes(
    make_project: MakeProject,
) -> None:
    root = make_project(
        {
            "site.toml": f'base_url = "{BASE}"\nlanguages = ["en", "zh-tw"]\n'
            '[derived.zh-cn]\nfrom = "zh-tw"\nconversion = "tw2sp"\npodcast = true\n',
            "content/posts/a.md": post("Software", body="Software matters.\n"),
            "content/posts/a.zh-tw.md": post("軟體", body="軟體很重要。\n"),
        }
    )
    build(root)
    site = root / "site"
    parsed = feedparser.parse((site / "zh-cn/podcast.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    ch = channel(site, "zh-cn")
    assert ch.findtext("language") == "zh-cn" and ch.findtext("title") == "持续改进"
    [item] = ch.findall("item")
    assert item.findtext("title") == "软件"
    enclosure = item.find("enclosure")
    assert enclosure is not None
    mp3 = local(site, enclosure.get("url", ""))
    assert mp3.parent == site / "zh-cn/podcast" and MP3(mp3).info.length > 1
    vtt = (site / "zh-cn/podcast/posts--a.vtt").read_text(encoding="utf-8")
    assert "软件很重要。" in vtt and "軟體" not in vtt
    alternates = {
        a.get("hreflang"): a.get("href")
        for a in channel(site, "zh-tw").findall("atom:link", NS)
        if a.get("rel") == "alternate"
    }
    assert alternates["zh-Hans"] == f"{BASE}zh-cn/podcast.xml"


def test_without_a_speech_engine_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    monkeypatch.setattr(tts, "available", lambda: False)
    output = build(root)
    assert "note: no speech engine: the site was built without audio; " in output
    assert "apt-get install espeak-ng" in output
    assert (root / "site/en/podcast/posts--spoken/index.html").is_file()
    assert not list((root / "site").rglob("*.mp3"))


def test_the_sample_sites_podcast(sample_site: Path) -> None:
    for lang in ("en", "zh-tw"):
        parsed = feedparser.parse((sample_site / lang / "podcast.xml").read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == 8
        for entry in parsed.entries:
            (enclosure,) = entry.enclosures
            mp3 = sample_site / enclosure.href.removeprefix("https://blog.example.org/")
            assert int(enclosure.length) == mp3.stat().st_size
            assert int(entry.itunes_duration) == round(MP3(mp3).info.length)
            page = parse(
                sample_site / entry.link.removeprefix("https://blog.example.org/") / "index.html"
            )
            assert enclosure.href.removeprefix("https://blog.example.org") in page.refs


def test_parallel_builds_make_the_same_site(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(script, "SERIAL_BELOW", 0)  # scripts written in worker processes
    root = tmp_path / "project"
    shutil.copytree(built.root, root, ignore=shutil.ignore_patterns("site"))
    result = run(root, "build", "--jobs", "2")
    assert "4 episodes: 0 synthesised, 4 from cache" in result.output
    files = sorted(p for p in built.site.rglob("*") if p.is_file())
    assert sorted(p for p in (root / "site").rglob("*") if p.is_file()) == [
        root / "site" / p.relative_to(built.site) for p in files
    ]
    for path in files:
        assert (root / "site" / path.relative_to(built.site)).read_bytes() == path.read_bytes()


class _Mute:
    """A speech engine that writes nothing: every WAV is missing."""

    def synthesize(self, text: str, voice: str, rate: int, wav_path: Path) -> None:
        pass


def test_a_failed_synthesis_fails_the_build_and_keeps_the_last_site(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built.root, root)
    before = stamps(root / "site", "*")
    article = root / "content/posts/kaizen.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    monkeypatch.setattr(tts, "Pyttsx3Engine", _Mute)
    result = run(root, "build", "--jobs", "1")
    assert result.exit_code == 1
    assert "episode 'posts/kaizen' (en): sentence 1 could not be synthesised" in result.output
    assert "no file was written" in result.output
    assert stamps(root / "site", "*") == before
