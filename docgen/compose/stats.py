"""Statistics of rectification tasks: totals, completed, completion rate by unit and by category.

Pure functions over :class:`~docgen.compose.task.Task`; the plan states its totals with them and
the bulletin reports progress with them. Rates are exact fractions; :func:`percent` rounds half up,
as people do, not to even as ``round()`` does.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from docgen.compose.task import Task


@dataclass(frozen=True)
class Tally:
    """Counts of tasks by status, and the completion rate they give."""

    total: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    ongoing: int = 0

    @property
    def rate(self) -> Fraction:
        """Completed over total (0 when there are no tasks)."""
        return Fraction(self.completed, self.total) if self.total else Fraction(0)

    @property
    def open(self) -> int:
        """Tasks not yet completed (long-term tasks count as open)."""
        return self.total - self.completed

    def percent(self, digits: int = 1) -> str:
        """The completion rate as text: 85.7%."""
        return percent(self.rate, digits)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.total + other.total,
            self.completed + other.completed,
            self.in_progress + other.in_progress,
            self.not_started + other.not_started,
            self.ongoing + other.ongoing,
        )


_FIELD = {
    "已完成": "completed",
    "推进中": "in_progress",
    "未启动": "not_started",
    "长期坚持": "ongoing",
}


def tally(tasks: Iterable[Task]) -> Tally:
    """The counts of ``tasks``."""
    counts = dict.fromkeys(_FIELD.values(), 0)
    total = 0
    for task in tasks:
        total += 1
        counts[_FIELD[task.status]] += 1
    return Tally(total=total, **counts)


def by_unit(tasks: Sequence[Task]) -> dict[str, Tally]:
    """A tally per responsible unit, in order of first appearance.

    A task with several responsible units (市商务局、市发展改革委) counts once for each of them.
    """
    return _grouped(tasks, lambda task: task.units)


def by_category(tasks: Sequence[Task]) -> dict[str, Tally]:
    """A tally per problem category, in order of first appearance."""
    return _grouped(tasks, lambda task: (task.category,))


def by_deadline(tasks: Sequence[Task]) -> dict[str, int]:
    """How many tasks are immediate, dated, or ongoing only (立行立改 / 限期整改 / 长期坚持)."""
    counts = {"immediate": 0, "dated": 0, "ongoing": 0}
    for task in tasks:
        kind = task.deadline.kind
        counts["dated" if kind in ("date", "month_end") else kind] += 1
    return counts


def overdue(tasks: Iterable[Task], as_of: datetime.date) -> list[Task]:
    """Tasks past their due date on ``as_of`` and not completed."""
    return [
        task
        for task in tasks
        if not task.completed and task.deadline.due is not None and task.deadline.due < as_of
    ]


def percent(rate: Fraction, digits: int = 1) -> str:
    """A fraction as a percentage, rounded half up: Fraction(6, 7) -> "85.7%"."""
    scale = 10**digits
    scaled = rate * 100 * scale
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    integer, fraction = divmod(whole, scale)
    return f"{integer}.{fraction:0{digits}d}%" if digits else f"{integer}%"


def _grouped(tasks: Sequence[Task], keys: Callable[[Task], Iterable[str]]) -> dict[str, Tally]:
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        for key in keys(task):
            groups.setdefault(key, []).append(task)
    return {key: tally(members) for key, members in groups.items()}
