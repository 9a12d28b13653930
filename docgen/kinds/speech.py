"""Speech (讲话稿): a leader's mobilization or progress-meeting speech, built as real ones are.

Opening with the meeting's tasks; "刚才，……通报了……"; "总的来看……一是……二是……";
"同时，我们也要清醒地看到……这里，我强调N点意见。"; the numbered sections; the closing.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from docgen.compose.outline import Block, Enumeration, Outline, Paragraph, Run, Section
from docgen.kinds.base import Composition
from docgen.library import Fragment, FragmentStore
from docgen.library.instantiate import instantiate
from docgen.load import Located
from docgen.ooxml.template import TemplateLine
from docgen.text.dates import cn_date, parse_cn_date
from docgen.text.numerals import count_phrase
from docgen.validate import StrictModel

name = "speech"
label = "讲话稿"
page_numbers = "speech"

EnumerationStyle = Literal["yiyao", "yishi", "diyi", "shouxian"]


def _date(value: Any) -> Any:
    return parse_cn_date(value) if isinstance(value, str) else value


class Meeting(StrictModel):
    """The meeting (会议) the speech is given at."""

    name: str = Field(min_length=1)
    date: datetime.date
    host: str = Field(min_length=1)

    _parse_date = field_validator("date", mode="before")(_date)


class Speaker(StrictModel):
    name: str = Field(min_length=1)
    title: str = ""


class Report(StrictModel):
    """A report given before the speech: who (李华同志) and on what (全市面上整治工作情况)."""

    by: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    verb: str = "通报了"


class Exchanges(StrictModel):
    """Units that exchanged experience at the meeting."""

    units: list[str] = Field(min_length=1)
    topic: str = Field(min_length=1)
    written: bool = True


class Point(StrictModel):
    lead: str = Field(min_length=1)
    text: str = ""


class Achievements(StrictModel):
    """The work so far: a summary and its features (一是……二是……)."""

    period: str = ""
    summary: str = Field(min_length=1)
    points: list[Point] = Field(min_length=1)
    thanks: str = ""


class Problems(StrictModel):
    """What is still wrong, said soberly."""

    summary: str = Field(min_length=1)
    items: list[str] = Field(min_length=1)
    conclusion: str = ""


class Emphasis(StrictModel):
    """One numbered section of the speech: a fragment and its parameters."""

    fragment: str
    title: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    enumeration: EnumerationStyle | None = None


class Closing(StrictModel):
    fragment: str
    params: dict[str, Any] = Field(default_factory=dict)


class Input(StrictModel):
    """inputs/meeting.yaml."""

    meeting: Meeting
    speaker: Speaker
    title: str | None = None
    salutation: str = "同志们："
    date_style: Literal["arabic", "chinese"] = "arabic"
    params: dict[str, Any] = Field(default_factory=dict)
    tasks: list[str] = Field(min_length=1)
    goal: str = ""
    reports: list[Report] = Field(default_factory=list)
    exchanges: Exchanges | None = None
    achievements: Achievements
    problems: Problems
    enumeration: EnumerationStyle = "yiyao"
    sections: list[Emphasis] = Field(min_length=1)
    closing: Closing
    thanks: bool = True


def template_lines() -> list[TemplateLine]:
    """Title, speaker and date, a blank line, the salutation, then the composed body."""
    return [
        TemplateLine("title", "{{ title }}"),
        TemplateLine("subtitle", "{{ speaker }}"),
        TemplateLine("subtitle", "（{{ date }}）"),
        TemplateLine("body"),
        TemplateLine("salutation", "{{ salutation }}"),
        TemplateLine("body", "{{p body }}"),
    ]


def compose(data: Input, fragments: FragmentStore, source: Located) -> Composition:
    """The speech's outline; section numbers and "N点意见" follow from ``data.sections``."""
    used: list[Fragment] = []
    sections = [
        _section(data, emphasis, index, fragments, source, used)
        for index, emphasis in enumerate(data.sections)
    ]
    blocks: list[Block] = [_opening(data)]
    if data.reports or data.exchanges:
        blocks.append(_reports(data))
    blocks.append(_achievements(data))
    blocks.append(_problems(data, len(sections)))
    blocks.extend(sections)
    blocks.extend(_closing(data, fragments, source, used))
    title = data.title or f"在{data.meeting.name}上的讲话"
    speaker = (
        f"{data.speaker.title}　{data.speaker.name}" if data.speaker.title else data.speaker.name
    )
    return Composition(
        context={
            "title": title,
            "speaker": speaker,
            "date": cn_date(data.meeting.date, data.date_style),
            "salutation": data.salutation,
        },
        outline=Outline(tuple(blocks)),
        title=title,
        author=data.meeting.host,
        date=data.meeting.date,
        fragments=used,
    )


def _clause(text: str) -> str:
    """A list item as a clause: without the end punctuation the sentence supplies."""
    return text.strip().rstrip("。；，、;,.")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？" else text + "。"


def _opening(data: Input) -> Paragraph:
    tasks = "，".join(_clause(t) for t in data.tasks)
    goal = f"，{_clause(data.goal)}" if data.goal else ""
    return Paragraph.of(f"今天召开{data.meeting.name}，主要任务是：{tasks}{goal}。")


def _reports(data: Input) -> Paragraph:
    parts = [f"{r.by}{r.verb}{_clause(r.topic)}" for r in data.reports]
    if data.exchanges:
        units = data.exchanges.units
        parts.append(
            f"{'、'.join(units)}等{len(units)}家单位负责同志分别{_clause(data.exchanges.topic)}"
        )
        if data.exchanges.written:
            parts.append("其他单位也作了书面交流")
    return Paragraph.of("刚才，" + "，".join(parts) + "。")


def _achievements(data: Input) -> Enumeration:
    a = data.achievements
    period = f"{_clause(a.period)}，" if a.period else ""
    items = tuple(
        (Run(_sentence(p.lead), lead=True), Run(_sentence(p.text)))
        if p.text
        else (Run(_sentence(p.lead), lead=True),)
        for p in a.points
    )
    outro = (Run(_sentence(a.thanks)),) if a.thanks else ()
    intro = (Run(f"总的来看，{period}{_sentence(a.summary)}主要有以下几个特点："),)
    return Enumeration(items, style="yishi", inline=True, intro=intro, outro=outro)


def _problems(data: Input, section_count: int) -> Paragraph:
    p = data.problems
    items = "；".join(_clause(item) for item in p.items)
    conclusion = _sentence(p.conclusion) if p.conclusion else ""
    return Paragraph.of(
        f"同时，我们也要清醒地看到，{_clause(p.summary)}：{items}，等等。{conclusion}"
        f"这里，我强调{count_phrase(section_count)}意见。"
    )


def _section(
    data: Input,
    emphasis: Emphasis,
    index: int,
    fragments: FragmentStore,
    source: Located,
    used: list[Fragment],
) -> Section:
    where = source.locate(("sections", index, "fragment"))
    fragment = fragments.get(emphasis.fragment, where)
    used.append(fragment)
    blocks = instantiate(
        fragment,
        emphasis.params,
        enumeration_style=emphasis.enumeration or data.enumeration,
        shared=data.params,
        where=where,
    )
    if len(blocks) == 1 and isinstance(blocks[0], Section):
        heading = blocks[0]
        return Section(emphasis.title or heading.title, heading.children)
    if emphasis.title is None:
        raise_untitled(fragment, where)
    return Section(emphasis.title or "", blocks)


def raise_untitled(fragment: Fragment, where: Any) -> None:
    from docgen.errors import InputError

    raise InputError(
        f"片段 {fragment.id} 没有以一个 # 标题开头，作为讲话的一部分需要在 sections 中给出 title",
        where,
    )


def _closing(
    data: Input, fragments: FragmentStore, source: Located, used: list[Fragment]
) -> list[Block]:
    where = source.locate(("closing", "fragment"))
    fragment = fragments.get(data.closing.fragment, where)
    used.append(fragment)
    blocks = list(
        instantiate(
            fragment,
            data.closing.params,
            enumeration_style=data.enumeration,
            shared=data.params,
            where=where,
        )
    )
    if data.thanks:
        blocks.append(Paragraph.of("谢谢大家！"))
    return blocks
