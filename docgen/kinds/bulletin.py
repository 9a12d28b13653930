"""Weekly bulletin (工作简报): the units' reports and the ledger's statistics, numbered 第N期.

inputs/bulletin.yaml holds the settings (name, editing unit, period, the reporting deadline,
报/送/发 and the copies printed) and names the roster, the reports and the ledger (台账). The
bulletin shows: 本周工作动态 by unit in roster order; 整改进展 from the ledger, as a table and a
native chart, with the rates of :mod:`docgen.compose.stats`; the units that did not report or
reported late; 下周工作安排; and the 报尾. Issue numbers continue from the workspace's register.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from docgen.compose.outline import (
    BulletinTail,
    Enumeration,
    Masthead,
    Outline,
    Paragraph,
    Run,
    Section,
)
from docgen.compose.register import assign, period_key
from docgen.errors import DocgenError, InputError, Location, raise_collected
from docgen.kinds.base import Composition, Gathered
from docgen.kinds.formal import Names, join_names
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.kinds.progress import progress_section
from docgen.library import Fragment, FragmentStore
from docgen.library.instantiate import instantiate
from docgen.load import Located
from docgen.load.reports import Report, RosterUnit, Submissions, load_reports, load_roster, match
from docgen.load.state import issue_register, read_state
from docgen.ooxml.template import TemplateLine
from docgen.text.dates import cn_date, date_range, month_day, weekday_name
from docgen.text.weekdays import parse_day, parse_moment, weekday_mistakes
from docgen.validate import StrictModel
from docgen.validate.table import TableFile

name = "bulletin"
label = "工作简报"
page_numbers = "bulletin"
tables = {"ledger": PROBLEM_LIST}

Day = Annotated[datetime.date, BeforeValidator(parse_day)]
Moment = Annotated[datetime.datetime, BeforeValidator(parse_moment)]


class Period(StrictModel):
    """The week the bulletin covers (本期时段), both ends included."""

    start: Day
    end: Day

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"结束日期 {cn_date(self.end)} 早于开始日期 {cn_date(self.start)}")
        return self


class Distribution(StrictModel):
    """报、送、发: who the bulletin goes to (a list, or one line written out)."""

    report_to: Names = Field(default_factory=list)
    send_to: Names = Field(default_factory=list)
    issue_to: Names = Field(default_factory=list)


class Input(StrictModel):
    """inputs/bulletin.yaml."""

    name: str = Field(min_length=1)
    editor: str = Field(min_length=1)
    campaign: str = Field(min_length=1)
    period: Period
    issued_on: Day
    deadline: Moment
    issue_number: int | None = Field(default=None, ge=1)
    roster: str = Field(min_length=1)
    reports: str = Field(min_length=1)
    ledger: TableFile
    next_week: list[str] = Field(default_factory=list)
    distribution: Distribution
    copies: int = Field(ge=1)


@dataclass(frozen=True)
class Week:
    """What the bulletin reads besides its settings: roster, reports, the issue register."""

    roster: tuple[RosterUnit, ...]
    reports: tuple[Report, ...]
    issues: Mapping[str, int]


def template_lines() -> list[TemplateLine]:
    """The whole bulletin is composed: 报头, body and 报尾 come from the outline."""
    return [TemplateLine("body", "{{p body }}")]


def gather(data: Input, workspace: Any, source: Located) -> Gathered:
    """Read the roster, the reports and the register from the workspace (all errors at once)."""
    errors: list[DocgenError] = []
    roster: list[RosterUnit] = []
    reports: list[Report] = []
    files = []
    for field, load in (("roster", _roster), ("reports", _reports)):
        path = workspace.path(getattr(data, field))
        try:
            loaded, read = load(path, workspace.display)
        except DocgenError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
            continue
        (roster if field == "roster" else reports).extend(loaded)
        files.extend(read)
    try:
        issues = issue_register(read_state(workspace.root), data.name)
    except DocgenError as exc:
        errors.append(exc)
        issues = {}
    raise_collected(errors)
    return Gathered(Week(tuple(roster), tuple(reports), issues), files)


def _roster(path: Any, display: Any) -> tuple[list[RosterUnit], list[Any]]:
    units, read = load_roster(path, display)
    return units, [read]


def _reports(path: Any, display: Any) -> tuple[list[Report], list[Any]]:
    return load_reports(path, display)


def compose(
    data: Input,
    fragments: FragmentStore,
    source: Located,
    *,
    tables: Mapping[str, Sequence[ProblemRow]],
    gathered: Week,
) -> Composition:
    """The bulletin's outline, its issue number and the register entry it makes."""
    week = gathered
    key = period_key(data.period.start, data.period.end)
    try:
        number = assign(week.issues, key, data.issue_number)
    except ValueError as exc:
        raise InputError(str(exc), source.locate(("issue_number",))) from None
    submissions = match(week.roster, week.reports, data.deadline)
    _check_weekdays(data, source, submissions)
    tasks = [row.task() for row in tables["ledger"]]
    used: list[Fragment] = []
    shared = {"campaign": data.campaign, "week_label": date_range(*_days(data))}
    intro = _fragment("bulletin.progress-overview", fragments, source, shared, used)
    outline = Outline(
        (
            Masthead(data.name, f"第{number}期", data.editor, cn_date(data.issued_on)),
            *intro,
            Section("本周工作动态", _activities(submissions)),
            progress_section(tasks, [u.name for u in week.roster], data.period.end),
            Section("未按时报送单位", (_lateness(data, submissions),)),
            _next_week(data, submissions, fragments, source, shared, used),
            BulletinTail(_distribution(data.distribution), f"（共印{data.copies}份）"),
        )
    )
    return Composition(
        context={},
        outline=outline,
        title=f"{data.name}（第{number}期）",
        author=data.editor,
        date=data.issued_on,
        fragments=used,
        state={"bulletins": {data.name: {key: number}}},
    )


def _days(data: Input) -> tuple[datetime.date, datetime.date]:
    return data.period.start, data.period.end


def _fragment(
    fragment_id: str,
    fragments: FragmentStore,
    source: Located,
    shared: dict[str, Any],
    used: list[Fragment],
) -> tuple[Any, ...]:
    fragment = fragments.get(fragment_id, source.locate(()))
    used.append(fragment)
    return instantiate(fragment, {}, enumeration_style="yishi", shared=shared)


def _activities(submissions: Submissions) -> tuple[Any, ...]:
    """Each reporting unit's week, in roster order; then the problems they raised."""
    blocks: list[Any] = [
        Paragraph((Run(f"{unit.name}：", lead=True), Run(_joined(report.progress))))
        for unit, report in submissions.on_roster
    ]
    problems = tuple(
        (Run(f"{_clause(problem)}（{unit.name}）。"),)
        for unit, report in submissions.on_roster
        for problem in report.problems
    )
    if problems:
        intro = (Run("从各单位报送情况看，工作中还存在一些问题："),)
        blocks.append(Enumeration(problems, style="yishi", inline=True, intro=intro))
    return tuple(blocks)


def _lateness(data: Input, submissions: Submissions) -> Paragraph:
    """Names exactly the units with no report and those whose report came after the deadline."""
    deadline = _moment(data.deadline)
    if not submissions.missing and not submissions.late:
        return Paragraph.of(f"本周各单位均在{deadline}前报送了工作情况。")
    parts = []
    if submissions.missing:
        names = "、".join(u.name for u in submissions.missing)
        parts.append(f"{names}{len(submissions.missing)}个单位未报送本周工作情况")
    for unit, report in submissions.late:
        parts.append(f"{unit.name}于{_moment(report.submitted_at)}报送，晚于规定时间")
    return Paragraph.of(
        f"截至{deadline}，{'；'.join(parts)}。请上述单位高度重视信息报送工作，"
        "严格按照规定时间报送，确保工作情况及时准确反映。"
    )


def _next_week(
    data: Input,
    submissions: Submissions,
    fragments: FragmentStore,
    source: Located,
    shared: dict[str, Any],
    used: list[Fragment],
) -> Section:
    """The office's arrangements (一是……) and each unit's own plan."""
    children: list[Any] = list(_fragment("bulletin.next-week", fragments, source, shared, used))
    if data.next_week:
        items = tuple((Run(_sentence(item)),) for item in data.next_week)
        children.append(Section("领导小组办公室", (Enumeration(items, style="yishi"),)))
    plans = tuple(
        Paragraph((Run(f"{unit.name}：", lead=True), Run(_joined(report.next_week))))
        for unit, report in submissions.on_roster
        if report.next_week
    )
    if plans:
        children.append(Section("各单位", plans))
    return Section("下周工作安排", tuple(children))


def _distribution(distribution: Distribution) -> tuple[tuple[str, str], ...]:
    entries = (
        ("报", distribution.report_to),
        ("送", distribution.send_to),
        ("发", distribution.issue_to),
    )
    return tuple((label, join_names(names) + "。") for label, names in entries if names)


def _check_weekdays(data: Input, source: Located, submissions: Submissions) -> None:
    """A weekday written beside a date in the arrangements or the reports must be its weekday."""
    near = data.period.end
    errors: list[DocgenError] = [
        InputError(message, source.locate(("next_week", index)))
        for index, item in enumerate(data.next_week)
        for message in weekday_mistakes(item, near)
    ]
    for _, report in submissions.on_roster:
        for field, items in (("本周工作进展", report.progress), ("下周工作安排", report.next_week)):
            for message in weekday_mistakes("\n".join(items), near):
                where = Location(report.location.file, report.location.line, report.location.sheet,
                                 report.location.row, field=field)  # fmt: skip
                errors.append(InputError(message, where))
    raise_collected(errors)


def _moment(moment: datetime.datetime) -> str:
    """11月20日（星期五）12:00."""
    return f"{month_day(moment.date())}（{weekday_name(moment.date())}）{moment:%H:%M}"


def _clause(text: str) -> str:
    return text.strip().rstrip("。；，、;,.")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？" else text + "。"


def _joined(items: Sequence[str]) -> str:
    return "".join(_sentence(item) for item in items)
