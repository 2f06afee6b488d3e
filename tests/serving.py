"""A `diglot serve` subprocess for tests: what it prints, its pages and its events."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import FIXTURES

SMALL = FIXTURES / "site" / "small"
TIMEOUT = 30.0


class Served:
    """A `diglot serve` process and what it has printed so far."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "diglot", "--project", str(project), "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, kept in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, kept), daemon=True).start()
        self.wait_for_line("press Ctrl-C to stop")
        text = "\n".join(self.out)
        url = re.search(r"^serving (http://\S+/)$", text, re.M)
        built = re.search(r"^built (\S+) in ", text, re.M)
        assert url is not None, text
        self.url = url.group(1)
        self.site = Path(built.group(1)) if built else None

    def _read(self, stream: object, kept: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            kept.append(line.rstrip("\n"))
            self.lines.put(line)

    def wait_for_line(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(text in line for line in self.out + self.err):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.out + self.err))
            time.sleep(0.05)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=TIMEOUT)


class Events:
    """The server-sent events of a page, read in a thread from a socket of our own
    (so that closing it does not wait for the next event)."""

    def __init__(self, url: str) -> None:
        self.received: queue.Queue[tuple[str, dict[str, object]]] = queue.Queue()
        self.ended = threading.Event()  # the server closed the stream
        host, port = urllib.parse.urlsplit(url).netloc.rsplit(":", 1)
        self.socket = socket.create_connection((host, int(port)), timeout=TIMEOUT)
        self.socket.sendall(f"GET /_diglot/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next()[0] == "hello"

    def _read(self) -> None:
        name = ""
        with contextlib.suppress(OSError), self.socket.makefile("rb") as stream:
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.received.put((name, json.loads(line[6:])))
        self.ended.set()

    def next(self) -> tuple[str, dict[str, object]]:
        return self.received.get(timeout=TIMEOUT)

    def close(self) -> None:
        self.socket.shutdown(socket.SHUT_RDWR)
        self.socket.close()
