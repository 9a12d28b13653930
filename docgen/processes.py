"""Work spread over processes: forked workers inherit the work and its items, spawned ones
rebuild it; either way results come back in order and Ctrl-C is answered by the main process.

Used by ``batch.merge`` (a prepared template writing one file per row) and by
``pipeline.build_each`` (documents composed per roster row).
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from docgen.errors import WorkerLostError

# macOS's system libraries are not safe across fork (Python spawns there by default too).
FORKS = sys.platform not in ("win32", "darwin")

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Respawn:
    """How a spawned worker (no fork: Windows, macOS) rebuilds the work: ``start(*args)`` returns
    the function, and each item travels as ``portable(item)``."""

    start: Callable[..., Callable[[Any], Any]]
    args: tuple[Any, ...]
    portable: Callable[[Any], Any]


@contextmanager
def in_processes(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    respawn: Respawn | None = None,
) -> Iterator[Iterator[Result]]:
    """``work(item)`` for every item, in order, in up to ``jobs`` processes.

    The processes start on entering, so a caller starts its progress bar's thread afterwards:
    forking while another thread holds a lock could deadlock a worker. Forked workers inherit
    ``work`` and ``items`` (a prepared template, the rows), so only ranges of item numbers go out
    and only results come back. Without fork, ``respawn`` says how to rebuild the work; without
    it the items are done here, one after another.
    """
    global _MAPPED
    jobs = max(1, min(jobs, len(items)))
    forks = FORKS and threading.active_count() == 1
    if jobs == 1 or not (forks or respawn):
        yield (work(item) for item in items)
        return
    size = max(1, min(64, len(items) // (jobs * 8)))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    if forks:
        _MAPPED = (work, items)
        pool = multiprocessing.get_context("fork").Pool(jobs, _ignore_interrupts)
    else:
        assert respawn is not None
        pool = multiprocessing.get_context("spawn").Pool(
            jobs, _respawned, (respawn.start, pickle.dumps(respawn.args))
        )
    try:
        with pool:
            if forks:
                batches = pool.imap(_work_span, spans)
            else:
                assert respawn is not None
                send = [[respawn.portable(items[i]) for i in range(*span)] for span in spans]
                batches = pool.imap(_work_items, send)
            yield _watched(pool, batches, spans)
    finally:
        _MAPPED = None


# How often a wait for results looks whether a worker died.
_WATCH_SECONDS = 1.0


def _watched(pool: Any, batches: Any, spans: list[tuple[int, int]]) -> Iterator[Any]:
    """The results in order; when a worker died (a crash in native code), a
    ``WorkerLostError`` for every item not yet answered, the pool ended — the pool would
    otherwise wait for the dead worker's items for ever. (``Pool._pool``, its worker processes:
    it replaces a dead one at once, so a worker whose pid changed is one that died.)"""
    workers = {process.pid for process in pool._pool}
    for index in range(len(spans)):
        while True:
            try:
                batch = batches.next(timeout=_WATCH_SECONDS)
                break
            except multiprocessing.TimeoutError:
                if {process.pid for process in pool._pool} != workers:
                    pool.terminate()
                    lost = sum(end - start for start, end in spans[index:])
                    yield from (WorkerLostError() for _ in range(lost))
                    return
        yield from batch


_MAPPED: tuple[Callable[[Any], Any], Sequence[Any] | None] | None = None


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; the main process alone answers it
    # (it ends the pool), so a worker is never stopped halfway through its part of the protocol.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _respawned(start: Callable[..., Callable[[Any], Any]], args: bytes) -> None:
    global _MAPPED, _FAILED
    _ignore_interrupts()
    # A pool whose initializer raises starts new workers without end: keep the error and
    # raise it with the first items instead, for the main process to answer.
    try:
        _MAPPED = (start(*pickle.loads(args)), None)
    except Exception as exc:
        _FAILED = exc


_FAILED: Exception | None = None


def _work_span(span: tuple[int, int]) -> list[Any]:
    assert _MAPPED is not None and _MAPPED[1] is not None
    work, items = _MAPPED
    return [work(items[i]) for i in range(*span)]


def _work_items(items: list[Any]) -> list[Any]:
    if _FAILED is not None:
        raise _FAILED
    assert _MAPPED is not None
    return [_MAPPED[0](item) for item in items]
