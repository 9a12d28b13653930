"""Specs for work spread over processes: forked or spawned, results in order, errors answered."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator

import pytest

from docgen.errors import DocgenError
from docgen.processes import Respawn, in_processes


def _squares() -> Callable[[int], int]:
    return lambda n: n * n


def _cannot_start() -> Callable[[int], int]:
    raise DocgenError("模板已被改动，无法在并行进程中重新准备")


def _as_it_is(item: int) -> int:
    return item


@pytest.fixture
def within_a_minute() -> Iterator[None]:
    """A pool that respawns its workers without end would hang the suite: fail instead."""

    def expire(*_: object) -> None:
        raise TimeoutError("the pool did not answer within a minute")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("within_a_minute")
def test_spawned_workers_give_the_results_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("docgen.processes.FORKS", False)
    items = list(range(50))
    respawn = Respawn(_squares, (), _as_it_is)
    with in_processes(lambda n: n * n, items, 2, respawn) as results:
        assert list(results) == [n * n for n in items]


@pytest.mark.usefixtures("within_a_minute")
def test_a_spawned_worker_that_cannot_start_stops_the_batch_with_its_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("docgen.processes.FORKS", False)
    respawn = Respawn(_cannot_start, (), _as_it_is)
    with pytest.raises(DocgenError, match="无法在并行进程中重新准备"):
        with in_processes(lambda n: n, list(range(10)), 2, respawn) as results:
            list(results)
