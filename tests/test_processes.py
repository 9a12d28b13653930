"""Specs for work spread over processes: forked or spawned, results in order, errors answered."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

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


def _forking() -> None:
    import threading

    from docgen.processes import FORKS

    if not FORKS or threading.active_count() != 1:
        pytest.skip("the items would run in this process, which the kill would end")


@pytest.mark.usefixtures("within_a_minute")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_fails_its_item_only_and_the_others_go_on(jobs: int) -> None:
    """Security review 19: a worker killed by a crash left the pool waiting for its items
    for ever. Its item fails with a WorkerLostError; a new worker does the rest."""
    from docgen.errors import WorkerLostError

    _forking()
    items = list(range(40))
    with in_processes(_dies_at_three, items, jobs, stall_seconds=30) as results:
        answered = list(results)
    assert isinstance(answered[3], WorkerLostError)
    assert "进程意外退出" in str(answered[3])
    assert answered[:3] + answered[4:] == items[:3] + items[4:]


def _killed_before_answering(marker: Path | None) -> Callable[..., None]:
    """``_send`` in a worker killed after its items, before it answers: once if ``marker``
    names a file to leave behind, else every time."""
    import os

    from docgen import processes

    send = processes._send

    def killed(connection: object, message: object) -> None:
        if marker is None or not marker.exists():
            if marker is not None:
                marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)  # between items: the OOM killer, a user
        send(connection, message)  # type: ignore[arg-type]

    return killed


@pytest.mark.usefixtures("within_a_minute")
def test_a_worker_killed_between_items_fails_none_of_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first item of a worker killed between items was failed although it had been done
    (and nothing in it ended the worker): its items are done again by a new worker."""
    _forking()
    monkeypatch.setattr("docgen.processes._send", _killed_before_answering(tmp_path / "killed"))
    items = list(range(40))
    with in_processes(_as_it_is, items, 2, stall_seconds=30) as results:
        assert list(results) == items
    assert (tmp_path / "killed").exists()


@pytest.mark.usefixtures("within_a_minute")
def test_workers_killed_between_items_again_and_again_still_end_the_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.errors import WorkerLostError

    _forking()
    monkeypatch.setattr("docgen.processes._send", _killed_before_answering(None))
    with in_processes(_as_it_is, list(range(12)), 2, stall_seconds=30) as results:
        answered = list(results)
    assert all(isinstance(result, WorkerLostError) for result in answered)
    assert "多次被系统或他人终止" in str(answered[0])  # not the template's doing


@pytest.mark.usefixtures("within_a_minute")
def test_workers_killed_now_and_then_between_items_fail_no_item(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Code review 23: the kills were counted for the whole batch, so the fourth, on a
    different span, failed an item that had never run."""
    import os

    from docgen import processes

    send = processes._send

    def killed_now_and_then(connection: object, message: tuple[str, list[int]]) -> None:
        first = message[1][0]  # the answered span's first item
        marker = tmp_path / str(first)
        if first % 8 == 0 and not marker.exists():  # five spans, each killed once
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        send(connection, message)  # type: ignore[arg-type]

    _forking()
    monkeypatch.setattr("docgen.processes._send", killed_now_and_then)
    items = list(range(40))
    with in_processes(_as_it_is, items, 2, stall_seconds=30) as results:
        assert list(results) == items


def _stuck_at(item: int) -> int:
    if item in (5, 17):
        import time

        time.sleep(60)  # as one long C call: the worker answers nothing meanwhile
    return item


@pytest.mark.usefixtures("within_a_minute")
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_item_stuck_past_the_stall_limit_fails_and_the_others_go_on(jobs: int) -> None:
    """A render stuck in one C call is past the time limit inside the process (a signal
    handler runs between bytecodes only): the main process ends its worker after
    ``stall_seconds``, fails the item and goes on in a new worker — with one job too."""
    from docgen.errors import WorkerLostError

    _forking()
    items = list(range(24))
    with in_processes(_stuck_at, items, jobs, stall_seconds=2) as results:
        answered = list(results)
    stuck = [i for i, result in enumerate(answered) if isinstance(result, WorkerLostError)]
    assert stuck == [5, 17]
    assert "超过 2 秒仍未结束" in str(answered[5])
    assert [answered[i] for i in range(24) if i not in stuck] == [
        i for i in items if i not in stuck
    ]


@pytest.mark.usefixtures("within_a_minute")
def test_spawned_workers_are_watched_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.errors import WorkerLostError

    monkeypatch.setattr("docgen.processes.FORKS", False)
    respawn = Respawn(_stuck_work, (), _as_it_is)
    with in_processes(_stuck_at, list(range(10)), 2, respawn, stall_seconds=2) as results:
        answered = list(results)
    assert [i for i, r in enumerate(answered) if isinstance(r, WorkerLostError)] == [5]
    assert answered[:5] == list(range(5))


def _stuck_work() -> Callable[[int], int]:
    return _stuck_at


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("no pickling")


def _raises_unpicklable(item: int) -> int:
    if item == 3:
        raise _Unpicklable("a bug")
    return item


def _gives_a_lock(item: int) -> object:
    import threading

    return threading.Lock() if item == 3 else item


@pytest.mark.usefixtures("within_a_minute")
@pytest.mark.parametrize("work", [_raises_unpicklable, _gives_a_lock])
def test_what_a_worker_cannot_send_back_is_raised_here_not_taken_for_a_crash(
    work: Callable[[int], object],
) -> None:
    """Code review 21: an error or a result that cannot be pickled killed its worker, and the
    row failed as if native code had crashed (the batch went on past a bug)."""
    _forking()
    with pytest.raises(RuntimeError, match=r"_Unpicklable: a bug|结果无法传回主进程"):
        with in_processes(work, list(range(8)), 2, stall_seconds=30) as results:
            list(results)


@pytest.mark.usefixtures("within_a_minute")
def test_the_workers_start_on_entering_before_the_caller_starts_a_thread() -> None:
    """Code review 21: they started at the first result, after the progress bar's thread."""
    import multiprocessing

    _forking()
    with in_processes(lambda n: n, list(range(8)), 2, stall_seconds=30) as results:
        assert len(multiprocessing.active_children()) == 2
        assert list(results) == list(range(8))
    assert multiprocessing.active_children() == []


_KILLED_MAIN = """
import multiprocessing, sys, time
from docgen.processes import in_processes
with in_processes(lambda i: time.sleep(0.05) or i, list(range(2000)), 2, None, 30) as results:
    print(*[p.pid for p in multiprocessing.active_children()], flush=True)
    for _ in results:
        pass
"""


@pytest.mark.usefixtures("within_a_minute")
def test_workers_end_when_the_main_process_is_killed() -> None:
    """Code review 22: a forked worker holds the main process's end of its pipe too, so it
    waited for a span for ever after the main process was killed (a cancelled job, `timeout`)."""
    import os
    import subprocess
    import sys
    import time

    _forking()
    if not os.path.isdir("/proc/self"):
        pytest.skip("processes are looked up in /proc")
    main = subprocess.Popen([sys.executable, "-c", _KILLED_MAIN], stdout=subprocess.PIPE)
    assert main.stdout is not None
    workers = [int(pid) for pid in main.stdout.readline().split()]
    assert len(workers) == 2
    main.kill()
    main.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if _running(pid)]
    assert alive == []


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie, ended and not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to oneself is POSIX")
def test_interrupts_held_let_the_block_finish_with_another_thread_running() -> None:
    """Code review 27: a mask held nothing once a second thread existed — the signal reached
    the process through it, and Ctrl-C stopped the block halfway."""
    from docgen.processes import interrupts_held

    idle = threading.Event()
    thread = threading.Thread(target=idle.wait)
    thread.start()
    steps = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_held():
                steps.append("before")
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)  # time for the signal to arrive
                steps.append("after")
    finally:
        idle.set()
        thread.join()
    assert steps == ["before", "after"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
