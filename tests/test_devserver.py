"""The preview server's HTTP side on a real socket: files, pretty URLs, ranges,
traversal attempts, live-reload events."""

from __future__ import annotations

import http.client
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from diglot.devserver import EVENTS_PATH, Broadcaster, DevServer, SiteState, parse_range, resolve

from conftest import write_tree


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_tree(
        tmp_path / "site",
        {
            "index.html": "<!doctype html><html><body><p>root</p></body></html>",
            "en/index.html": "<html><body>English home</body></html>",
            "en/404.html": "<html><body>English 404</body></html>",
            "zh-tw/404.html": "<html><body>找不到</body></html>",
            "en/posts/x/index.html": "<html><body>post</body></html>",
            "en/index.xml": "<rss/>",
            "en/episode.vtt": "WEBVTT\n",
            "data.json": "{}",
            "style.css": "body{}",
            "img.svg": "<svg/>",
        },
    )
    (root / "audio.mp3").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    events = Broadcaster()
    httpd = DevServer(("127.0.0.1", 0), SiteState(site), events, "en/404.html")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    events.close()
    httpd.shutdown()
    httpd.server_close()


def get(
    server: DevServer, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_pretty_urls_and_reload_script_injection(server: DevServer) -> None:
    status, headers, body = get(server, "/en/posts/x/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"post" in body and b"/_diglot/events" in body and b'<script data-build="0">' in body
    assert body.index(b"/_diglot/events") < body.index(b"</body>")
    status, headers, _ = get(server, "/en/posts/x")
    assert status == 301 and headers["location"] == "/en/posts/x/"


@pytest.mark.parametrize(
    "path,content_type",
    [
        ("/en/index.xml", "application/xml; charset=utf-8"),
        ("/en/episode.vtt", "text/vtt; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/audio.mp3", "audio/mpeg"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/img.svg", "image/svg+xml"),
    ],
)
def test_content_types(server: DevServer, path: str, content_type: str) -> None:
    status, headers, _ = get(server, path)
    assert (status, headers["content-type"]) == (200, content_type)


def test_head_has_headers_and_no_body(server: DevServer) -> None:
    status, headers, body = get(server, "/audio.mp3", method="HEAD")
    assert status == 200 and headers["content-length"] == "1024" and body == b""


def test_only_get_and_head(server: DevServer) -> None:
    status, headers, _ = get(server, "/", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_range_requests(server: DevServer, site: Path) -> None:
    data = (site / "audio.mp3").read_bytes()
    status, headers, body = get(server, "/audio.mp3", headers={"Range": "bytes=10-19"})
    assert status == 206 and body == data[10:20]
    assert headers["content-range"] == "bytes 10-19/1024"
    status, _, body = get(server, "/audio.mp3", headers={"Range": "bytes=-4"})
    assert status == 206 and body == data[-4:]
    status, headers, _ = get(server, "/audio.mp3", headers={"Range": "bytes=5000-"})
    assert status == 416 and headers["content-range"] == "bytes */1024"


def test_missing_pages_get_the_sites_own_404_in_their_language(server: DevServer) -> None:
    status, _, body = get(server, "/en/nope/")
    assert status == 404 and b"English 404" in body
    status, _, body = get(server, "/zh-tw/nope/")
    assert status == 404 and "找不到".encode() in body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/..%5csecret.txt",
        "/link.txt",
        "/%00",
        "/etc/passwd",
    ],
)
def test_traversal_never_leaves_the_root(server: DevServer, path: str) -> None:
    status, _, body = get(server, path)
    assert status in (400, 404)
    assert b"secret" not in body and b"root:" not in body


def test_resolve_and_ranges_as_functions(site: Path) -> None:
    assert resolve(site, "/en/") == site / "en/index.html"
    assert resolve(site, "/%2e%2e/secret.txt") is None
    assert resolve(site, "/link.txt") is None
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=8-100", 10) == (8, 9)
    assert parse_range("bytes=-0", 10) is None
    with pytest.raises(ValueError):
        parse_range("bytes=0-1,4-5", 10)


def test_events_stream_reload_and_errors(server: DevServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    connection.request("GET", EVENTS_PATH)
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next_event() -> tuple[str, dict[str, object]]:
        name = ""
        while True:
            line = response.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                return name, json.loads(line[6:])

    assert next_event()[0] == "hello"
    server.events.publish("error", {"location": "content/posts/a.md:2", "message": "bad"})
    assert next_event() == ("error", {"location": "content/posts/a.md:2", "message": "bad"})
    server.events.publish("reload", {"build": 2})
    assert next_event() == ("reload", {"build": 2})
    connection.close()
