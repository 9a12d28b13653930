"""Specs for tables from .xlsx and .csv: aliases, merged cells, blank rows, extra columns, bounds,
and row validation whose every error names the file, sheet, row and column."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from docgen.errors import DocgenError, ErrorGroup, InputError
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.load import table as table_module
from docgen.load.table import Table, load_table
from docgen.validate.table import validate_rows

HEAD = ["序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任单位", "完成时限"]
ROW = [
    1,
    "作风方面",
    "窗口服务意识不强",
    "推行首问负责制",
    "许文静",
    "市政务服务数据管理局",
    "立行立改",
]


def xlsx(
    path: Path, rows: Sequence[Sequence[Any]], merges: Sequence[str] = (), sheet: str = "问题清单"
) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for merged in merges:
        ws.merge_cells(merged)
    book.save(path)
    return path


def read(path: Path, **kwargs: Any) -> Table:
    return load_table(
        path, path.name, headers=PROBLEM_LIST.headers, required=PROBLEM_LIST.required, **kwargs
    )


def errors_of(caught: pytest.ExceptionInfo[DocgenError]) -> list[DocgenError]:
    error = caught.value
    return error.errors if isinstance(error, ErrorGroup) else [error]


# Headers ---------------------------------------------------------------------------------------


def test_headers_match_by_alias_in_any_order(tmp_path: Path) -> None:
    head = ["完成时限", "牵头单位", "分管领导", "整改举措", "问题描述", "类别"]
    path = xlsx(
        tmp_path / "a.xlsx", [head, ["立行立改", "市委办公室", "周明远", "措施", "问题", "作风"]]
    )
    row = read(path).rows[0]
    assert row.values["unit"] == "市委办公室"
    assert row.values["leader"] == "周明远"
    assert row.values["problem"] == "问题"
    assert row.values["deadline"] == "立行立改"


def test_spaces_line_breaks_and_star_marks_in_headers_are_ignored(tmp_path: Path) -> None:
    head = ["问题\n类别", "问题表现*", "整改 措施", "责任领导", "责任单位（牵头单位）", "完成时限"]
    path = xlsx(tmp_path / "a.xlsx", [head, ROW[1:]])
    table = read(path)
    assert table.rows[0].values["category"] == "作风方面"
    assert table.headers["category"] == "问题类别"


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [["临江市问题清单"], HEAD, ROW], merges=["A1:G1"])
    table = read(path)
    assert table.header_row == 2
    assert [r.location.row for r in table.rows] == [3]


def test_a_missing_required_column_is_reported_with_its_aliases(tmp_path: Path) -> None:
    head = [h for h in HEAD if h not in ("责任单位", "完成时限")]
    path = xlsx(tmp_path / "a.xlsx", [head, ["x"] * len(head)])
    with pytest.raises(DocgenError) as caught:
        read(path)
    messages = [e.message for e in errors_of(caught)]
    assert any("缺少「责任单位」列" in m and "牵头单位" in m for m in messages)
    assert any("缺少「完成时限」列" in m for m in messages)
    assert errors_of(caught)[0].location.sheet == "问题清单"


def test_two_columns_for_the_same_field_are_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [[*HEAD, "牵头单位"], [*ROW, "市委办公室"]])
    with pytest.raises(InputError, match="是同一列") as caught:
        read(path)
    assert caught.value.location.column == "H（牵头单位）"


def test_no_recognizable_header_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [["甲", "乙"], [1, 2]])
    with pytest.raises(InputError, match="找不到表头"):
        read(path)


# Rows ------------------------------------------------------------------------------------------


def test_merged_cells_give_every_covered_row_the_value(tmp_path: Path) -> None:
    second = [2, None, "问题二", "措施二", None, "市商务局", "长期坚持"]
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW, second], merges=["B2:B3", "E2:E3"])
    rows = read(path).rows
    assert [r.values["category"] for r in rows] == ["作风方面", "作风方面"]
    assert rows[1].values["leader"] == "许文静"


def test_a_blank_row_inside_a_merged_category_stays_blank(tmp_path: Path) -> None:
    """A row inserted inside a category's merged cell: Excel grows the merge over it."""
    second = [2, None, "问题二", "措施二", "许文静", "市商务局", "长期坚持"]
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW, [None] * 7, second], merges=["B2:B4"])
    rows = read(path).rows
    assert [r.location.row for r in rows] == [2, 4]
    assert [r.values["category"] for r in rows] == ["作风方面", "作风方面"]


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW, [None] * 7, ["", " ", None], ROW])
    assert [r.location.row for r in read(path).rows] == [2, 5]


def test_extra_columns_are_kept_in_sheet_order(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [[*HEAD, "问题来源", "备注"], [*ROW, "巡察反馈", None]])
    assert read(path).rows[0].extra == (("问题来源", "巡察反馈"), ("备注", None))


def test_cells_are_read_as_people_mean_them(tmp_path: Path) -> None:
    row = [
        1.0,
        "  作风方面 ",
        "第一行\r\n  第二行  \n",
        "措施",
        "许文静",
        "市委办",
        datetime.datetime(2026, 12, 31),
    ]
    values = read(xlsx(tmp_path / "a.xlsx", [HEAD, row])).rows[0].values
    assert values["number"] == 1
    assert values["category"] == "作风方面"
    assert values["problem"] == "第一行\n第二行"
    assert values["deadline"] == datetime.date(2026, 12, 31)


def test_each_cell_knows_its_sheet_row_and_column(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW], sheet="清单")
    where = read(path).rows[0].locate("unit")
    assert (where.file, where.sheet, where.row, where.column) == (
        "a.xlsx",
        "清单",
        2,
        "F（责任单位）",
    )
    assert str(where) == "a.xlsx：工作表「清单」第2行「F（责任单位）」列"


def test_data_under_no_header_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, [*ROW, "孤立的值"]])
    with pytest.raises(InputError, match="没有表头") as caught:
        read(path)
    assert caught.value.location.column == "H"


def test_a_named_sheet_is_read_and_an_unknown_one_lists_the_sheets(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "说明"
    other = book.create_sheet("问题清单")
    other.append(HEAD)
    other.append(ROW)
    book.save(tmp_path / "a.xlsx")
    assert read(tmp_path / "a.xlsx", sheet="问题清单").sheet == "问题清单"
    with pytest.raises(InputError, match="已有：说明、问题清单"):
        read(tmp_path / "a.xlsx", sheet="台账")


# CSV -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_excels_chinese_encoding(tmp_path: Path, encoding: str) -> None:
    text = ",".join(HEAD) + "\n" + ",".join(str(v) for v in ROW) + "\n"
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode(encoding))
    table = read(path)
    assert table.sheet is None
    assert table.rows[0].values["unit"] == "市政务服务数据管理局"
    assert str(table.rows[0].locate("unit")) == "a.csv：第2行「F（责任单位）」列"


# Bounds and hostile files ----------------------------------------------------------------------


def test_an_old_xls_file_is_refused_with_advice(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"另存为 \.xlsx"):
        read(tmp_path / "a.xls")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"plain text")
    with pytest.raises(InputError, match=r"不是有效的 \.xlsx"):
        read(tmp_path / "a.xlsx")


def test_a_workbook_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/evil.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(InputError, match="DTD"):
        read(path)


@pytest.mark.parametrize(
    "prolog",
    [
        '<?xml version="1.0"?><!-- ' + "填充" * 20_000 + " -->",  # the DTD pushed past 100 KiB
        '<?xml version="1.0"?><?pi ' + " " * 70_000 + "?>\n" + " " * 70_000,
    ],
)
def test_a_dtd_behind_a_long_prolog_is_refused(tmp_path: Path, prolog: str) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/evil.xml", prolog + '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(InputError, match="DTD"):
        read(path)


def test_doctype_written_as_text_inside_a_part_is_no_dtd(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ["<!DOCTYPE html>", *ROW[1:]]])
    assert read(path).rows  # escaped in the sheet's XML: a cell's text, read as any other


def test_an_absurdly_long_sheet_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_SHEET_ROWS", 5)
    path = xlsx(tmp_path / "a.xlsx", [HEAD, *[ROW] * 6])
    with pytest.raises(InputError, match="行数过多"):
        read(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到表格文件"):
        read(tmp_path / "none.xlsx")


# Validation ------------------------------------------------------------------------------------


def test_a_bad_date_and_a_missing_unit_give_two_located_chinese_errors(tmp_path: Path) -> None:
    bad = [2, "作风方面", "问题", "措施", "周明远", None, "2026年13月底前"]
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ROW, bad])
    with pytest.raises(ErrorGroup) as caught:
        validate_rows(ProblemRow, read(path))
    first, second = caught.value.errors
    assert str(first) == "a.xlsx：工作表「问题清单」第3行「F（责任单位）」列：「责任单位」不能为空"
    assert (second.location.row, second.location.column) == (3, "G（完成时限）")
    assert "月份应在 1 至 12 之间" in second.message


def test_valid_rows_become_tasks_with_typed_deadlines_and_statuses(tmp_path: Path) -> None:
    head = [*HEAD, "整改状态", "备注"]
    path = xlsx(tmp_path / "a.xlsx", [head, [*ROW, "完成", "x"]])
    (row,) = validate_rows(ProblemRow, read(path))
    task = row.task()
    assert task.deadline.kind == "immediate"
    assert task.status == "已完成"
    assert task.number == "1"
    assert task.extra == (("备注", "x"),)


def test_an_unknown_status_lists_the_four_statuses(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [[*HEAD, "整改状态"], [*ROW, "差不多了"]])
    with pytest.raises(InputError, match="未启动、推进中、已完成、长期坚持"):
        validate_rows(ProblemRow, read(path))


def test_invisible_characters_pasted_into_a_cell_are_dropped(tmp_path: Path) -> None:
    """A unit name pasted from a web page with a zero-width space must still match the roster."""
    row = [*ROW[:5], "市纪委监委机关\u200b", "\ufeff立行立改"]
    table = read(xlsx(tmp_path / "a.xlsx", [HEAD, row]))
    assert table.rows[0].values["unit"] == "市纪委监委机关"
    assert table.rows[0].values["deadline"] == "立行立改"
