"""Run a pure function over many texts on every core: forked worker processes, in order.

The analysis, the related texts' terms and Pelican's reading of uncached files are the same kind
of work: one independent call per text. Workers are forked, so what every call needs (the
registry, Pelican's readers) is inherited, not pickled for each text; only the texts and the
results travel.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

log = logging.getLogger(__name__)
PARALLEL_MIN = 200  # fewer items than this: starting processes costs more than it saves
CHUNKS_PER_WORKER = 8  # small enough to even out the workers, large enough to pickle little
_SHARED: object = None  # what every call needs, set before the workers are forked

Item, Shared, Result = TypeVar("Item"), TypeVar("Shared"), TypeVar("Result")


def cores() -> int:
    """How many cores this process may use."""
    return len(os.sched_getaffinity(0))


def fork_map(
    func: Callable[[Shared, Item], Result],
    items: Sequence[Item],
    shared: Shared,
    workers: int | None = None,
    minimum: int | None = None,
) -> list[Result]:
    """[func(shared, item) for item in items], on `workers` forked processes (default: every
    core) when there are at least `minimum` items (PARALLEL_MIN); in this process when that
    does not pay or the processes cannot run. func must be a module-level function."""
    workers = workers or cores()
    minimum = PARALLEL_MIN if minimum is None else minimum
    if workers < 2 or len(items) < max(minimum, 2):
        return [func(shared, item) for item in items]
    global _SHARED
    _SHARED = shared
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
            return list(pool.map(partial(_call, func), items, chunksize=chunk))
    except (OSError, BrokenProcessPool, pickle.PicklingError) as error:
        log.warning("parallel run of %s failed (%s); running in one process", func.__name__, error)
        return [func(shared, item) for item in items]
    finally:
        _SHARED = None


def _call(func: Callable, item: object) -> object:
    return func(_SHARED, item)
