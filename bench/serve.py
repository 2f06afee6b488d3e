"""Benchmark `diglot serve` against `hugo server` on the same corpus, in one run: the time
from saving a one-article edit to the reload event (diglot) and to the changed page
being served (both tools), beside diglot's full build time.

    .venv/bin/python bench/serve.py --pairs 1000 --edits 15

Each edit appends a sentence to a different English article; the article's page is
open (fetched once) before the edit, as a writer's browser would have it, which is
what Hugo's fast render mode re-renders first. After each timed edit the article is
restored, and that rebuild is waited for too, untimed. Hugo's own rebuild time is read
from its log ('Total in N ms'), diglot's from its ('rebuilt in N ms'). Not a test: the
numbers go into bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import DEFAULT_GENERATOR, REPO, SITE_TOML, hugo_binary

MARK = "Saved by the serve benchmark, edit {n}."
WAIT = 60.0
TORN = [0]  # responses cut short while polling (a page being written as it was read)


@dataclass
class Tool:
    """One server process: what it prints, line by line."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    sys.exit("the server stopped:\n" + "\n".join(self.log[-20:]))
                continue
            found = re.search(pattern, line)
            if found:
                return found
        sys.exit(f"no {pattern!r} from the server")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


class Events:
    """diglot's server-sent events, read from a socket in a thread."""

    def __init__(self, port: int) -> None:
        self.received: queue.Queue[tuple[float, str, dict[str, object]]] = queue.Queue()
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.sendall(b"GET /_diglot/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.socket.makefile("rb"):
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.received.put((time.perf_counter(), name, json.loads(line[6:])))
        except OSError:
            return

    def reload_for(self, page_file: str) -> float:
        """When the reload event naming `page_file` came."""
        while True:
            when, name, data = self.received.get(timeout=WAIT)
            if name == "error":
                sys.exit(f"diglot reported an error: {data}")
            if name == "reload" and page_file in data.get("paths", ()):  # type: ignore[operator]
                return when

    def close(self) -> None:
        self.socket.close()


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    return body


def served_when(port: int, path: str, text: str) -> float:
    """Poll `path` until it holds `text`; when it first did. A response cut short (a
    page read while the server was writing it) is counted in TORN and polled again."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                TORN[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            if text.encode() in body:
                return time.perf_counter()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            time.sleep(0.002)
    finally:
        connection.close()
    sys.exit(f"{path} never showed {text!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Timings:
    to_event: list[float] = field(default_factory=list)  # diglot only
    to_page: list[float] = field(default_factory=list)
    own: list[float] = field(default_factory=list)  # as the tool logs its rebuild


def time_edits(
    tool: Tool,
    port: int,
    articles: list[Path],
    page: Callable[[Path], str],
    logged: str,
    timings: Timings,
    events: Events | None = None,
) -> None:
    """Edit each article with its page open; time the events, the page and the log."""
    for n, article in enumerate(articles):
        path = page(article)
        fetch(port, path)
        time.sleep(0.5)
        original, mark = article.read_bytes(), MARK.format(n=n)
        try:
            started = time.perf_counter()
            with article.open("a", encoding="utf-8") as file:
                file.write(f"\n{mark}\n")
            if events is not None:
                timings.to_event.append(events.reload_for(path[1:] + "index.html") - started)
            timings.to_page.append(served_when(port, path, mark) - started)
            timings.own.append(int(tool.wait_for(logged).group(1)) / 1000)
        finally:
            article.write_bytes(original)
        if events is not None:
            events.reload_for(path[1:] + "index.html")  # the restored article
        tool.wait_for(logged)


def run_diglot(corpus: Path, articles: list[Path], timings: Timings) -> int:
    command = [str(Path(sys.executable).with_name("diglot")), "--project", str(corpus)]
    command += ["serve", "--port", "0"]
    tool = Tool(
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    )
    port = int(tool.wait_for(r"^serving http://127\.0\.0\.1:(\d+)/").group(1))
    tool.wait_for("press Ctrl-C to stop")
    events = Events(port)
    try:
        page = lambda article: f"/en/posts/{article.stem}/"  # noqa: E731
        torn = TORN[0]
        time_edits(tool, port, articles, page, r"rebuilt in (\d+) ms", timings, events)
        return TORN[0] - torn
    finally:
        events.close()
        tool.stop()


def run_hugo(hugo: Path, corpus: Path, out: Path, articles: list[Path], timings: Timings) -> int:
    port = free_port()
    command = [str(hugo), "server", "--source", str(corpus), "--destination", str(out)]
    command += ["--port", str(port), "--bind", "127.0.0.1", "--disableBrowserError"]
    tool = Tool(
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    )
    tool.wait_for("Web Server is available")
    try:
        page = lambda article: f"/posts/{article.stem}/"  # noqa: E731
        torn = TORN[0]
        time_edits(tool, port, articles, page, r"Total in (\d+) ms", timings)
        return TORN[0] - torn
    finally:
        tool.stop()


def full_build(corpus: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    diglot = str(Path(sys.executable).with_name("diglot"))
    started = time.perf_counter()
    subprocess.run(
        [diglot, "--project", str(corpus), "build", "--output", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"| {name} | - | - | - |"
    ms = sorted(v * 1000 for v in values)
    return f"| {name} | {statistics.median(ms):.0f} | {ms[0]:.0f} | {ms[-1]:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=15, help="timed edits per tool and round")
    parser.add_argument("--rounds", type=int, default=2, help="diglot then hugo, this often")
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    out = args.out.resolve()
    corpus = out / f"corpus-{args.pairs}"
    if not (corpus / "content" / "posts").is_dir():
        subprocess.run(
            [sys.executable, str(args.generator), "--pairs", str(args.pairs), "--out", str(corpus)],
            check=True,
        )
    (corpus / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    hugo = hugo_binary()
    english = sorted(
        p for p in (corpus / "content" / "posts").glob("*.md") if p.stem.count(".") == 0
    )
    step = max(1, len(english) // (args.edits * args.rounds))
    chosen = english[::step][: args.edits * args.rounds]
    version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
    print(f"{' '.join(version.split()[:2])}; {os.cpu_count()} cores; {args.pairs} pairs")
    build = full_build(corpus, out / "diglot-serve-build")
    diglot, hugo_times = Timings(), Timings()
    torn = {"diglot": 0, "hugo": 0}
    for round_ in range(args.rounds):
        batch = chosen[round_ * args.edits : (round_ + 1) * args.edits]
        torn["diglot"] += run_diglot(corpus, batch, diglot)
        torn["hugo"] += run_hugo(hugo, corpus, out / "hugo-serve", batch, hugo_times)
    print(f"\n{len(diglot.to_page)} edits per tool; milliseconds from saving the file\n")
    print("| measure | median | min | max |")
    print("| --- | ---: | ---: | ---: |")
    print(summary("diglot serve: save -> reload event", diglot.to_event))
    print(summary("diglot serve: save -> changed page served", diglot.to_page))
    print(summary("diglot serve: its own rebuild time (log)", diglot.own))
    print(summary("hugo server: save -> changed page served", hugo_times.to_page))
    print(summary("hugo server: its own rebuild time (log)", hugo_times.own))
    print(f"\ndiglot build, full (cold, to disk): {build:.2f} s")
    print(f"responses cut short while a page was being rewritten: {torn}")


if __name__ == "__main__":
    main()
