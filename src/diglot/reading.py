"""Reading the content: the scan, site.toml and the load stage, spread over processes.

`ahead` starts the reading before the rest of diglot is imported, so that worker
processes read files while the calling process imports the renderer, the templates
and the podcast stages (~0.2 s of a 3.5 s build of 2,000 articles on two cores). That
is why this module imports only what reading needs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from diglot import config as config_module
from diglot import parallel
from diglot.config import Config
from diglot.stages import load, scan

SERIAL_BELOW = 200  # files; fewer are read in one process
AHEAD_CHUNK = 25  # files per task handed out ahead: the processes meet within one of them


def read(found: scan.Scan, config: Config, workers: int) -> load.Loaded:
    """Read every file, in `workers` processes when there are many."""
    if _in_one_process(found, workers):
        return load.read(found, config)
    with parallel.Workers(workers, config) as pool:
        return _joined(pool.ahead(_read_chunk, _chunks(found)).results())


@dataclass
class Reading:
    """A project's content being read (`ahead`): its scan and configuration are known,
    its files may still be in the workers' hands."""

    root: Path
    found: scan.Scan
    config: Config
    began: float  # time.perf_counter() when the reading began
    _pool: parallel.Workers[Config] | None = None
    _ahead: parallel.Ahead[Config, Sequence[scan.SourceFile], load.Loaded] | None = None
    _loaded: load.Loaded | None = field(default=None, repr=False)

    def loaded(self) -> load.Loaded:
        """Every file read, this process helping with what is left; the workers end."""
        if self._loaded is None:
            if self._ahead is None:
                self._loaded = load.read(self.found, self.config)
            else:
                self._loaded = _joined(self._ahead.results())
            self.close()
        return self._loaded

    def close(self, cancel: bool = False) -> None:
        # before anything else forks: a process forked while the pool's threads run
        # could inherit a lock one of them holds
        if self._pool is not None:
            self._pool.close(cancel)
            self._pool = None


@contextmanager
def ahead(root: Path, workers: int) -> Iterator[Reading]:
    """Scan the project, load site.toml, and hand the files to `workers` - 1 worker
    processes to read while the caller goes on; `Reading.loaded` collects them. A
    broken site.toml raises ConfigError here."""
    began = time.perf_counter()
    root = root.resolve()
    found = scan.scan_content(root)
    config = config_module.load(root, found.languages)
    if _in_one_process(found, workers):
        yield Reading(root, found, config, began)
        return
    pool = parallel.Workers(workers, config)
    reading = Reading(root, found, config, began, pool, pool.ahead(_read_chunk, _chunks(found)))
    try:
        yield reading
    except BaseException:
        reading.close(cancel=True)
        raise
    finally:
        reading.close()


def _in_one_process(found: scan.Scan, workers: int) -> bool:
    return workers <= 1 or len(found.files) < SERIAL_BELOW


def _chunks(found: scan.Scan) -> list[Sequence[scan.SourceFile]]:
    files = found.files
    return [files[i : i + AHEAD_CHUNK] for i in range(0, len(files), AHEAD_CHUNK)]


def _read_chunk(config: Config, files: Sequence[scan.SourceFile]) -> load.Loaded:
    return load.read(scan.Scan(tuple(files), frozenset()), config)


def _joined(parts: Sequence[load.Loaded]) -> load.Loaded:
    return load.Loaded(
        tuple(a for part in parts for a in part.articles),
        tuple(s for part in parts for s in part.scripts),
        tuple(s for part in parts for s in part.sections),
        tuple(d for part in parts for d in part.diagnostics),
    )
