"""`diglot serve`: build the site into a temporary folder, serve it on localhost, watch
the project and rebuild what each edit changed. Open pages reload after a good
rebuild; after a failed one they show its error over the last good build, which
stays served. Ctrl-C stops it all and removes the folder.
"""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from diglot import config as config_module
from diglot import pairview, pipeline, urls
from diglot.devserver import Broadcaster, DevServer, SiteState
from diglot.errors import ConfigError, ContentErrors, DiglotError, SourceError
from diglot.stages import scan
from diglot.stages.memo import Memo
from diglot.stages.publish import LiveTree
from diglot.watch import FILES, FOLDERS, Watcher

PORT_TRIES = 20  # a busy port: try the next ones
PLACEHOLDER = (
    "<!doctype html>\n<html><head><meta charset=utf-8><title>diglot serve</title></head>"
    "<body><p>The site could not be built yet; the error is shown below and the page "
    "reloads once it is fixed.</p></body></html>\n"
)

Say = Callable[[str], None]


@dataclass(frozen=True)
class ServeOptions:
    port: int = 1313
    bind: str = "127.0.0.1"
    drafts: bool = False  # drafts and future posts too
    audio: bool = True  # publish the podcast audio the cache already holds (serve never speaks)
    open_browser: bool = False


class Session:
    """The site of a project, kept in memory between builds and published into the
    folder that is served: the first build makes everything, the next only what
    changed in the files noted since."""

    def __init__(self, root: Path, options: pipeline.BuildOptions, site: Path) -> None:
        self.root = root
        self.options = replace(options, output=site)
        self.site = site
        self.memo = Memo()
        self.tree: LiveTree | None = None
        self.lock = threading.Lock()  # a build, or a view of what the last one read

    def build(
        self, changed: Collection[str] | None = None, jobs: int = 1
    ) -> tuple[pipeline.BuildReport, tuple[str, ...] | None]:
        """Build, or rebuild in place; the report and the site paths that changed (None
        for the first site built). Raises DiglotError on a content, template or
        configuration error, leaving the site as it was."""
        with self.lock:
            if changed is not None:
                self.memo.note(changed)
            if self.tree is None:
                options = replace(self.options, jobs=jobs)
                report = pipeline.build(self.root, options, memo=self.memo)
                self.tree = LiveTree(self.site)
                return report, None
            report = pipeline.rebuild(self.root, self.options, self.tree, self.memo)
            return report, self.tree.last_changes

    def view(self, url_path: str) -> bytes | None:
        """The translator's view at `url_path` (under /_pair/), of the content as the
        last build read it; None for a key that is no pair."""
        key = pairview.key_of(url_path)
        with self.lock:
            last = self.memo.reader.last_pairing()
            if key is None or last is None:
                return None
            content, config, problems = last
            if not key:
                return pairview.html(config, "serve/pairs.html", pairview.index(content, config))
            made = pairview.page(content, config, self.memo.last_plan(), key, problems)
            return None if made is None else pairview.html(config, "serve/pair.html", made)


def run(root: Path, options: ServeOptions, say: Say, warn: Say) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then clean up: no folder, no thread
    and no worker process is left behind."""
    root = root.resolve()
    config = config_module.load(root, scan.scan_content(root).languages)
    with _temporary_folder() as folder, _stop_on_signals():
        events = Broadcaster()
        state = SiteState(_placeholder(folder / "waiting"))
        default_404 = urls.not_found(config, config.default_language.code).lstrip("/")
        server = _listen(options.bind, options.port, state, events, default_404, say)
        thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="diglot-http")
        try:
            base = f"http://{_host(options.bind)}:{server.server_address[1]}/"
            if not _is_loopback(options.bind):
                warn(
                    f"warning: listening on {options.bind}: anyone who can reach this machine "
                    "can read the site, drafts included"
                )
            wanted = pipeline.BuildOptions(
                drafts=options.drafts,
                future=options.drafts,
                base_url=base,
                audio=options.audio,
                speak=False,  # audio from the cache only: never speak on every keystroke
            )
            session = Session(root, wanted, folder / "site")
            server.views = session.view
            loop = _Loop(session, server, state, events, say, warn)
            loop.rebuild(None, jobs=0)  # before any thread runs: build workers may fork
            thread.start()
            say(f"serving {base}")
            for lang in config.languages:
                say(f"  {lang.code:<8} {base}{urls.home(config, lang.code).lstrip('/')}")
            say(f"  pairs    {base}{pairview.PREFIX.lstrip('/')} (the translator's view)")
            with Watcher(root) as watcher:
                loop.rebuild(None)  # anything saved while the first build ran
                say(f"watching {', '.join([f'{name}/' for name in FOLDERS] + list(FILES))}")
                say("press Ctrl-C to stop")
                if options.open_browser:
                    webbrowser.open(base + urls.home(config, config.default_language.code)[1:])
                while True:
                    batch = watcher.next(timeout=0.5)
                    if batch is not None:
                        loop.rebuild(batch)
        except KeyboardInterrupt:
            say("stopped")
        finally:
            events.close()
            if thread.is_alive():
                server.shutdown()
                thread.join()
            server.server_close()


class _Loop:
    """One rebuild after another, each told to the open pages through `events`."""

    def __init__(
        self,
        session: Session,
        server: DevServer,
        state: SiteState,
        events: Broadcaster,
        say: Say,
        warn: Say,
    ) -> None:
        self.session, self.server, self.state, self.events = session, server, state, events
        self.say, self.warn = say, warn
        self.failing = ""  # the error the last rebuild failed with

    def rebuild(self, batch: Collection[str] | None, jobs: int = 1) -> None:
        started = time.perf_counter()
        what = _describe(batch, self.session.root)
        try:
            report, changed = self.session.build(batch, jobs)
        except DiglotError as exc:
            self._failed(what, exc.format_message(), _first_location(exc))
            return
        except Exception as exc:  # a bug in diglot: say so, and keep serving
            trace = "".join(traceback.format_exception(exc))
            self._failed(what, f"internal error: {exc!r}\n{trace}", "")
            return
        seconds = time.perf_counter() - started
        if changed is None:  # the first good build
            self.state.swap(self.session.site)
            pages = ", ".join(f"{code} {n} pages" for code, n in report.pages.items())
            self.say(f"built {self.session.site} in {seconds:.2f} s: {pages}")
            changed = ()
        elif changed or self.failing:
            count = len(changed)
            self.say(
                f"{_clock()} {what}: rebuilt in {seconds * 1000:.0f} ms, "
                f"{count} file{'s' if count != 1 else ''} changed"
            )
        else:
            return
        self.failing = ""
        self.server.build_number += 1
        self.events.publish("reload", {"build": self.server.build_number, "paths": list(changed)})

    def _failed(self, what: str, message: str, location: str) -> None:
        if message == self.failing:  # pages already show it
            self.warn(f"{_clock()} {what}: still failing at {location or 'the same place'}")
            return
        self.failing = message
        self.warn(f"{_clock()} {what}: the rebuild failed; still serving the last good build")
        self.warn(message)
        self.events.publish("error", {"location": location, "message": message})


def _first_location(error: DiglotError) -> str:
    if isinstance(error, SourceError):
        return error.diagnostic.location()
    if isinstance(error, (ContentErrors, ConfigError)) and error.diagnostics:
        return error.diagnostics[0].location()
    return ""


def _describe(batch: Collection[str] | None, root: Path) -> str:
    """What changed, for the log: the files still there (an editor's temporary files
    come and go), else whatever changed."""
    named = sorted(path for path in batch or () if (root / path).exists()) or sorted(batch or ())
    if not named:
        return "the project"
    return named[0] if len(named) == 1 else f"{named[0]} and {len(named) - 1} more"


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def _listen(
    bind: str, port: int, state: SiteState, events: Broadcaster, default_404: str, say: Say
) -> DevServer:
    """A server on `port`, or on the next free one (said plainly)."""
    server_class = _Server6 if ":" in bind else DevServer
    last = port + (PORT_TRIES if port else 1)
    for candidate in range(port, last):
        try:
            server = server_class((bind, candidate), state, events, default_404)
        except OSError as exc:
            if exc.errno in (98, 48):  # EADDRINUSE on Linux, macOS
                continue
            raise DiglotError(f"cannot listen on {bind}:{candidate}: {exc.strerror}") from None
        if candidate != port:
            say(f"port {port} is in use; serving on port {candidate} instead")
        return server
    raise DiglotError(
        f"ports {port} to {last - 1} are all in use; choose another with --port (0: any free one)"
    )


class _Server6(DevServer):
    address_family = socket.AF_INET6


def _is_loopback(bind: str) -> bool:
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return bind == "localhost"


def _host(bind: str) -> str:
    """The host part of the URLs to print: the bind address, or localhost for 'every
    address' (0.0.0.0, ::)."""
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:
        return bind
    if address.is_unspecified:
        return "localhost"
    return f"[{bind}]" if address.version == 6 else bind


def _placeholder(folder: Path) -> Path:
    """What is served until the first build succeeds: a page that waits for it."""
    folder.mkdir()
    (folder / "index.html").write_text(PLACEHOLDER, encoding="utf-8")
    return folder


@contextlib.contextmanager
def _temporary_folder() -> Iterator[Path]:
    """The folder the site is built into, outside the project; removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="diglot-serve-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGINT (Ctrl-C) and SIGTERM stop the server and clean up, even in a process
    started with SIGINT ignored (a background job of a script)."""

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
