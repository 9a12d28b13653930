"""整改进展: the ledger's tasks counted by :mod:`docgen.compose.stats`, as text, table and chart.

The bulletin states the totals and the overall completion rate, then per unit a table and a bar
chart of the same rates. Every number comes from ``stats`` (rates rounded by ``percent``), so
the bulletin and anyone counting the ledger with the same helpers agree to the digit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from docgen.compose.outline import Block, Cell, Chart, Column, Paragraph, Section, Table
from docgen.compose.stats import Tally, by_unit, tally
from docgen.compose.task import Task
from docgen.text.dates import month_day

COLUMNS = (
    Column("序号", 3),
    Column("责任单位", 11),
    Column("任务数", 3),
    Column("已完成", 3),
    Column("推进中", 3),
    Column("未启动", 3),
    Column("长期坚持", 3),
    Column("完成率", 5),
)
TABLE_CAPTION = "表1　各单位整改任务完成情况"
CHART_CAPTION = "图1　各单位整改任务完成率"


def unit_tallies(tasks: Sequence[Task], roster: Sequence[str]) -> dict[str, Tally]:
    """Per responsible unit: roster units first in roster order, then others as the ledger has them.

    Roster units without tasks are left out (they have nothing to rectify).
    """
    counted = by_unit(tasks)
    ordered = [name for name in roster if name in counted]
    ordered += [name for name in counted if name not in roster]
    return {name: counted[name] for name in ordered}


def progress_section(tasks: Sequence[Task], roster: Sequence[str], as_of: datetime.date) -> Section:
    """The section: totals, the per-unit table (with 合计) and the chart."""
    overall = tally(tasks)
    units = unit_tallies(tasks, roster)
    children: list[Block] = [_summary(overall, len(units), as_of)]
    if units:
        children += [
            Paragraph.of(TABLE_CAPTION, "table"),
            _table(units, overall),
        ]
        if any(len(task.units) > 1 for task in tasks):
            children.append(
                Paragraph.of("注：由多个单位共同负责的任务，分别计入各责任单位。", "table")
            )
        # A table's caption goes above it, a figure's below (so it never ends a page alone).
        children += [_chart(units), Paragraph.of(CHART_CAPTION, "table")]
    return Section("整改进展", tuple(children))


def _summary(overall: Tally, unit_count: int, as_of: datetime.date) -> Paragraph:
    if not overall.total:
        return Paragraph.of(f"截至{month_day(as_of)}，台账中尚无整改任务。")
    parts = [f"已完成{overall.completed}项"]
    for count, label in (
        (overall.in_progress, "推进中"),
        (overall.not_started, "未启动"),
        (overall.ongoing, "长期坚持"),
    ):
        if count:
            parts.append(f"{label}{count}项")
    return Paragraph.of(
        f"截至{month_day(as_of)}，整改台账共有整改任务{overall.total}项，涉及{unit_count}个责任单位。"
        f"其中，{'，'.join(parts)}，总体完成率{overall.percent()}。各单位完成情况见表1、图1。"
    )


def _table(units: dict[str, Tally], overall: Tally) -> Table:
    rows = [_row(str(n), name, t) for n, (name, t) in enumerate(units.items(), start=1)]
    rows.append(_row("", "合计", overall))
    return Table(COLUMNS, tuple(rows))


def _row(number: str, name: str, t: Tally) -> tuple[Cell, ...]:
    counts = (t.total, t.completed, t.in_progress, t.not_started, t.ongoing)
    return (Cell(number), Cell(name), *(Cell(str(c)) for c in counts), Cell(t.percent()))


def _chart(units: dict[str, Tally]) -> Chart:
    """The chart shows the rates as rounded in the table (85.7% is 0.857), so the two agree."""
    rates = tuple(float(Decimal(t.percent().rstrip("%")) / 100) for t in units.values())
    return Chart(
        title=CHART_CAPTION.replace("　", " "),
        categories=tuple(units),
        series=(("完成率", rates),),
        number_format="0.0%",
        value_max=1.0,
    )
