"""Data rows for a batch (a roster) from .xlsx, .csv or .yaml; every row remembers where it stood.

A spreadsheet's first row names the columns; each later row becomes a mapping from column name
to value. Empty cells are left out of the mapping, so a template that needs the value fails for
that row (StrictUndefined) instead of printing a blank. A YAML file is a list of mappings.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from string import ascii_uppercase
from typing import Any

from docgen.errors import InputError, Location, os_reason
from docgen.load.office import is_owner_file, open_elsewhere, open_note, owner_file_message
from docgen.load.table import (
    UNREADABLE_XLSX,
    blank_rows,
    column_letter,
    csv_records,
    header_title,
    refuse_hostile_xlsx,
)
from docgen.load.workbook import (
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    bounded_workbook,
    number_formats,
)
from docgen.load.yamlfile import MAX_INPUT_BYTES, load_yaml_bytes
from docgen.text.dates import (
    WrittenDate,
    WrittenDateTime,
    WrittenTime,
    date_parts,
    written_date,
)
from docgen.text.invisible import without_invisible
from docgen.text.listing import few
from docgen.text.numbers import is_long_whole, shown, written_number

# "填报单位（盖章）：", "填表日期：2025-03-10", "制表人：": who filled the sheet in, and when.
_FILLED_IN_BY = re.compile(r"^\s*(填报|填表|制表|报送|编制|统计)[^：:]{0,10}[：:]")
# Lines under a table: "注：完成率由系统计算。", "说明：", "审核人：李强".
_UNDER_TABLE = re.compile(
    r"^\s*(注|备注|说明|附注|审核|审批|负责人|单位负责人|联系人|联系电话)[^：:]{0,6}[：:]"
)
# A note on how to fill a column in, under its name: "（全称）", "(选填)", "【格式：…】".
_HINT = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
# A total row at the foot of the table: "合计", "总 计", "小计：", "合计（34个单位）".
_TOTAL = re.compile(r"^(合计|总计|小计|共计|汇总)(?:[（(].*[）)])?[：:]?$")
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Row:
    """One record: its values, its position among the data rows (from 1) and its place."""

    number: int
    values: dict[str, Any]
    location: Location

    @property
    def position(self) -> int:
        """The number people see: the sheet's row number, else the item's number in the list."""
        return self.location.row or self.number

    @property
    def label(self) -> str:
        """How a person finds the row: its file, then its ``place`` (asked of every row)."""
        if self.location.line is None:
            return str(self.location)
        return f"{self.location.file}：{self.place}"

    @property
    def place(self) -> str:
        """The row within its file: the sheet and row, or the YAML item and its line."""
        if self.location.line is None:
            return str(replace(self.location, file=None))
        return f"第 {self.number} 条（第 {self.location.line} 行）"


@dataclass(frozen=True)
class Roster:
    """The rows of one data file and its column names, in the file's order."""

    source: str
    columns: tuple[str, ...]
    rows: list[Row]
    sha256: str = ""  # of the file's bytes as read, for the manifest
    notes: tuple[str, ...] = ()  # what the user should know about how the rows were read
    sheets: tuple[str, ...] = ()  # a workbook's visible worksheets and the one read
    sheet_named: bool = False  # the one read was named (--sheet, each: {sheet: …}), not the first


# How to name the worksheet to read, in both places a roster is named.
SHEET_HINT = (
    "docgen merge 用 --sheet 工作表名，docgen.yaml 写 each: {file: 名单.xlsx, sheet: 工作表名}"
)


def other_sheets(roster: Roster, how: str = f"请指定要读的工作表（{SHEET_HINT}）") -> str:
    """For a workbook of several sheets read from its first (none named), which sheet was read
    and the others, with ``how`` to read another; else ""."""
    if len(roster.sheets) < 2 or not roster.rows or roster.sheet_named:
        return ""
    read = roster.rows[0].location.sheet
    others = few((f"「{name}」" for name in roster.sheets if name != read), 30, "个")
    return f"读取的是工作表「{read}」，另有 {others}：名单在别的工作表时{how}"


def read_rows(path: Path, display: str | None = None, sheet: str | None = None) -> Roster:
    """Every data row of ``path`` (of its worksheet ``sheet``, else the first one a user
    sees); a file that cannot be read raises one located error."""
    source = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(_unsupported(suffix), Location(file=source))
    if is_owner_file(path):
        raise InputError(owner_file_message(path, "数据文件"), Location(file=source))
    if not path.is_file():
        raise InputError("找不到数据文件", Location(file=source))
    if path.stat().st_size > MAX_INPUT_BYTES * 4:
        raise InputError("数据文件过大，已拒绝读取", Location(file=source))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取数据文件：{os_reason(exc)}", Location(file=source)) from None
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise InputError("只有 .xlsx 表格才有工作表，这个文件不能指定工作表", Location(file=source))
    if suffix in (".yaml", ".yml", ".json"):
        roster = _yaml_rows(data, source)
    elif suffix == ".csv":
        roster = _table_rows(_csv_records(data, source), source, sheet=None)
        roster = replace(roster, notes=roster.notes + _scientific_numbers(roster))
    else:
        roster = _xlsx_rows(data, source, sheet)
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


_CSV_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")


def _csv_cell(text: str) -> Any:
    found = _CSV_DATE.fullmatch(text)
    if found:
        try:
            return WrittenDate(int(found[1]), int(found[3]), int(found[4]))
        except ValueError:
            return text  # 2026-02-30: no date, said as written
    return written_number(text)


def _xlsx_rows(data: bytes, source: str, wanted: str | None = None) -> Roster:
    """The first sheet's rows, read by calamine (a roster of thousands of units reads in a blink;
    openpyxl would take longer than rendering them)."""
    from python_calamine import CalamineError, CalamineWorkbook

    refuse_hostile_xlsx(data, Location(file=source))
    styles, marks = bounded_workbook(data, Location(file=source))
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            index = _sheet_index(book, wanted, source)
            sheet = book.get_sheet_by_index(index)
            values = sheet.to_python(skip_empty_area=False)
            sheets = _shown_sheets(book, index)
            merged = sheet.merged_cell_ranges or []
    except InputError:
        raise
    except (CalamineError, OSError, ValueError, IndexError):  # calamine's words are English
        raise InputError(UNREADABLE_XLSX, Location(file=source)) from None
    formats = number_formats(data, styles, sheet.name) if styles else {}
    notes: tuple[str, ...] = ()
    if formats is None:  # the values are read: they print, only not as the sheet shows them
        formats = {}
        notes = (
            f"{source}：工作表「{sheet.name}」的数字格式未能读取，百分比、千分位、货币等数字按原值输出",
        )
    cells = [
        [_cell(value, formats.get((number, column))) for column, value in enumerate(row, start=1)]
        if formats
        else [_cell(value) for value in row]
        for number, row in enumerate(values, start=1)
    ]
    _fill_vertical_merges(cells, merged)
    roster = _table_rows(enumerate(cells, start=1), source, sheet=sheet.name, merged=merged)
    if not roster.rows:
        others = few((f"「{name}」" for name in sheets if name != sheet.name), 30, "个")
        raise InputError(
            f"工作表「{sheet.name}」中没有数据行"
            + (
                f"（另有工作表 {others}，可指定要读的工作表：{SHEET_HINT}）"
                if others and not wanted
                else ""
            ),
            Location(file=source),
        )
    sheet_marks = marks(index)
    notes += roster.notes + tuple(  # said of the sheet, as a row's notes are: file and sheet
        f"{source}：{note}"
        for note in (
            *_long_numbers(values, cells, sheet.name),
            *_hidden_rows_note(roster, sheet_marks.hidden, sheet.name),
            *_unread_cells_note(roster, sheet_marks.unread, sheet.name),
        )
    )
    return replace(roster, notes=notes, sheets=sheets, sheet_named=wanted is not None)


def _unread_cells_note(roster: Roster, unread: dict[str, str], sheet: str) -> tuple[str, ...]:
    """Error values and uncalculated formulas in data rows, read as blank cells: said, lest a
    failed VLOOKUP (#N/A) in a deadline column quietly give the default deadline."""
    rows = {row.position for row in roster.rows}
    unread = {ref: v for ref, v in unread.items() if int(ref.lstrip(ascii_uppercase)) in rows}
    errors = [f"{ref}（{value}）" for ref, value in unread.items() if value]
    formulas = [ref for ref, value in unread.items() if not value]
    notes = []
    if errors:
        notes.append(
            f"工作表「{sheet}」中 {len(errors)} 个单元格是 Excel 的错误值：{few(errors, 5)}，按空白读取"
            "（请在 Excel 中改正公式或填入数值）"
        )
    if formulas:
        notes.append(
            f"工作表「{sheet}」中 {len(formulas)} 个公式单元格没有保存计算结果：{few(formulas, 5)}，"
            "按空白读取"
            "（用 Excel 或 WPS 打开、保存一次即可）"
        )
    return tuple(notes)


def _hidden_rows_note(roster: Roster, hidden: frozenset[int], sheet: str) -> tuple[str, ...]:
    """Rows filtered out or hidden in Excel are read like the others (as Word's mail merge
    reads them): said, lest a clerk who filtered the sheet to some units send them all."""
    rows = [row.position for row in roster.rows if row.position in hidden]
    if not rows:
        return ()
    return (
        f"工作表「{sheet}」第 {few(rows, 10)} 行在 Excel 中被筛选掉或隐藏了，共 {len(rows)} 行，"
        "仍按数据行生成（筛选不影响读取）；不要生成的单位请从名单中删除这些行",
    )


def _long_numbers(values: list[list[Any]], cells: list[list[Any]], sheet: str) -> tuple[str, ...]:
    """A note per column holding numbers of more than 15 digits (身份证号 typed as a number):
    Excel kept only their first 15 digits, so the outputs cannot show the rest."""
    first: dict[int, int] = {}  # column index -> row index of its first long number
    for number, row in enumerate(values):
        for column, value in enumerate(row):
            if type(value) is float and (value >= 1e15 or value <= -1e15) and column not in first:
                if is_long_whole(value):
                    first[column] = number
    return tuple(
        f"工作表「{sheet}」第 {column_letter(column)} 列第 {number + 1} 行起有超过 15 位的数字，"
        f"Excel 只保存前 15 位（输出为 {cells[number][column]}）：身份证号、银行账号等请把该列"
        "设为「文本」格式后重新填写"
        for column, number in sorted(first.items())
    )


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


def _sheet_index(book: Any, wanted: str | None, source: str) -> int:
    """The worksheet named ``wanted`` (spaces around it ignored), else the first visible one."""
    if wanted is None:
        return _first_visible_sheet(book)
    names = [sheet.name for sheet in book.sheets_metadata]
    for index, name in enumerate(names):
        if name.strip() == wanted.strip():
            return index
    raise InputError(
        f"没有名为「{wanted}」的工作表（有：{few(names, 30, '个')}）", Location(file=source)
    )


def _shown_sheets(book: Any, read: int) -> tuple[str, ...]:
    """The worksheets a user sees, and the one read: a hidden "填表说明" is no roster to
    suggest."""
    return tuple(
        sheet.name
        for index, sheet in enumerate(book.sheets_metadata)
        if index == read or _shown(sheet)
    )


def _first_visible_sheet(book: Any) -> int:
    """The first worksheet a user sees: a hidden "说明" sheet in front is not the roster."""
    return next((i for i, sheet in enumerate(book.sheets_metadata) if _shown(sheet)), 0)


def _shown(sheet: Any) -> bool:
    """Whether calamine's sheet metadata is a worksheet a user sees (not hidden, not a chart)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    return sheet.visible == SheetVisibleEnum.Visible and sheet.typ == SheetTypeEnum.WorkSheet


def _fill_vertical_merges(values: list[list[Any]], ranges: list[Any]) -> None:
    """A cell merged down over several rows (one unit spanning rows) belongs to each of them,
    but a row blank besides (one inserted inside the merge) stays blank. Merges across columns
    are titles and headers, left as they are."""
    blank = blank_rows(values)
    for (top, left), (bottom, right) in ranges:
        if left != right or top >= len(values) or left >= len(values[top]):
            continue
        for index in range(top + 1, min(bottom + 1, len(values))):
            row = values[index]
            if left < len(row) and row[left] in ("", None) and index not in blank:
                row[left] = values[top][left]


# Day 1 of Excel's dates is 1900-01-01, counted as if 1900 had a 29 February (day 60).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_LAST_SERIAL = 2958466  # 9999-12-31


def _cell(value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, str):  # calamine reads an empty cell as ""
        return without_invisible(value).strip() or None
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            return WrittenDateTime.of(value)  # 2026年12月1日 9:00
        value = value.date()  # a date cell: the midnight is Excel's, not the author's
    if type(value) is datetime.date:  # printed 2026年12月15日, as a 公文 writes dates
        return written_date(value, number_format)  # or only the parts it shows: 2026年12月
    if type(value) is datetime.time:
        return WrittenTime.of(value)  # 14:30, as the sheet shows it
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < _LAST_SERIAL and date_parts(number_format):
            # A date in a format calamine does not take for one (aaaa: 星期六): its serial.
            return written_date(_EXCEL_EPOCH + datetime.timedelta(days=int(value)), number_format)
        return shown(value, number_format)  # 85%, 12,345.50: as the sheet shows them
    return value


def _table_rows(
    records: Iterable[tuple[int, list[Any]]],
    source: str,
    sheet: str | None,
    merged: Sequence[Any] = (),
) -> Roster:
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
    for number, values in itertools.chain(lead[start + 1 :], records):
        filled = [v for v in values if _present(v)]
        if not filled:
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
            joined[column] = header_title(values[left]) + (
                header_title(str(part)) if _present(part) else ""
            )
    return joined


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
    """Two or more column names; a "填报单位：…　填报日期：…" line above the header is not one."""
    filled = [str(v) for v in values if _present(v)]
    return len(filled) >= 2 and not any(_FILLED_IN_BY.match(v) for v in filled)


def _filled(values: list[Any]) -> int:
    return sum(1 for value in values if _present(value))


def _header(values: list[Any], where: Location) -> list[str]:
    names = [header_title(v) if _present(v) else "" for v in values]
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name and name in seen:
            column = column_letter(index)
            raise InputError(f"表头「{name}」重复（第 {column} 列）", where)
        seen.add(name)
    return names


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
