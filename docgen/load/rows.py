"""Data rows for a batch (a roster) from .xlsx, .csv or .yaml; every row remembers where it stood.

A spreadsheet's first row names the columns; each later row becomes a mapping from column name
to value. Empty cells are left out of the mapping, so a template that needs the value fails for
that row (StrictUndefined) instead of printing a blank. A YAML file is a list of mappings.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import io
import itertools
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from string import ascii_uppercase
from typing import Any

from docgen.errors import InputError, Location, os_reason
from docgen.load.office import is_owner_file, open_elsewhere, open_note, owner_file_message
from docgen.load.table import (
    UNREADABLE_XLSX,
    ZIP_ERRORS,
    column_letter,
    csv_records,
    header_title,
    refuse_hostile_xlsx,
)
from docgen.load.yamlfile import MAX_INPUT_BYTES, load_yaml_bytes
from docgen.text.dates import WrittenDate, WrittenDateTime, WrittenTime
from docgen.text.listing import few
from docgen.text.numbers import format_number, is_long_whole, shown, written_number

MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
# Where calamine puts a worksheet's cells (``_sheet_extent``): a cell element (<c>, <x:c>); one
# not opened by its reference (r="AB12", r='AB12'); one whose attributes up to its reference
# are plain; every cell reference anywhere (calamine takes a cell's last r); and every piece of
# a part, for one where some cell is not so written.
_CELL_START = re.compile(rb"<(?:[^\s<>/:=\"']*:)?c(?=[\s/>])")
_UNUSUAL_CELL = re.compile(rb"<c(?=[\s/>])(?!\s+r\s*=\s*[\"'][A-Za-z]+\d+[\"'])")
_NAME = rb"[^\s<>/=\"']+"
_QUOTED = rb"(?:\"[^\"<]*\"|'[^'<]*')"
_PLAIN_CELL = re.compile(
    rb"<(?:[^\s<>/:=\"']*:)?c(?:\s+(?!r\s*=)" + _NAME + rb"\s*=\s*" + _QUOTED + rb")*"
    rb"\s+r\s*=\s*[\"'][A-Za-z]+\d+[\"']"
)
# (Any name ending in r counts: a search led by a look-behind takes four times as long.)
_ANY_REFERENCE = re.compile(rb"r\s*=\s*(?:\"([A-Za-z]+)(\d+)\"|'([A-Za-z]+)(\d+)')")
_XML_PIECE = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    rb"|<(/?)(" + _NAME + rb")((?:\s+" + _NAME + rb"\s*=\s*" + _QUOTED + rb")*)\s*(/?)>|<",
    re.S,
)
_ATTRIBUTE = re.compile(rb"\s+(" + _NAME + rb")\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"([A-Za-z]+)(\d+)")
# A part whose root is an external link (its <sheetDataSet> caches another workbook's cells).
_EXTERNAL_LINK = re.compile(rb"\s*(?:<\?[^>]*\?>\s*)?<(?:[\w.-]+:)?externalLink[\s>]")
# A worksheet part in UTF-16, which no spreadsheet program writes.
_UTF16_SHEET = ("sheetData".encode("utf-16-le"), "sheetData".encode("utf-16-be"))
# A row element's attributes; a row filtered out or hidden in Excel says hidden="1".
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
# A cell with its attributes and content; an error value (t="e"), a formula (<f>) and its value.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3}\d+)"')
_ERROR_TYPE = re.compile(rb'\st="e"')
_STRING_TYPE = re.compile(rb'\st="str"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
# The workbook's sheets in order and where their parts are (names and targets XML-escaped).
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_REL_ID = re.compile(rb"""\s(?:\w+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(rb"""\sId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TARGET = re.compile(rb"""\sTarget\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_NAME = re.compile(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""")
HEADER_SCAN_ROWS = 10
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
# Excel's built-in number formats that show numbers otherwise than plainly: 0, 0.00, #,##0,
# #,##0.00, currency, 0%, 0.00%, accounting (the others are General, dates, times, text).
_NUMBER_FORMAT_IDS = frozenset([*range(1, 11), *range(37, 45)])
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_FORMAT_ID = re.compile(rb'numFmtId="(\d+)"')
_FORMAT_CODE = re.compile(rb'formatCode="([^"]*)"')
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
        """How a person finds the row: the sheet and row, or the YAML item and its line."""
        if self.location.line is None:
            return str(self.location)
        return f"{self.location.file}：第 {self.number} 条（第 {self.location.line} 行）"


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
    """A YAML value with its dates as a 公文 writes them, in lists and mappings too (a task
    list's 时限 printed by a table loop)."""
    if _is_date(value):
        return WrittenDate.of(value)
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
        yield number, [_csv_cell(value.strip()) for value in record]


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
    styles, marks = _bounded_workbook(data, Location(file=source))
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
    formats = _number_formats(data, styles, sheet.name) if styles else {}
    notes: tuple[str, ...] = ()
    if formats is None:  # the values are read: they print, only not as the sheet shows them
        formats = {}
        notes = (f"工作表「{sheet.name}」的数字格式未能读取，百分比、千分位、货币等数字按原值输出",)
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
    notes += roster.notes + _long_numbers(values, cells, sheet.name)
    sheet_marks = marks(index)
    notes += _hidden_rows_note(roster, sheet_marks.hidden, sheet.name)
    notes += _unread_cells_note(roster, sheet_marks.unread, sheet.name)
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
    """A cell merged down over several rows (one unit spanning rows) belongs to each of them.
    Merges across columns are titles and headers, left as they are."""
    for (top, left), (bottom, right) in ranges:
        if left != right or top >= len(values) or left >= len(values[top]):
            continue
        for row in values[top + 1 : bottom + 1]:
            if left < len(row) and row[left] in ("", None):
                row[left] = values[top][left]


def _bounded_workbook(data: bytes, where: Location) -> tuple[bytes, Callable[[int], _SheetMarks]]:
    """The workbook's styles part (b"" if none) and the hidden rows of its sheet at an index,
    once every worksheet is known to span a sane range: calamine allocates a sheet's whole
    rectangle, so two cells at A1 and XFD1000000 in a file of a few kilobytes would take all
    memory and abort the process. Every part calamine could read as a worksheet is bounded —
    any part with a <sheetData>, wherever the workbook's relationships put it —, its cells
    placed as calamine places them (a cell without a reference follows the one before)."""
    hidden: dict[str, frozenset[int]] = {}
    unread: dict[str, dict[str, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            names = dict(parts)
            for name in archive.namelist():
                part = archive.read(name)
                if b"sheetData" not in part or _EXTERNAL_LINK.match(part):
                    if any(marker in part for marker in _UTF16_SHEET):
                        raise InputError(UNREADABLE_XLSX, where)
                    continue  # an external link caches another workbook's cells: no sheet here
                sheet = replace(where, sheet=names.get(name))
                _refuse_wide_sheet(part, sheet)
                if not name.startswith("xl/worksheets/"):
                    continue
                if b'hidden="' in part:  # rarely: the row tags are read only then
                    hidden[name] = _hidden_rows(part)
                if b't="e"' in part or b"<f" in part:  # the cells are read only then
                    unread[name] = _unread_cells(part)
            try:
                styles = archive.read("xl/styles.xml")
            except KeyError:
                styles = b""
    except ZIP_ERRORS:
        raise InputError(UNREADABLE_XLSX, where) from None

    def of_sheet(index: int) -> _SheetMarks:
        part = parts[index][0] if index < len(parts) else ""
        return _SheetMarks(hidden.get(part, frozenset()), unread.get(part, {}))

    return styles, of_sheet


def _refuse_wide_sheet(part: bytes, where: Location) -> None:
    """Refuse a worksheet part whose cells reach beyond the bounds (or that is no XML calamine
    and Excel would read alike)."""
    extent = _sheet_extent(part)
    if extent is None:
        raise InputError(UNREADABLE_XLSX, where)
    rows, columns = extent
    if rows > MAX_ROWS + HEADER_SCAN_ROWS or columns > MAX_COLUMNS:
        raise InputError(
            f"工作表的范围过大（到第 {rows} 行、第 {columns} 列）：若只是个别单元格或格式"
            "延伸得很远，请删除多余的行列后再试",
            where,
        )


def _sheet_extent(part: bytes) -> tuple[int, int] | None:
    """The last row and column (from 1) a worksheet part's cells reach, empty cells too; None
    for a part that is no well-formed XML. Excel, WPS and the libraries give every cell its
    reference (r="B7"): then the farthest reference anywhere in the part bounds them (a cell
    given two, calamine places by the last), found by one search. Otherwise — references left
    out, behind comments, cells of a namespace prefix — every piece is read as calamine reads
    it."""
    if b":c" in part or _UNUSUAL_CELL.search(part) is not None:
        if len(_PLAIN_CELL.findall(part)) != len(_CELL_START.findall(part)):
            return _walked_extent(part)
    found = _ANY_REFERENCE.findall(part)
    return _extent([a or b for _, a, _, b in found], {a or b for a, _, b, _ in found})


def _extent(rows: list[bytes], letters: set[bytes]) -> tuple[int, int]:
    """The last row and column of cells whose references have these rows and column letters."""
    bottom = max(map(_whole, rows), default=0)
    return bottom, max((_column_number(a.upper()) for a in letters), default=0)


def _walked_extent(part: bytes) -> tuple[int, int] | None:
    """``_sheet_extent`` piece by piece, placing cells as calamine does: a row's r sets the row
    (from 0), its end moves to the next and back to the first column; a cell's r places it,
    else it takes the next column of the row. Where calamine's reading depends on its version
    (an empty <row/> or <c/>), the larger place is taken; a row or cell inside a cell, and a
    part that is no well-formed XML, give None."""
    row = column = 0  # where calamine puts the next cell without a reference
    bottom = right = 0
    open_tags: list[bytes] = []
    in_cell = False
    for piece in _XML_PIECE.finditer(part):
        closing, name, attributes, empty = piece.groups()
        if name is None:
            if piece.group() == b"<":
                return None  # not a tag, comment, CDATA or instruction: no XML
            continue
        local = name.split(b":", 1)[-1]
        if closing:
            if attributes or empty or not open_tags or open_tags.pop() != name:
                return None
            if local == b"c":
                in_cell = False
            elif local == b"row":
                row, column = row + 1, 0
            continue
        if local not in (b"row", b"c"):
            if not empty:
                open_tags.append(name)
            continue
        if in_cell:
            return None
        reference = _attribute_r(attributes)
        if reference is False:
            return None
        if local == b"row":
            if reference is not None:
                if not reference.isdigit() or _whole(reference) == 0:
                    return None
                number = _whole(reference) - 1
                row = max(row, number) if empty else number
            if empty:
                row += 1  # read as a row and its end, or not at all: the column kept
            else:
                open_tags.append(name)
            continue
        if reference is None:
            at_row, at_column = row, column
            column += 1
        else:
            found = _REFERENCE.fullmatch(reference)
            if found is None or _whole(found[2]) == 0:
                return None
            at_row, at_column = _whole(found[2]) - 1, _column_number(found[1].upper()) - 1
            column = at_column + 1 if not empty else max(column, at_column + 1)
        bottom, right = max(bottom, at_row + 1), max(right, at_column + 1)
        if not empty:
            open_tags.append(name)
            in_cell = True
    return bottom, right


def _attribute_r(attributes: bytes) -> bytes | bool | None:
    """A tag's r attribute: its value, None without one, False when given twice."""
    found = [a or b for name, a, b in _ATTRIBUTE.findall(attributes) if name == b"r"]
    if len(found) > 1:
        return False
    return found[0] if found else None


def _whole(digits: bytes) -> int:
    """A row number as written; one of more than nine digits is past any bound."""
    return int(digits) if len(digits) <= 9 else 10**9


@dataclass(frozen=True)
class _SheetMarks:
    """What calamine does not say about a sheet: its hidden rows, and the cells it reads as
    blank that hold an error value (#N/A) or a formula never calculated, by reference."""

    hidden: frozenset[int]
    unread: dict[str, str]


def _unread_cells(sheet: bytes) -> dict[str, str]:
    """Cells whose value calamine cannot give: "#N/A" (an error value), "" (a formula saved
    without its result, as programs other than Excel save them)."""
    found = {}
    for match in _CELL.finditer(sheet):
        attributes, content = match.group(1), match.group(2) or b""
        reference = _CELL_REF.search(attributes)
        if reference is None:
            continue
        value = _VALUE.search(content)
        if _ERROR_TYPE.search(attributes):
            found[reference.group(1).decode()] = (
                value.group(1).decode(errors="replace") if value else "#"
            )
        elif _FORMULA.search(content) and not (
            value and (value.group(1) or _STRING_TYPE.search(attributes))
        ):
            found[reference.group(1).decode()] = ""
    return found


def _hidden_rows(sheet: bytes) -> frozenset[int]:
    """The numbers of the rows a sheet's XML marks hidden (a row without r follows the last)."""
    hidden, number = set(), 0
    for match in _ROW_TAG.finditer(sheet):
        attributes = match.group(1)
        found = _ROW_NUMBER.search(attributes)
        number = int(found.group(1)) if found else number + 1
        if _HIDDEN.search(attributes):
            hidden.add(number)
    return frozenset(hidden)


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """The part and name of each sheet, in the workbook's order (calamine's indices); the part
    "" where unknown."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets = {}
    for match in _RELATIONSHIP.finditer(rels):
        rel_id, target = _value(_ID, match.group(1)), _value(_TARGET, match.group(1))
        if rel_id is not None and target is not None:
            path = html.unescape(target.decode("utf-8", "replace"))
            if path.startswith("/"):
                path = path[1:]
            elif not path.startswith("xl/"):
                path = "xl/" + path
            targets[rel_id] = posixpath.normpath(path)
    parts = []
    for match in _SHEET_TAG.finditer(workbook):
        rel_id, name = _value(_REL_ID, match.group(1)), _value(_SHEET_NAME, match.group(1))
        shown = html.unescape(name.decode("utf-8", "replace")) if name is not None else ""
        parts.append((targets.get(rel_id, "") if rel_id is not None else "", shown))
    return parts


def _value(attribute: re.Pattern[bytes], attributes: bytes) -> bytes | None:
    """The value of the attribute ``attribute`` finds, in either quotes; None without it."""
    found = attribute.search(attributes)
    if found is None:
        return None
    return found.group(1) if found.group(1) is not None else found.group(2)


def _column_number(letters: bytes) -> int:
    """b"A" -> 1, b"AB" -> 28; letters past any bound (more than four) -> 10**9."""
    if len(letters) > 4:
        return 10**9
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _number_formats(data: bytes, styles: bytes, sheet: str) -> dict[tuple[int, int], str] | None:
    """The number format of every numeric cell shown otherwise than plainly (85%, 12,345.50),
    by (row, column) from 1; None when openpyxl cannot read the sheet. calamine reads values
    only, so openpyxl reads the formats — and only for a workbook whose styles have such
    formats, which most rosters have not."""
    if not _shows_numbers_otherwise(styles):
        return {}
    from openpyxl import load_workbook

    formats: dict[tuple[int, int], str] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            worksheet = book[sheet]
            worksheet.reset_dimensions()  # calamine reads every row, whatever <dimension> says
            for row in worksheet.iter_rows():
                for cell in row:
                    code = getattr(cell, "number_format", None)
                    if code and code != "General" and isinstance(cell.value, (int, float)):
                        formats[(cell.row, cell.column)] = code
        finally:
            book.close()
    except Exception:  # calamine read the values: without their formats they still print
        return None
    return formats


def _shows_numbers_otherwise(styles: bytes) -> bool:
    """Whether a cell style of the workbook shows numbers otherwise than plainly (percent,
    thousands, fixed decimals, currency); dates, times and text formats do not count."""
    cell_styles = _CELL_XFS.search(styles)
    if cell_styles is None:
        return False
    custom = {}
    for found in _NUMBER_FORMAT.finditer(styles):
        number, code = _FORMAT_ID.search(found[1]), _FORMAT_CODE.search(found[1])
        if number and code:
            custom[int(number[1])] = html.unescape(code[1].decode("utf-8", "replace"))
    for number in {int(found) for found in _FORMAT_ID.findall(cell_styles[0])}:
        if number in custom:
            if format_number(1234.5678, custom[number]) not in (None, "1234.5678"):
                return True
        elif number in _NUMBER_FORMAT_IDS:
            return True
    return False


def _cell(value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, str):
        return value.strip() or None  # calamine reads an empty cell as ""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            return WrittenDateTime.of(value)  # 2026年12月1日 9:00
        value = value.date()  # a date cell: the midnight is Excel's, not the author's
    if type(value) is datetime.date:
        return WrittenDate.of(value)  # printed 2026年12月15日, as a 公文 writes dates
    if type(value) is datetime.time:
        return WrittenTime.of(value)  # 14:30, as the sheet shows it
    if isinstance(value, (int, float)) and not isinstance(value, bool):
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
    for number, values in itertools.chain(lead[start + 1 :], records):
        if not _filled(values):
            continue
        where = Location(file=source, sheet=sheet, row=number)
        skipped = _not_a_record(values, first=not rows) if len(columns) > 1 else None
        if skipped:
            text = "　".join(str(v) for v in values if _present(v))
            notes.append(f"{where}「{text[:30]}」像是{skipped}，不当作数据行")
            continue
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


def _not_a_record(values: list[Any], first: bool = False) -> str | None:
    """What a row is when it is no record: under the header (``first``: no record read yet),
    how to fill each column in — "（全称）", "(选填)" —; under the table, a note or signature
    line, a total."""
    if first and _hints(values):
        return "表头下的填写说明"
    if _under_table(values):
        return "表格下方的注释或签名"
    return "合计行" if _total(values) else None


def _hints(values: list[Any]) -> bool:
    """Whether every filled cell of the row is a note how to fill it in."""
    return all(_hint(v) for v in values if _present(v))


def _hint(value: Any) -> bool:
    """Whether a cell is a bracketed note how to fill its column in: （全称）, (选填), （格式：…）."""
    return isinstance(value, str) and _HINT.fullmatch(value.strip()) is not None


def _under_table(values: list[Any]) -> bool:
    """Whether every filled cell of the row is a note or a signature line (注：…, 填表人：…)."""
    return all(
        isinstance(v, str) and (_UNDER_TABLE.match(v) or _FILLED_IN_BY.match(v))
        for v in values
        if _present(v)
    )


def _total(values: list[Any]) -> bool:
    """Whether the row's first two filled cells hold a 合计 or 小计 label: no unit is named so."""
    labels = [v for v in values if _present(v)][:2]
    return any(isinstance(v, str) and _TOTAL.match("".join(v.split())) for v in labels)


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
