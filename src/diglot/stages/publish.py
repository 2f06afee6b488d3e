"""Publish stage: write the site into a staging folder beside the output, then swap it in.

A file whose bytes equal the previous build's is a hard link to the old file, so a
no-change rebuild rewrites nothing (same inodes and mtimes), and a failed build
removes the staging folder and leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
        if extra.data is not None:
            return self.write(extra.path, extra.data)
        if extra.source is None:
            raise ValueError(f"extra file {extra.path} has neither data nor source")
        return self.copy(extra.path, extra.source)

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
