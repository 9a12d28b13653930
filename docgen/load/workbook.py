"""An .xlsx read as its raw XML, before calamine allocates anything: every worksheet's
extent bounded (calamine allocates a sheet's whole rectangle), the rows hidden or filtered out
and the cells calamine reads as blank (error values, formulas without a result) marked, and the
number formats a sheet shows (through openpyxl, only for a workbook that has any)."""

from __future__ import annotations

import datetime
import html
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from docgen.errors import InputError, Location
from docgen.load.table import UNREADABLE_XLSX, ZIP_ERRORS, column_number
from docgen.text.dates import shows_part_of_date, shows_time_only
from docgen.text.numbers import MAX_FORMAT_CODE, format_number

MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
# calamine holds a sheet as the rectangle its cells reach, ~50 bytes a cell however few are
# filled (A1 and ALL100000: 4.8 GB): 100,000 rows of 50 columns at most, with a header.
MAX_CELLS = (MAX_ROWS + 10) * 50
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
# A tag's attributes end before any "<": an unclosed one is not read to the part's end.
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^<>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
# A cell with its attributes and content; an error value (t="e"), a formula (<f>) and its value.
# A cell's attributes end before any tag, its content before another cell starts: an unclosed
# <c> does not scan to the sheet's end (which, for each of thousands of them, would take minutes).
_CELL = re.compile(rb"<(?:\w+:)?c\b([^<>]*?)(?:/>|>((?:(?!<(?:\w+:)?c\b).)*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3}\d+)["']""")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_STRING_TYPE = re.compile(rb"""\st\s*=\s*["']str["']""")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
# The workbook's sheets in order and where their parts are (names and targets XML-escaped).
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^<>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^<>]*)>")
_REL_ID = re.compile(rb"""\s(?:\w+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(rb"""\sId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TARGET = re.compile(rb"""\sTarget\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_NAME = re.compile(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""")
HEADER_SCAN_ROWS = 10
# Excel's built-in number formats that show numbers otherwise than plainly: 0, 0.00, #,##0,
# #,##0.00, currency, 0%, 0.00%, accounting (the others are General, dates, times, text).
_NUMBER_FORMAT_IDS = frozenset([*range(1, 11), *range(37, 45)])
# Those that show a time of day alone: h:mm AM/PM, h:mm:ss AM/PM, h:mm, h:mm:ss, mm:ss…, and
# in Chinese Excel and WPS h"时"mm"分", 上午/下午h"时"mm"分" and their seconds' forms.
_TIME_FORMAT_IDS = frozenset([*range(18, 22), *range(45, 48), *range(32, 36), 55, 56])
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b")
_CELL_XFS_END = re.compile(rb"</(?:\w+:)?cellXfs>")
_NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b([^<>]*)>")
_FORMAT_ID = re.compile(rb"""numFmtId\s*=\s*["'](\d+)["']""")
_FORMAT_CODE = re.compile(rb"""formatCode\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def bounded_workbook(data: bytes, where: Location) -> tuple[bytes, Callable[[int], SheetMarks]]:
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
                if b"hidden" in part:  # rarely: the row tags are read only then
                    hidden[name] = _hidden_rows(part)
                # The cells are read only then ("e" quoted: a quick test before the search).
                if b"<f" in part or (
                    (b'"e"' in part or b"'e'" in part) and _ERROR_TYPE.search(part)
                ):
                    unread[name] = _unread_cells(part)
            try:
                styles = archive.read("xl/styles.xml")
            except KeyError:
                styles = b""
    except ZIP_ERRORS:
        raise InputError(UNREADABLE_XLSX, where) from None

    def of_sheet(index: int) -> SheetMarks:
        part = parts[index][0] if index < len(parts) else ""
        return SheetMarks(hidden.get(part, frozenset()), unread.get(part, {}))

    return styles, of_sheet


def _refuse_wide_sheet(part: bytes, where: Location) -> None:
    """Refuse a worksheet part whose cells reach beyond the bounds (or that is no XML calamine
    and Excel would read alike)."""
    extent = _sheet_extent(part)
    if extent is None:
        raise InputError(UNREADABLE_XLSX, where)
    rows, columns = extent
    reach = f"到第 {rows} 行、第 {columns} 列"
    if rows > MAX_ROWS + HEADER_SCAN_ROWS or columns > MAX_COLUMNS:
        pass
    elif rows * columns > MAX_CELLS:
        reach += f"，共 {rows * columns} 格，上限 {MAX_CELLS} 格"
    else:
        return
    raise InputError(
        f"工作表的范围过大（{reach}）：若只是个别单元格或格式延伸得很远，请删除多余的行列后再试",
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
class SheetMarks:
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
    return 10**9 if len(letters) > 4 else column_number(letters.decode("ascii"))


def number_formats(data: bytes, styles: bytes, sheet: str) -> dict[tuple[int, int], str] | None:
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
                    if (
                        code
                        and code != "General"
                        and len(code) <= MAX_FORMAT_CODE
                        and _shown_otherwise(cell.value, code)
                    ):
                        formats[(cell.row, cell.column)] = code
        finally:
            book.close()
    except Exception:  # calamine read the values: without their formats they still print
        return None
    return formats


def _shown_otherwise(value: object, code: str) -> bool:
    """A number (its format read by ``shown``, or a date's serial), or a date whose format
    shows some of its parts only, or its time alone."""
    if isinstance(value, datetime.datetime) and shows_time_only(code):
        return True
    if isinstance(value, datetime.date):
        return shows_part_of_date(code)
    return isinstance(value, (int, float))


def _shows_numbers_otherwise(styles: bytes) -> bool:
    """Whether a cell style of the workbook shows numbers otherwise than plainly (percent,
    thousands, fixed decimals, currency); dates, times and text formats do not count."""
    # The list from its first start to the first end after it: a search of the whole list by
    # one pattern would read to the part's end from each of a hostile part's unclosed starts.
    start = _CELL_XFS.search(styles)
    end = _CELL_XFS_END.search(styles, start.end()) if start else None
    if start is None or end is None:
        return False
    cell_styles = styles[start.start() : end.end()]
    custom = {}
    for found in _NUMBER_FORMAT.finditer(styles):
        number, code = _FORMAT_ID.search(found[1]), _value(_FORMAT_CODE, found[1])
        # Written escaped (&quot;, &#x5143;): 8 bytes at most a character.
        if number and code is not None and len(code) <= MAX_FORMAT_CODE * 8:
            text = html.unescape(code.decode("utf-8", "replace"))
            if len(text) <= MAX_FORMAT_CODE:
                custom[int(number[1])] = text
    for number in {int(found) for found in _FORMAT_ID.findall(cell_styles)}:
        if number in custom:
            if format_number(1234.5678, custom[number]) not in (None, "1234.5678"):
                return True
            if shows_part_of_date(custom[number]) or shows_time_only(custom[number]):
                return True
        elif number in _NUMBER_FORMAT_IDS or number in _TIME_FORMAT_IDS:
            return True
    return False
