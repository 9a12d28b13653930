"""Task notice (交办通知): one issued notice per unit, listing only that unit's tasks.

inputs/notice.yaml holds the settings (organ, 发文字号, title, the sections and their fragments,
the default deadline, the contact …) and names the problem list. The unit (主送) comes from
``unit`` for a single notice, or from a roster row when docgen.yaml builds the notice with
``each:``; the row may also carry the unit's own deadline. The unit's tasks are the rows of the
problem list whose 责任单位 names it.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from docgen.compose.numbering import attachment_labels
from docgen.compose.outline import Attachment, Block, Paragraph, Section
from docgen.compose.task import (
    Task,
    issuing_place,
    local_name,
    unit_aliases,
    unit_key,
    unit_names,
    unit_pieces,
    unit_readings,
    unwrapped,
)
from docgen.compose.tasklist import (
    FORM_TITLES,
    NO_TASKS,
    numbered,
    report_form_table,
    task_table,
    unit_task_section,
)
from docgen.errors import DocgenError, InputError, Location, collect
from docgen.kinds.base import Composition
from docgen.kinds.formal import (
    DocDate,
    FragmentOrTasks,
    IssuedText,
    issued_composition,
    issued_template_lines,
    without_title_marks,
)
from docgen.kinds.plan import TaskTable
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.library import Fragment, FragmentStore
from docgen.library.instantiate import instantiate
from docgen.load import Located
from docgen.load.roster import Row
from docgen.ooxml.template import TemplateLine
from docgen.text.dates import cn_date, deadline_date, month_day
from docgen.text.invisible import without_invisible
from docgen.text.listing import abbreviated, excerpt, few, most_alike
from docgen.validate import StrictModel
from docgen.validate.table import TableFile

name = "notice"
label = "通知"
page_numbers = "formal"
tables = {"problems": PROBLEM_LIST}


class Columns(StrictModel):
    """Roster columns the notice reads: the unit (required), its own deadline and its own
    份号 (optional)."""

    unit: str = "单位名称"
    deadline: str = "报送截止日期"
    copy_number: str = "份号"


class Contact(StrictModel):
    name: str = Field(min_length=1)
    phone: str = Field(min_length=1)


class TaskPart(StrictModel):
    title: str = "整改任务"
    details: bool = True  # each task ends with its leader, unit and deadline in parentheses
    none: str = Field(default=NO_TASKS, min_length=1, max_length=300)  # a unit without tasks


class Part(FragmentOrTasks):
    """One part of the body: a fragment or the unit's tasks; ``when`` limits it to some units."""

    tasks: TaskPart | None = None
    when: Literal["always", "has_tasks", "no_tasks"] = "always"


def _visible(value: Any) -> Any:
    """A name as it shows: without invisible characters (U+200B, a BOM, a bidi override)."""
    return without_invisible(value).strip() if isinstance(value, str) else value


ColumnName = Annotated[str, BeforeValidator(_visible), Field(min_length=1, max_length=20)]


class ReportForm(StrictModel):
    """The form each unit fills in and sends back (整改落实情况反馈表), attached after the task
    table: its tasks listed, with blank columns and rows for it to write in."""

    title: Annotated[
        str,
        BeforeValidator(_visible),
        AfterValidator(without_title_marks),
        Field(min_length=1, max_length=60),
    ] = "整改落实情况反馈表"
    columns: list[ColumnName] = Field(
        default_factory=lambda: ["整改进展情况", "完成情况", "备注"], min_length=1, max_length=5
    )
    blank_rows: StrictInt = Field(default=2, ge=0, le=30)  # true is no number of rows
    landscape: bool = True
    units_without_tasks: bool = True  # those that neither lead nor support a task get one too

    @field_validator("columns")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        """Each blank column once, and none the form fills from the tasks (spaces inside a
        name, as a header is typed, make no other name)."""
        bare = [re.sub(r"\s+", "", name) for name in value]
        twice = [name for name, count in Counter(bare).items() if count > 1]
        if twice:
            raise ValueError("反馈表的列" + "、".join(f"「{name}」" for name in twice) + "写了两次")
        taken = FORM_TITLES
        clash = [name for name in bare if name in taken]
        if clash:
            raise ValueError(
                "反馈表的列" + "、".join(f"「{name}」" for name in clash) + "已由表中列出"
                f"（表中已有的列：{'、'.join(taken)}），请换一个列名"
            )
        return value

    @model_validator(mode="after")
    def _fits(self) -> ReportForm:
        if not self.landscape and len(self.columns) > PORTRAIT_BLANK_COLUMNS:
            raise ValueError(
                f"竖排的反馈表至多 {PORTRAIT_BLANK_COLUMNS} 个空栏（现为 {len(self.columns)} 个）："
                "请减少 columns，或去掉 landscape: false 改为横排（至多 5 个）"
            )
        if "units_without_tasks" in self.model_fields_set and self.units_without_tasks:
            if not self.blank_rows:
                raise ValueError(
                    "units_without_tasks: true 要附给没有任务的单位的表只有空行，"
                    "blank_rows 不能为 0（不附给它们请写 units_without_tasks: false）"
                )
        return self


PORTRAIT_BLANK_COLUMNS = 2  # beside the task's text, on 156 mm: more would wrap every word


class Input(IssuedText):
    """inputs/notice.yaml."""

    unit: str | None = None
    columns: Columns = Field(default_factory=Columns)
    params: dict[str, Any] = Field(default_factory=dict)
    problems: TableFile
    sections: list[Part] = Field(min_length=1)
    deadline: DocDate | None = None
    contact: Contact
    copy_number: int | None = Field(default=None, ge=1, le=999_999)
    task_table: TaskTable | None = None
    report_form: ReportForm | None = None
    enumeration: str = "yishi"

    @field_validator("deadline", mode="before")
    @classmethod
    def _without_before(cls, value: Any, info: ValidationInfo) -> Any:
        """ "2026年12月15日前" and "2026年12月底", as the roster's column may write them too;
        "12月15日前" the first one after the 成文日期."""
        if not isinstance(value, str):
            return value
        text = _BEFORE.sub("", value)
        try:
            return deadline_date(text, info.data.get("signed_on"))
        except ValueError:
            return text  # said as DocDate says it

    @property
    def place(self) -> str:
        """Where the notice is issued (临江市), whose own units lists name without it."""
        return issuing_place(self.organ)

    @field_validator("task_table", "report_form", mode="before")
    @classmethod
    def _written_bare(cls, value: Any) -> Any:
        """``report_form:`` with nothing under it asks for the form as it comes (YAML reads
        it as null); ``false``, or leaving the key out, goes without."""
        if value is False:
            return None
        return {} if value is None else value

    @field_validator("title")
    @classmethod
    def _is_notice(cls, value: str) -> str:
        if not value.endswith("通知"):
            raise ValueError(f"通知的标题应以“通知”结尾，如“关于……的通知”，现为“{value}”")
        return value


def template_lines() -> list[TemplateLine]:
    """版头, two blank lines, title, a blank line, 主送, then the body (to the 版记)."""
    return issued_template_lines()


def compose(
    data: Input,
    fragments: FragmentStore,
    source: Located,
    *,
    tables: Mapping[str, Sequence[ProblemRow]],
    row: Row | None = None,
) -> Composition:
    """The notice to one unit: its tasks, the fragments, signature, 版记."""
    unit, deadline = _recipient(data, row, source)
    recipients = _recipient_line(unit)
    problems = tables["problems"]
    place = data.place
    if row is None:  # no roster read the problem list (``for_roster``): its own name is known
        problems = _unwrapped(problems, _names(unit, place))
    roles = [(role, t) for t in problems if (role := _role_of(t, unit, place))]
    tasks = numbered([t.task() for role, t in roles if role == "lead"])
    supporting = numbered([t.task() for role, t in roles if role == "support"], len(tasks) + 1)
    attachments, materials = _attachments(data, unit, recipients, tasks, supporting)
    shared = {
        **data.params,
        "unit": recipients,
        "deadline": _deadline_text(deadline, data.signed_on),
        "contact": data.contact.name,
        "phone": data.contact.phone,
        "materials": materials,
    }
    used: list[Fragment] = []
    chosen = [
        (index, part)
        for index, part in enumerate(data.sections)
        # has_tasks: tasks it leads (the intro hands them over); those it supports are listed
        # in the task section either way.
        if part.when == "always" or (part.when == "has_tasks") == bool(tasks)
    ]
    parts = collect(
        chosen,
        lambda p: _part(
            data, p[0], p[1], fragments, source, shared, used, leading=tasks, supporting=supporting
        ),
    )
    header = data.header()
    copy = _copy_number(data, row)
    if copy is not None:
        header = dataclasses.replace(header, copy_number=f"{copy:06d}")
    body = [block for blocks in parts for block in blocks]
    own = {_organ(name) for name in _names(unit, place)}
    copied = [cc for cc in data.imprint.cc if not own & {_organ(n) for n in _names(cc, place)}]
    if copied != data.imprint.cc:  # the unit's own notice is no copy to it
        data = data.model_copy(update={"imprint": data.imprint.model_copy(update={"cc": copied})})
    composition = issued_composition(
        data, recipients, body, attachments=attachments, fragments=used, header=header
    )
    composition.summary.update(recipient=recipients)
    if copy is not None:
        composition.summary.update(copy_number=f"{copy:06d}")
    return composition


def _attachments(
    data: Input, unit: str, recipients: str, tasks: list[Task], supporting: list[Task]
) -> tuple[list[Attachment], str]:
    """The task table (for a unit with tasks), then the report form (for a unit without
    them too, unless asked not to; never one without rows); and, for the fragments
    (``materials``), what the unit sends back: its report, and the form under the label this
    notice gives it (附件2 beside a task table, else 附件)."""
    attachments = []
    if data.task_table is not None and (tasks or supporting):
        table = (task_table([*tasks, *supporting]),)
        attachments.append(Attachment(data.task_table.title, table, data.task_table.landscape))
    form = data.report_form
    blank = form is not None and form.units_without_tasks and form.blank_rows > 0
    if form is None or not (tasks or supporting or blank):
        return attachments, "整改情况报告"
    place = data.place
    duties = [(task, _duty(task, unit, place)) for task in [*tasks, *supporting]]
    attachments.append(_report_form(form, recipients, duties))
    label = attachment_labels(len(attachments))[-1]
    return attachments, f"整改情况报告和《{form.title}》（见{label}）"


def _duty(task: Task, unit: str, place: str) -> str:
    """牵头 or 配合; for a joint unit whose offices' parts differ, each office's
    (市委办公室牵头、市政府办公室配合), so each sees its rows."""
    said = {"lead": "牵头", "support": "配合"}
    roles = {name: _role_of(task, name, place) for name in unit_names(unit)}
    if len(set(roles.values())) > 1:  # a joint unit whose offices' parts differ
        return "、".join(name + said[role] for name, role in roles.items() if role)
    return said[_role_of(task, unit, place) or "support"]


def _report_form(form: ReportForm, recipients: str, duties: list[tuple[Task, str]]) -> Attachment:
    """The unit's form: who fills it in, and when, above the table (nothing after it to spill
    onto a page of its own). The lines take the 称谓 style: body text, flush left."""
    filled_by = f"填报人：{_BLANK}联系电话：{_BLANK}"
    dated = "填报日期：　　　　年　　月　　日"
    lines = [filled_by + dated] if form.landscape else [filled_by, dated]  # portrait holds 28
    if form.blank_rows:
        lines.append(
            "表中已列出交办你单位的任务，自查发现的其他问题请续填在表末空行。"
            if duties
            else "自查发现的问题请逐条填在表中。"
        )
    blocks = (
        Paragraph.of(f"填报单位（盖章）：{recipients}", "salutation"),
        Paragraph.of("单位主要负责同志（签字）：", "salutation"),  # as the body asks
        *(Paragraph.of(line, "salutation") for line in lines),
        report_form_table(duties, form.columns, form.blank_rows),
    )
    return Attachment(form.title, blocks, form.landscape)


_BLANK = "\u3000" * 6  # room to write a name or number by hand


def _copy_number(data: Input, row: Row | None) -> int | None:
    """The unit's own 份号 from the roster's column, else ``copy_number`` counted on in row
    order (a row taken out of the roster renumbers the later ones: the column keeps them)."""
    written = row.values.get(data.columns.copy_number) if row is not None else None
    if written is None or str(written).strip() == "":
        if data.copy_number is None:
            return None
        return data.copy_number + (row.number - 1 if row is not None else 0)
    text = str(written).strip()
    if not text.isdecimal() or not 1 <= int(text) <= 999_999:
        where = dataclasses.replace(row.location, column=data.columns.copy_number)
        raise InputError(
            f"「{data.columns.copy_number}」是「{text}」：份号应为 1 至 999999 的数字"
            "（不足六位的前面补零，如 000012）",
            where,
        )
    return int(text)


def _recipient(data: Input, row: Row | None, source: Located) -> tuple[str, datetime.date]:
    """The unit and its deadline: from the roster row when batched, else from the settings."""
    if row is None:
        if not data.unit:
            raise InputError(
                "单份通知需要写 unit（主送单位）；批量生成请在 docgen.yaml 中写 each",
                source.locate(("unit",)),
            )
        if data.deadline is None:
            raise InputError("缺少 deadline（报送截止日期）", source.locate(("deadline",)))
        if data.deadline < data.signed_on:
            raise InputError(
                f"deadline {cn_date(data.deadline)}早于发文日期{cn_date(data.signed_on)}",
                source.locate(("deadline",)),
            )
        return data.unit, data.deadline
    column = data.columns.unit
    unit = _unit_of(row, column)
    if not unit:
        where = dataclasses.replace(row.location, column=column)
        raise InputError(f"缺少必填字段「{column}」（主送单位）", where)
    own = data.columns.deadline in row.values
    written = row.values.get(data.columns.deadline, data.deadline)
    try:
        # "2026年12月31日前" as a clerk types it: the notice adds the 前 itself.
        value = deadline_date(
            _BEFORE.sub("", written) if isinstance(written, str) else written, data.signed_on
        )
    except ValueError:
        value = None  # blank or not a date: said below
    where = dataclasses.replace(row.location, column=data.columns.deadline)
    if not isinstance(value, datetime.date):
        said = f"是「{written}」，不是日期" if written not in (None, "") else "缺失"
        raise InputError(
            f"「{data.columns.deadline}」{said}（应写作 2026年12月15日 这样的日期）", where
        )
    if value < data.signed_on:
        if not own:  # the default of notice.yaml, not the row's cell
            where = source.locate(("deadline",))
        raise InputError(
            f"「{data.columns.deadline}」{cn_date(value)}早于发文日期{cn_date(data.signed_on)}",
            where,
        )
    return unit, value


_BEFORE = re.compile(r"\s*(?:之|以)?前\s*$")


def _deadline_text(deadline: datetime.date, signed_on: datetime.date) -> str:
    """ "12月15日前"; with the year when it is not the year the notice is signed in."""
    return (month_day(deadline) if deadline.year == signed_on.year else cn_date(deadline)) + "前"


def required_columns(data: Input) -> list[str]:
    """The roster's columns a row fails without (its 主送)."""
    return [data.columns.unit]


def fragments_named(data: Input, source: Located) -> list[tuple[str, Location | None]]:
    """The fragments the sections name, each with its place in the settings: looked up once
    before a batch's rows, which would all fail alike on a misspelt one."""
    return [
        (part.fragment, source.locate(("sections", index, "fragment")))
        for index, part in enumerate(data.sections)
        if part.fragment
    ]


def for_roster(data: Input, rows: Sequence[Row], extra: dict[str, Any]) -> dict[str, Any]:
    """The tables a batch's rows are composed from, read against its roster: a problem list's
    unit cells with the names the roster has unwrapped ("市市场⏎监督管理局"), so every notice
    prints them as one unit."""
    column, place = data.columns.unit, data.place
    known = {name for row in rows for name in _names(_unit_of(row, column), place)}
    problems = _unwrapped(extra["tables"]["problems"], known)
    return {**extra, "tables": {**extra["tables"], "problems": problems}}


def _unwrapped(
    problems: Sequence[ProblemRow], known: set[str] | frozenset[str]
) -> list[ProblemRow]:
    """The problem rows with the ``known`` names in their unit cells unwrapped."""
    return [
        problem.model_copy(
            update={
                "unit": unwrapped(problem.unit, known),
                "partners": unwrapped(problem.partners, known),
            }
        )
        for problem in problems
    ]


def roster_notes(
    data: Input,
    rows: Sequence[Row],
    *,
    tables: Mapping[str, Sequence[ProblemRow]],
    source: Located | None = None,
    columns: Sequence[str] = (),
    fragments: FragmentStore | None = None,
    **_: Any,
) -> list[str]:
    """Said before a roster's rows: a unit named twice (or within another's joint name), and
    units of the problem list that no row of the roster is, whose tasks nobody would get.
    Refused before them: a unit column the roster lacks (every row would fail on it)."""
    column, place = data.columns.unit, data.place
    if rows and not any(column in row.values for row in rows):
        if column in columns:
            raise InputError(
                f"名单的「{column}」列每一行都是空的，没有主送单位，未生成任何通知",
                _columns_unit(source),
            )
        raise InputError(_unit_column_missing(column, rows, columns), _columns_unit(source))
    notes = _deadline_column_missing(data, rows) + _copy_numbers_twice(data, rows)
    notes += _form_unasked(data, fragments)
    notes += _copy_numbers_missing(data, rows)
    units: dict[frozenset[str], tuple[str, list[int]]] = {}
    for row in rows:
        unit = _unit_of(row, column)
        written = str(row.values.get(column) or "").strip()
        if unit != written:
            notes.append(
                f"{row.label}「{written.replace(chr(10), '⏎')}」中的空格或换行已去掉，"
                f"按一个单位「{unit}」处理（两个单位联合发文请用“/”分隔）"
            )
        if unit:
            # One unit by either of its local names (中共临江市委组织部, 市委组织部).
            key = frozenset(local_name(name, place) for name in _names(unit, place))
            units.setdefault(key, (unit, []))[1].append(row.position)
    notes += [
        f"名单中「{unit}」出现了 {len(at)} 次（第{'、'.join(map(str, at))}行），每次各生成一份"
        for unit, at in units.values()
        if len(at) > 1
    ]
    owners: dict[str, list[str]] = {}  # a name → the roster units written with it
    for key, (unit, _) in units.items():
        for name in sorted(key):
            owners.setdefault(name, []).append(unit)
    notes += [
        f"「{name}」同时在名单的{'、'.join(f'「{u}」' for u in held)}中，它的任务会写进每一份"
        for name, held in owners.items()
        if len(held) > 1
    ]
    unclaimed = _unclaimed(tables["problems"], [unit for unit, _ in units.values()], place)
    notes += unclaimed
    idle = [
        unit
        for unit, _ in units.values()
        if not any(_role_of(problem, unit, place) for problem in tables["problems"])
    ]
    # Beside tasks no unit gets, the units that get none: the two lists to pair by name.
    if unclaimed and idle and len(idle) < len(units):
        notes.append(
            f"名单中 {len(idle)} 个单位在问题清单中没有牵头或配合的任务（{few(idle, 5)}），"
            "它们的通知不列任务；若其中有单位的任务漏了，请核对问题清单中的单位名称"
        )
    return notes


def _form_unasked(data: Input, fragments: FragmentStore | None) -> list[str]:
    """A report form attached that no part of the body asks the unit to send back (none of
    its fragments prints ``materials``)."""
    if data.report_form is None or fragments is None:
        return []
    named = [part.fragment for part in data.sections if part.fragment]
    try:
        asks = any(fragments.get(name).meta.variable("materials") for name in named)
    except DocgenError:
        return []  # a fragment not found: said before any row
    if asks:
        return []
    return [
        f"通知附有《{data.report_form.title}》（report_form），但正文各部分都没有提到它"
        "（片段中没有用变量 materials）：单位可能不知道要填写报回，请在要求部分写明"
    ]


def _unclaimed(problems: Sequence[ProblemRow], units: Sequence[str], place: str) -> list[str]:
    """The units of the problem list's 责任单位 and 配合单位 that no roster unit is, whose
    tasks no notice gets: each with how many, and the roster's unit it was probably meant to be
    (a short form either way: 市发改委 for 市发展和改革委员会, or the roster's the short one)."""
    known = {name for unit in units for name in _names(unit, place)}
    shown = {unit_key(name): name for unit in units for name in unit_names(unit)}
    unclaimed: Counter[tuple[str, str]] = Counter()
    for problem in problems:
        lost: dict[tuple[str, str], None] = {}  # each once a task, however often its cells say it
        for column, cell in (("责任单位", problem.unit), ("配合单位", problem.partners or "")):
            for whole, names in unit_pieces(cell):
                if known.intersection(unit_aliases(whole, place)):
                    continue  # one wrapped name the roster has ("市人力资源和⏎社会保障局")
                for name in names:  # by any of its names (市委组织部（市公务员局）), as _role_of
                    if not known.intersection(unit_aliases(name, place)):
                        lost[column, name] = None
        unclaimed.update(lost.keys())  # each once
    notes = []
    for (column, name), count in unclaimed.items():
        said = (
            f"问题清单中{column}「{excerpt(name)}」的 {count} 项任务，名单中没有这个单位，"
            "不会写进任何通知"
        )
        key = unit_key(name)
        # Units differ by a character or two (市民政局, 市财政局): only a near spelling is one.
        shorter = [listed for listed in shown if abbreviated(listed, [key])]  # roster's short
        alike = abbreviated(key, list(shown)) or (shorter[0] if len(shorter) == 1 else None)
        alike = alike or most_alike(key, list(shown), cutoff=0.8)
        if alike:
            unit = shown[alike]
            said += (
                f"：是不是名单中的「{unit}」？若是，请把两处写成同一个名称，"
                f"否则「{unit}」的通知中没有这些任务"
            )
        notes.append(said)
    return notes


def _unit_column_missing(column: str, rows: Sequence[Row], header: Sequence[str]) -> str:
    # The roster's header; else the first row's columns (a blank cell is none of its values).
    columns = list(header) or list(dict.fromkeys(name for row in rows[:1] for name in row.values))
    said = f"名单中没有「{column}」列（notice.yaml 的 columns: unit:），每一行都会缺少主送单位，未生成任何通知"
    alike = most_alike(column, columns)
    if alike is not None:
        return f"{said}：是不是「{alike}」？请把 unit: 改为 {alike}（或把名单表头中的「{alike}」改为「{column}」）"
    return f"{said}（名单的列：{'、'.join(columns[:30])}）"


def _columns_unit(source: Located | None) -> Location | None:
    return source.locate(("columns", "unit")) if source is not None else None


def _copy_numbers_twice(data: Input, rows: Sequence[Row]) -> list[str]:
    """A 份号 the roster gives two units (a copy's number names one copy)."""
    held: dict[int, list[int]] = {}
    for row in rows:
        try:
            copy = _copy_number(data, row)
        except InputError:
            continue  # the row fails on it, said there
        if copy is not None:
            held.setdefault(copy, []).append(row.position)
    return [
        f"份号 {copy:06d} 出现了 {len(at)} 次（第{'、'.join(map(str, at))}行），每个份号应只给一份"
        for copy, at in held.items()
        if len(at) > 1
    ]


def _copy_numbers_missing(data: Input, rows: Sequence[Row]) -> list[str]:
    """A 份号 column filled in some rows only, with no ``copy_number`` to number the others:
    those notices go without one."""
    column = data.columns.copy_number
    if data.copy_number is not None or not any(column in row.values for row in rows):
        return []
    blank = [row.position for row in rows if str(row.values.get(column) or "").strip() == ""]
    if not blank:
        return []
    return [
        f"名单的「{column}」列有 {len(blank)} 行没有填写（第{few(map(str, blank), 10)}行），"
        "这些通知没有份号（请补填，或在 notice.yaml 中写 copy_number: 起始值，按行序编号）"
    ]


def _deadline_column_missing(data: Input, rows: Sequence[Row]) -> list[str]:
    """A roster without the deadline column gives every unit notice.yaml's deadline: said, with
    the column the roster has that looks like a deadline ("截止日期" for "报送截止日期")."""
    column = data.columns.deadline
    if not rows or column in rows[0].values:
        return []
    if data.deadline:
        note = (
            f"名单中没有「{column}」列，每份通知的截止日期都用 notice.yaml 的 deadline"
            f"（{cn_date(data.deadline)}）"
        )
    else:
        note = f"名单中没有「{column}」列，notice.yaml 也没有写 deadline，每一行都会因缺少截止日期而失败"
    alike = [c for c in rows[0].values if any(w in c for w in ("截止", "时限", "期限", "日期"))]
    if alike:
        note += (
            f"；若「{alike[0]}」列是各单位的截止日期，请在 notice.yaml 的 columns 下写 "
            f"deadline: {alike[0]}"
        )
    return [note]


def _unit_of(row: Row, column: str) -> str:
    """A roster row's unit as one name: a space typed or a line wrapped (Alt+Enter) inside it
    ("市委 组织部", "市人力资源和⏎社会保障局") is no separator of two units."""
    return _CJK_GAP.sub("", str(row.values.get(column) or "")).strip()


# Whitespace between two Chinese characters.
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


@functools.lru_cache(maxsize=4096)
def _names(unit: str, place: str = "") -> frozenset[str]:
    """The names a unit is written with, as compared (``unit_key``): "市委办公室/市政府办公室"
    is both offices; 中共临江市委组织部 in 临江市 is 市委组织部 too (kept: every row of a batch
    asks it of every task's cell)."""
    return frozenset(alias for name in unit_names(unit) for alias in unit_aliases(name, place))


@functools.lru_cache(maxsize=4096)
def _readings(cell: str, place: str) -> dict[str, bool]:
    return unit_readings(cell, place)


def _organ(key: str) -> str:
    """A unit as its offices are meant: 市纪委监委机关 is 市纪委监委 (an 抄送 to either)."""
    return key.removesuffix("机关")


def _role_of(
    task: Task | ProblemRow, unit: str, place: str = ""
) -> Literal["lead", "support"] | None:
    """Whether the unit leads the task (named in 责任单位), supports it (marked （配合） there,
    or named in 配合单位), or has no part in it (asked of every row of the problem list, for
    every notice: its cells' readings are kept)."""
    names = _names(unit, place)
    readings = _readings(task.unit, place)
    if any(readings.get(name) is False for name in names):
        return "lead"
    if any(readings.get(name) for name in names) or names & _readings(task.partners, place).keys():
        return "support"
    return None


def _recipient_line(unit: str) -> str:
    """主送 as written in the text: a joint name "甲/乙" or "甲:乙" becomes "甲、乙"."""
    return "、".join(unit_names(unit))


def _part(
    data: Input,
    index: int,
    part: Part,
    fragments: FragmentStore,
    source: Located,
    shared: dict[str, Any],
    used: list[Fragment],
    *,
    leading: Sequence[Task],
    supporting: Sequence[Task],
) -> tuple[Block, ...]:
    if part.tasks is not None:
        title = part.title or part.tasks.title
        return (
            unit_task_section(
                title,
                leading,
                details=part.tasks.details,
                supporting=supporting,
                none=part.tasks.none,
            ),
        )
    where = source.locate(("sections", index, "fragment"))
    fragment = fragments.get(part.fragment or "", where)
    used.append(fragment)
    blocks = instantiate(
        fragment, part.params, enumeration_style=data.enumeration, shared=shared, where=where
    )
    if part.title is not None and len(blocks) == 1 and isinstance(blocks[0], Section):
        return (Section(part.title, blocks[0].children),)
    return blocks
