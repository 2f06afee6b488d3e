"""The sample project's built site, checked as a reader's tools would: the Nu HTML
checker, feedparser, the sitemap's alternates, and every link and image."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser

from sitecheck import html_files, markdown_leaks, missing_targets, nu_problems, parse

BASE = "https://blog.example.org/"
TRANSLATED = "posts/kaizen-small-daily-improvements/"
EN_ONLY = "posts/from-blog-post-to-podcast-episode/"
ZH_ONLY = "posts/chinese-technical-writing-habits/"


def test_every_page_passes_the_nu_html_checker(sample_site: Path) -> None:
    files = html_files(sample_site)
    assert nu_problems(files) == []
    assert len(files) > 40


def test_feeds_parse_without_bozo_and_use_absolute_urls(sample_site: Path) -> None:
    for lang in ("en", "zh-tw"):
        for name in ("index.xml", "atom.xml"):
            feed = feedparser.parse((sample_site / lang / name).read_bytes())
            assert not feed.bozo, (lang, name, feed.get("bozo_exception"))
            assert len(feed.entries) >= 7
            for entry in feed.entries:
                assert entry.link.startswith(f"{BASE}{lang}/posts/")
                html = entry.content[0].value if "content" in entry else entry.description
                assert 'href="/' not in html and 'src="/' not in html
    rss = feedparser.parse((sample_site / "zh-tw/index.xml").read_bytes())
    assert rss.feed.language == "zh-tw"
    kaizen = next(e for e in rss.entries if "kaizen" in e.link)
    assert f'src="{BASE}zh-tw/{TRANSLATED}cycle.svg"' in kaizen.description


def test_sitemap_has_reciprocal_alternates_and_none_for_orphans(sample_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    alternates = {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    assert alternates[f"{BASE}en/{TRANSLATED}"] == {
        "en": f"{BASE}en/{TRANSLATED}",
        "zh-Hant-TW": f"{BASE}zh-tw/{TRANSLATED}",
        "x-default": f"{BASE}en/{TRANSLATED}",
    }
    assert alternates[f"{BASE}en/{EN_ONLY}"] == {}
    assert alternates[f"{BASE}zh-tw/{ZH_ONLY}"] == {}
    for loc, links in alternates.items():
        for lang, href in links.items():
            assert href in alternates, f"{loc} points at {href}, which is not in the sitemap"
            assert alternates[href] == links, f"{loc} and {href} disagree ({lang})"
    for loc in alternates:
        path = unquote(urlsplit(loc).path)
        assert (sample_site / path.lstrip("/")).exists() or (
            sample_site / path.lstrip("/") / "index.html"
        ).is_file()


def test_no_link_or_image_points_to_a_missing_file_or_anchor(sample_site: Path) -> None:
    assert missing_targets(sample_site) == []


def test_no_markdown_syntax_leaks_into_the_text(sample_site: Path) -> None:
    assert markdown_leaks(sample_site) == []


def test_article_pages_are_bilingual_done_right(sample_site: Path) -> None:
    en = parse(sample_site / "en" / TRANSLATED / "index.html")
    zh = parse(sample_site / "zh-tw" / TRANSLATED / "index.html")
    assert (en.lang, zh.lang) == ("en", "zh-Hant-TW")
    hreflang = {link["hreflang"]: link["href"] for link in zh.links if "hreflang" in link}
    assert hreflang == {
        "en": f"{BASE}en/{TRANSLATED}",
        "zh-Hant-TW": f"{BASE}zh-tw/{TRANSLATED}",
        "x-default": f"{BASE}en/{TRANSLATED}",
    }
    assert f"/en/{TRANSLATED}" in zh.refs and f"/zh-tw/{TRANSLATED}" in en.refs
    posting = json.loads("".join(zh.json_ld))
    assert posting["@type"] == "BlogPosting" and posting["inLanguage"] == "zh-Hant-TW"
    assert "2024年1月16日" in "".join(zh.text) and "January 16, 2024" in "".join(en.text)


def test_an_orphan_links_to_the_other_home_with_a_note(sample_site: Path) -> None:
    orphan = parse(sample_site / "zh-tw" / ZH_ONLY / "index.html")
    assert not [link for link in orphan.links if "hreflang" in link]
    assert "/en/" in orphan.refs
    text = "".join(orphan.text)
    assert "（尚未翻譯）" in text and "這篇文章還沒有英文版本。" in text
    english = parse(sample_site / "en" / EN_ONLY / "index.html")
    assert "(not translated yet)" in "".join(english.text)


def test_root_offers_every_language_without_scripts(sample_site: Path) -> None:
    root = parse(sample_site / "index.html")
    assert {"/en/", "/zh-tw/"} <= set(root.refs)
    text = "".join(root.text)
    assert "Choose a language" in text and "選擇語言" in text
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
