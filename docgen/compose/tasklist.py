"""Rectification tasks as outline blocks: the 整改任务 section and the 整改任务清单 table.

Pure: tasks in, blocks out. The plan uses both; the notice can list one unit's tasks the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from docgen.compose.outline import Block, Cell, Column, Enumeration, Paragraph, Run, Section, Table
from docgen.compose.stats import by_deadline
from docgen.compose.task import Task, group_by_category, shown_units


def numbered(tasks: Sequence[Task], start: int = 1) -> list[Task]:
    """Tasks grouped by category (first appearance first), numbered from ``start`` in that
    order."""
    grouped = [task for group in group_by_category(tasks).values() for task in group]
    return [dataclasses.replace(task, number=str(n)) for n, task in enumerate(grouped, start)]


def task_section(title: str, basis: str, tasks: Sequence[Task], *, details: bool = True) -> Section:
    """整改任务: how many problems in how many categories, then each category's tasks (1. 2. …).

    ``basis`` is what the problems were found against (巡察反馈意见…); ``details`` ends each task
    with its leader, unit and deadline in parentheses.
    """
    groups = group_by_category(tasks)
    counts = by_deadline(tasks)
    kinds = [
        f"{label}的{counts[key]}个"
        for key, label in (
            ("immediate", "立行立改"),
            ("dated", "限期整改"),
            ("ongoing", "需长期坚持"),
        )
        if counts[key]
    ]
    detail = f"其中，{'，'.join(kinds)}。" if kinds else ""
    intro = Paragraph.of(
        f"对照{basis}，共梳理出{len(groups)}个方面{len(tasks)}个问题，逐项明确整改措施、"
        f"责任领导、责任单位和完成时限（详见附件）。{detail}"
    )
    children: list[Block] = [intro]
    children.extend(_categories(groups, details))
    return Section(title, tuple(children))


NO_TASKS = (
    "经梳理，本次暂无需由你单位牵头落实的整改任务。请你单位对照本通知要求举一反三、深入自查，"
    "发现问题立行立改。"
)


def unit_task_section(
    title: str,
    tasks: Sequence[Task],
    *,
    details: bool = True,
    supporting: Sequence[Task] = (),
    none: str = NO_TASKS,
) -> Section:
    """One unit's tasks (a notice's 整改任务): how many, then each as （一）（二）…; then those
    it supports (marked （配合）, or named as 配合单位); or, for a unit with neither, ``none``."""
    if not tasks and not supporting:
        return Section(title, (Paragraph.of(none),))
    children: list[Block] = []
    if tasks:
        groups = group_by_category(tasks)
        also = f"，另需配合落实{len(supporting)}项" if supporting else ""
        children.append(
            Paragraph.of(
                f"经梳理，需由你单位牵头落实的整改任务共{len(groups)}个方面{len(tasks)}项{also}，"
                "具体如下："
            )
        )
        children.extend(_categories(groups, details))
    if supporting and tasks:  # a section of their own after the categories: （四）…
        items = Enumeration(tuple(_task_item(t, details) for t in supporting), "heading3")
        children.append(Section("需由你单位配合落实的整改任务", (items,)))
    elif supporting:
        groups = group_by_category(supporting)
        children.append(
            Paragraph.of(
                "经梳理，问题清单中暂无需由你单位牵头落实的整改任务；需由你单位配合落实的整改任务共"
                f"{len(groups)}个方面{len(supporting)}项，具体如下："
            )
        )
        children.extend(_categories(groups, details))
    return Section(title, tuple(children))


def _categories(groups: Mapping[str, Sequence[Task]], details: bool) -> list[Section]:
    """One section per category, its tasks numbered 1. 2. …"""
    return [
        Section(category, (Enumeration(tuple(_task_item(t, details) for t in group), "heading3"),))
        for category, group in groups.items()
    ]


def _task_item(task: Task, details: bool) -> tuple[Run, ...]:
    """1.问题。整改措施：……。（责任领导：…；责任单位：…；完成时限：…）"""
    lead = Run(_sentence(task.problem), lead=True)
    measures = Run(f"整改措施：{_sentence(task.measures)}")
    if not details:
        return (lead, measures)
    duty = [f"责任领导：{task.leader}", f"责任单位：{shown_units(task.unit)}"]
    if task.partners:
        duty.append(f"配合单位：{shown_units(task.partners)}")
    duty.append(f"完成时限：{task.deadline.text()}")
    return (lead, measures, Run(f"（{'；'.join(duty)}）"))


def _sentence(text: str) -> str:
    """Lines of a cell joined into one sentence that ends with a full stop."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    joined = "".join(p if p[-1] in "。；！？" else p + "；" for p in parts[:-1]) + parts[-1]
    return joined if joined[-1] in "。！？" else joined.rstrip("；;，,、") + "。"


# What a task shows under each column of the tables that list tasks.
TASK_CELLS: dict[str, Callable[[Task], str]] = {
    "序号": lambda task: task.number,
    "问题类别": lambda task: task.category,
    "问题表现": lambda task: task.problem,
    "整改措施": lambda task: task.measures,
    "责任领导": lambda task: task.leader,
    "责任单位": lambda task: task.unit,
    "配合单位": lambda task: task.partners,
    "完成时限": lambda task: task.deadline.text(),
}

# Shares of the width: on a landscape page each share is about half a character of 4号, so
# 序号 fits two characters, the short columns their four-character headers.
TASK_COLUMNS = (
    Column("序号", 5),
    Column("问题类别", 9),
    Column("问题表现", 18, "left"),
    Column("整改措施", 22, "left"),
    Column("责任领导", 9),
    Column("责任单位", 10),
    Column("配合单位", 9),
    Column("完成时限", 9),
)


def task_table(tasks: Sequence[Task]) -> Table:
    """整改任务清单: one row per task, a category cell merged over its tasks."""
    partners = any(task.partners for task in tasks)
    columns = tuple(c for c in TASK_COLUMNS if partners or c.title != "配合单位")
    rows = []
    for index, task in enumerate(tasks):
        same = index > 0 and tasks[index - 1].category == task.category
        rows.append(
            tuple(
                Cell(task.category, merged=same)
                if column.title == "问题类别"
                else Cell(TASK_CELLS[column.title](task))
                for column in columns
            )
        )
    return Table(columns, tuple(rows))


# The report form: the columns of a task that it repeats, widths fixed in characters for
# the short ones; the unit's own columns share what is left with the task's text, alike.
FORM_COLUMNS = (
    Column("序号", chars=2),
    Column("问题表现", 1, "left"),
    Column("整改措施", 1, "left"),
    Column("职责", chars=2),
    Column("完成时限", chars=5),
)
# The columns the form fills from the tasks, which the unit's own columns cannot repeat.
FORM_TITLES = tuple(column.title for column in FORM_COLUMNS)


def report_form_table(
    tasks: Sequence[tuple[Task, str]], blanks: Sequence[str], blank_rows: int
) -> Table:
    """A unit's report form (整改落实情况反馈表): its tasks, each with its duty (牵头, 配合),
    then ``blank_rows`` empty rows for problems it finds itself, each with the ``blanks``
    columns left for it to fill in. Every unit's form has the same columns, so that the
    forms sent back can be put together."""
    # A joint unit's duties name its offices (市委办公室牵头): up to four characters a line.
    widest = max((len(duty) for _, duty in tasks), default=0)
    given = tuple(
        dataclasses.replace(c, chars=min(max(c.chars, widest), 4)) if c.title == "职责" else c
        for c in FORM_COLUMNS
    )
    columns = (*given, *(Column(title, 1, "left") for title in blanks))
    rows = [
        (
            *(Cell(duty if c.title == "职责" else TASK_CELLS[c.title](task)) for c in given),
            *(Cell() for _ in blanks),
        )
        for task, duty in tasks
    ]
    rows += [tuple(Cell() for _ in columns)] * blank_rows
    return Table(columns, tuple(rows))
