"""HTTP side of `diglot serve`: serve a built site from a folder outside site/, safely,
with live reload (server-sent events) and an error overlay injected into HTML pages.

The folder served can be swapped whole (`SiteState`: a waiting page until the first
good build); rebuilds then replace its changed files one by one, each atomically and
only after the rebuild succeeded (`publish.LiveTree`), so a request never gets a
half-written file, and a failed rebuild leaves the last good site in place.
"""

from __future__ import annotations

import json
import mimetypes
import os
import posixpath
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from diglot import templates
from diglot.errors import Diagnostic

EVENTS_PATH = "/_diglot/events"
VIEWS_PATH = "/_pair/"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json",
    ".mp3": "audio/mpeg",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
}
_KEEPALIVE_SECONDS = 15.0


@dataclass(frozen=True)
class Event:
    number: int
    name: str  # 'reload', 'error' or 'ok'
    data: str


class Broadcaster:
    """Fans rebuild events out to every open page; remembers the current error so a
    page opened while the build is broken shows the overlay at once."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._last = Event(0, "ok", "{}")
        self._closed = False

    def publish(self, name: str, payload: dict[str, object]) -> None:
        with self._condition:
            self._last = Event(self._last.number + 1, name, json.dumps(payload, ensure_ascii=False))
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    @property
    def current(self) -> Event:
        with self._condition:
            return self._last

    def follow(self, seen: int) -> Iterator[Event | None]:
        """Yields each new event (None as a keep-alive tick) until closed."""
        while True:
            with self._condition:
                self._condition.wait_for(
                    lambda seen=seen: self._closed or self._last.number > seen,  # type: ignore[misc]
                    _KEEPALIVE_SECONDS,
                )
                if self._closed:
                    return
                event = self._last if self._last.number > seen else None
            if event is not None:
                seen = event.number
            yield event


class SiteState:
    """The folder being served, swapped whole after each good rebuild."""

    def __init__(self, root: Path) -> None:
        self._lock = threading.Lock()
        self._root = root

    @property
    def root(self) -> Path:
        with self._lock:
            return self._root

    def swap(self, root: Path) -> Path:
        with self._lock:
            old, self._root = self._root, root
        return old


def error_payload(diagnostic: Diagnostic | None, message: str) -> dict[str, object]:
    if diagnostic is None:
        return {"location": "", "message": message}
    return {"location": diagnostic.location(), "message": diagnostic.format()}


def resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside root, or None: never anything outside it,
    whether by '..', encoded dots, absolute paths, backslashes or symlinks."""
    path = unquote(url_path)
    if "\x00" in path or "\\" in path:
        return None
    normal = posixpath.normpath("/" + path.lstrip("/"))
    if any(part == ".." for part in normal.split("/")):
        return None
    candidate = root / normal.lstrip("/")
    real_root = os.path.realpath(root)
    real = os.path.realpath(candidate)
    if real != real_root and not real.startswith(real_root + os.sep):
        return None
    if os.path.isdir(real):
        index = os.path.join(real, "index.html")
        return Path(index) if os.path.isfile(index) else None
    return Path(real) if os.path.isfile(real) else None


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single 'bytes=' range; None when it is unsatisfiable.
    Raises ValueError for a header that is not a single byte range (serve it whole)."""
    match = _RANGE.match(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        raise ValueError(header)
    first_text, last_text = match.groups()
    if first_text == "":
        length = int(last_text)
        if length == 0:
            return None
        return max(0, size - length), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size or last < first:
        return None
    return first, min(last, size - 1)


def reload_client() -> bytes:
    """The live-reload script injected into served pages (a file of the theme)."""
    return (templates.builtin_dir() / "serve" / "reload.js").read_bytes()


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(
        self, address: tuple[str, int], state: SiteState, events: Broadcaster, default_404: str
    ) -> None:
        super().__init__(address, Handler)
        self.state = state
        self.events = events
        self.default_404 = default_404  # site path of the 404 page of the default language
        self.build_number = 0
        self.client = reload_client()
        # Pages made on request under VIEWS_PATH (the translator's view): HTML, or None.
        self.views: Callable[[str], bytes | None] | None = None


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds, not every request."""

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _serve(self, send_body: bool) -> None:
        url_path = urlsplit(self.path).path
        if url_path == EVENTS_PATH:
            self._events()
            return
        if url_path.rstrip("/") == VIEWS_PATH.rstrip("/") and not url_path.endswith("/"):
            self._redirect(VIEWS_PATH)
            return
        root = self.server.state.root
        if url_path.startswith(VIEWS_PATH) and self.server.views is not None:
            made = self.server.views(url_path)
            if made is not None:
                page = _inject(made, self._client())
                self._bytes(page, CONTENT_TYPES[".html"], HTTPStatus.OK, send_body)
                return
        target = resolve(root, url_path)
        if target is None:
            self._not_found(root, url_path, send_body)
        elif target.name == "index.html" and not url_path.endswith(("/", ".html")):
            self._redirect(url_path + "/")  # pretty URLs: relative links need the slash
        else:
            self._file(target, HTTPStatus.OK, send_body)

    def _client(self) -> bytes:
        """The reload script, told which build the page comes from: a page served just
        before a rebuild reloads as soon as it hears of the newer one."""
        build = self.server.build_number
        return f'<script data-build="{build}">\n'.encode() + self.server.client + b"</script>\n"

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, root: Path, url_path: str, send_body: bool) -> None:
        first = unquote(url_path).lstrip("/").split("/", 1)[0]
        for candidate in (f"{first}/404.html", self.server.default_404, "404.html"):
            page = resolve(root, candidate) if candidate else None
            if page is not None:
                self._file(page, HTTPStatus.NOT_FOUND, send_body)
                return
        self._bytes(b"not found\n", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND, send_body)

    def _file(self, path: Path, status: HTTPStatus, send_body: bool) -> None:
        content_type = CONTENT_TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        data = path.read_bytes()
        if path.suffix.lower() == ".html":
            data = _inject(data, self._client())
        elif status == HTTPStatus.OK and "Range" in self.headers:
            self._range(data, content_type, send_body)
            return
        self._bytes(data, content_type, status, send_body)

    def _range(self, data: bytes, content_type: str, send_body: bool) -> None:
        try:
            wanted = parse_range(self.headers["Range"], len(data))
        except ValueError:
            self._bytes(data, content_type, HTTPStatus.OK, send_body)
            return
        if wanted is None:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{len(data)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        first, last = wanted
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Range", f"bytes {first}-{last}/{len(data)}")
        self._body(data[first : last + 1], content_type, send_body)

    def _bytes(self, data: bytes, content_type: str, status: HTTPStatus, send_body: bool) -> None:
        self.send_response(status)
        self._body(data, content_type, send_body)

    def _body(self, data: bytes, content_type: str, send_body: bool) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        events = self.server.events
        current = events.current
        try:
            self._send_event("hello", json.dumps({"build": self.server.build_number}))
            if current.name == "error":
                self._send_event("error", current.data)
            for event in events.follow(current.number):
                if event is None:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                else:
                    self._send_event(event.name, event.data)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send_event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()


def _inject(html: bytes, script: bytes) -> bytes:
    marker = html.rfind(b"</body>")
    if marker == -1:
        return html + script
    return html[:marker] + script + html[marker:]
