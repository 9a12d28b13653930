"""Tables from Excel (.xlsx) and CSV: rows whose cells remember their sheet, row and column.

Headers are matched by alias (any column order; spaces, line breaks and * marks ignored), so
"责任 单位", "牵头单位" and "责任单位*" all fill the same field; columns the caller does not know
are kept, in sheet order, as ``extra``. Merged cells give every covered cell the merged value;
blank rows are skipped; a title row above the header is allowed (the header is the row among the
first ones that names the most known columns). Sheets beyond the bounds below are refused.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.parsers import expat

from docgen.errors import DocgenError, InputError, Location, os_reason, raise_collected
from docgen.load.files import read_bounded
from docgen.text.invisible import without_invisible
from docgen.text.listing import few
from docgen.text.numbers import general

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_SHEET_ROWS = 20_000
MAX_DATA_ROWS = 5_000
MAX_COLUMNS = 100
MAX_CSV_LINES = 1_000_000
HEADER_SCAN_ROWS = 20
SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class TableRow:
    """One data row: values by field, the other columns as (header, value), and where it stood."""

    values: dict[str, Any]
    extra: tuple[tuple[str, Any], ...]
    cells: dict[str, Location]
    location: Location

    def locate(self, field: str) -> Location:
        """The cell of ``field`` in this row, or the row itself when the column is absent."""
        return self.cells.get(field, self.location)


@dataclass(frozen=True)
class Table:
    """The data rows of one sheet, with the header row and each field's header as written."""

    source: str
    sheet: str | None
    header_row: int
    headers: dict[str, str]
    rows: list[TableRow]
    sha256: str = ""  # of the file's bytes as read, for the manifest


def load_table(
    path: Path,
    display: str | None = None,
    *,
    headers: Mapping[str, Sequence[str]],
    required: Collection[str] = (),
    sheet: str | None = None,
) -> Table:
    """Read ``path``; ``headers`` maps each field to the header names accepted for it.

    Every problem found in the header (missing or repeated columns) is reported at once.
    """
    source = display or str(path)
    where = Location(file=source)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx", where)
    if suffix not in SUFFIXES:
        raise InputError(f"不支持的表格文件类型「{path.suffix}」：请用 .xlsx 或 .csv", where)
    try:
        data = read_bounded(path, where, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise InputError("找不到表格文件", where) from None
    except OSError as exc:
        raise InputError(f"无法读取表格文件：{os_reason(exc)}", where) from None
    if suffix == ".csv":
        grid, sheet_name = _csv_grid(data, where), None
    else:
        grid, sheet_name = _xlsx_grid(data, where, sheet)
    table = _table(grid, source, sheet_name, headers, required)
    return replace(table, sha256=hashlib.sha256(data).hexdigest())


Grid = list[list[Any]]


def csv_records(data: bytes, where: Location) -> Iterator[list[str]]:
    """The records of a CSV file as Excel or WPS saves it: UTF-8 (with or without BOM) or
    GB18030, separated by commas, or by tabs or semicolons when the first line says so."""
    # Excel on Chinese Windows saves CSV as GB18030 unless "CSV UTF-8" is chosen.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("无法识别 CSV 文件的编码：请另存为 UTF-8", where)
    first = _first_line(text)
    # Tabs never sit in a column name; a comma is the usual separator, and a ";" in a name
    # ("备注（甲;乙）") must not win over it. Semicolons separate only where nothing else does.
    delimiter = next((c for c in "\t,;" if c in first), ",")
    return _records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), where)


def _first_line(text: str) -> str:
    """The first line with anything on it, found without splitting the text into lines (20
    million empty lines took 1.6 GB that way)."""
    found = re.search(r"\S", text)
    if found is None:
        return ""
    at = found.start()
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    ends = [end for end in (text.find("\n", at), text.find("\r", at)) if end != -1]
    return text[start : min(ends, default=len(text))]


def _records(reader: Iterator[list[str]], where: Location) -> Iterator[list[str]]:
    """The reader's records; a record it cannot read refused with its number (the row a
    spreadsheet shows it on), in Chinese."""
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(_csv_problem(str(exc)), replace(where, row=number)) from None
        if number > MAX_CSV_LINES:  # blank lines too, which no row count bounds
            raise InputError(f"CSV 文件超过 {MAX_CSV_LINES} 行（空行也算在内），已拒绝读取", where)
        yield record


def _csv_problem(problem: str) -> str:
    if problem.startswith("field larger than field limit"):
        # A stray quote makes the rest of the file one cell: Excel's cells hold 32,767 characters.
        return (
            f"CSV 单元格过长（超过 {csv.field_size_limit()} 个字符，Excel 单元格最多 32767 个），"
            "已拒绝读取：请检查从这一行起的引号是否成对"
        )
    return "CSV 格式有误，无法读取这一行：请在 Excel 或 WPS 中打开后另存为 CSV 再试"


def _csv_grid(data: bytes, where: Location) -> Grid:
    grid: Grid = []
    for record in csv_records(data, where):
        _bound(len(grid) + 1, len(record), replace(where, row=len(grid) + 1))
        grid.append([_cell(value) for value in record])
    return grid


def _xlsx_grid(data: bytes, where: Location, sheet: str | None) -> tuple[Grid, str]:
    """The sheet's values with merged ranges filled (openpyxl's full mode knows the merges)."""
    from openpyxl import load_workbook

    data = refuse_hostile_xlsx(data, where)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            book = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a broken file, in English
        raise InputError(UNREADABLE_XLSX, where) from None
    worksheet = _pick_sheet(book, sheet, where)
    located = Location(file=where.file, sheet=worksheet.title)
    _bound(worksheet.max_row, worksheet.max_column, located)
    grid: Grid = [
        [_cell(value) for value in row]
        for row in worksheet.iter_rows(
            max_row=worksheet.max_row, max_col=worksheet.max_column, values_only=True
        )
    ]
    blank = blank_rows(grid)
    for merged in worksheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = top
    for index in blank:
        grid[index] = [None] * len(grid[index])
    return grid, worksheet.title


def blank_rows(grid: Sequence[Sequence[Any]]) -> set[int]:
    """The indexes of a sheet's blank rows, before merged cells are filled: a row blank but
    for a cell merged down into it (one inserted inside a merged cell, which Excel then grows
    over it) stays a blank row."""
    return {index for index, row in enumerate(grid) if all(v is None or v == "" for v in row)}


def _pick_sheet(book: Any, name: str | None, where: Location) -> Any:
    if name is None:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise InputError("Excel 文件中没有可见的工作表", where)
        return visible[0]
    if name not in book.sheetnames:
        raise InputError(
            f"没有名为「{name}」的工作表（已有：{few(book.sheetnames, 30, '个')}）", where
        )
    return book[name]


# What a reader's own words about a broken workbook come to for the user.
UNREADABLE_XLSX = (
    "无法读取 Excel 文件：文件已损坏，或不是 Excel 保存的 .xlsx"
    "（可用 Excel 或 WPS 打开后另存为 .xlsx 再试）"
)


# An OLE2 compound file: Excel 97–2003 (.xls), or an .xlsx with an opening password (Office
# keeps the encrypted workbook in its "EncryptedPackage" stream).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _not_a_workbook(data: bytes) -> str:
    if data.startswith(_OLE2) and _ENCRYPTED in data:
        return (
            "表格设置了打开密码，无法读取：请在 Excel 中打开后依次点“文件→信息→保护工作簿→"
            "用密码进行加密”，清空密码并保存（WPS：“文件→文档加密→密码加密”），再试"
        )
    if data.startswith(_OLE2):
        return "这是旧版 Excel 97-2003 的 .xls 文件（只是扩展名为 .xlsx）：请在 Excel 或 WPS 中另存为 .xlsx"
    return "不是有效的 .xlsx 文件（可能是改了扩展名的 .xls 或其他文件）"


# What reading a damaged zip raises: a bad CRC or header (BadZipFile), a broken deflate stream
# (zlib.error, EOFError), an encrypted member (RuntimeError), an unknown compression
# (NotImplementedError), LZMA and bzip2 streams (their own errors, OSError).
ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
try:
    import lzma

    ZIP_ERRORS += (lzma.LZMAError,)
except ImportError:  # pragma: no cover - Python built without lzma
    pass


# Cells merged ranges may cover in all: a sheet's merges do not overlap, so a real one covers
# at most its own cells; openpyxl makes an object for each, and thousands of ranges over the
# same rows would take all memory (a file of a few kilobytes).
MAX_MERGED_CELLS = 200_000
# Tags in a part of styles (openpyxl makes an object of each: 3.3 million <xf/> in a file of
# 146 KB took 2.7 GB); Excel keeps at most 65,490 cell formats, a real part holds thousands.
MAX_STYLE_TAGS = 400_000
_STYLE_SHEET = re.compile(rb"<(?:[^\s<>/:=]+:)?styleSheet[\s>]")
# A range as a <mergeCell ref> writes it once parsed: A1:B2, $A$1:$B$2, or one cell.
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")


def refuse_hostile_xlsx(data: bytes, where: Location) -> bytes:
    """A workbook is a zip of XML: bound what it expands to, what its merged ranges cover,
    and refuse DTDs, before openpyxl or calamine reads it. Every part is looked at by its
    bytes, whatever its name: calamine reads a worksheet wherever the relationships put it.

    Returns the workbook as checked: what every reader reads after. One file can hold two
    archives that zip readers tell apart differently (a zip64 record pointing to another
    central directory: Python's zipfile follows it, calamine's reader does not), and the one
    checked must be the one read (security review 21): unless the file ends as Excel and WPS
    end theirs, its parts are zipped again."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise InputError(_not_a_workbook(data), where) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > 1000 or sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
            raise InputError("Excel 文件解压后过大，已拒绝读取", where)
        merged = 0
        for info in infos:
            try:
                with archive.open(info) as stream:
                    start = stream.read(_CHUNK)
                    if not _looks_xml(start, info.filename):
                        continue
                    part = start + stream.read()  # an XML part is inflated once
                if _declares_dtd(part):
                    raise InputError("Excel 文件含有 DTD/实体声明，疑似恶意文件，已拒绝读取", where)
                merged += _merged_cells(part, where)
                if _STYLE_SHEET.search(part) and part.count(b"<") > MAX_STYLE_TAGS:
                    raise InputError(
                        f"Excel 文件的样式部分过大（{part.count(b'<')} 个标记，上限 "
                        f"{MAX_STYLE_TAGS}），疑似损坏或恶意文件，已拒绝读取",
                        where,
                    )
            except ZIP_ERRORS:
                raise InputError(UNREADABLE_XLSX, where) from None
        if merged > MAX_MERGED_CELLS:
            raise InputError(
                f"Excel 文件中合并单元格共覆盖 {merged} 个单元格（上限 {MAX_MERGED_CELLS}），"
                "疑似损坏或恶意文件，已拒绝读取",
                where,
            )
        return data if _plainly_ended(data) else _zipped_again(archive, where)


def _plainly_ended(data: bytes) -> bool:
    """Whether a zip ends as programs write one: its end record the last 22 bytes (no
    comment), no zip64 record, the central directory just before the end record — where every
    zip reader finds the same one."""
    end = len(data) - 22
    if end < 0 or data[end : end + 4] != b"PK\x05\x06" or b"PK\x06\x07" in data[-65_600:]:
        return False
    size, offset = struct.unpack_from("<LL", data, end + 12)
    return offset + size == end


def _zipped_again(archive: zipfile.ZipFile, where: Location) -> bytes:
    """The parts as ``archive`` reads them (a name given twice: its last part), stored in a
    plain zip of their own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as again:
        for name in dict.fromkeys(info.filename for info in archive.infolist()):
            try:
                again.writestr(zipfile.ZipInfo(name), archive.read(name))
            except ZIP_ERRORS:
                raise InputError(UNREADABLE_XLSX, where) from None
    return buffer.getvalue()


def _looks_xml(start: bytes, name: str) -> bool:
    """Whether a part is XML: named so, or its first bytes a tag (after a BOM, whitespace)."""
    if name.endswith((".xml", ".rels")):
        return True
    return start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<") or start[:2] in (
        b"\xff\xfe",
        b"\xfe\xff",
    )


def _merged_cells(part: bytes, where: Location) -> int:
    """How many cells a part's merged ranges cover, read as an XML parser reads them — an
    attribute holding ">", a reference spelt with zeros or character references —, up to
    past the bound; a part that does not parse, 0 (its reader refuses it). Read by expat's
    events, no tree kept; elements nested deeper than any workbook's refused."""
    if b"mergeCell" not in part:
        return 0
    total = depth = 0
    parser = expat.ParserCreate(namespace_separator="}")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal total, depth
        depth += 1
        if depth > _MAX_XML_DEPTH:
            raise InputError("Excel 文件的 XML 嵌套过深，疑似损坏或恶意文件，已拒绝读取", where)
        if name.rpartition("}")[2] == "mergeCell":
            total += _range_cells(attributes.get("ref", ""))
            if total > MAX_MERGED_CELLS:
                raise _Counted

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(part, True)
    except _Counted:
        pass
    except expat.ExpatError:
        return 0
    return total


class _Counted(Exception):
    """Enough merged cells counted to refuse the file."""


# A worksheet nests its elements five deep or so.
_MAX_XML_DEPTH = 256


def _range_cells(reference: str) -> int:
    """How many cells a range covers; one past the bound when it cannot be read."""
    found = _RANGE.fullmatch(reference.strip())
    if found is None:
        return MAX_MERGED_CELLS + 1
    left, top, right, bottom = found.groups()
    width = abs(column_number(right or left) - column_number(left)) + 1
    return width * (abs(int(bottom or top) - int(top)) + 1)


def column_number(letters: str) -> int:
    """A column's number from its letters: A 1, AB 28."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _declares_dtd(data: bytes) -> bool:
    """Whether an XML part has a DTD (<!DOCTYPE, with its entities) before its root element,
    however long the comments and instructions that push it there; a part in UTF-16 (which
    Excel never writes, and in which "<!DOCTYPE" is not these bytes) counts as one."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return True
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        position = _SPACE.match(data, position).end()  # type: ignore[union-attr]
        for opener, closer in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if data.startswith(opener, position):
                end = data.find(closer, position + len(opener))
                if end < 0:
                    return True  # never closed: no well-formed part
                position = end + len(closer)
                break
        else:
            return data.startswith(b"<!", position)


_CHUNK = 65536
_SPACE = re.compile(rb"\s*")


def _bound(rows: int, columns: int, where: Location) -> None:
    if rows > MAX_SHEET_ROWS:
        raise InputError(
            f"工作表行数过多（{rows} 行，上限 {MAX_SHEET_ROWS}）；若只是格式延伸到大量空行，"
            "请删除多余的空行后再试",
            where,
        )
    if columns > MAX_COLUMNS:
        raise InputError(f"工作表列数过多（{columns} 列，上限 {MAX_COLUMNS}）", where)


def _cell(value: Any) -> Any:
    """A cell's value as people mean it: text trimmed and without invisible characters, whole
    floats as int, blank as None."""
    if isinstance(value, str):
        value = without_invisible(value)
        lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        return text or None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()  # a date cell: the midnight is Excel's, not the author's
    if isinstance(value, float):
        return general(value)  # whole floats as int; 0.1+0.2 as the 0.3 Excel shows
    return value


def header_title(value: Any) -> str:
    """A header as a column's name: without the line breaks and spaces that only laid it out
    in its cell ("报送截止⏎日期", "姓　名"); words of Latin script keep their spaces."""
    return _LAYOUT_SPACE.sub("", str(value).strip())


# A line break with the spaces around it, or spaces between two Chinese characters.
_LAYOUT_SPACE = re.compile(
    r"\s*\n\s*|(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])"
)


def normalize_header(text: str) -> str:
    """A header for matching: no spaces or line breaks, no * marks, half-width brackets."""
    text = re.sub(r"[\s*＊]+", "", text).replace("（", "(").replace("）", ")")
    return text.lower()


def _table(
    grid: Grid,
    source: str,
    sheet: str | None,
    headers: Mapping[str, Sequence[str]],
    required: Collection[str],
) -> Table:
    where = Location(file=source, sheet=sheet)
    aliases = {normalize_header(a): field for field, names in headers.items() for a in names}
    header_index = _find_header(grid, aliases)
    if header_index is None:
        expected = "、".join(names[0] for names in headers.values())
        raise InputError(
            f"在前 {HEADER_SCAN_ROWS} 行中找不到表头（应有这些列中的几列：{expected}）", where
        )
    header_row = header_index + 1
    columns, extra_columns = _columns(
        grid[header_index], aliases, headers, required, where, header_row
    )
    rows = list(_rows(grid, header_index, columns, extra_columns, where))
    if not rows:
        raise InputError("表格中没有数据行", Location(file=source, sheet=sheet, row=header_row))
    written = {f: header_title(grid[header_index][i]) for f, i in columns.items()}
    return Table(source, sheet, header_row, written, rows)


def _find_header(grid: Grid, aliases: Mapping[str, str]) -> int | None:
    best, best_score = None, 1
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        fields = {aliases.get(normalize_header(str(v))) for v in row if v is not None}
        score = len(fields - {None})
        if score > best_score:
            best, best_score = index, score
    return best


def _columns(
    header: list[Any],
    aliases: Mapping[str, str],
    headers: Mapping[str, Sequence[str]],
    required: Collection[str],
    where: Location,
    row: int,
) -> tuple[dict[str, int], dict[int, str]]:
    """Field -> column index, and the other named columns; every header problem at once."""
    errors: list[DocgenError] = []
    columns: dict[str, int] = {}
    extra: dict[int, str] = {}
    for index, value in enumerate(header):
        if value is None:
            continue
        field = aliases.get(normalize_header(str(value)))
        if field is None:
            extra[index] = header_title(value)
        elif field in columns:
            first = column_letter(columns[field])
            errors.append(
                InputError(
                    f"「{value}」与第 {first} 列「{header[columns[field]]}」是同一列，请删去其一",
                    _cell_location(where, row, index, str(value)),
                )
            )
        else:
            columns[field] = index
    for field in required:
        if field not in columns:
            names = headers[field]
            others = f"（也可写作：{'、'.join(names[1:])}）" if len(names) > 1 else ""
            errors.append(
                InputError(
                    f"缺少「{names[0]}」列{others}",
                    Location(where.file, sheet=where.sheet, row=row),
                )
            )
    raise_collected(errors)
    return columns, extra


def _rows(
    grid: Grid, header_index: int, columns: dict[str, int], extra: dict[int, str], where: Location
) -> Iterator[TableRow]:
    titles = {index: header_title(grid[header_index][index]) for index in columns.values()}
    count = 0
    for index in range(header_index + 1, len(grid)):
        values = grid[index]
        # A header merged over two rows repeats itself in the second: not data.
        if all(v is None for v in values) or values == grid[header_index]:
            continue
        count += 1
        row = index + 1
        if count > MAX_DATA_ROWS:
            raise InputError(
                f"数据行过多（上限 {MAX_DATA_ROWS} 行）",
                Location(where.file, sheet=where.sheet, row=row),
            )
        _refuse_headless(values, columns, extra, where, row)
        yield TableRow(
            values={f: values[i] if i < len(values) else None for f, i in columns.items()},
            extra=tuple((title, values[i]) for i, title in extra.items() if i < len(values)),
            cells={f: _cell_location(where, row, i, titles[i]) for f, i in columns.items()},
            location=Location(file=where.file, sheet=where.sheet, row=row),
        )


def _refuse_headless(
    values: list[Any], columns: dict[str, int], extra: dict[int, str], where: Location, row: int
) -> None:
    named = set(columns.values()) | set(extra)
    for index, value in enumerate(values):
        if value is not None and index not in named:
            raise InputError(
                "这一列有数据但没有表头：请在表头行写上列名",
                _cell_location(where, row, index, None),
            )


def _cell_location(where: Location, row: int, index: int, title: str | None) -> Location:
    letter = column_letter(index)
    column = f"{letter}（{title}）" if title else letter
    return Location(file=where.file, sheet=where.sheet, row=row, column=column)


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
