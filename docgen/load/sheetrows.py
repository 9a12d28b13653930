"""A roster's rows from an .xlsx worksheet, read by calamine, with the values as the sheet
shows them and what the sheet hides said: hidden rows, error values, lost digits."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from string import ascii_uppercase
from typing import Any

from docgen.errors import InputError, Location
from docgen.load.records import table_rows
from docgen.load.roster import SHEET_HINT, Roster
from docgen.load.table import UNREADABLE_XLSX, blank_rows, column_letter, refuse_hostile_xlsx
from docgen.load.workbook import bounded_workbook, number_formats
from docgen.text.dates import (
    WrittenDateTime,
    WrittenTime,
    date_parts,
    shows_time_only,
    written_date,
)
from docgen.text.invisible import without_invisible
from docgen.text.listing import few
from docgen.text.numbers import is_long_whole, shown


def xlsx_rows(data: bytes, source: str, wanted: str | None = None) -> Roster:
    """The first sheet's rows, read by calamine (a roster of thousands of units reads in a blink;
    openpyxl would take longer than rendering them)."""
    from python_calamine import CalamineError, CalamineWorkbook

    data = refuse_hostile_xlsx(data, Location(file=source))
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
    sheet_marks = marks(index)
    unread = {int(ref.lstrip(ascii_uppercase)) for ref in sheet_marks.unread}
    roster = table_rows(
        enumerate(cells, start=1), source, sheet=sheet.name, merged=merged, unread=unread
    )
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
        if shows_time_only(number_format):
            return WrittenTime.of(value.time())  # 14:30 under h:mm, as the sheet shows it
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
