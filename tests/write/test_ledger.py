"""Specs for the task ledger (台账) .xlsx: its sheet, its determinism, and reading it back."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docgen.compose.deadline import Deadline
from docgen.compose.task import Ledger, Task
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.load.table import load_table
from docgen.validate.table import validate_rows
from docgen.write.ledger import ledger_bytes

DAY = datetime.date(2026, 11, 22)
TASKS = [
    Task("作风方面", "窗口服务意识不强", "推行首问负责制", "许文静", "市政务服务数据管理局",
         Deadline("immediate"), status="已完成", number="1", extra=(("来源", "巡察反馈"),)),
    Task("作风方面", "=SUM(A1:A2) 开头的问题", "第一条措施\n第二条措施", "周明远", "市委办公室",
         Deadline.on(datetime.date(2026, 12, 31)), partners="市政府办公室", number="2",
         progress="已召开专题会", extra=(("来源", None),)),
    Task("纪律方面", "公车私用苗头", "排查公务用车", "韩立新", "市机关事务管理局",
         Deadline.month_end(2027, 1), status="推进中", number="3", extra=(("来源", "自查发现"),)),
    Task("纪律方面", "收送礼品礼金", "节前提醒", "林晓峰", "市纪委监委机关",
         Deadline("immediate", ongoing=True), status="长期坚持", number="4", extra=(("来源", None),)),
]  # fmt: skip
LEDGER = Ledger("临江市整改任务台账", TASKS, "中共临江市委办公室", DAY)


@pytest.fixture(scope="module")
def data() -> bytes:
    return ledger_bytes(LEDGER)


@pytest.fixture(scope="module")
def sheet(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data)).active


def test_title_row_then_the_canonical_headers_and_extra_columns(sheet) -> None:  # type: ignore[no-untyped-def]
    assert sheet["A1"].value == "临江市整改任务台账"
    assert "A1:K1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == [
        "序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任单位",
        "配合单位", "完成时限", "整改状态", "进展情况", "来源",
    ]  # fmt: skip


def test_one_row_per_task_in_order(sheet) -> None:  # type: ignore[no-untyped-def]
    assert [sheet.cell(row, 1).value for row in range(3, 7)] == [1, 2, 3, 4]
    assert sheet.max_row == 6


def test_header_is_frozen_and_filtered(sheet) -> None:  # type: ignore[no-untyped-def]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:K6"


def test_status_column_has_a_drop_down_of_the_four_statuses(sheet) -> None:  # type: ignore[no-untyped-def]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"未启动,推进中,已完成,长期坚持"'
    assert str(validation.sqref).startswith("I3:I")
    assert [sheet.cell(row, 9).value for row in range(3, 7)] == [
        "已完成",
        "未启动",
        "推进中",
        "长期坚持",
    ]


def test_columns_have_sensible_widths_and_text_wraps(sheet) -> None:  # type: ignore[no-untyped-def]
    assert sheet.column_dimensions["A"].width < 10 < sheet.column_dimensions["D"].width
    assert sheet["D4"].alignment.wrap_text


def test_a_plain_date_is_an_excel_date_and_other_deadlines_are_their_text(sheet) -> None:  # type: ignore[no-untyped-def]
    assert sheet["H4"].value == datetime.datetime(2026, 12, 31)
    assert "年" in sheet["H4"].number_format
    assert [sheet[f"H{r}"].value for r in (3, 5, 6)] == [
        "立行立改",
        "2027年1月底前",
        "立行立改并长期坚持",
    ]


def test_text_that_looks_like_a_formula_stays_text(sheet) -> None:  # type: ignore[no-untyped-def]
    assert sheet["C4"].data_type == "s"
    assert sheet["C4"].value == "=SUM(A1:A2) 开头的问题"


def test_the_same_tasks_give_the_same_bytes(data: bytes) -> None:
    assert ledger_bytes(LEDGER) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-22T00:00:00Z") == 2  # created and modified, from the inputs


def test_reading_the_ledger_back_gives_the_same_tasks(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(data)
    table = load_table(path, headers=PROBLEM_LIST.headers, required=PROBLEM_LIST.required)
    assert [row.task() for row in validate_rows(ProblemRow, table)] == TASKS


def test_fonts_are_written_in_schema_order(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    first = styles[styles.index("<font>") : styles.index("</font>")]
    assert first.index("<sz ") < first.index("<name ")
