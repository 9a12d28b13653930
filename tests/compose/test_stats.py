"""Specs for task statistics: totals, completion, by unit and by category, rates rounded half up."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from docgen.compose.deadline import Deadline
from docgen.compose.stats import (
    Tally,
    by_category,
    by_deadline,
    by_unit,
    overdue,
    percent,
    tally,
)
from docgen.compose.task import Task

DUE = Deadline.on(datetime.date(2026, 12, 31))


def task(
    unit: str = "市委办公室",
    category: str = "作风方面",
    status: str = "未启动",
    deadline: Deadline = DUE,
) -> Task:
    return Task(category, "问题", "措施", "周明远", unit, deadline, status=status)  # type: ignore[arg-type]


def test_tally_counts_every_status() -> None:
    tasks = [task(status=s) for s in ("已完成", "已完成", "推进中", "未启动", "长期坚持")]
    assert tally(tasks) == Tally(total=5, completed=2, in_progress=1, not_started=1, ongoing=1)


def test_completion_rate_is_completed_over_total() -> None:
    result = tally([task(status="已完成")] * 6 + [task()])
    assert result.rate == Fraction(6, 7)
    assert result.percent() == "85.7%"
    assert result.open == 1


def test_no_tasks_have_a_zero_rate_not_an_error() -> None:
    assert tally([]).rate == 0
    assert tally([]).percent() == "0.0%"


@pytest.mark.parametrize(
    ("rate", "digits", "text"),
    [
        (Fraction(1, 8), 2, "12.50%"),
        (Fraction(1, 200), 0, "1%"),  # 0.5% rounds half up, not to even
        (Fraction(5, 1000), 1, "0.5%"),
        (Fraction(2, 3), 1, "66.7%"),
        (Fraction(1), 1, "100.0%"),
    ],
)
def test_percent_rounds_half_up(rate: Fraction, digits: int, text: str) -> None:
    assert percent(rate, digits) == text


def test_by_unit_keeps_first_appearance_order_and_counts_each_of_several_units() -> None:
    tasks = [
        task("市商务局", status="已完成"),
        task("市委办公室、市商务局（牵头）"),
        task("市委办公室", status="已完成"),
    ]
    result = by_unit(tasks)
    assert list(result) == ["市商务局", "市委办公室"]
    assert result["市商务局"] == Tally(total=2, completed=1, not_started=1)
    assert result["市委办公室"].percent() == "50.0%"


def test_by_category_groups_in_sheet_order() -> None:
    tasks = [task(category="纪律方面"), task(category="作风方面"), task(category="纪律方面")]
    assert {k: v.total for k, v in by_category(tasks).items()} == {"纪律方面": 2, "作风方面": 1}
    assert list(by_category(tasks)) == ["纪律方面", "作风方面"]


def test_tallies_add_up() -> None:
    assert tally([task()]) + tally([task(status="已完成")]) == Tally(2, 1, 0, 1, 0)


def test_by_deadline_separates_immediate_dated_and_ongoing() -> None:
    tasks = [
        task(deadline=Deadline("immediate")),
        task(deadline=Deadline("immediate", ongoing=True)),
        task(deadline=Deadline.month_end(2026, 12)),
        task(),
        task(deadline=Deadline("ongoing")),
    ]
    assert by_deadline(tasks) == {"immediate": 2, "dated": 2, "ongoing": 1}


def test_overdue_are_open_tasks_past_their_due_day() -> None:
    late = task(deadline=Deadline.month_end(2026, 11))
    done = task(status="已完成", deadline=Deadline.month_end(2026, 11))
    ongoing = task(deadline=Deadline("ongoing"))
    assert overdue([late, done, ongoing, task()], datetime.date(2026, 12, 1)) == [late]
    assert overdue([late], datetime.date(2026, 11, 30)) == []
