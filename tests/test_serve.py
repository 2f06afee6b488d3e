"""`diglot serve` as a user runs it: a subprocess over a copy of a fixture project,
its pages fetched over HTTP and its rebuild events read from /_diglot/events while
the project's files are edited, broken and fixed; then Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from diglot import serve

from serving import SMALL, Events, Served


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SMALL, tmp_path / "project"))


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    server = Served(project, "--port", "0")
    yield server
    if server.process.poll() is None:
        assert server.interrupt() == 0


def test_edit_break_fix_and_stop(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert f"  en       {served.url}en/" in served.out
    assert f"  zh-tw    {served.url}zh-tw/" in served.out
    assert served.site is not None and not served.site.is_relative_to(served.project)
    status, english = served.get("/en/posts/first/")
    assert status == 200 and '<html lang="en">' in english and "/_diglot/events" in english
    status, chinese = served.get("/zh-tw/posts/first/")
    assert status == 200 and '<html lang="zh-Hant-TW">' in chinese
    assert 'href="/en/posts/second/#why"' in english  # served at /, whatever base_url says

    events = Events(served.url)
    served.edit("content/posts/first.md", "## Why *small* steps", "Edited by the test.\n\n## Why")
    name, data = events.next()
    assert name == "reload" and "en/posts/first/index.html" in data["paths"]  # type: ignore[operator]
    assert "Edited by the test." in served.get("/en/posts/first/")[1]

    served.edit("content/posts/first.md", "date: 2024-03-04", "date: 2024-13-04")
    name, data = events.next()
    assert name == "error" and data["location"] == "content/posts/first.md:3"
    assert "'date' is not a date" in str(data["message"])
    status, page = served.get("/en/posts/first/")
    assert status == 200 and "Edited by the test." in page  # the last good build
    late = Events(served.url)  # a page opened now shows the error at once
    assert late.next()[0] == "error"
    late.close()

    served.edit("content/posts/first.md", "date: 2024-13-04", "date: 2024-03-04")
    assert events.next()[0] == "reload"
    events.close()

    assert served.interrupt() == 0
    assert "Traceback" not in "\n".join(served.err)
    assert served.out[-1] == "stopped"
    assert not served.site.parent.exists()  # the temporary folder


def test_missing_pages_traversal_and_ranges(served: Served, project: Path) -> None:
    status, page = served.get("/zh-tw/nowhere/")
    assert status == 404 and '<html lang="zh-Hant-TW">' in page
    for path in ("/../site.toml", "/%2e%2e/%2e%2e/etc/passwd", "/en/..%2f..%2fsite.toml"):
        assert served.get(path)[0] in (400, 404)
    request = urllib.request.Request(served.url + "hello.txt", headers={"Range": "bytes=0-3"})
    with urllib.request.urlopen(request, timeout=10) as response:
        expected = (project / "static/hello.txt").read_bytes()[:4]
        assert response.status == 206 and response.read() == expected


def test_a_template_error_is_shown_and_a_new_page_appears(served: Served, project: Path) -> None:
    events = Events(served.url)
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text('{% extends "base.html" %}\n{{ nope(', "utf-8")
    name, data = events.next()
    while name == "reload":  # the new folder alone changes nothing, but may come first
        name, data = events.next()
    assert name == "error" and str(data["location"]).startswith("templates/article.html:2")
    (project / "templates/article.html").unlink()
    assert events.next()[0] == "reload"
    (project / "content/posts/third.md").write_text(
        "---\ntitle: Third\ndate: 2024-06-01\n---\n\nA new post.\n", encoding="utf-8"
    )
    name, data = events.next()
    assert name == "reload" and "en/posts/third/index.html" in data["paths"]  # type: ignore[operator]
    assert "A new post." in served.get("/en/posts/third/")[1]
    assert "/en/posts/third/" in served.get("/en/")[1]
    events.close()


def test_a_busy_port_gives_the_next_one(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Served(project, "--port", str(port))
        try:
            assert any(f"port {port} is in use; serving on port" in line for line in server.out)
            assert server.url != f"http://127.0.0.1:{port}/"
        finally:
            assert server.interrupt() == 0


def test_listening_beyond_loopback_takes_the_flag_and_warns(project: Path) -> None:
    server = Served(project, "--port", "0", "--bind", "0.0.0.0")
    try:
        assert any("anyone who can reach this machine" in line for line in server.err)
        assert server.url.startswith("http://localhost:")
    finally:
        assert server.interrupt() == 0


def test_a_first_build_that_fails_serves_a_waiting_page(project: Path) -> None:
    path = project / "content/posts/first.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date: 2024-03-04", "date: soon"), encoding="utf-8")
    server = Served(project, "--port", "0")
    try:
        assert server.site is None
        events = Events(server.url)
        assert events.next()[0] == "error"
        assert "could not be built yet" in server.get("/")[1]
        path.write_text(good, encoding="utf-8")
        assert events.next()[0] == "reload"
        assert '<html lang="en">' in server.get("/en/")[1]
        events.close()
    finally:
        assert server.interrupt() == 0


def test_the_translators_view(served: Served) -> None:
    status, index = served.get("/_pair/")
    assert status == 200 and 'href="/_pair/posts/first/"' in index and "/_diglot/events" in index
    status, page = served.get("/_pair/posts/first/")
    assert status == 200 and "First steps" in page and "第一步" in page
    assert served.get("/_pair/posts/none/")[0] == 404
    events = Events(served.url)
    served.edit("content/posts/first.zh-tw.md", "## 為什麼是小步驟\n\n混合", "混合")
    assert events.next()[0] == "reload"
    assert "has 1 &#39;##&#39; headings" in served.get("/_pair/posts/first/")[1]
    events.close()


def test_stopping_leaves_no_thread_behind(project: Path) -> None:
    """In this process: after Ctrl-C, only the threads that were there before remain."""
    before = set(threading.enumerate())
    said: list[str] = []
    failed: list[BaseException] = []

    def use_then_interrupt() -> None:
        try:
            deadline = time.monotonic() + 30
            while not any(line.startswith("press Ctrl-C") for line in said):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            url = next(line.split()[1] for line in said if line.startswith("serving "))
            events = Events(url)  # an open page, whose thread must end too
            with urllib.request.urlopen(url + "en/", timeout=10) as response:
                assert response.status == 200
        except BaseException as error:
            failed.append(error)
        finally:
            os.kill(os.getpid(), signal.SIGINT)
        if not failed:
            ended = events.ended.wait(10)  # the server ended the stream
            events.close()
            if not ended:
                failed.append(AssertionError("the event stream did not end"))

    helper = threading.Thread(target=use_then_interrupt)
    helper.start()
    serve.run(project, serve.ServeOptions(port=0), said.append, said.append)
    helper.join()
    assert failed == []
    time.sleep(0.2)
    assert set(threading.enumerate()) <= before
    assert said[-1] == "stopped"
