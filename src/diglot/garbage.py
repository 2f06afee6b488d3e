"""Garbage collection while building: reading and rendering make millions of objects,
most short-lived, the rest (the loaded content) kept to the end, and few cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Collect garbage less often (worker processes forked meanwhile inherit this), and
    forget what was frozen (`gc.freeze`) when done. With the default thresholds, the
    full collections over the growing content cost a third of the reading of 10,000
    files."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
