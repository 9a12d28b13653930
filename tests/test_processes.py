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


def _dies_at_three(item: int) -> int:
    if item == 3:
        import os

        os.kill(os.getpid(), signal.SIGKILL)  # as a crash in native code ends a worker
    return item


@pytest.mark.usefixtures("within_a_minute")
def test_a_worker_that_dies_fails_the_items_not_answered_instead_of_hanging() -> None:
    """Security review 19: a worker killed by a crash left the pool waiting for its items
    for ever; the items not yet answered fail, each with a WorkerLostError."""
    import threading

    from docgen.errors import WorkerLostError
    from docgen.processes import FORKS

    if not FORKS or threading.active_count() != 1:
        pytest.skip("the items would run in this process, which the kill would end")
    items = list(range(8))
    with in_processes(_dies_at_three, items, 2) as results:
        answered = list(results)
    assert len(answered) == len(items)
    lost = [i for i, result in enumerate(answered) if isinstance(result, WorkerLostError)]
    assert 3 in lost and lost == list(range(lost[0], len(items)))
    assert answered[: lost[0]] == items[: lost[0]]
    assert "进程意外退出" in str(answered[3])
