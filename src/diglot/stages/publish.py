"""Publish stage: write the site into a staging folder beside the output, then swap it in.

A file whose bytes equal the previous build's is a hard link to the old file, so a
no-change rebuild rewrites nothing (same inodes and mtimes), and a failed build
removes the staging folder and leaves the previous site as it was.

The dev server's rebuilds publish into the folder it serves instead (`LiveTree`):
only the changed files, each replaced atomically, and only once the rebuild succeeded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from diglot.errors import DiglotError

# Files a previous build always leaves at the top of the output folder.
SITE_MARKERS = ("index.html", "sitemap.xml")


@dataclass(frozen=True)
class Extra:
    """A file some other stage asks the site to publish (an MP3, a podcast feed):
    `data`, or else the contents of `source`."""

    path: str  # relative to the site root: 'en/posts/x/episode.mp3'
    source: Path | None = None
    data: bytes | None = None


class Sink(Protocol):
    """Where the write stage puts the files of a site; each call says whether the
    file's bytes differ from the last build's."""

    @property
    def target(self) -> Path: ...

    def write(self, path: str, data: bytes) -> bool: ...

    def copy(self, path: str, source: Path) -> bool: ...

    def publish(self, extra: Extra) -> bool: ...

    def keep(self, path: str) -> None:
        """The file at `path` is the same as in the last build."""


@dataclass(frozen=True)
class Staging:
    """A build in progress: plain paths, so worker processes can write into it too."""

    target: Path  # the output folder, e.g. site/
    stage: Path  # the folder being filled, beside it
    previous: bool = True  # there is a previous build to compare with

    @classmethod
    def open(cls, target: Path) -> Staging:
        target = target.resolve()
        if target.exists() and not _is_site(target):
            raise DiglotError(
                f"{target} is not empty and holds no site built by diglot; "
                "remove it or choose another --output folder"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
        return cls(target, stage, target.exists())

    def write(self, path: str, data: bytes) -> bool:
        """Stage `data` at site path `path`; True when it differs from the last build."""
        old = self.target / path
        if self.previous and _same(old, data):
            self._place(path, lambda dest: _link(old, dest))
            return False
        self._place(path, lambda dest: _create(dest, data))
        return True

    def copy(self, path: str, source: Path) -> bool:
        old = self.target / path
        if self.previous and _same_file(old, source):
            self._place(path, lambda dest: _link(old, dest))
            return False
        self._place(path, lambda dest: _create(dest, source.read_bytes()))
        return True

    def publish(self, extra: Extra) -> bool:
        return _publish(self, extra)

    def keep(self, path: str) -> None:
        self._place(path, lambda dest: _link(self.target / path, dest))

    def commit(self) -> None:
        """Swap the staged site in for the old one."""
        os.chmod(self.stage, 0o755)
        if not self.target.exists():
            os.rename(self.stage, self.target)
            return
        backup = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
        os.rename(self.target, backup / "site")
        os.rename(self.stage, self.target)
        shutil.rmtree(backup, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def _place(self, path: str, put: Callable[[Path], None]) -> None:
        """Create the file at `path` with `put`, making its folder when missing and
        replacing a file written before (never writing through a link to the old site)."""
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"not a site path: {path}")
        dest = self.stage / path
        try:
            put(dest)
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
            put(dest)
        except FileExistsError:
            dest.unlink()
            put(dest)


class LiveTree:
    """A site being served, brought up to date in place after each rebuild (in this
    process only). Changed files wait until `commit`, then each replaces its old
    version atomically, so a reader gets the old file or the new one, never a part of
    one; files the rebuild no longer makes are removed. `abort` drops the rebuild and
    leaves the site as it was."""

    def __init__(self, target: Path) -> None:
        self._target = target.resolve()
        self._files = set(_walk(self._target))
        self._made: set[str] = set()
        self._pending: dict[str, bytes | Path] = {}
        self.last_changes: tuple[str, ...] = ()  # what the last commit replaced or removed

    @property
    def target(self) -> Path:
        return self._target

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a LiveTree is written by the process that serves it, not by workers")

    def write(self, path: str, data: bytes) -> bool:
        self._made.add(_checked(path))
        if _same(self._target / path, data):
            self._pending.pop(path, None)
            return False
        self._pending[path] = data
        return True

    def copy(self, path: str, source: Path) -> bool:
        self._made.add(_checked(path))
        old = self._target / path
        try:
            mine, theirs = old.stat(), source.stat()
            if (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns):
                return False  # copied with its mtime, like rsync's quick check
        except OSError:
            pass
        if _same_file(old, source):
            return False
        self._pending[path] = source
        return True

    def publish(self, extra: Extra) -> bool:
        return _publish(self, extra)

    def keep(self, path: str) -> None:
        self._made.add(path)

    def commit(self) -> tuple[str, ...]:
        """Put the changed files in place and remove the stale ones; returns the site
        paths of both, sorted."""
        for path, what in self._pending.items():
            _replace(self._target / path, what)
        stale = self._files - self._made
        for path in stale:
            _remove(self._target, path)
        self.last_changes = tuple(sorted({*self._pending, *stale}))
        self._files, self._made, self._pending = self._made, set(), {}
        return self.last_changes

    def abort(self) -> None:
        self._made, self._pending = set(), {}


def _publish(sink: Sink, extra: Extra) -> bool:
    if extra.data is not None:
        return sink.write(extra.path, extra.data)
    if extra.source is None:
        raise ValueError(f"extra file {extra.path} has neither data nor source")
    return sink.copy(extra.path, extra.source)


def _checked(path: str) -> str:
    if path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"not a site path: {path}")
    return path


def _walk(folder: Path) -> Iterator[str]:
    for dirpath, _dirs, names in os.walk(folder):
        base = Path(dirpath).relative_to(folder).as_posix()
        for name in names:
            yield name if base == "." else f"{base}/{name}"


def _replace(dest: Path, what: bytes | Path) -> None:
    """Write a file beside `dest`, then rename it over `dest`: atomic for readers."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(what if isinstance(what, bytes) else what.read_bytes())
        if isinstance(what, Path):
            shutil.copystat(what, name)
        else:
            os.chmod(name, 0o644)
        os.replace(name, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _remove(root: Path, path: str) -> None:
    """Remove a file and the folders it leaves empty."""
    with contextlib.suppress(FileNotFoundError):
        (root / path).unlink()
    folder = (root / path).parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _is_site(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    return not any(folder.iterdir()) or all((folder / m).is_file() for m in SITE_MARKERS)


def _same(old: Path, data: bytes) -> bool:
    try:
        if old.stat().st_size != len(data):
            return False
        return old.read_bytes() == data
    except OSError:
        return False


def _same_file(old: Path, source: Path) -> bool:
    try:
        if old.stat().st_size != source.stat().st_size:
            return False
        return old.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _create(dest: Path, data: bytes) -> None:
    with open(dest, "xb") as file:
        file.write(data)


def _link(old: Path, dest: Path) -> None:
    try:
        os.link(old, dest)
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError:  # a file system without hard links: copy, keeping the mtime
        _create(dest, old.read_bytes())
        shutil.copystat(old, dest)
