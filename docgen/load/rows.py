"""Data rows for a batch (a roster) from .xlsx, .csv or .yaml; every row remembers where it stood.

A spreadsheet's header row names the columns; each later row becomes a mapping from column name
to value (``records.table_rows``; an .xlsx is read by ``sheetrows``). A YAML file is a list of
mappings.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from docgen.errors import InputError, Location, os_reason
from docgen.load.files import read_bounded
from docgen.load.office import is_owner_file, open_elsewhere, open_note, owner_file_message
from docgen.load.records import table_rows
from docgen.load.roster import Roster, Row
from docgen.load.sheetrows import xlsx_rows
from docgen.load.table import csv_records
from docgen.load.workbook import MAX_COLUMNS, MAX_ROWS
from docgen.load.yamlfile import MAX_INPUT_BYTES, load_yaml_bytes
from docgen.text.dates import WrittenDate, WrittenDateTime
from docgen.text.invisible import without_invisible
from docgen.text.numbers import written_number

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".yaml", ".yml", ".json")


def read_rows(path: Path, display: str | None = None, sheet: str | None = None) -> Roster:
    """Every data row of ``path`` (of its worksheet ``sheet``, else the first one a user
    sees); a file that cannot be read raises one located error."""
    source = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(_unsupported(suffix), Location(file=source))
    if is_owner_file(path):
        raise InputError(owner_file_message(path, "数据文件"), Location(file=source))
    try:
        data = read_bounded(path, Location(file=source), MAX_INPUT_BYTES * 4)
    except FileNotFoundError:
        raise InputError("找不到数据文件", Location(file=source)) from None
    except OSError as exc:
        raise InputError(f"无法读取数据文件：{os_reason(exc)}", Location(file=source)) from None
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise InputError("只有 .xlsx 表格才有工作表，这个文件不能指定工作表", Location(file=source))
    if suffix in (".yaml", ".yml", ".json"):
        roster = _yaml_rows(data, source)
    elif suffix == ".csv":
        roster = table_rows(_csv_records(data, source), source, sheet=None)
        roster = replace(roster, notes=roster.notes + _scientific_numbers(roster))
    else:
        roster = xlsx_rows(data, source, sheet)
    if not roster.rows:
        raise InputError("数据文件中没有数据行", Location(file=source))
    notes = (f"{source}：{open_note('名单')}",) if open_elsewhere(path) else ()
    return replace(roster, sha256=hashlib.sha256(data).hexdigest(), notes=notes + roster.notes)


def _unsupported(suffix: str) -> str:
    message = f"不支持的数据文件类型「{suffix}」：请用 .xlsx、.csv 或 .yaml"
    if suffix in (".xls", ".et", ".ods"):
        return message + "（可在 Excel 或 WPS 中另存为 .xlsx）"
    if suffix in (".docx", ".doc"):
        return (
            message
            + "（数据文件应是名单表格：模板在前、数据在后，如 docgen merge 模板.docx 名单.xlsx）"
        )
    return message


def _yaml_rows(data: bytes, source: str) -> Roster:
    # A sheet's bounds: rows, and columns as every item's keys (each, and all together).
    located = load_yaml_bytes(data, source, max_items=MAX_ROWS, max_keys=MAX_COLUMNS)
    if not isinstance(located.data, list):
        raise InputError(
            "YAML 数据文件的顶层应是列表（每项一行数据）", Location(file=source, line=1)
        )
    rows = []
    columns: dict[str, None] = {}  # every key of every item, in order of first appearance
    for index, item in enumerate(located.data):
        where = located.locate((index,))
        if not isinstance(item, dict):
            raise InputError(f"第 {index + 1} 项应是键值映射", where)
        columns.update(dict.fromkeys(map(str, item)))
        if len(columns) > MAX_COLUMNS:
            raise InputError(
                f"到第 {index + 1} 项，各项的键合起来已超过 {MAX_COLUMNS} 个"
                f"（名单最多 {MAX_COLUMNS} 列），已拒绝读取",
                Location(file=source, line=where.line),
            )
        # Values as written, ~ and "" included: YAML is typed data, rendered as docxtpl does;
        # but a date prints as a 公文 writes it, as a sheet's date cell does.
        values = {k: _written(v) for k, v in item.items()}
        rows.append(Row(index + 1, values, Location(file=source, line=where.line)))
    return Roster(source, tuple(columns), rows)


def _written(value: Any) -> Any:
    """A YAML value with its dates as a 公文 writes them and its text without invisible
    characters, in lists and mappings too (a task list's 时限 printed by a table loop)."""
    if _is_date(value):
        return WrittenDate.of(value)
    if isinstance(value, str):
        return without_invisible(value)
    if isinstance(value, list):
        return [_written(item) for item in value]
    if isinstance(value, dict):
        return {key: _written(item) for key, item in value.items()}
    return value


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _csv_records(data: bytes, source: str) -> Iterator[tuple[int, list[Any]]]:
    records = csv_records(data, Location(file=source))
    for number, record in enumerate(records, start=1):
        while record and not record[-1].strip():
            record.pop()  # the empty cells a sheet's formatting left at the end of a line
        if len(record) > MAX_COLUMNS:
            raise InputError(
                f"这一行有 {len(record)} 列，超过上限（{MAX_COLUMNS} 列）：若只是个别单元格"
                "延伸得很远，请删除多余的列后再试",
                Location(file=source, row=number),
            )
        # A CSV has no types: a cell written as a number (85, 3.50, 85%) or a date (2026-12-15,
        # 2026/12/15) is one, as Excel reads it.
        yield number, [_csv_cell(without_invisible(value).strip()) for value in record]


# A date, with its time as Excel writes it in a CSV (2026/12/31 14:30) or an OA system exports
# it (2026-12-31 00:00:00).
_CSV_DATE = re.compile(
    r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.0+)?)?)?"
)


# A cell an export wrote as a formula giving text (="13800000006", ="0089"), as systems keep
# Excel from reading long numbers and leading zeros as numbers: Excel shows the text.
_TEXT_FORMULA = re.compile(r'="((?:[^"]|"")*)"')


def _csv_cell(text: str) -> Any:
    formula = _TEXT_FORMULA.fullmatch(text)
    if formula:
        return formula[1].replace('""', '"')
    found = _CSV_DATE.fullmatch(text)
    if found:
        year, month, day = int(found[1]), int(found[3]), int(found[4])
        hour, minute, second = (int(part or 0) for part in found.group(5, 6, 7))
        try:
            if hour or minute or second:
                return WrittenDateTime(year, month, day, hour, minute, second)
            return WrittenDate(year, month, day)  # a date, or its midnight: the day
        except ValueError:
            return text  # 2026-02-30: no date, said as written
    return written_number(text)


# How Excel shows a number too long for its column (13912345678 as 1.39E+10): what a CSV it
# saves then holds instead of the number.
_SCIENTIFIC = re.compile(r"[+-]?\d(?:\.\d+)?E\+\d+", re.IGNORECASE)


def _scientific_numbers(roster: Roster) -> tuple[str, ...]:
    """A note per column of a CSV holding numbers in Excel's scientific notation: the digits
    past the first few are lost, so a 电话 or 身份证号 cannot be printed from it."""
    first: dict[str, Row] = {}
    for row in roster.rows:
        for column, value in row.values.items():
            if column not in first and isinstance(value, str) and _SCIENTIFIC.fullmatch(value):
                first[column] = row
    return tuple(
        f"{roster.source}：「{column}」列{row.place}起有科学计数法的数字（{row.values[column]}）："
        "这是 Excel 把长数字显示为科学计数法后另存的 CSV，原来的数字已经丢失，会原样输出"
        "（请在 Excel 中把这一列设为「文本」格式、重新填写后另存，或改用 .xlsx 名单）"
        for column, row in sorted(first.items(), key=lambda item: roster.columns.index(item[0]))
    )
