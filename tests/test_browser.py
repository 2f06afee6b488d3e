"""A reader in a real browser: Debian's Chromium, driven by playwright, on the sample site
served over HTTP, reading and listening. Screenshots go to tests/artifacts/ (not in git)
for a person to look at. And a writer's: a page served by `diglot serve` while its
source is edited."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from diglot.devserver import Broadcaster, DevServer, SiteState

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
    page.on("requestfailed", lambda request: _failed(request, errors))
    page.on("response", lambda response: _refused(response, errors))
    return page


def _failed(request: Request, errors: list[str]) -> None:
    # Leaving a page cancels what it was still fetching (the player's metadata, the
    # icon): not an error. A file that is missing is answered with a 404, below.
    if request.failure == "net::ERR_ABORTED":
        return
    errors.append(f"failed: {request.url} ({request.failure})")


def _refused(response: Response, errors: list[str]) -> None:
    if response.status >= 400:
        errors.append(f"HTTP {response.status}: {response.url}")


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


@pytest.mark.parametrize(
    ("locale", "edition"), [("zh-CN", "zh-cn"), ("zh-SG", "zh-cn"), ("zh-HK", "zh-tw")]
)
def test_root_tells_simplified_from_traditional_chinese(
    browser: Browser, server: str, locale: str, edition: str
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(f"{server}/")
    page.wait_for_url(f"**/{edition}/")
    context.close()


def test_a_simplified_chinese_reader_reads_a_converted_article(
    browser: Browser, server: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    page = _page(browser, "light", errors)
    page.goto(f"{server}/zh-cn/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.screenshot(path=str(ARTIFACTS / "home-zh-cn-light.png"), full_page=False)
    page.locator(".menu").get_by_role("link", name="标签").click()
    page.wait_for_url("**/zh-cn/tags/")
    page.get_by_role("link", name="改善").first.click()
    page.get_by_role("link", name="软件团队的 Kaizen：每天一个小改善").first.click()
    page.wait_for_url("**/zh-cn/posts/kaizen-small-daily-improvements/")
    assert page.locator(".notice.converted").inner_text() == "本页由繁体中文版自动转换。阅读原文"
    page.screenshot(path=str(ARTIFACTS / "article-zh-cn-light.png"), full_page=False)
    page.locator(".content img").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "figure-zh-cn-light.png"), full_page=False)
    page.get_by_role("link", name="阅读原文").click()
    page.wait_for_url("**/zh-tw/posts/kaizen-small-daily-improvements/")
    assert page.locator(".switcher").get_by_role("link", name="简体中文").count() == 1
    assert errors == []


def test_keyboard_users_get_a_skip_link(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # type: ignore[index]
    page.close()


@pytest.fixture(scope="module")
def range_server(sample_site: Path) -> Iterator[str]:
    """The sample site served by diglot's preview server, which answers Range requests
    (browsers need them to seek in audio; Python's http.server has none)."""
    events = Broadcaster()
    httpd = DevServer(("127.0.0.1", 0), SiteState(sample_site), events, "en/404.html")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    events.close()
    httpd.shutdown()
    httpd.server_close()


def test_an_episode_plays_and_a_transcript_sentence_seeks(
    browser: Browser, range_server: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    page = _page(browser, "light", errors)
    page.goto(f"{range_server}/zh-tw/posts/kaizen-small-daily-improvements/")
    audio = page.locator(".episode audio")
    page.wait_for_function("document.querySelector('.episode audio').duration > 0")
    duration = audio.evaluate("a => a.duration")
    assert duration > 10
    page.locator(".transcript summary").click()
    line = page.locator(".transcript li[data-start]").nth(6)
    start = float(line.get_attribute("data-start") or "")
    assert start > 5
    line.locator(".text").click()
    page.wait_for_function(
        f"Math.abs(document.querySelector('.episode audio').currentTime - {start}) < 1.5"
    )
    assert audio.evaluate("a => a.currentTime") >= start - 0.05
    page.screenshot(path=str(ARTIFACTS / "episode-zh-tw.png"), full_page=False)
    audio.evaluate("a => a.pause()")


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
