"""The audio cache: finished, tagged MP3s under `.cache/audio/`, one per sound key.

An entry is the MP3 and a JSON file with its length (read back from the MP3) and the
time of every sentence. Entries are written once, atomically, and never rewritten:
a second build with unchanged scripts reads them and speaks nothing. Entries no build
uses any more stay until `diglot build --gc` prunes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from diglot import audio

FORMAT = 1  # bump when the layout or the sound of entries changes
CACHE_DIR = Path(".cache") / "audio"


@dataclass(frozen=True)
class Entry:
    key: str
    mp3: Path
    bytes: int
    sha256: str
    duration: float
    times: tuple[tuple[float, float], ...]  # (start, end) seconds per sentence


class AudioCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".mp3"), base.with_suffix(".json")

    def get(self, key: str, sentences: int) -> Entry | None:
        """The entry for `key`, or None when it is missing or does not fit."""
        mp3, meta = self._paths(key)
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            size = mp3.stat().st_size
        except (OSError, ValueError):
            return None
        times = tuple((float(s), float(e)) for s, e in data.get("times", ()))
        if data.get("format") != FORMAT or data.get("bytes") != size or len(times) != sentences:
            return None
        return Entry(key, mp3, size, str(data["sha256"]), float(data["duration"]), times)

    def put(
        self, key: str, mp3_bytes: bytes, times: tuple[tuple[float, float], ...], tags: audio.Tags
    ) -> Entry:
        """Tag the MP3, read its real length back and store both."""
        mp3, meta = self._paths(key)
        mp3.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=mp3.parent, suffix=".mp3.tmp")
        tmp = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(mp3_bytes)
            os.chmod(tmp, 0o644)
            audio.write_tags(tmp, tags)
            duration = round(audio.mp3_info(tmp).duration, 3)
            data = tmp.read_bytes()
            os.replace(tmp, mp3)
        finally:
            tmp.unlink(missing_ok=True)
        entry = Entry(key, mp3, len(data), hashlib.sha256(data).hexdigest(), duration, times)
        record = {
            "format": FORMAT,
            "bytes": entry.bytes,
            "sha256": entry.sha256,
            "duration": entry.duration,
            "times": [list(t) for t in times],
        }
        write_if_changed(meta, json.dumps(record, indent=1).encode("utf-8") + b"\n")
        return entry

    def prune(self, keep: Collection[str]) -> tuple[int, int]:
        """Remove every entry but those keyed in `keep`, and what a run that crashed left
        half written; return how many entries went and how many bytes that freed."""
        removed = freed = 0
        if not self.folder.is_dir():
            return 0, 0
        for shard in sorted(self.folder.iterdir()):
            if not shard.is_dir():
                continue
            for path in sorted(shard.iterdir()):
                key, _, suffix = path.name.partition(".")
                if key in keep and suffix in ("mp3", "json"):
                    continue
                freed += path.stat().st_size
                removed += suffix == "mp3"
                path.unlink()
            with contextlib.suppress(OSError):  # not empty: it holds entries still used
                shard.rmdir()
        return removed, freed


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically, and only when the content differs: unchanged files keep their
    mtime and inode, so publishing and syncing tools see nothing new. True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, 0o644)  # mkstemp makes 0600; published files are read by servers
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)
    return True
