"""A sheet's records — rows of cells, from an .xlsx or a .csv — read as a roster's rows.

The header is found under a title row, a header of two rows is read as joined names, and the rows
that are no records — how to fill a column in, notes and signatures under the table, totals —
are skipped and said. Empty cells are left out of a row's mapping, so a template that needs the
value fails for that row (StrictUndefined) instead of printing a blank.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from docgen.errors import InputError, Location
from docgen.load.roster import Roster, Row
from docgen.load.table import column_letter, header_title
from docgen.load.workbook import HEADER_SCAN_ROWS, MAX_ROWS
from docgen.text.listing import few

# "填报单位（盖章）：", "填表日期：2025-03-10", "制表人：": who filled the sheet in, and when.
_FILLED_IN_BY = re.compile(r"^\s*(填报|填表|制表|报送|编制|统计)[^：:]{0,10}[：:]")


# A label and its value in one cell, as an export writes above its table ("单位：市委办公室",
# "导出时间：2026-11-20 09:31"): such a line is no header.
# (A label has a word in it and no bracket: not 8:00-9:00, not 预算（单位：万元）.)
_LABELLED = re.compile(r"^\s*(?=[^：:]*?[^\W\d_])[^：:\s（(]{1,10}\s*[：:]\s*\S")
# A form's line above its table with labels and values in cells of their own (填报单位 | 市委办 |
# 联系人 | 王某): the labels a form asks, and the endings of column names no value has.
_FORM_LABELS = frozenset(
    "填报单位 填表单位 报送单位 单位 填报人 填表人 制表人 联系人 联系电话 电话 手机 "
    "填报日期 填表日期 报送日期 制表日期 日期 时间 导出时间".split()
)
_FORM_LABEL = re.compile(r"^(填报|填表|报送|制表)")
_COLUMN_ENDING = re.compile(r"(名称|单位|人|电话|日期|时间|序号|编号|号码|地址|邮箱|职务|备注)$")
# A column of row numbers: a row with nothing else filled is no record (a sheet numbered down
# past its last unit).
_SERIAL_HEADERS = frozenset({"序号", "编号", "序"})


# Lines under a table: "注：完成率由系统计算。", "说明：", "审核人：李强".
_UNDER_TABLE = re.compile(
    r"^\s*(注|备注|说明|附注|审核|审批|负责人|单位负责人|联系人|联系电话)[^：:]{0,6}[：:]"
)


# A note on how to fill a column in, under its name: "（全称）", "(选填)", "【格式：…】".
_HINT = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")


# A total row at the foot of the table: "合计", "总 计", "小计：", "合计（34个单位）".
# The mark of a column a form requires (*单位名称, 联系电话＊): no part of the column's name, as
# the tags that print it leave it out.
_REQUIRED_MARK = re.compile(r"^[*＊]+\s*|\s*[*＊]+$")
_TOTAL = re.compile(r"^(合计|总计|小计|共计|汇总)(?:[（(].*[）)])?[：:]?$")


def table_rows(
    records: Iterable[tuple[int, list[Any]]],
    source: str,
    sheet: str | None,
    merged: Sequence[Any] = (),
    unread: Collection[int] = (),
) -> Roster:
    """The roster's rows from a sheet's records (row number, cells). ``unread``: the rows
    holding cells a reader could not give (an error value, a formula without its result,
    read as blank), never taken for rows with nothing but a 序号."""
    records = iter(records)
    lead = _leading_rows(records)
    if not lead:
        return Roster(source, (), [])
    # A title row (one merged cell, "临江市……名单") may sit above the header.
    start = len(lead) - 1 if _could_be_header(lead[-1][1]) else 0
    number, values = lead[start]
    head_notes: list[str] = []
    if start == len(lead) - 1:
        below = next(records, None)
        joined = _two_row_header(values, below[1], number, merged) if below else None
        if joined is not None:
            grouped = [name for name, own in zip(joined, values, strict=False) if name != own]
            grouped += joined[len(values) :]
            where = Location(file=source, sheet=sheet, row=number)
            head_notes = [
                f"{where}起的表头占两行，分组下的列名连同组名读取为"
                + few((f"「{header_title(name)}」" for name in grouped), 30, "列", sep="")
            ]
            values = joined
        elif below is not None:
            records = itertools.chain([below], records)
    header = _header(values, Location(file=source, sheet=sheet, row=number))
    rows: list[Row] = []
    notes: list[str] = head_notes
    columns = tuple(name for name in header if name)
    header_row = number
    gaps = len(header) > len(columns)  # a column with no name in the header
    serial = {index for index, name in enumerate(header) if name in _SERIAL_HEADERS}
    numbered_only: list[int] = []  # rows with nothing but their 序号
    for number, values in itertools.chain(lead[start + 1 :], records):
        filled = [v for v in values if _present(v)]
        if not filled:
            continue
        if len(columns) > 1 and number not in unread and _numbered_only(values, serial):
            numbered_only.append(number)
            continue
        where = Location(file=source, sheet=sheet, row=number)
        skipped = _not_a_record(filled, first=not rows) if len(columns) > 1 else None
        if skipped:
            text = "　".join(map(str, filled))
            notes.append(f"{where}「{text[:30]}」像是{skipped}，不当作数据行")
            continue
        if gaps or len(values) > len(header):  # a cell may have no header above it
            _refuse_headless(values, header, header_row, where)
        record = {name: v for name, v in zip(header, values, strict=False) if name and _present(v)}
        rows.append(Row(len(rows) + 1, record, where))
        if len(rows) > MAX_ROWS:
            raise InputError(f"数据行超过上限（{MAX_ROWS} 行），请拆分后再生成", where)
    if numbered_only:
        notes.append(
            f"{Location(file=source, sheet=sheet)}：第{few(numbered_only, 10)}行只填了序号，"
            f"共 {len(numbered_only)} 行，不当作数据行"
        )
    return Roster(source, columns, rows, notes=tuple(notes))


def _two_row_header(
    values: list[Any], parts: list[Any], number: int, merged: Sequence[Any]
) -> list[Any] | None:
    """A header of two rows (``values`` at row ``number``, ``parts`` under it), as 公文 tables
    are drawn: a group's name merged across its columns ("联系人" over 姓名 and 电话, "经费（万元）"
    over 2025 and 2026), each column's own name under it, and the other columns' names merged
    down over both rows (or a note under them: "（全称）") — at least one: nothing else tells
    names from a record. The names joined, a group's before its part's ("联系人姓名"); None
    when the header is one row, as when the row below holds data — a unit's name where
    单位名称 stands, or a blank there where the unit is yet to be named."""
    groups = [
        (left, right)
        for (top, left), (bottom, right) in merged
        if top == number - 1 and bottom == top and right > left and _present(_at(values, left))
    ]
    grouped = {column for left, right in groups for column in range(left, right + 1)}
    outside = [c for c in range(len(values)) if c not in grouped and _present(values[c])]
    if not groups or not outside:
        return None
    for column in range(max(len(values), len(parts), max(grouped) + 1)):
        part = _at(parts, column)
        if column not in grouped and part != _at(values, column) and not _hint(part):
            return None  # not the column's name merged down (nor a note how to fill it in)
    joined = list(values) + [None] * (max(len(parts), max(grouped) + 1) - len(values))
    for left, right in groups:
        for column in range(left, right + 1):
            part = _at(parts, column)  # none: the group's name alone
            joined[column] = _column_name(values[left]) + (
                _column_name(part) if _present(part) else ""
            )
    return joined


def _numbered_only(values: list[Any], serial: set[int]) -> bool:
    """Whether a row holds nothing but a number in a 序号 column."""
    filled = [(index, value) for index, value in enumerate(values) if _present(value)]
    return bool(serial) and all(
        index in serial and str(value).strip().isdigit() for index, value in filled
    )


def _at(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _not_a_record(filled: list[Any], first: bool = False) -> str | None:
    """What a row (its ``filled`` cells) is when it is no record: under the header (``first``:
    no record read yet), how to fill each column in — "（全称）", "(选填)" —; under the table,
    a note or signature line, a total."""
    if first and all(_hint(v) for v in filled):
        return "表头下的填写说明"
    if _under_table(filled):
        return "表格下方的注释或签名"
    return "合计行" if _total(filled) else None


def _hint(value: Any) -> bool:
    """Whether a cell is a bracketed note how to fill its column in: （全称）, (选填), （格式：…）."""
    return isinstance(value, str) and _HINT.fullmatch(value.strip()) is not None


def _under_table(filled: list[Any]) -> bool:
    """Whether every filled cell of the row is a note or a signature line (注：…, 填表人：…)."""
    return all(
        isinstance(v, str) and (_UNDER_TABLE.match(v) or _FILLED_IN_BY.match(v)) for v in filled
    )


def _total(filled: list[Any]) -> bool:
    """Whether the row's first two filled cells hold a 合计 or 小计 label: no unit is named so."""
    return any(isinstance(v, str) and _TOTAL.match("".join(v.split())) for v in filled[:2])


def _leading_rows(records: Iterator[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """The first non-blank rows, up to the first with two or more cells filled (or ten)."""
    lead: list[tuple[int, list[Any]]] = []
    for number, values in records:
        if _filled(values):
            lead.append((number, values))
            if _could_be_header(values) or len(lead) == HEADER_SCAN_ROWS:
                break
    return lead


def _could_be_header(values: list[Any]) -> bool:
    """Two or more column names; a "填报单位：…　填报日期：…" or "单位：…　日期：…" line above the
    header is not one."""
    filled = [str(v) for v in values if _present(v)]
    return (
        len(filled) >= 2
        and not any(_FILLED_IN_BY.match(v) or _LABELLED.match(v) for v in filled)
        and not _labels_and_values(values)
    )


def _labels_and_values(values: list[Any]) -> bool:
    """Whether the row is a form's label and value line (填报单位 | 市委办 | 联系人 | 王某): a
    label the form asks (one of them who filled it in or when) before each value, and no value
    named like a column."""
    filled = [v for v in values if _present(v)]
    labels = [re.sub(r"[\s：:]", "", str(v)) for v in filled[0::2]]
    named = [v for v in filled[1::2] if isinstance(v, str)]
    return (
        len(filled) >= 2
        and all(label in _FORM_LABELS for label in labels)
        and any(_FORM_LABEL.match(label) for label in labels)
        and not any(_COLUMN_ENDING.search("".join(v.split())) for v in named)
    )


def _filled(values: list[Any]) -> int:
    return sum(1 for value in values if _present(value))


def _header(values: list[Any], where: Location) -> list[str]:
    names = [_column_name(v) if _present(v) else "" for v in values]
    places: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name:
            places.setdefault(name, []).append(index)
    twice = [  # each as written: "*联系人" and "联系人" are one column's name twice
        "和".join(dict.fromkeys(f"「{header_title(values[i])}」" for i in columns))
        + f"（第 {'、'.join(column_letter(i) for i in columns)} 列）"
        for columns in places.values()
        if len(columns) > 1
    ]
    if twice:  # every one at once: a template could not tell which column it prints
        raise InputError(
            f"表头{'，'.join(twice)}重复：请把重复的列改名（如「联系人2」）或删去多余的列", where
        )
    return names


def _column_name(value: Any) -> str:
    title = header_title(value)
    return _REQUIRED_MARK.sub("", title) or title


def _refuse_headless(
    values: list[Any], header: list[str], header_row: int, where: Location
) -> None:
    for index, value in enumerate(values):
        if _present(value) and (index >= len(header) or not header[index]):
            raise InputError(
                f"第 {column_letter(index)} 列有数据但没有表头：请在表头（第{header_row}行）写上列名"
                "（表头占两行时，组名跨列合并、盖住下一行的“姓名”“电话”，其余列名上下合并为一格；"
                "或把表头合为一行，如“联系人姓名”“联系人电话”）",
                where,
            )


def _present(value: Any) -> bool:
    return value is not None and value != ""
