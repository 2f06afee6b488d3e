"""Sharing work between processes: chunks that shrink toward the end, results in order,
work handed out ahead."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diglot import parallel


@given(
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=1, max_value=50),
)
def test_guided_chunks_cover_every_item_once_in_order(
    count: int, processes: int, largest: int, smallest: int
) -> None:
    smallest = min(smallest, largest)
    chunks = parallel.guided(range(count), processes, largest, smallest)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    assert all(smallest <= len(chunk) <= largest for chunk in chunks[:-1])
    assert all(0 < len(chunk) <= largest for chunk in chunks)


def test_guided_chunks_shrink_so_that_processes_finish_together() -> None:
    sizes = [len(chunk) for chunk in parallel.guided(range(2000), 2, 50, 5)]
    assert sizes[0] == 50 and sizes.count(50) > 30
    # the last quarter of the work comes in chunks each at most a quarter of what is left
    assert sizes[-4:] == sorted(sizes[-4:], reverse=True)
    done = 0
    for size in sizes:
        left = 2000 - done
        assert size <= max(5, left // 4)
        done += size


def _square(offset: int, item: int) -> int:
    return offset + item * item


@pytest.mark.parametrize("count", [1, 2, 3])
def test_workers_return_results_in_order_whatever_the_count(count: int) -> None:
    items: Sequence[int] = range(200)
    with parallel.Workers(count, 1000) as pool:
        assert list(pool.map(_square, items)) == [1000 + i * i for i in items]


def _slow_pid(delay: float, item: int) -> tuple[int, int]:
    time.sleep(delay)
    return item, os.getpid()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_work_handed_out_ahead_comes_back_in_order(count: int) -> None:
    with parallel.Workers(count, 0.0) as pool:
        ahead = pool.ahead(_slow_pid, range(50))
        assert [item for item, _pid in ahead.results()] == list(range(50))


def test_the_calling_process_joins_work_handed_out_ahead_from_the_end() -> None:
    with parallel.Workers(2, 0.01) as pool:
        ahead = pool.ahead(_slow_pid, range(40))
        pids = [pid for _item, pid in ahead.results()]
    here = [pid == os.getpid() for pid in pids]
    # the worker took a first stretch, this process the rest: they met once
    assert not here[0] and here[-1]
    assert here == sorted(here)


def _fails_on_three(_state: None, item: int) -> int:
    if item == 3:
        raise ValueError("three")
    return item


def test_an_error_in_work_handed_out_ahead_reaches_the_caller() -> None:
    with parallel.Workers(2, None) as pool:
        ahead = pool.ahead(_fails_on_three, range(10))
        with pytest.raises(ValueError, match="three"):
            ahead.results()
