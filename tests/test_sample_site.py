"""The sample project's built site, checked as a reader's tools would: the Nu HTML
checker, feedparser, the sitemap's alternates, and every link and image."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser

from sitecheck import Page, html_files, markdown_leaks, missing_targets, nu_problems, parse

BASE = "https://blog.example.org/"
TRANSLATED = "posts/kaizen-small-daily-improvements/"
EN_ONLY = "posts/from-blog-post-to-podcast-episode/"
ZH_ONLY = "posts/chinese-technical-writing-habits/"
TRIANGLE = {  # an article in its three editions: the hreflang alternates of each
    "en": f"{BASE}en/{TRANSLATED}",
    "zh-Hant-TW": f"{BASE}zh-tw/{TRANSLATED}",
    "zh-Hans": f"{BASE}zh-cn/{TRANSLATED}",
    "x-default": f"{BASE}en/{TRANSLATED}",
}
CONVERTED_NOTE = "本页由繁体中文版自动转换。"


def test_every_page_passes_the_nu_html_checker(sample_site: Path) -> None:
    files = html_files(sample_site)
    assert nu_problems(files) == []
    assert len(files) > 40


def test_feeds_parse_without_bozo_and_use_absolute_urls(sample_site: Path) -> None:
    for lang in ("en", "zh-tw", "zh-cn"):
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
    simplified = feedparser.parse((sample_site / "zh-cn/atom.xml").read_bytes())
    assert simplified.feed.language == "zh-Hans"
    kaizen = next(e for e in simplified.entries if "kaizen" in e.link)
    assert kaizen.title == "软件团队的 Kaizen：每天一个小改善"
    assert [tag.term for tag in kaizen.tags] == ["改善", "习惯", "团队合作"]
    assert f'src="{BASE}zh-cn/{TRANSLATED}cycle.svg"' in kaizen.content[0].value


def test_sitemap_has_the_hreflang_triangle_reciprocal_and_none_for_orphans(
    sample_site: Path,
) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    alternates = {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    for lang in ("en", "zh-tw", "zh-cn"):
        assert alternates[f"{BASE}{lang}/{TRANSLATED}"] == TRIANGLE
    assert alternates[f"{BASE}en/{EN_ONLY}"] == {}
    assert f"{BASE}zh-cn/{EN_ONLY}" not in alternates
    zh_only = {"zh-Hant-TW": f"{BASE}zh-tw/{ZH_ONLY}", "zh-Hans": f"{BASE}zh-cn/{ZH_ONLY}"}
    assert alternates[f"{BASE}zh-tw/{ZH_ONLY}"] == alternates[f"{BASE}zh-cn/{ZH_ONLY}"] == zh_only
    assert sum(1 for loc in alternates if "/zh-cn/" in loc) > 20
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


def hreflang(page: Page) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.links if "hreflang" in link}


def test_article_pages_are_bilingual_done_right(sample_site: Path) -> None:
    en = parse(sample_site / "en" / TRANSLATED / "index.html")
    zh = parse(sample_site / "zh-tw" / TRANSLATED / "index.html")
    cn = parse(sample_site / "zh-cn" / TRANSLATED / "index.html")
    assert (en.lang, zh.lang, cn.lang) == ("en", "zh-Hant-TW", "zh-Hans")
    assert hreflang(en) == hreflang(zh) == hreflang(cn) == TRIANGLE
    for page in (en, zh, cn):  # and the switcher of each links the other two
        assert {f"/{lang}/{TRANSLATED}" for lang in ("en", "zh-tw", "zh-cn")} - set(page.refs) == {
            urlsplit(TRIANGLE[page.lang]).path
        }
    posting = json.loads("".join(zh.json_ld))
    assert posting["@type"] == "BlogPosting" and posting["inLanguage"] == "zh-Hant-TW"
    assert "2024年1月16日" in "".join(zh.text) and "January 16, 2024" in "".join(en.text)


def test_an_orphan_links_to_the_other_home_with_a_note(sample_site: Path) -> None:
    orphan = parse(sample_site / "zh-tw" / ZH_ONLY / "index.html")
    assert set(hreflang(orphan)) == {"zh-Hant-TW", "zh-Hans"}  # no English, no x-default
    assert "/en/" in orphan.refs
    text = "".join(orphan.text)
    assert "（尚未翻譯）" in text and "這篇文章還沒有英文版本。" in text
    converted = "".join(parse(sample_site / "zh-cn" / ZH_ONLY / "index.html").text)
    assert "（尚未翻译）" in converted and "这篇文章还没有英语版本。" in converted
    english = parse(sample_site / "en" / EN_ONLY / "index.html")
    assert hreflang(english) == {}
    assert "".join(english.text).count("(not translated yet)") == 2  # 繁體中文, 简体中文
    assert {"/zh-tw/", "/zh-cn/"} <= set(english.refs)
    assert not (sample_site / "zh-cn" / EN_ONLY).exists()


CODE = re.compile(r"<pre>.*?</pre>|<code[^>]*>.*?</code>", re.S)


def test_the_simplified_edition_keeps_code_byte_for_byte(sample_site: Path) -> None:
    compared = 0
    for source in sorted((sample_site / "zh-tw").rglob("index.html")):
        derived = sample_site / "zh-cn" / source.relative_to(sample_site / "zh-tw")
        if "/tags/" in source.as_posix():
            continue  # tag names are converted in their paths
        code = CODE.findall(source.read_text(encoding="utf-8"))
        assert code == CODE.findall(derived.read_text(encoding="utf-8")), derived
        compared += len(code)
    assert compared > 5
    measuring = (sample_site / "zh-cn/posts/measuring-what-matters/index.html").read_text("utf-8")
    assert "# 每筆資料：" in measuring and "每笔数据" not in measuring  # a comment in the code


def test_converted_pages_say_so_and_hand_written_ones_do_not(sample_site: Path) -> None:
    for path in sorted((sample_site / "zh-cn/posts").glob("*/index.html")):
        page = parse(path)
        assert CONVERTED_NOTE in "".join(page.text), path
        assert f"/zh-tw/{path.parent.relative_to(sample_site / 'zh-cn')}/" in page.refs
    about = parse(sample_site / "zh-cn/about/index.html")
    assert CONVERTED_NOTE not in "".join(about.text)
    assert "这一页是直接用简体中文写的。" in "".join(about.text)
    for path in (sample_site / "zh-tw").rglob("*.html"):
        assert 'class="notice converted"' not in path.read_text(encoding="utf-8")


def test_root_offers_every_language_without_scripts(sample_site: Path) -> None:
    root = parse(sample_site / "index.html")
    assert {"/en/", "/zh-tw/", "/zh-cn/"} <= set(root.refs)
    text = "".join(root.text)
    assert "Choose a language" in text and "選擇語言" in text and "选择语言" in text
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
