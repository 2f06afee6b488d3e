"""Worker processes for the stages worth spreading over cores (`--jobs`): loading and
rendering. With one job, or little work, everything runs in the calling process.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import MappingProxyType, TracebackType
from typing import Any, Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mapping_proxy, (dict(proxy),)


# The frozen model uses read-only mappings; let them travel between processes.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)

# The state a worker process was started with (the site being built, say). It is set
# once per worker process by the pool's initializer, never in the main process.
_WORKER_STATE: list[Any] = []


def count(jobs: int = 0) -> int:
    """The processes `--jobs N` asks for; 0 means one per core this process may run on."""
    if jobs:
        return jobs
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def guided(
    items: Sequence[T], processes: int, largest: int, smallest: int = 1
) -> list[Sequence[T]]:
    """Chunks of at most `largest` items that shrink toward the end, each a share of
    what is left (guided self-scheduling): with equal chunks to the end, one process
    could sit idle for up to two of them (those queued for a worker) while another
    finishes the last ones."""
    chunks = []
    start = 0
    while start < len(items):
        size = max(smallest, min(largest, (len(items) - start) // (2 * max(1, processes))))
        chunks.append(items[start : start + size])
        start += size
    return chunks


class Workers(Generic[S]):
    """`count` processes sharing `state`: the calling process and `count` - 1 workers.

    The calling process takes its share of the work instead of waiting, which saves
    the memory of one process. Workers are forked where the platform can, so a large
    state (the loaded content) is shared with them instead of being pickled to each.
    """

    def __init__(self, count: int, state: S) -> None:
        self.state = state
        self.size = max(0, count - 1)
        self.pool: ProcessPoolExecutor | None = None
        if self.size:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(self.size, context, _start, (state,))

    def map(self, task: Callable[[S, T], R], items: Iterable[T]) -> Iterator[R]:
        """task(state, item) for each item, results in order; `task` must be a
        module-level function so that it can be sent to a worker."""
        if self.pool is None:
            for item in items:
                yield task(self.state, item)
            return
        todo = list(items)
        results: dict[int, Future[R] | R] = {}
        sent = taken = 0
        busy: set[Future[R]] = set()
        while taken < len(todo):
            while sent < len(todo) and len(busy) < 2 * self.size:  # keep the workers fed
                future = self.pool.submit(_run, (task, todo[sent]))
                results[sent] = future
                busy.add(future)
                sent += 1
            if sent < len(todo):  # and do one item here meanwhile
                results[sent] = task(self.state, todo[sent])
                sent += 1
            else:
                wait(busy, return_when=FIRST_COMPLETED)
            busy = {f for f in busy if not f.done()}
            while taken in results and not _pending(results[taken]):
                done = results.pop(taken)
                yield done.result() if isinstance(done, Future) else done
                taken += 1

    def ahead(self, task: Callable[[S, T], R], items: Iterable[T]) -> Ahead[S, T, R]:
        """Hand every item to the workers now, leaving the calling process free for
        other work (importing the rest of diglot, say) until `Ahead.results`."""
        return Ahead(self, task, list(items))

    def __enter__(self) -> Workers[S]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(cancel=error is not None)

    def close(self, cancel: bool = False) -> None:
        """Wait for the workers to finish (or, with `cancel`, drop what they have not
        started) and end them."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None


class Ahead(Generic[S, T, R]):
    """Items handed to the workers ahead of time (`Workers.ahead`)."""

    def __init__(self, workers: Workers[S], task: Callable[[S, T], R], items: list[T]) -> None:
        self.workers = workers
        self.task = task
        self.items = items
        pool = workers.pool
        self.futures = [pool.submit(_run, (task, item)) for item in items] if pool else []

    def results(self) -> list[R]:
        """The result of each item, in order. The calling process joins in from the
        last item back, taking each one no worker has started, while the workers go on
        from the first: they meet wherever the workers have got to."""
        state = self.workers.state
        if not self.futures:
            return [self.task(state, item) for item in self.items]
        here: dict[int, R] = {}
        for index in reversed(range(len(self.items))):
            if not self.futures[index].cancel():  # started: so are all before it
                break
            here[index] = self.task(state, self.items[index])
        return [
            here[index] if index in here else future.result()
            for index, future in enumerate(self.futures)
        ]


def _pending(result: object) -> bool:
    return isinstance(result, Future) and not result.done()


def _start(state: Any) -> None:
    # Ctrl-C is for the calling process, which stops the work and cleans up; a worker
    # that took it too would die mid-task with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_STATE[:] = [state]


def _run(call: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    task, item = call
    return task(_WORKER_STATE[0], item)
