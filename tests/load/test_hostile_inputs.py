"""Specs for hostile rosters and tables: every one refused in Chinese, naming the file and the
place, before a reader could allocate a sheet's whole rectangle, crash, or print a traceback.

The .xlsx cases reach just past docgen's bounds (100,010 rows, 1,000 columns), not Excel's:
should a check regress, calamine reads them and the test fails instead of aborting the run.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import InputError
from docgen.load.rows import read_rows
from docgen.load.table import UNREADABLE_XLSX, load_table
from docgen.text.listing import few

FAR_ROW = 100_500  # past the roster's 100,000 rows and the header's 10
SHEET = "xl/worksheets/sheet1.xml"


def _parts() -> dict[str, bytes]:
    """The parts of a two-row workbook (单位名称, 联系人) on a sheet named 名单."""
    book = Workbook()
    book.active.title = "名单"
    book.active.append(["单位名称", "联系人"])
    book.active.append(["市教育局", "王芳"])
    saved = io.BytesIO()
    book.save(saved)
    with zipfile.ZipFile(saved) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _with_cells(xml: str) -> dict[str, bytes]:
    """The workbook with ``xml`` added at the end of its sheet's data."""
    parts = _parts()
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", xml.encode() + b"</sheetData>")
    return parts


@pytest.mark.parametrize(
    ("xml", "reach"),
    [
        # The reference in single quotes, or after a tab or a line break.
        (f"<row r='{FAR_ROW}'><c r='B{FAR_ROW}'><v>1</v></c></row>", f"第 {FAR_ROW} 行"),
        (f'<row r="{FAR_ROW}"><c\tr="B{FAR_ROW}"><v>1</v></c></row>', f"第 {FAR_ROW} 行"),
        (f'<row r="{FAR_ROW}"><c\nr = "B{FAR_ROW}"><v>1</v></c></row>', f"第 {FAR_ROW} 行"),
        # Column letters in lower case, which calamine reads too.
        ('<row r="3"><c r="aqm3"><v>1</v></c></row>', "第 1131 列"),
        # Cells without a reference: the row's r, then one column after another.
        (f'<row r="{FAR_ROW}"><c><v>1</v></c></row>', f"第 {FAR_ROW} 行"),
        ('<row r="3">' + "<c><v>1</v></c>" * 1_100 + "</row>", "第 1100 列"),
        # A reference behind a comment, a ">" or a fake r in another attribute.
        (
            f'<!-- <c a=" --><row r="{FAR_ROW}"><c r="B{FAR_ROW}"><v>1</v></c></row><x b="--"/>',
            f"第 {FAR_ROW} 行",
        ),
        (f"<row r='{FAR_ROW}'><c a='>' r='B{FAR_ROW}'><v>1</v></c></row>", f"第 {FAR_ROW} 行"),
        (f"<row r='{FAR_ROW}'><c a=' r=\"B1\"' r='B{FAR_ROW}'><v>1</v></c></row>", "第 100500 行"),
        # Within both bounds, yet a rectangle of 100 million cells to calamine (security
        # review 20: 4.8 GB for a file of 1.5 KB).
        (
            '<row r="1"><c r="A1"><v>1</v></c></row>'
            '<row r="100000"><c r="ALL100000"><v>1</v></c></row>',
            "共 100000000 格",
        ),
        # A reference given twice: calamine places the cell by the last.
        (f'<row r="{FAR_ROW}"><c r="B3" r="B{FAR_ROW}"><v>1</v></c></row>', f"第 {FAR_ROW} 行"),
        # A namespace prefix on the cells.
        (
            f'<row r="{FAR_ROW}"><x:c xmlns:x="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" r="B{FAR_ROW}"><x:v>1</x:v></x:c></row>',
            f"第 {FAR_ROW} 行",
        ),
    ],
)
def test_a_sheet_reaching_past_the_bounds_is_refused_however_its_cells_are_written(
    tmp_path: Path, xml: str, reach: str
) -> None:
    path = _write(tmp_path / "名单.xlsx", _with_cells(xml))
    with pytest.raises(InputError, match="工作表的范围过大") as caught:
        read_rows(path, "名单.xlsx")
    assert reach in caught.value.message
    assert caught.value.location.file == "名单.xlsx"
    assert caught.value.location.sheet == "名单"


def test_a_worksheet_moved_out_of_xl_worksheets_is_bounded_too(tmp_path: Path) -> None:
    parts = _with_cells(f"<row r='{FAR_ROW}'><c r='B{FAR_ROW}'><v>1</v></c></row>")
    parts["xl/data/s.xml"] = parts.pop(SHEET)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b"worksheets/sheet1.xml", b"data/s.xml")
    path = _write(tmp_path / "名单.xlsx", parts)
    with pytest.raises(InputError, match=f"工作表的范围过大（到第 {FAR_ROW} 行") as caught:
        read_rows(path, "名单.xlsx")
    assert caught.value.location.sheet == "名单"


def test_an_external_links_cached_cells_are_not_a_sheet(tmp_path: Path) -> None:
    """A formula linking to another workbook caches its cells, far rows too: no bound here."""
    parts = _parts()
    parts["xl/externalLinks/externalLink1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<externalBook><sheetNames><sheetName val="总表"/></sheetNames><sheetDataSet>'
        f'<sheetData sheetId="0"><row r="{FAR_ROW}"><cell r="A{FAR_ROW}"><v>1</v></cell></row>'
        "</sheetData></sheetDataSet></externalBook></externalLink>"
    ).encode()
    roster = read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx")
    assert [row.values["单位名称"] for row in roster.rows] == ["市教育局"]


def test_cells_without_references_and_a_row_end_hidden_in_an_attribute_are_refused(
    tmp_path: Path,
) -> None:
    """A "</row>" inside an attribute value would reset the column count of a reader that
    searched for it: a sheet that is no well-formed XML is refused as damaged."""
    xml = '<row r="3"><c><v>1</v></c><x a="</row>"/><c><v>2</v></c></row>'
    path = _write(tmp_path / "名单.xlsx", _with_cells(xml))
    with pytest.raises(InputError) as caught:
        read_rows(path, "名单.xlsx")
    assert caught.value.message == UNREADABLE_XLSX
    assert caught.value.location.sheet == "名单"


def test_cells_without_references_within_the_bounds_are_read(tmp_path: Path) -> None:
    parts = _parts()
    parts[SHEET] = parts[SHEET].replace(b' r="A2"', b"").replace(b' r="B2"', b"")
    roster = read_rows(_write(tmp_path / "名单.xlsx", parts))
    assert [row.values for row in roster.rows] == [{"单位名称": "市教育局", "联系人": "王芳"}]


@pytest.mark.parametrize("member", [SHEET, "xl/theme/theme1.xml", "docProps/app.xml"])
def test_a_workbook_with_a_bad_crc_is_said_to_be_damaged(tmp_path: Path, member: str) -> None:
    parts = _parts()
    path = _write(tmp_path / "名单.xlsx", parts, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    data[data.index(parts[member][-40:]) + 5] ^= 1  # a stored byte changed: its CRC fails
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        read_rows(path, "名单.xlsx")
    assert caught.value.message == UNREADABLE_XLSX
    assert caught.value.location.file == "名单.xlsx"
    with pytest.raises(InputError) as caught:
        load_table(path, "名单.xlsx", headers={"unit": ["单位名称"]})
    assert caught.value.message == UNREADABLE_XLSX


@pytest.mark.parametrize(
    "text",
    [
        "单位名称,备注\n市教育局," + "长" * 140_000 + "\n",
        # A stray quote: the rest of the file becomes one cell.
        '单位名称,备注\n市教育局,"见附件\n' + "市公安局,无\n" * 20_000,
    ],
)
def test_a_csv_cell_longer_than_any_excel_cell_is_refused_with_its_row(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(text, encoding="utf-8")
    for read in (
        lambda: read_rows(path, "名单.csv"),
        lambda: load_table(path, "名单.csv", headers={"unit": ["单位名称"]}),
    ):
        with pytest.raises(InputError, match=r"CSV 单元格过长.*引号是否成对") as caught:
            read()
        assert caught.value.location.file == "名单.csv"
        assert caught.value.location.row == 2


def test_a_csv_roster_of_more_columns_than_a_sheets_is_refused_with_its_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("单位名称\n" + ",".join(["x"] * 1_001) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="这一行有 1001 列，超过上限（1000 列）") as caught:
        read_rows(path, "名单.csv")
    assert (caught.value.location.file, caught.value.location.row) == ("名单.csv", 2)


def test_empty_cells_trailing_a_csv_line_are_no_columns(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("单位名称,联系人" + "," * 5_000 + "\n市教育局,王芳" + "," * 5_000 + "\n")
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "联系人")


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("- 单位名称: 甲\n  份数: " + "9" * 5_000 + "\n", 2, "数字的位数过多"),
        ("- 单位名称: 甲\n  份数: 0x" + "f" * 5_000 + "\n", 2, "数字的位数过多"),
        ("- 单位名称: 甲\n  附件: " + "[" * 900 + "]" * 900 + "\n", 2, "嵌套过深（超过 100 层）"),
        (
            "- 单位名称: 甲\n  附件:\n" + "".join("  " * (i + 2) + "-\n" for i in range(200)),
            101,
            "嵌套过深（超过 100 层）",
        ),
        ("- 单位名称: 甲\n  x: !!python/object/apply:os.system ['id']\n", 2, "「!!python/object"),
        ("- 单位名称: 甲\n  联系人: !ref 王芳\n", 2, "不支持 YAML 标签「!ref」"),
        ("- 单位名称: 甲\n  附件: !!binary aGVsbG8=\n", 2, "不支持 YAML 标签「!!binary」"),
        ("- 单位名称: 甲\n  附件: !!set {a, b}\n", 2, "不支持 YAML 标签「!!set」"),
        ("- &d {联系人: 王芳}\n- <<: *d\n  单位名称: 甲\n", 2, "不支持 YAML 的合并键「<<」"),
        ("- 单位名称: 甲\n  截止日期: 2026-02-30\n", 2, "日期「2026-02-30」不存在"),
        ("- {[1]: 甲}\n", 1, "键不能是列表或映射"),
    ],
)
def test_a_yaml_roster_python_cannot_take_is_refused_in_chinese_with_its_line(
    tmp_path: Path, text: str, line: int, said: str
) -> None:
    path = tmp_path / "名单.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rows(path, "名单.yaml")
    assert said in caught.value.message
    assert (caught.value.location.file, caught.value.location.line) == ("名单.yaml", line)


def test_a_yaml_roster_of_more_rows_than_a_sheets_is_refused_aliases_counted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名单.yaml"
    path.write_text("- &unit {单位名称: 甲}\n" + "- *unit\n" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="列表超过 100000 项") as caught:
        read_rows(path, "名单.yaml")
    assert (caught.value.location.file, caught.value.location.line) == ("名单.yaml", 100_001)


def test_a_yaml_item_of_more_keys_than_a_sheets_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "名单.yaml"
    path.write_text("- " + "\n  ".join(f"列{i}: {i}" for i in range(1_001)) + "\n")
    with pytest.raises(InputError, match="一个映射中的键超过 1000 个") as caught:
        read_rows(path, "名单.yaml")
    assert (caught.value.location.file, caught.value.location.line) == ("名单.yaml", 1_001)


def test_yaml_items_whose_keys_together_pass_the_column_bound_are_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名单.yaml"
    path.write_text("".join(f"- {{单位名称: 甲, 列{i}: 1}}\n" for i in range(1_000)))
    with pytest.raises(InputError, match="到第 1000 项，各项的键合起来已超过 1000 个") as caught:
        read_rows(path, "名单.yaml")
    assert (caught.value.location.file, caught.value.location.line) == ("名单.yaml", 1_000)


def test_a_message_lists_thirty_names_and_counts_the_rest() -> None:
    assert few([f"列{i}" for i in range(3)], 30, "列") == "列0、列1、列2"
    said = few([f"列{i}" for i in range(1_000)], 30, "列")
    assert said.startswith("列0、列1") and said.endswith("列29等 1000 列")
    assert "列30" not in said


def test_a_sheet_not_found_lists_at_most_thirty_of_the_workbooks_sheets(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["单位名称", "联系人"])
    for number in range(40):
        book.create_sheet(f"表{number}")
    book.save(tmp_path / "名单.xlsx")
    with pytest.raises(InputError, match=r"没有名为「汇总」的工作表（有：Sheet、表0.*等 41 个）"):
        read_rows(tmp_path / "名单.xlsx", sheet="汇总")


def test_the_alias_budget_grows_with_the_text_so_a_long_roster_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values written out one by one are no alias bomb, however many; expanded aliases are."""
    monkeypatch.setattr("docgen.load.yamlfile.MAX_ALIAS_EXPANSIONS", 1)  # a budget of 100
    plain = tmp_path / "名单.yaml"
    plain.write_text("".join(f"- {{单位名称: 单位{i}, 联系人: 人{i}}}\n" for i in range(200)))
    assert len(read_rows(plain, "名单.yaml").rows) == 200
    bomb = tmp_path / "炸弹.yaml"
    bomb.write_text(
        "- &a {单位名称: 甲, 联系人: [x, x, x, x, x, x, x, x, x, x]}\n"
        + "".join("- *a\n" for _ in range(60))
    )
    with pytest.raises(InputError, match="别名展开过多"):
        read_rows(bomb, "炸弹.yaml")


def test_one_long_anchored_text_given_to_every_row_is_refused_past_the_text_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Security review 22: values were counted, not their text — a 2.7 MB roster giving a text
    of 900,000 characters to 300 rows by alias wrote 574 MB of notices. A common task text
    given by alias to every unit is fine."""
    monkeypatch.setattr("docgen.load.yamlfile.MAX_INPUT_BYTES", 100_000)
    common = "认真抓好整改落实" * 100  # 800 characters
    shared = tmp_path / "名单.yaml"
    shared.write_text(
        f"- {{单位名称: 单位0, 任务: &t {common}}}\n"
        + "".join(f"- {{单位名称: 单位{i}, 任务: *t}}\n" for i in range(1, 100)),
        encoding="utf-8",
    )
    assert len(read_rows(shared, "名单.yaml").rows) == 100  # 80,000 characters
    bomb = tmp_path / "炸弹.yaml"
    bomb.write_text(
        f"- {{单位名称: 单位0, 值: &a {'汉' * 20_000}}}\n"
        + "".join(f"- {{单位名称: 单位{i}, 值: *a}}\n" for i in range(1, 10)),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="别名展开过多"):
        read_rows(bomb, "炸弹.yaml")  # 200,000 characters from 60 KB


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("- {单位名称: 甲}\n- {单位名称: 乙}\n", [1, 2]),
        (
            "# 名单\n-\n  单位名称: 甲\n-   单位名称: 乙\n- 单位名称: 丙\n  联系人: 王芳\n",
            [3, 4, 5],
        ),
        ("[{单位名称: 甲},\n {单位名称: 乙}]\n", [1, 2]),
    ],
)
def test_a_yaml_rosters_rows_are_placed_by_the_shape_pass_without_a_second_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, lines: list[int]
) -> None:
    """The node tree (a third reading of the text) is built only for an error deeper in."""
    import yaml

    def no_tree(*_: object, **__: object) -> None:
        raise AssertionError("composed again")

    monkeypatch.setattr(yaml, "compose", no_tree)
    path = tmp_path / "名单.yaml"
    path.write_text(text, encoding="utf-8")
    assert [row.location.line for row in read_rows(path, "名单.yaml").rows] == lines


def _with_merges(count: int, ref: str = "A2:A100000", attributes: str = "") -> dict[str, bytes]:
    parts = _parts()
    merge = f'<mergeCell{attributes} ref="{ref}"/>'
    merges = f'<mergeCells count="{count}">' + merge * count + "</mergeCells>"
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetData>" + merges.encode())
    return parts


def test_merged_ranges_covering_more_cells_than_a_sheet_holds_are_refused(
    tmp_path: Path,
) -> None:
    """Security review 17: thousands of ranges over the same rows, in a file of a few
    kilobytes, took minutes to fill (and openpyxl, which makes an object per merged cell,
    all memory): refused before either reads the sheet."""
    path = _write(tmp_path / "名单.xlsx", _with_merges(3))
    with pytest.raises(InputError, match="合并单元格共覆盖 299997 个单元格") as caught:
        read_rows(path, "名单.xlsx")
    assert caught.value.location.file == "名单.xlsx"
    with pytest.raises(InputError, match="合并单元格"):
        load_table(path, "问题清单.xlsx", headers={"unit": ("单位名称",)})
    # Ordinary merges (a title across the columns, a unit over a few rows) are read.
    path = _write(tmp_path / "合并.xlsx", _with_merges(1, "A1:B1"))
    assert read_rows(path).rows


def test_unclosed_cells_are_scanned_once_not_each_to_the_sheets_end(tmp_path: Path) -> None:
    """Security review 17: 40,000 unclosed <c> after a formula (a 6 KB file) read each to the
    end of the sheet, 90 s; now each cell's content stops where the next cell starts."""
    parts = _parts()
    cells = b"<row r='3'><c r='A3'><f>1</f>" + b'<c r="A3">' * 40_000 + b"</row>"
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", cells + b"</sheetData>")
    with pytest.raises(InputError, match=r"损坏|不能读取|无法读取"):
        read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx")


@pytest.mark.parametrize(
    ("ref", "attributes", "renamed"),
    [
        ("A2:A100000", ' a=">"', None),  # a ">" in an attribute before the reference
        ("A2:A0000000000100000", "", None),  # zeros a pattern would stop reading
        ("A2:A&#49;00000", "", None),  # a character reference
        ("A2:A100000", "", "xl/worksheets/sheet1"),  # a worksheet not named .xml
    ],
)
def test_merged_ranges_are_counted_as_an_xml_reader_reads_them(
    tmp_path: Path, ref: str, attributes: str, renamed: str | None
) -> None:
    """Security review 18: each of these passed the count, and calamine filled the ranges
    row by row for minutes."""
    parts = _with_merges(3, ref, attributes)
    if renamed:
        parts[renamed] = parts.pop(SHEET)
        for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace(SHEET.encode()[3:], renamed.encode()[3:])
    with pytest.raises(InputError, match="合并单元格共覆盖"):
        read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx")


def test_unclosed_tags_in_a_comment_are_scanned_once(tmp_path: Path) -> None:
    """Code review 18: <c r="A1" (no ">") and <mergeCell repeated in a comment read each to
    the comment's end: a minute for a file of a few kilobytes."""
    parts = _parts()
    junk = b"<!--" + b'<c r="A1" ' * 20_000 + b"<mergeCell " * 20_000 + b"-->"
    parts[SHEET] = parts[SHEET].replace(
        b"</sheetData>", b"<row r='3'><c r='A3'><f>1</f></c></row></sheetData>" + junk
    )
    assert read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx").rows


def test_xml_nested_deeper_than_any_workbook_is_refused(tmp_path: Path) -> None:
    """Security review 19: two million open elements in a part that names a mergeCell took
    6 GB to count; the count keeps no tree and refuses such nesting."""
    parts = _parts()
    parts["xl/evil.xml"] = b'<r mergeCell="1">' + b"<a>" * 300 + b"</a>" * 300 + b"</r>"
    with pytest.raises(InputError, match="嵌套过深"):
        read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx")


def test_unclosed_row_and_sheet_tags_are_scanned_once(tmp_path: Path) -> None:
    """Security review 19: <row repeated without ">" (a 5 KB file) read each to the part's
    end: two minutes."""
    parts = _parts()
    parts["xl/worksheets/sheet9.xml"] = b'<worksheet><sheetData hidden="1">' + b"<row" * 60_000
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b"</sheets>" + b"<sheet" * 10_000
    )
    roster = read_rows(_write(tmp_path / "名单.xlsx", parts), "名单.xlsx")
    assert [row.values["单位名称"] for row in roster.rows] == ["市教育局"]


def _stored(parts: dict[str, bytes], offset: int) -> tuple[bytes, bytes]:
    """Local entries of ``parts`` stored (placed from ``offset``) and their central directory."""
    import struct
    import zlib

    local, central = b"", b""
    for name, data in parts.items():
        fields = (zlib.crc32(data), len(data), len(data), len(name.encode()))
        head = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, *fields, 0)
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                0,
                0,
                0x21,
                *fields,
                0,
                0,
                0,
                0,
                0,
                offset + len(local),
            )
            + name.encode()
        )
        local += head + name.encode() + data
    return local, central


def test_a_workbook_that_is_two_archives_is_read_as_the_one_checked(tmp_path: Path) -> None:
    """Security review 21: one file, two central directories — the end record names one, a
    zip64 record before it another. Python's zipfile (the checks) followed the zip64 record,
    calamine (the reader) the end record: a sheet no check saw crashed the process. Calamine
    now reads the parts as checked, zipped again."""
    import struct

    checked = _parts()
    unchecked = _with_cells(f"<row r='{FAR_ROW}'><c r='B{FAR_ROW}'><v>1</v></c></row>")
    local_b, central_b = _stored(unchecked, 0)
    local_a, central_a = _stored(checked, len(local_b))
    body = local_b + local_a
    at_a = len(body) + len(central_b)
    count_a, count_b = len(checked), len(unchecked)
    zip64 = struct.pack(
        "<4sQ2H2L2Q2Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count_a, count_a, len(central_a), at_a
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at_a + len(central_a), 1)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count_b, count_b, len(central_b), len(body), 0
    )
    data = body + central_b + central_a + zip64 + locator + end
    path = tmp_path / "名单.xlsx"
    path.write_bytes(data)
    roster = read_rows(path, "名单.xlsx")
    assert [row.values for row in roster.rows] == [{"单位名称": "市教育局", "联系人": "王芳"}]


def test_a_workbook_of_millions_of_cell_formats_is_refused_before_openpyxl(tmp_path: Path) -> None:
    """Security review 21: 3.3 million <xf/> in a file of 146 KB took openpyxl 2.7 GB."""
    parts = _parts()
    styles = parts["xl/styles.xml"]
    many = b"<cellXfs>" + b'<xf numFmtId="4"/>' * 500_000 + b"</cellXfs>"
    parts["xl/styles.xml"] = styles.replace(b"</styleSheet>", many + b"</styleSheet>")
    path = _write(tmp_path / "名单.xlsx", parts)
    with pytest.raises(InputError, match="样式部分过大"):
        read_rows(path, "名单.xlsx")
    with pytest.raises(InputError, match="样式部分过大"):
        load_table(path, "名单.xlsx", headers={"unit": ["单位名称"]})


def test_a_csv_of_millions_of_blank_lines_is_refused_in_seconds(tmp_path: Path) -> None:
    """Security review 21: 20 million empty lines split into a list took 1.6 GB, and blank
    lines, which no row bound counts, took 40 s to read."""
    import time

    path = tmp_path / "名单.csv"
    path.write_bytes(b"\n" * 3_000_000 + "单位名称,联系人\n市教育局,王芳\n".encode())
    start = time.monotonic()
    with pytest.raises(InputError, match="CSV 文件超过 1000000 行"):
        read_rows(path, "名单.csv")
    assert time.monotonic() - start < 15
