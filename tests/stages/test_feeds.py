"""Feed helpers: absolute URLs in content and stable ids."""

from __future__ import annotations

from pathlib import Path

from diglot import config
from diglot.stages.feeds import absolute_html, guid


def test_local_links_and_images_become_absolute(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"en"})
    html = '<a href="/en/posts/x/">x</a> <img src="/en/posts/y/改善.svg"> <a href="#part">p</a>'
    html += ' <a href="https://elsewhere.org/">e</a>'
    assert absolute_html(cfg, html, "/en/posts/y/") == (
        '<a href="http://localhost:1313/en/posts/x/">x</a> '
        '<img src="http://localhost:1313/en/posts/y/%E6%94%B9%E5%96%84.svg"> '
        '<a href="http://localhost:1313/en/posts/y/#part">p</a> '
        '<a href="https://elsewhere.org/">e</a>'
    )


def test_guids_come_from_the_key_and_language(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"en"})
    assert guid(cfg, "posts/x", "en") == guid(cfg, "posts/x", "en")
    assert guid(cfg, "posts/x", "en") != guid(cfg, "posts/x", "zh-tw")
    assert guid(cfg, "posts/x", "en").startswith("urn:uuid:")
