"""A reader in a real browser: Debian's Chromium, driven by playwright, on the sample site
served over HTTP. Screenshots go to tests/artifacts/ (not in git) for a person to look at.
And a writer's: a page served by `diglot serve` while its source is edited."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from serving import SMALL, Served

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(sample_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    with sync_playwright() as playwright:
        # launch() gives Chromium a fresh, empty profile folder of its own each time.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _page(browser: Browser, scheme: str, errors: list[str]) -> Page:
    context = browser.new_context(
        color_scheme=scheme,  # type: ignore[arg-type]
        viewport={"width": 1000, "height": 900},
        locale="en-US",
    )
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            errors.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_follows_an_article_and_switches_language(
    browser: Browser, server: str, scheme: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    page = _page(browser, scheme, errors)
    page.goto(f"{server}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(ARTIFACTS / f"home-en-{scheme}.png"), full_page=False)
    page.get_by_role("link", name="Writing Things Down").first.click()
    page.wait_for_url("**/en/posts/writing-things-down/")
    assert page.locator("h1").inner_text().startswith("Writing Things Down")
    page.screenshot(path=str(ARTIFACTS / f"article-en-{scheme}.png"), full_page=False)

    page.locator(".switcher").get_by_role("link", name="繁體中文").click()
    page.wait_for_url("**/zh-tw/posts/writing-things-down/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    assert page.locator(".switcher [aria-current]").inner_text() == "繁體中文"
    page.screenshot(path=str(ARTIFACTS / f"article-zh-tw-{scheme}.png"), full_page=False)

    page.get_by_role("link", name="每天一個小改善").click()  # a link between posts
    page.wait_for_url("**/zh-tw/posts/kaizen-small-daily-improvements/")
    figure = page.locator(".content img").first
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(ARTIFACTS / f"figure-zh-tw-{scheme}.png"), full_page=False)
    assert errors == []


def test_root_sends_a_chinese_browser_to_the_chinese_home(browser: Browser, server: str) -> None:
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    page.goto(f"{server}/")
    page.wait_for_url("**/zh-tw/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    context.close()


def test_keyboard_users_get_a_skip_link(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # type: ignore[index]
    page.close()


@pytest.fixture
def served_project(tmp_path: Path) -> Iterator[Served]:
    project = Path(shutil.copytree(SMALL, tmp_path / "project"))
    server = Served(project, "--port", "0")
    yield server
    assert server.interrupt() == 0


def test_the_page_reloads_itself_keeps_its_place_and_shows_errors(
    browser: Browser, served_project: Served
) -> None:
    page = browser.new_page(viewport={"width": 800, "height": 300})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_project.url + "en/posts/first/")
    page.wait_for_function("window.scrollTo(0, 250) || scrollY === 250")
    page.evaluate("window.notReloaded = true")

    served_project.edit(
        "content/posts/first.md", "Once more, with a task list:", "Once more, edited:"
    )
    page.wait_for_function("!window.notReloaded && document.readyState === 'complete'")
    assert "Once more, edited:" in page.content()
    page.wait_for_function("scrollY === 250")  # the reader's place is kept

    served_project.edit("content/posts/first.md", "date: 2024-03-04", "date: 2024-13-04")
    overlay = page.locator("#diglot-error")
    overlay.wait_for()
    assert "content/posts/first.md:3" in overlay.inner_text()
    assert "Once more, edited:" in page.content()  # the last good page stays

    served_project.edit("content/posts/first.md", "date: 2024-13-04", "date: 2024-03-04")
    overlay.wait_for(state="detached")
    assert errors == []
