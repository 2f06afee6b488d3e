"""Checks of a built site as a reader's tools would make them: the Nu HTML checker,
links and images that point nowhere, Markdown that leaked into the text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO

VNU = REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


class Page(HTMLParser):
    """What the checks need from one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.links: list[dict[str, str]] = []  # <link> attributes
        self.text: list[str] = []
        self.json_ld: list[str] = []
        self.lang = ""
        self._skip = 0  # inside code, pre, script or style
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if name in a and tag != "link":
                self.refs.append(a[name])
        if tag == "link":
            self.links.append(a)
        if tag in ("code", "pre", "script", "style"):
            self._skip += 1
            self._in_json = a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre", "script", "style"):
            self._skip -= 1
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld.append(data)
        elif not self._skip:
            self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def nu_problems(files: Iterable[Path]) -> list[str]:
    """What the Nu HTML checker finds wrong in the files (errors only)."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML checker needs java and .cache/vnu (run `make test`)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]


def missing_targets(site: Path) -> list[str]:
    """Every link or image of the site's pages that points to a missing file or anchor."""
    pages = {p: parse(p) for p in html_files(site)}
    missing = []
    for path, page in pages.items():
        for ref in page.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("mailto:"):
                continue
            if parts.path:
                base = site if parts.path.startswith("/") else path.parent
                target = base / unquote(parts.path).lstrip("/")
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = path
            if not target.is_file():
                missing.append(f"{path.relative_to(site)}: {ref}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    missing.append(f"{path.relative_to(site)}: {ref} (no such anchor)")
    return missing


MARKDOWN_LEFTOVERS = re.compile(
    r"\*\*|__\w|\]\(|\]\[|^#{1,6}\s|```|~~~|\[\^|^\s*[-*+]\s\[[ x]\]|^\s*\|.*\|\s*$|\{\{[<%]",
    re.MULTILINE,
)


def markdown_leaks(site: Path) -> list[str]:
    """Markdown syntax found in the text of the site's pages, with some context."""
    leaks = []
    for path in html_files(site):
        text = "".join(parse(path).text)
        for match in MARKDOWN_LEFTOVERS.finditer(text):
            context = text[max(0, match.start() - 30) : match.end() + 30]
            leaks.append(f"{path.relative_to(site)}: {context!r}")
    return leaks
