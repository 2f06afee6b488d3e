"""Watching a project for `diglot serve`: content/, templates/ and static/ (with all
they hold) and site.toml, reported as batches of project-relative paths (watchfiles).

A folder that appears or goes (a project's first `templates/`) is watched from then on;
site.toml is watched through the project folder, so an editor that saves by replacing
the file is seen too.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import watchfiles

FOLDERS = ("content", "templates", "static")
FILES = ("site.toml",)
STEP_MS = 20  # quiet time that ends a batch: an editor's save is a few events within 1 ms
SETTLE_SECONDS = 0.1  # for watchfiles to set its watches up once its thread runs


class _Either:
    """Stops a watch when either event is set (watchfiles takes anything with is_set)."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class Watcher:
    """Batches of changed files, from two threads: one on the project folder itself
    (site.toml, folders coming and going), one on the folders it holds."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._batches: queue.Queue[set[str]] = queue.Queue()
        self._stop = threading.Event()
        self._refolder = threading.Event()
        self._ready = [threading.Event(), threading.Event()]
        self._threads = [
            threading.Thread(target=self._watch_top, name="diglot-watch-top", daemon=True),
            threading.Thread(target=self._watch_folders, name="diglot-watch", daemon=True),
        ]

    def start(self) -> Watcher:
        """Start watching; returns once the watches are set up, so that a change made
        from then on is seen."""
        for thread in self._threads:
            thread.start()
        for ready in self._ready:
            ready.wait(5)
        time.sleep(SETTLE_SECONDS)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)

    def __enter__(self) -> Watcher:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def next(self, timeout: float) -> set[str] | None:
        """The files changed since the last call (waiting up to `timeout` seconds for
        the first), or None."""
        try:
            batch = self._batches.get(timeout=timeout)
        except queue.Empty:
            return None
        while True:  # what else has come meanwhile goes into the same rebuild
            try:
                batch |= self._batches.get_nowait()
            except queue.Empty:
                return batch

    def _put(self, paths: Iterable[str]) -> None:
        found = set()
        for path in paths:
            try:
                found.add(Path(path).relative_to(self.root).as_posix())
            except ValueError:
                continue
        if found:
            self._batches.put(found)

    def _watch_top(self) -> None:
        def wanted(_change: watchfiles.Change, path: str) -> bool:
            return Path(path).name in FILES + FOLDERS

        self._ready[0].set()
        for changes in watchfiles.watch(
            self.root,
            watch_filter=wanted,
            recursive=False,
            step=STEP_MS,
            stop_event=self._stop,
            raise_interrupt=False,
        ):
            names = {Path(path).name for _, path in changes}
            if names & set(FOLDERS):
                self._refolder.set()
            self._put(path for _, path in changes)

    def _watch_folders(self) -> None:
        restarted = False
        while not self._stop.is_set():
            self._refolder.clear()
            folders = [self.root / name for name in FOLDERS if (self.root / name).is_dir()]
            self._ready[1].set()
            if not folders:
                self._refolder.wait(0.5)
                continue
            try:
                for changes in watchfiles.watch(
                    *folders,
                    step=STEP_MS,
                    stop_event=_Either(self._stop, self._refolder),
                    rust_timeout=200,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                ):
                    if restarted:  # the watches are up again: report the folders, whose
                        restarted = False  # files may have changed while they were not
                        self._put(str(folder) for folder in folders)
                    self._put(path for _, path in changes)
            except (OSError, RuntimeError):  # a folder went while being watched
                self._stop.wait(0.2)
            restarted = True
