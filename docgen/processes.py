"""Work spread over processes: forked workers inherit the work and its items, spawned ones
rebuild it; either way results come back in order, Ctrl-C is answered by the main process, and
an item whose worker dies or sticks fails alone.

Used by ``batch.merge`` (a prepared template writing one file per row) and by
``pipeline.build_each`` (documents composed per roster row).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
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
    stall_seconds: float | None = None,
) -> Iterator[Iterator[Result | WorkerLostError]]:
    """``work(item)`` for every item, in order, in up to ``jobs`` processes.

    The processes start on entering, so a caller starts its progress bar's thread afterwards:
    forking while another thread holds a lock could deadlock a worker. (A worker replacing a
    lost one is forked while that thread runs: it takes no lock the thread does — it prints
    nothing —, and were it stuck all the same, the stall watch would end it.) Forked workers inherit
    ``work`` and ``items`` (a prepared template, the rows), so only ranges of item numbers go out
    and only results come back. Without fork, ``respawn`` says how to rebuild the work; without
    it the items are done here, one after another.

    An item whose worker dies on it (a crash in native code), or is still busy after
    ``stall_seconds`` (stuck in one C call, which no time limit inside the process can
    interrupt), gives a ``WorkerLostError`` in its place; a new worker does the rest. A worker
    killed between items (from outside) has its items done again, a few times. With
    ``stall_seconds`` even one job runs in a worker, where it can be watched.
    """
    jobs = max(1, min(jobs, len(items)))
    forks = FORKS and threading.active_count() == 1
    watched = stall_seconds is not None and forks
    if (jobs == 1 and not watched) or not (forks or respawn):
        yield (work(item) for item in items)
        return
    size = max(1, min(64, len(items) // (jobs * 8)))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    workers = _Workers(work, items, jobs, None if forks else respawn, stall_seconds)
    try:
        workers.start()  # now, before the caller starts a thread
        yield workers.results(spans)
    finally:
        workers.end()


# How often a wait for results looks whether a worker is stuck.
_WATCH_SECONDS = 1.0
# How often a span is given again after its worker died between items (killed from outside:
# no item of its own to blame) before its first item fails anyway, so that a batch whose
# workers are killed again and again still ends.
_RETRIES_AFTER_KILLS = 3


class _Workers:
    """``jobs`` worker processes, each on a pipe of its own, given spans of item numbers to do
    in turn (the next one too, which it starts as soon as it answers the one before).

    Not ``multiprocessing.Pool``: its workers share one result queue behind a lock, and a worker
    killed while holding it (stuck, or ended with the batch) makes ``terminate`` wait for ever.
    Each worker says in shared arrays which item it is on and since when, so that the main
    process can tell which item a dead or stuck worker held."""

    def __init__(
        self,
        work: Callable[[Any], Any],
        items: Sequence[Any],
        jobs: int,
        respawn: Respawn | None,
        stall_seconds: float | None,
    ) -> None:
        self.context = multiprocessing.get_context("fork" if respawn is None else "spawn")
        self.work = work
        self.items = items
        self.respawn = respawn
        self.stall_seconds = stall_seconds
        self.current = self.context.RawArray("q", [-1] * jobs)  # per worker: its item or -1
        self.since = self.context.RawArray("d", jobs)  # and when it started it
        self.running: list[_Running | None] = [None] * jobs
        self.retries: dict[int, int] = {}  # by a span's first item: its worker killed between items
        # A spawned worker is given its items as it starts (portable), as a forked one inherits
        # them: what goes through the pipes is numbers only.
        self.portable = None if respawn is None else [respawn.portable(i) for i in items]

    def start(self) -> None:
        for slot in range(len(self.running)):
            self._start(slot)

    def end(self) -> None:
        """End every worker whatever it is doing (a stuck one answers nothing)."""
        for running in self.running:
            if running is not None:
                running.end()

    def results(self, spans: list[tuple[int, int]]) -> Iterator[Any]:
        """The results in item order; a ``WorkerLostError`` in the place of an item lost."""
        waiting = deque(spans)
        answered: dict[int, Any] = {}
        following = 0
        while following < len(self.items):
            for slot, running in enumerate(self.running):
                if running is None:
                    running = self._start(slot)
                while len(running.spans) < 2 and waiting:
                    running.give(waiting.popleft())
            self._collect(answered, waiting)
            while following in answered:
                yield answered.pop(following)
                following += 1
        for running in self.running:
            if running is not None:
                running.stop()

    def _collect(self, answered: dict[int, Any], waiting: deque[tuple[int, int]]) -> None:
        """Wait for a worker to answer or die; note what it answered, or which item it lost
        and the rest of its spans again."""
        busy = [running for running in self.running if running and running.spans]
        watched = [r.connection for r in busy] + [r.process.sentinel for r in busy]
        ready = set(wait(watched, _WATCH_SECONDS))
        for slot, running in enumerate(self.running):
            if running is None or not running.spans:
                continue
            current, since = self.current[slot], self.since[slot]  # read once: it moves on
            died = running.process.sentinel in ready
            if running.connection in ready or running.connection.poll():
                try:
                    outcome, value = running.connection.recv()
                except (EOFError, OSError):
                    died = True
                else:
                    span = running.spans.popleft()
                    if outcome == "raised":
                        raise value
                    answered.update(zip(range(*span), value, strict=True))
                    continue
            if not died and not self._stuck(current, since):
                continue
            spans = list(running.spans)
            running.end()
            self.running[slot] = None
            killed = not any(s <= current < e for s, e in spans)
            if killed:
                # Between items (the OOM killer, a user): none of them ended it, so none fails;
                # a new worker does them all again, a few times.
                lost = spans[0][0]
                self.retries[lost] = self.retries.get(lost, 0) + 1
                if self.retries[lost] <= _RETRIES_AFTER_KILLS:
                    waiting.extendleft(reversed(spans))
                    continue
            else:
                lost = current
            answered[lost] = WorkerLostError(None if died else self.stall_seconds, killed=killed)
            again = [(s, lost) for s, e in spans if s < lost < e]
            again += [(max(s, lost + 1), e) if s <= lost < e else (s, e) for s, e in spans]
            waiting.extendleft(reversed(sorted(span for span in again if span[0] < span[1])))

    def _stuck(self, current: int, since: float) -> bool:
        if self.stall_seconds is None or current < 0:
            return False
        return time.monotonic() - since > self.stall_seconds

    def _start(self, slot: int) -> _Running:
        """A new worker in ``slot``, known before a Ctrl-C can be answered: one forked and not
        yet recorded would outlive the batch."""
        self.current[slot] = -1  # not the item a worker before it in this slot was lost on
        here, there = self.context.Pipe()
        state = (there, slot, self.current, self.since, os.getpid())
        if self.respawn is None:
            process = self.context.Process(
                target=_serve_forked, args=(*state, self.work, self.items), daemon=True
            )
        else:
            rebuild = (self.respawn.start, pickle.dumps(self.respawn.args), self.portable)
            process = self.context.Process(
                target=_serve_spawned, args=(*state, *rebuild), daemon=True
            )
        # The collector would walk (and write to) every inherited object in a forked worker:
        # each page it touches copied from the main process. Frozen, they are left alone.
        frozen = gc.get_freeze_count() > 0
        gc.freeze()
        masked = _mask_interrupts(True)
        try:
            process.start()
            running = self.running[slot] = _Running(process, here)
        finally:
            if not frozen:  # the caller's own freeze stays
                gc.unfreeze()
            if masked:  # a Ctrl-C that came meanwhile is answered now, the worker recorded
                _mask_interrupts(False)
        there.close()
        return running


@dataclass
class _Running:
    """A worker process, the main process's end of its pipe, and the spans it has, in order."""

    process: Any
    connection: Connection
    spans: deque[tuple[int, int]] = field(default_factory=deque)

    def give(self, span: tuple[int, int]) -> None:
        self.spans.append(span)
        with suppress(OSError):  # a worker that died: the watch finds it and gives it again
            self.connection.send(span)

    def stop(self) -> None:
        """Ask an idle worker to end, after the last span."""
        with suppress(OSError):
            self.connection.send(None)
        self.process.join(5)

    def end(self) -> None:
        """End the worker whatever it is doing (a stuck one answers nothing)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


# What stops a batch: Ctrl-C, and SIGTERM and SIGHUP, which the CLI answers as Ctrl-C.
_STOPS = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (and SIGTERM, SIGHUP) held back until the block ends, then answered as it would
    have been: for a step that must not stop halfway — files renamed into place, and the
    manifest that records them. Recorded by a handler of its own rather than masked, since a
    signal masked in one thread reaches the process through any other."""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers are the main thread's to set; and its Ctrl-C to answer
        return
    caught: list[int] = []
    previous: dict[int, Any] = {}
    try:
        for number in _STOPS:  # a signal answered halfway leaves these put back below
            previous[number] = signal.signal(number, lambda n, _: caught.append(n))
        yield
    finally:
        _restore(previous)
    if caught:
        _answer(caught[0], previous[caught[0]])


def _restore(handlers: dict[int, Any]) -> None:
    """Every handler put back, even when one put back answers a signal as it is set (that
    answer is raised once all are back)."""
    answered: BaseException | None = None
    while True:
        try:
            for number, handler in handlers.items():
                signal.signal(number, handler)
            break
        except BaseException as exc:  # Ctrl-C reaching a handler already put back
            answered = answered or exc
    if answered is not None:
        raise answered


def _answer(number: int, handler: Any) -> None:
    """A signal held back, given to the handler it would have reached."""
    if callable(handler):
        handler(number, None)
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), number)  # ends the process, as it would have


def _mask_interrupts(masked: bool) -> bool:
    """The signals that stop a batch held back (or let through again) in this thread; False
    where there is no mask."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    signal.pthread_sigmask(signal.SIG_BLOCK if masked else signal.SIG_UNBLOCK, _STOPS)
    return True


def _serve_forked(
    connection: Connection,
    slot: int,
    current: Any,
    since: Any,
    parent: int,
    work: Callable[[Any], Any],
    items: Sequence[Any],
) -> None:
    """A worker's loop: a span of item numbers in, their results out, until None — or until
    the main process is gone (killed: a forked worker holds the main process's end of its pipe
    too, so it would wait for ever)."""
    # Ctrl-C reaches every process of the terminal's group; the main process alone answers it
    # (it ends the workers), so a worker is never stopped halfway through its protocol.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the CLI answers them as Ctrl-C: here, just end
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _mask_interrupts(False)
    while True:
        while not connection.poll(_WATCH_SECONDS):
            if os.getppid() != parent:
                return
        if (span := connection.recv()) is None:
            return
        results = []
        try:
            for index in range(*span):
                if os.getppid() != parent:
                    return
                since[slot] = time.monotonic()
                current[slot] = index
                results.append(work(items[index]))
                current[slot] = -1
        except Exception as exc:  # a bug: the main process raises it
            _send(connection, ("raised", _portable_error(exc)))
            continue
        _send(connection, ("answered", results))


def _serve_spawned(
    connection: Connection,
    slot: int,
    current: Any,
    since: Any,
    parent: int,
    start: Callable[..., Callable[[Any], Any]],
    args: bytes,
    items: Sequence[Any],
) -> None:
    try:
        work = start(*pickle.loads(args))
    except Exception as exc:
        # The work cannot be rebuilt here (a template changed since): the main process raises
        # the error with the first span, for the user to read.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        connection.recv()
        _send(connection, ("raised", _portable_error(exc)))
        return
    _serve_forked(connection, slot, current, since, parent, work, items)


def _send(connection: Connection, message: tuple[str, Any]) -> None:
    """Send a message; one that cannot be pickled (a result of a kind the work should never
    give) becomes an error the main process raises, instead of the worker dying on it."""
    try:
        data = pickle.dumps(message)
    except Exception as exc:
        data = pickle.dumps(("raised", RuntimeError(f"结果无法传回主进程：{exc!r}")))
    connection.send_bytes(data)


def _portable_error(exc: Exception) -> Exception:
    """``exc`` if it survives pickling whole, else a RuntimeError saying what it was."""
    try:
        if type(pickle.loads(pickle.dumps(exc))) is type(exc):
            return exc
    except Exception:
        pass
    return RuntimeError(f"{type(exc).__name__}: {exc}")
