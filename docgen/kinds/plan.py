"""Rectification plan (整改方案): an issued document built from settings and a problem list.

inputs/plan.yaml holds the settings (organ, 发文字号, 主送, the sections and their fragments, the
phases with their dates, 版记 …) and names the problem list (an .xlsx or .csv sheet). The
整改任务 section groups the problems by category; the attachment 整改任务清单 tabulates them on
landscape pages; a ledger (台账) of the same tasks is written beside the plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from docgen.compose.outline import Attachment, Block, Section
from docgen.compose.task import Ledger, Task
from docgen.compose.tasklist import numbered, task_section, task_table
from docgen.errors import DocgenError, InputError, collect, raise_collected
from docgen.kinds.base import Composition, ExtraOutput
from docgen.kinds.formal import (
    FragmentOrTasks,
    IssuedText,
    Names,
    issued_composition,
    issued_template_lines,
    join_names,
    without_title_marks,
)
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.library import Fragment, FragmentStore
from docgen.library.instantiate import instantiate
from docgen.load import Located
from docgen.ooxml.template import TemplateLine
from docgen.text.dates import cn_date, date_range, parse_cn_date
from docgen.validate import StrictModel
from docgen.validate.table import TableFile

name = "plan"
label = "整改方案"
page_numbers = "formal"
tables = {"problems": PROBLEM_LIST}

EnumerationStyle = Literal["yiyao", "yishi", "diyi", "shouxian"]


def _date(value: Any) -> Any:
    return parse_cn_date(value) if isinstance(value, str) else value


class Phase(StrictModel):
    """One phase of 方法步骤: a fragment and its dates (its heading shows them)."""

    fragment: str
    start: datetime.date
    end: datetime.date
    params: dict[str, Any] = Field(default_factory=dict)

    _dates = field_validator("start", "end", mode="before")(_date)

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise ValueError(f"结束日期 {cn_date(self.end)} 早于开始日期 {cn_date(self.start)}")
        return self


class TaskSection(StrictModel):
    """The 整改任务 section, built from the problem list."""

    title: str = "整改任务"
    basis: str = "反馈意见和自查发现的问题"
    details: bool = True  # each task ends with its leader, unit and deadline in parentheses


class Part(FragmentOrTasks):
    """One section of the plan: a fragment (with phases, for 方法步骤) or the task section."""

    tasks: TaskSection | None = None
    phases: list[Phase] = Field(default_factory=list)
    enumeration: EnumerationStyle | None = None

    @model_validator(mode="after")
    def _phases_follow_a_fragment(self) -> Part:
        if self.phases and self.fragment is None:
            raise ValueError("phases（阶段）只能跟在 fragment 之后，如 plan.method-steps")
        return self


class TaskTable(StrictModel):
    """The attachment listing every task (整改任务清单)."""

    title: Annotated[str, AfterValidator(without_title_marks)] = "整改任务清单"
    landscape: bool = True


class LedgerSettings(StrictModel):
    """The ledger (台账) written beside the plan."""

    title: str = "整改任务台账"
    file: str | None = Field(default=None, pattern=r"^[^/\\:*?\"<>|]+\.xlsx$")


class Input(IssuedText):
    """inputs/plan.yaml."""

    recipients: Names = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    problems: TableFile
    sections: list[Part] = Field(min_length=1)
    task_table: TaskTable = Field(default_factory=TaskTable)
    enumeration: EnumerationStyle = "yishi"
    ledger: LedgerSettings = Field(default_factory=LedgerSettings)


def template_lines() -> list[TemplateLine]:
    """版头, two blank lines, title, a blank line, 主送, then the body (to the 版记)."""
    return issued_template_lines()


def compose(
    data: Input,
    fragments: FragmentStore,
    source: Located,
    *,
    tables: Mapping[str, Sequence[ProblemRow]],
) -> Composition:
    """The plan's outline: sections, 附件说明, signature, the task table, the 版记."""
    tasks = [row.task() for row in tables["problems"]]
    ordered = numbered(tasks)
    shared = {**_derived(data), **data.params}
    used: list[Fragment] = []
    body = collect(
        enumerate(data.sections),
        lambda p: _part(data, p[0], p[1], ordered, fragments, source, shared, used),
    )
    table = task_table(ordered)
    attachment = Attachment(data.task_table.title, (table,), data.task_table.landscape)
    ledger = Ledger(data.ledger.title, ordered, data.organ, data.signed_on)
    outputs = [ExtraOutput(data.ledger.file or f"{data.ledger.title}.xlsx", "ledger", ledger)]
    recipients = join_names(data.recipients)
    return issued_composition(
        data, recipients, body, attachments=[attachment], fragments=used, outputs=outputs
    )


def _derived(data: Input) -> dict[str, str]:
    """Shared fragment values computed from the phases: the whole duration, the final month."""
    phases = [phase for part in data.sections for phase in part.phases]
    if not phases:
        return {}
    start = min(p.start for p in phases)
    end = max(p.end for p in phases)
    return {
        "duration": f"{cn_date(start)}至{cn_date(end)}",
        "deadline": f"{end.year}年{end.month}月底前",
    }


def _part(
    data: Input,
    index: int,
    part: Part,
    tasks: Sequence[Task],
    fragments: FragmentStore,
    source: Located,
    shared: dict[str, Any],
    used: list[Fragment],
) -> Section:
    if part.tasks is not None:
        settings = part.tasks
        return task_section(
            settings.title if part.title is None else part.title,
            settings.basis,
            tasks,
            details=settings.details,
        )
    where = source.locate(("sections", index, "fragment"))
    fragment = fragments.get(part.fragment or "", where)
    used.append(fragment)
    style = part.enumeration or data.enumeration
    blocks = instantiate(fragment, part.params, enumeration_style=style, shared=shared, where=where)
    section = _as_section(blocks, part.title, fragment, where)
    phases = tuple(
        _phase(phase, (index, j), fragments, source, shared, style, used)
        for j, phase in enumerate(part.phases)
    )
    _check_sequence(part.phases, index, source)
    return Section(section.title, (*section.children, *phases))


def _phase(
    phase: Phase,
    at: tuple[int, int],
    fragments: FragmentStore,
    source: Located,
    shared: dict[str, Any],
    style: str,
    used: list[Fragment],
) -> Section:
    where = source.locate(("sections", at[0], "phases", at[1], "fragment"))
    fragment = fragments.get(phase.fragment, where)
    used.append(fragment)
    params = {"period": date_range(phase.start, phase.end), **phase.params}
    blocks = instantiate(fragment, params, enumeration_style=style, shared=shared, where=where)
    return _as_section(blocks, None, fragment, where)


def _as_section(
    blocks: Sequence[Block], title: str | None, fragment: Fragment, where: Any
) -> Section:
    """A fragment's blocks as one section: its own # heading, or the title given for it."""
    if len(blocks) == 1 and isinstance(blocks[0], Section):
        return Section(title or blocks[0].title, blocks[0].children)
    if title is None:
        raise InputError(f"片段 {fragment.id} 没有以一个 # 标题开头，需要在本节写 title", where)
    return Section(title, tuple(blocks))


def _check_sequence(phases: Sequence[Phase], index: int, source: Located) -> None:
    """Phases follow one another: each starts after the one before has ended."""
    errors: list[DocgenError] = []
    for j in range(1, len(phases)):
        before, phase = phases[j - 1], phases[j]
        if phase.start <= before.end:
            errors.append(
                InputError(
                    f"阶段开始日期 {cn_date(phase.start)} 不晚于上一阶段的结束日期 {cn_date(before.end)}",
                    source.locate(("sections", index, "phases", j, "start")),
                )
            )
    raise_collected(errors)
