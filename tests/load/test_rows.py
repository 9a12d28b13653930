"""Specs for roster rows: .xlsx, .csv and .yaml, each row knowing where it stood."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from docxtpl_support import write_roster

from docgen.errors import InputError
from docgen.load.rows import read_rows

COLUMNS = ["单位名称", "联系人", "截止日期", "份数"]


def test_xlsx_rows_map_column_names_to_values_and_remember_sheet_and_row(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path / "units.xlsx",
        [
            {
                "单位名称": "市教育局",
                "联系人": "王芳",
                "截止日期": datetime.date(2025, 4, 30),
                "份数": 2,
            },
            {"单位名称": "市公安局", "联系人": " 李强 "},
        ],
        COLUMNS,
    )
    roster = read_rows(path, "units.xlsx")
    assert roster.columns == tuple(COLUMNS)
    first, second = roster.rows
    assert first.values == {
        "单位名称": "市教育局",
        "联系人": "王芳",
        "截止日期": datetime.date(2025, 4, 30),
        "份数": 2,
    }
    assert first.location.sheet == "单位名单" and first.location.row == 2
    assert second.values == {"单位名称": "市公安局", "联系人": "李强"}  # empty cells are absent
    assert "工作表「单位名单」第3行" in second.label


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "u.xlsx", [{"单位名称": "甲"}, {}, {"单位名称": "乙"}], COLUMNS)
    rows = read_rows(path).rows
    assert [(r.number, r.location.row) for r in rows] == [(1, 2), (2, 4)]


def test_data_under_a_column_without_a_header_is_refused(tmp_path: Path) -> None:
    rows = [{"单位名称": "甲", "联系人": "王芳", "": "孤儿"}]
    path = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人", ""])
    with pytest.raises(
        InputError, match=r"C 列有数据但没有表头：请在表头（第1行）写上列名（表头占两行时"
    ):
        read_rows(path)


def test_duplicate_headers_are_refused_all_at_once_with_their_columns(tmp_path: Path) -> None:
    columns = ["单位名称", "联系人", "电话", "联系人", "电话"]
    path = write_roster(tmp_path / "u.xlsx", [{"单位名称": "甲"}], columns)
    with pytest.raises(InputError) as refused:
        read_rows(path)
    assert "表头「联系人」（第 B、D 列），「电话」（第 C、E 列）重复：请把重复的列改名" in str(
        refused.value
    )
    marked = write_roster(
        tmp_path / "m.xlsx", [{"单位名称": "甲"}], ["单位名称", "*联系人", "联系人"]
    )
    with pytest.raises(InputError, match="表头「\\*联系人」和「联系人」（第 B、C 列）重复"):
        read_rows(marked)  # each as written (code review 23)


def test_csv_saved_by_chinese_excel_in_gb18030_is_read(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes("单位名称,联系人\n市教育局,王芳\n市公安局,\n".encode("gb18030"))
    rows = read_rows(path).rows
    assert [r.values for r in rows] == [
        {"单位名称": "市教育局", "联系人": "王芳"},
        {"单位名称": "市公安局"},
    ]
    assert rows[1].location.row == 3


def test_csv_cells_an_export_wrote_as_text_formulas_are_their_text(tmp_path: Path) -> None:
    """Clerk review 16: ="13800000006" (how exports keep a long number or a leading zero from
    Excel) was printed with its = and quotes; Excel shows the text."""
    path = _csv(tmp_path, '单位名称,电话,编号\n市民政局,="13800000006","=""0089"""\n')
    (row,) = read_rows(path).rows
    assert row.values == {"单位名称": "市民政局", "电话": "13800000006", "编号": "0089"}
    assert isinstance(row.values["电话"], str)


def test_a_required_columns_mark_is_no_part_of_its_name(tmp_path: Path) -> None:
    """Clerk review 16: forms mark required columns "*单位名称"; the template writes
    {{ 单位名称 }}. A * inside a name stays."""
    rows = [{"*单位名称": "甲", "联系人 ＊": "王芳", "A*B": "1"}]
    path = write_roster(tmp_path / "u.xlsx", rows, ["*单位名称", "联系人 ＊", "A*B"])
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "联系人", "A*B")
    assert roster.rows[0].values == {"单位名称": "甲", "联系人": "王芳", "A*B": "1"}


def _csv(folder: Path, text: str) -> Path:
    path = folder / "more.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_cells_written_as_numbers_are_numbers_that_print_as_written(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(
        "单位名称,序号,编号,完成率,经费,电话,身份证号\n"
        '市教育局,7,00123,85%,"1,234.50",13812345678,11010119900101123X\n'.encode("gb18030")
    )
    (row,) = read_rows(path).rows
    values = row.values
    assert {name: str(value) for name, value in values.items()} == {
        "单位名称": "市教育局",
        "序号": "7",
        "编号": "00123",
        "完成率": "85%",
        "经费": "1,234.50",
        "电话": "13812345678",
        "身份证号": "11010119900101123X",
    }
    assert "%06d" % values["序号"] == "000007" and values["序号"] > 1  # noqa: UP031 (as templates write it)
    assert values["编号"] == 123 and values["完成率"] == 0.85 and values["经费"] > 1000
    assert isinstance(values["身份证号"], str)
    (longer,) = read_rows(_csv(tmp_path, "身份证号\n110101199003071234\n")).rows
    assert longer.values["身份证号"] == "110101199003071234"  # text, like its neighbour with X


def test_yaml_rows_keep_their_types_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(
        "- 单位名称: 市教育局\n  任务: [甲, 乙]\n  加急: true\n- 单位名称: 市公安局\n",
        encoding="utf-8",
    )
    rows = read_rows(path, "units.yaml").rows
    assert rows[0].values == {"单位名称": "市教育局", "任务": ["甲", "乙"], "加急": True}
    assert rows[1].location.line == 4
    assert rows[1].label == "units.yaml：第 2 条（第 4 行）"


def test_a_yaml_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text("单位名称: 市教育局\n", encoding="utf-8")
    with pytest.raises(InputError, match="列表"):
        read_rows(path)


@pytest.mark.parametrize("name", ["units.xls", "units.txt"])
def test_unsupported_files_are_refused_by_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"x")
    with pytest.raises(InputError, match="不支持"):
        read_rows(tmp_path / name)


def test_an_xlsx_with_an_entity_declaration_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = write_roster(tmp_path / "u.xlsx", [{"单位名称": "甲"}], COLUMNS)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = b'<!DOCTYPE x [<!ENTITY a "b">]>' + parts[sheet].split(b"?>", 1)[-1]
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    with pytest.raises(InputError, match="实体"):
        read_rows(path)


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["临江市作风纪律整治工作成员单位名单"])
    sheet.merge_cells("A1:C1")
    sheet.append(["序号", "单位名称", "联系人"])
    sheet.append([1, "市委办公室/市政府办公室", "周立新"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("序号", "单位名称", "联系人")
    assert roster.rows[0].values["单位名称"] == "市委办公室/市政府办公室"
    assert roster.rows[0].location.row == 3


def test_a_single_column_roster_has_its_first_row_as_header(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "u.xlsx", [{"单位名称": "甲"}, {"单位名称": "乙"}], ["单位名称"])
    assert [r.values for r in read_rows(path).rows] == [{"单位名称": "甲"}, {"单位名称": "乙"}]


@pytest.mark.parametrize("separator", [",", "\t", ";"])
def test_csv_separated_by_commas_tabs_or_semicolons_is_read(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "units.csv"
    lines = ["单位名称", "联系人"], ["市教育局", "王芳，李明"], ["市公安局", ""]
    path.write_text("".join(separator.join(line) + "\n" for line in lines), encoding="utf-8")
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "联系人")
    assert [r.values for r in roster.rows] == [
        {"单位名称": "市教育局", "联系人": "王芳，李明"},
        {"单位名称": "市公安局"},
    ]


def test_a_yaml_roster_keeps_values_as_written_and_lists_every_key_as_a_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "units.yaml"
    path.write_text("- 单位名称: 市教育局\n  备注: ~\n- 单位名称: 市公安局\n  联系人: ''\n")
    roster = read_rows(path)
    assert [r.values for r in roster.rows] == [
        {"单位名称": "市教育局", "备注": None},
        {"单位名称": "市公安局", "联系人": ""},
    ]
    assert roster.columns == ("单位名称", "备注", "联系人")


def test_the_roster_is_the_first_visible_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请在第二个工作表填写"])
    notes.sheet_state = "hidden"
    units = book.create_sheet("名单")
    units.append(["单位名称", "联系人"])
    units.append(["市教育局", "王芳"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert [r.values for r in roster.rows] == [{"单位名称": "市教育局", "联系人": "王芳"}]
    assert roster.rows[0].location.sheet == "名单"


def test_a_cell_merged_down_belongs_to_every_row_it_spans_but_a_merged_title_does_not(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["临江市整改通知主送单位名单"])
    sheet.merge_cells("A1:C1")
    sheet.append(["单位名称", "任务", "截止日期"])
    sheet.append(["市教育局", "核对台账", "3月31日"])
    sheet.append([None, "开展回头看", "4月30日"])
    sheet.merge_cells("A3:A4")
    sheet.append(["市公安局", "整改考勤", "3月31日"])
    sheet.append([None, None, None])  # a row inserted inside 市公安局's merge: still blank
    sheet.append([None, "复查", "5月31日"])
    sheet.merge_cells("A5:A7")
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("单位名称", "任务", "截止日期")
    assert [r.values["单位名称"] for r in roster.rows] == [
        "市教育局",
        "市教育局",
        "市公安局",
        "市公安局",
    ]


def _grouped_roster(path: Path, merged_down: bool, second: list[object]) -> Path:
    """A title, a header of two rows ("联系人" across 姓名 and 电话; the other names merged
    down over both rows, or not), then ``second`` and one more unit."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["临江市整改单位名单"])
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "单位名称", "联系人", None])
    sheet.merge_cells("C2:D2")
    sheet.append(second)
    if merged_down:
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("B2:B3")
    sheet.append([2, "市财政局", "李强", "0571-1234"])
    book.save(path)
    return path


def test_a_header_of_two_rows_joins_a_groups_name_to_its_columns(tmp_path: Path) -> None:
    path = _grouped_roster(tmp_path / "units.xlsx", True, [None, None, "姓名", "电 话"])
    roster = read_rows(path)
    assert roster.columns == ("序号", "单位名称", "联系人姓名", "联系人电话")
    assert [(r.location.row, r.values) for r in roster.rows] == [
        (4, {"序号": 2, "单位名称": "市财政局", "联系人姓名": "李强", "联系人电话": "0571-1234"})
    ]
    assert roster.notes == (
        f"{path}：工作表「Sheet」第2行起的表头占两行，分组下的列名连同组名读取为"
        "「联系人姓名」「联系人电话」",
    )


@pytest.mark.parametrize(
    ("merged_down", "second"),
    [
        (False, [1, "市教育局", "王芳", "138"]),  # the unit's name where 单位名称 stands
        (False, [1, None, "王芳", "13800000001"]),  # its name yet to be filled in
    ],
)
def test_a_record_under_a_merged_group_name_stays_a_record(
    tmp_path: Path, merged_down: bool, second: list[object]
) -> None:
    """Its contact's two cells have one name between them: said, with how to write a header
    of two rows."""
    path = _grouped_roster(tmp_path / "units.xlsx", merged_down, second)
    with pytest.raises(InputError, match=r"第3行：第 D 列有数据但没有表头.*其余列名上下合并为一格"):
        read_rows(path)


def _sheet(path: Path, rows: list[list[object]], merges: list[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    book.save(path)
    return path


def test_years_under_a_group_at_the_last_column_are_its_columns_names(tmp_path: Path) -> None:
    rows = [["单位名称", "经费（万元）", None], [None, 2025, 2026], ["市教育局", 12, 15]]
    path = _sheet(tmp_path / "u.xlsx", rows, ["A1:A2", "B1:C1"])
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "经费（万元）2025", "经费（万元）2026")
    assert [r.values for r in roster.rows] == [
        {"单位名称": "市教育局", "经费（万元）2025": 12, "经费（万元）2026": 15}
    ]


def test_a_groups_column_without_a_name_of_its_own_takes_the_groups(tmp_path: Path) -> None:
    """Blank in every row, so the sheet ends before it: still a header of two rows."""
    rows = [["单位名称", "联系人", None], [None, "姓名", None], ["市教育局", "王芳", None]]
    path = _sheet(tmp_path / "u.xlsx", rows, ["A1:A2", "B1:C1"])
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "联系人姓名", "联系人")
    assert [r.values for r in roster.rows] == [{"单位名称": "市教育局", "联系人姓名": "王芳"}]


def test_notes_on_how_to_fill_in_under_the_header_are_no_unit(tmp_path: Path) -> None:
    """ "（全称）" under 单位名称 would be a notice sent to "（全称）"."""
    rows = [
        ["序号", "单位名称", "联系人", "报送截止日期"],
        [None, "（全称）", "(选填)", "【格式：2026-12-31】"],
        [1, "市教育局", "王芳", "（待定）"],
    ]
    path = _sheet(tmp_path / "u.xlsx", rows, [])
    roster = read_rows(path)
    assert [r.values["单位名称"] for r in roster.rows] == ["市教育局"]
    assert roster.rows[0].values["报送截止日期"] == "（待定）"  # a record's own bracketed value
    assert roster.notes == (
        f"{path}：工作表「Sheet」第2行「（全称）　(选填)　【格式：2026-12-31】」像是表头下的填写说明，"
        "不当作数据行",
    )


def test_notes_under_the_names_outside_a_group_still_make_a_header_of_two_rows(
    tmp_path: Path,
) -> None:
    rows = [["单位名称", "联系人", None], ["（全称）", "姓名", "电话"], ["市教育局", "王芳", "138"]]
    roster = read_rows(_sheet(tmp_path / "u.xlsx", rows, ["B1:C1"]))
    assert roster.columns == ("单位名称", "联系人姓名", "联系人电话")
    assert [r.values["单位名称"] for r in roster.rows] == ["市教育局"]


def test_a_header_of_groups_alone_is_one_row_and_its_first_record_stays_a_record(
    tmp_path: Path,
) -> None:
    """Every name merged across: nothing outside the groups tells names from a record."""
    rows = [["单位", None, "联系人", None], ["市教育局", "一处", "张三", "138"]]
    path = _sheet(tmp_path / "u.xlsx", rows, ["A1:B1", "C1:D1"])
    with pytest.raises(InputError, match="第2行：第 B 列有数据但没有表头"):
        read_rows(path)


def test_a_filled_in_by_line_between_title_and_header_is_not_the_header(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["附件1"])
    sheet.append(["临江市整改通知主送单位名单"])
    sheet.append(["填报单位：市委办公室", None, "填报日期：2025年3月10日"])
    sheet.append(["单位名称", "联系人", "截止日期"])
    sheet.append(["市教育局", "王芳", "3月31日"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("单位名称", "联系人", "截止日期")
    assert roster.rows[0].location.row == 5


@pytest.mark.parametrize(
    "header",
    [["预算（单位：万元）", "决算（单位：万元）"], ["8:00-9:00", "9:00-10:00"]],
)
def test_column_names_with_colons_are_still_a_header(tmp_path: Path, header: list[str]) -> None:
    path = write_roster(tmp_path / "u.xlsx", [dict(zip(header, ["1", "2"], strict=True))], header)
    assert read_rows(path).columns == tuple(header)


def test_a_comma_separated_file_with_a_semicolon_in_a_name_splits_on_commas(
    tmp_path: Path,
) -> None:
    path = tmp_path / "units.csv"
    path.write_text("单位名称,备注（格式：甲;乙）\n市教育局,甲;乙\n", encoding="utf-8")
    roster = read_rows(path)
    assert roster.columns == ("单位名称", "备注（格式：甲;乙）")
    assert roster.rows[0].values == {"单位名称": "市教育局", "备注（格式：甲;乙）": "甲;乙"}


def test_a_sheet_without_data_rows_is_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["单位名称", "联系人"])
    book.save(tmp_path / "units.xlsx")
    with pytest.raises(InputError, match="工作表「填表说明」中没有数据行"):
        read_rows(tmp_path / "units.xlsx")


def test_numbers_keep_the_format_the_sheet_shows_them_in(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "完成率", "资金", "份数", "均值"])
    sheet.append(["市教育局", 0.856, 12345.5, 3, 0.1 + 0.2])
    sheet["B2"].number_format = "0.0%"
    sheet["C2"].number_format = '#,##0.00"元"'
    sheet["D2"].number_format = "0"
    book.save(tmp_path / "units.xlsx")
    values = read_rows(tmp_path / "units.xlsx").rows[0].values
    shown = {name: str(value) for name, value in values.items()}
    assert shown == {
        "单位名称": "市教育局",
        "完成率": "85.6%",
        "资金": "12,345.50元",
        "份数": "3",
        "均值": "0.3",  # Excel's 15 digits, not 0.30000000000000004
    }
    assert values["完成率"] == 0.856 and values["份数"] == 3  # still numbers for {% if %}


@pytest.mark.parametrize("other_formats", [False, True], ids=["alone", "with-a-percent"])
def test_a_telephone_format_and_a_date_without_its_year_print_as_the_sheet_shows_them(
    tmp_path: Path, other_formats: bool
) -> None:
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "电话", "报送日期", "发文日期", "完成率"])
    sheet.append(
        ["市教育局", 5712345678, datetime.date(2026, 12, 5), datetime.date(2026, 12, 1), 0.5]
    )
    sheet["B2"].number_format = "0000-0000000"
    sheet["C2"].number_format = 'm"月"d"日"'
    sheet["D2"].number_format = 'yyyy"年"m"月"d"日"'
    if other_formats:
        sheet["E2"].number_format = "0%"
    book.save(tmp_path / "units.xlsx")
    values = read_rows(tmp_path / "units.xlsx").rows[0].values
    assert str(values["电话"]) == "0571-2345678" and values["电话"] == 5712345678
    assert str(values["报送日期"]) == "12月5日" and values["报送日期"] == datetime.date(2026, 12, 5)
    assert str(values["发文日期"]) == "2026年12月1日"


def test_a_number_format_longer_than_excel_allows_is_read_as_general(tmp_path: Path) -> None:
    """Security review 22: no format was too long — each cell cost time in proportion, and
    "0" * 900,000 printed numbers of 900,000 digits. Excel's formats stop at 255 characters."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "编号", "完成率"])
    sheet.append(["市教育局", 123, 0.5])
    sheet["B2"].number_format = "0" * 256
    sheet["C2"].number_format = "0" * 255 + "%"  # 256 too
    book.save(tmp_path / "units.xlsx")
    values = read_rows(tmp_path / "units.xlsx").rows[0].values
    assert str(values["编号"]) == "123" and str(values["完成率"]) == "0.5"
    sheet["B2"].number_format = "0" * 255  # as long as Excel allows: read
    book.save(tmp_path / "units.xlsx")
    assert str(read_rows(tmp_path / "units.xlsx").rows[0].values["编号"]) == "0" * 252 + "123"


@pytest.mark.parametrize("code", ["h:mm", '[$-zh-CN]h"时"mm"分"'])
def test_a_date_and_time_under_a_time_format_prints_its_time(tmp_path: Path, code: str) -> None:
    """Clerk review 16: a 会议时间 cell holding its day too, shown 14:30, printed the day."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "会议时间"])
    sheet.append(["市教育局", datetime.datetime(2026, 12, 5, 14, 30)])
    sheet["B2"].number_format = code
    book.save(tmp_path / "units.xlsx")
    value = read_rows(tmp_path / "units.xlsx").rows[0].values["会议时间"]
    assert str(value) == "14:30" and value == datetime.time(14, 30)


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ('yyyy"年"m"月"', "2026年12月"),  # a 报送月份 column
        ("m/d", "12月5日"),
        ("[$-804]aaaa", "星期六"),  # calamine reads such a cell as its serial, 46361
        ('yyyy"年"m"月"d"日" aaaa', "2026年12月5日（星期六）"),
        ("yyyy", "2026年"),
        ("yy/mm/dd", "2026年12月5日"),
        ('[DBNum1]yyyy"年"m"月"', "2026年12月5日"),  # Chinese numerals: not read, whole
    ],
)
def test_a_date_prints_with_the_parts_its_format_shows(
    tmp_path: Path, code: str, printed: str
) -> None:
    import pickle

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "报送月份"])
    sheet.append(["市教育局", datetime.date(2026, 12, 5)])
    sheet["B2"].number_format = code
    book.save(tmp_path / "units.xlsx")
    value = read_rows(tmp_path / "units.xlsx").rows[0].values["报送月份"]
    assert str(value) == printed and value == datetime.date(2026, 12, 5)
    assert str(pickle.loads(pickle.dumps(value))) == printed  # as a spawned worker gets it


def test_number_formats_openpyxl_cannot_read_leave_the_values_and_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["单位名称", "完成率"])
    sheet.append(["市教育局", 0.856])
    sheet["B2"].number_format = "0.0%"
    book.save(tmp_path / "units.xlsx")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a cell openpyxl cannot read")

    monkeypatch.setattr("openpyxl.load_workbook", broken)
    roster = read_rows(tmp_path / "units.xlsx")
    assert str(roster.rows[0].values["完成率"]) == "0.856"
    assert roster.notes == (
        f"{tmp_path / 'units.xlsx'}：工作表「单位」的数字格式未能读取，百分比、千分位、货币等数字按原值输出",
    )


def test_a_roster_whose_styles_have_no_number_formats_is_read_by_calamine_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "截止日期", "份数"])
    sheet.append(["市教育局", datetime.date(2026, 12, 15), 2.5])
    sheet["B2"].number_format = 'yyyy"年"m"月"d"日"'  # a date format: dates print alike anyway
    path = tmp_path / "units.xlsx"
    book.save(path)
    calls: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(a))
    values = read_rows(path).rows[0].values
    assert values == {"单位名称": "市教育局", "截止日期": datetime.date(2026, 12, 15), "份数": 2.5}
    assert calls == []  # no second reading of the sheet for formats it has not got


def test_times_and_dates_with_times_print_as_written_not_as_python_writes_them(
    tmp_path: Path,
) -> None:
    path = write_roster(
        tmp_path / "units.xlsx",
        [
            {
                "单位名称": "市教育局",
                "会议时间": datetime.time(14, 30),
                "截止日期": datetime.datetime(2026, 12, 1, 9, 0),
            }
        ],
        ["单位名称", "会议时间", "截止日期"],
    )
    values = read_rows(path).rows[0].values
    assert str(values["会议时间"]) == "14:30"
    assert str(values["截止日期"]) == "2026年12月1日 9:00"
    assert values["截止日期"] == datetime.datetime(2026, 12, 1, 9, 0)


def test_formats_are_read_for_every_row_even_when_the_sheet_understates_its_size(
    tmp_path: Path,
) -> None:
    import re
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "资金"])
    for number, unit in enumerate(["市教育局", "市公安局", "市财政局"], start=2):
        sheet.append([unit, 1234.5])
        sheet[f"B{number}"].number_format = "#,##0.00"
    written = tmp_path / "written.xlsx"
    book.save(written)
    # Some exporters leave a stale <dimension>; calamine reads past it, and so must the formats.
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(tmp_path / "u.xlsx", "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                blob = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', blob)
            target.writestr(name, blob)
    rows = read_rows(tmp_path / "u.xlsx").rows
    assert [str(row.values["资金"]) for row in rows] == ["1,234.50"] * 3


def test_a_word_file_renamed_to_xlsx_is_said_in_chinese(tmp_path: Path) -> None:
    import io

    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    path = tmp_path / "名单.xlsx"
    path.write_bytes(buffer.getvalue())  # a zip, but not a workbook
    with pytest.raises(InputError) as caught:
        read_rows(path)
    message = caught.value.message
    assert "文件已损坏，或不是 Excel 保存的 .xlsx" in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace(".xlsx", "").replace("Excel", ""))


@pytest.mark.parametrize(
    ("name", "hint"), [("名单.xls", "另存为 .xlsx"), ("模板.docx", "模板在前、数据在后")]
)
def test_a_file_of_another_kind_gets_a_hint(tmp_path: Path, name: str, hint: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=hint):
        read_rows(path)


def test_a_small_file_spanning_a_huge_sheet_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "联系人"])
    book.active.cell(row=200_000, column=16_000, value="远处的一格")
    path = tmp_path / "u.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    with pytest.raises(InputError, match="工作表的范围过大（到第 200000 行、第 16000 列）"):
        read_rows(path)


def test_headers_laid_out_over_lines_or_with_spaces_are_one_name(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位\n名称", "报送截止\r\n 日期", "联 系　人", "Unit Name"])
    book.active.append(["市教育局", "12月1日", "王芳", "Education"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("单位名称", "报送截止日期", "联系人", "Unit Name")
    assert roster.rows[0].values["报送截止日期"] == "12月1日"


def test_numbers_longer_than_excel_keeps_print_whole_and_are_pointed_out(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "身份证号", "电话"])
    book.active.append(["市教育局", 11010519491231002, 13800138000])
    book.active.append(["市公安局", 11010519491231003, 13800138001])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    first = roster.rows[0].values
    assert str(first["身份证号"]) == "11010519491231000"  # the 15 digits Excel keeps, no e+16
    assert str(first["电话"]) == "13800138000"
    (note,) = roster.notes
    assert "第 B 列第 2 行起有超过 15 位的数字" in note and "11010519491231000" in note
    assert "文本" in note


def test_notes_and_signatures_under_the_table_are_not_units(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "联系人", "完成率"])
    sheet.append(["市教育局", "王芳", 0.5])
    sheet.append(["备注：已整改", None, None])  # a unit row would have more than a note
    sheet.append([])
    sheet.append(["注：完成率由系统自动计算。"])
    sheet.append(["填表人：李强", None, "审核人：周婷"])
    book.save(tmp_path / "u.xlsx")
    roster = read_rows(tmp_path / "u.xlsx", "u.xlsx")
    assert [r.values["单位名称"] for r in roster.rows] == ["市教育局"]
    assert roster.notes == (
        "u.xlsx：工作表「Sheet」第3行「备注：已整改」像是表格下方的注释或签名，不当作数据行",
        "u.xlsx：工作表「Sheet」第5行「注：完成率由系统自动计算。」像是表格下方的注释或签名，不当作数据行",
        "u.xlsx：工作表「Sheet」第6行「填表人：李强　审核人：周婷」像是表格下方的注释或签名，不当作数据行",
    )


def test_a_total_row_at_the_foot_is_not_a_unit(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "单位名称", "经费"])
    sheet.append([1, "市教育局", 10])
    sheet.append([2, "合计局", 20])  # a unit whose name merely starts so stays a unit
    sheet.append(["合 计", None, "=SUM(C2:C3)"])
    sheet.append([None, "小计（2个单位）", 30])
    sheet.merge_cells("A4:B4")
    book.save(tmp_path / "u.xlsx")
    roster = read_rows(tmp_path / "u.xlsx", "u.xlsx")
    assert [r.values["单位名称"] for r in roster.rows] == ["市教育局", "合计局"]
    assert roster.notes == (
        "u.xlsx：工作表「Sheet」第4行「合 计」像是合计行，不当作数据行",  # the sum unsaved
        "u.xlsx：工作表「Sheet」第5行「小计（2个单位）　30」像是合计行，不当作数据行",
    )


def test_csv_dates_are_dates_that_print_as_a_gongwen_writes_them(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "单位名称,截止日期\n市教育局,2026-12-15\n市公安局,2026/1/5\n市财政局,2026-02-30\n"
    )
    rows = read_rows(path).rows
    dates = [row.values["截止日期"] for row in rows]
    assert [str(d) for d in dates] == ["2026年12月15日", "2026年1月5日", "2026-02-30"]
    assert dates[0] == datetime.date(2026, 12, 15)  # still a date for filters and comparisons


def test_a_yaml_rosters_dates_and_leading_zeros_print_as_a_sheets_do(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(
        "- {单位名称: 市教育局, 截止日期: 2026-12-15, 邮编: 012345, 人数: 30, 比例: 0.5}\n",
        encoding="utf-8",
    )
    values = read_rows(path).rows[0].values
    assert {k: str(v) for k, v in values.items()} == {
        "单位名称": "市教育局",
        "截止日期": "2026年12月15日",
        "邮编": "012345",  # a code, kept as written
        "人数": "30",
        "比例": "0.5",
    }
    assert values["截止日期"] == datetime.date(2026, 12, 15)  # still a date for filters
    path.write_text(
        "- 单位名称: 市教育局\n  任务:\n    - {内容: 清理台账, 时限: 2026-12-31}\n"
        "    - {内容: 建章立制, 时限: [2027-01-15]}\n",
        encoding="utf-8",
    )
    tasks = read_rows(path).rows[0].values["任务"]
    assert [str(tasks[0]["时限"]), str(tasks[1]["时限"][0])] == ["2026年12月31日", "2027年1月15日"]


def test_rows_filtered_out_or_hidden_in_excel_are_read_and_pointed_out(tmp_path: Path) -> None:
    """Word's mail merge reads them too; a clerk who filtered the sheet must hear it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明"])
    book.active.append(["隐藏的行在这张表上，与名单无关"])
    book.active.row_dimensions[2].hidden = True
    units = book.create_sheet("名单")
    units.append(["单位名称", "区域"])
    for name, area in [("市教育局", "市直"), ("东城区", "区县"), ("市民政局", "市直")]:
        units.append([name, area])
    units.auto_filter.ref = "A1:B4"
    units.row_dimensions[3].hidden = True  # the filter shows 市直 only
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx", sheet="名单")
    assert [r.values["单位名称"] for r in roster.rows] == ["市教育局", "东城区", "市民政局"]
    (note,) = roster.notes
    assert note.startswith(
        f"{tmp_path / 'units.xlsx'}：工作表「名单」第 3 行在 Excel 中被筛选掉或隐藏了，共 1 行"
    )
    units.row_dimensions[3].hidden = False
    book.save(tmp_path / "units.xlsx")
    assert read_rows(tmp_path / "units.xlsx", sheet="名单").notes == ()


def test_a_roster_with_an_opening_password_is_told_how_to_remove_it(tmp_path: Path) -> None:
    """locked.xlsx: a one-sheet roster encrypted by Office's standard encryption (password
    123456), as Excel saves a workbook with "用密码进行加密"."""
    with pytest.raises(InputError, match="表格设置了打开密码，无法读取"):
        read_rows(Path(__file__).parent / "files" / "locked.xlsx")
    old = tmp_path / "名单.xlsx"
    old.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le")
    )
    with pytest.raises(InputError, match=r"这是旧版 Excel 97-2003 的 \.xls 文件"):
        read_rows(old)


def test_error_values_and_formulas_without_results_are_pointed_out(tmp_path: Path) -> None:
    """A failed VLOOKUP (#N/A) in the deadline column must not pass for a blank cell."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "报送截止日期", "联系人"])
    book.active.append(["市教育局", "#N/A", "=VLOOKUP(A2,通讯录!A:B,2,0)"])
    book.active["B2"].data_type = "e"
    book.save(tmp_path / "u.xlsx")
    roster = read_rows(tmp_path / "u.xlsx")
    assert roster.rows[0].values == {"单位名称": "市教育局"}
    assert roster.notes == (
        f"{tmp_path / 'u.xlsx'}：工作表「Sheet」中 1 个单元格是 Excel 的错误值：B2（#N/A），按空白读取（请在 Excel 中改正公式或填入数值）",
        f"{tmp_path / 'u.xlsx'}：工作表「Sheet」中 1 个公式单元格没有保存计算结果：C2，按空白读取（用 Excel 或 WPS 打开、保存一次即可）",
    )


def test_formulas_excel_saved_with_their_results_are_read_without_a_word() -> None:
    from docgen.load.workbook import _unread_cells

    sheet = (
        b'<row r="2"><c r="A2"><f>ROW()-1</f><v>1</v></c>'
        b'<c r="B2" t="str"><f>IF(C2="","",C2)</f><v></v></c><c r="C2"/></row>'
    )
    assert _unread_cells(sheet) == {}


def test_hidden_rows_and_error_values_are_found_in_either_quote_style(tmp_path: Path) -> None:
    """XML lets a program write r='3' and hidden = "1": the notes must not depend on it."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "截止日期"])
    book.active.append(["市教育局", "#N/A"])
    book.active.append(["东城区", "12月15日"])
    book.active["B2"].data_type = "e"
    book.active.row_dimensions[3].hidden = True
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'(\w+)="([^"]*)"', rb"\1 = '\2'", parts[sheet])
    assert b"hidden = '1'" in parts[sheet] and b"t = 'e'" in parts[sheet]
    with zipfile.ZipFile(tmp_path / "quoted.xlsx", "w") as target:
        for name, blob in parts.items():
            target.writestr(name, blob)
    plain, quoted = read_rows(tmp_path / "plain.xlsx"), read_rows(tmp_path / "quoted.xlsx")
    assert len(plain.notes) == 2
    assert [n.replace("quoted.xlsx", "plain.xlsx") for n in quoted.notes] == list(plain.notes)
    assert [r.values for r in quoted.rows] == [r.values for r in plain.rows]


def test_invisible_characters_pasted_into_a_roster_are_dropped_in_every_format(
    tmp_path: Path,
) -> None:
    """A zero-width space or a byte-order mark pasted from a web page or WeChat: the name
    would otherwise match no task and look right in the file name only."""
    name = "市纪委监委机关\u200b"
    xlsx = write_roster(tmp_path / "u.xlsx", [{"单位名称": name, "联系人": "\ufeff王芳"}], COLUMNS)
    csv = tmp_path / "u.csv"
    csv.write_text(f"单位名称\u200b,联系人\n{name},王\u2060芳\n", encoding="utf-8-sig")
    yaml = tmp_path / "u.yaml"
    yaml.write_text(f"- 单位名称: {name}\n  任务: [核对\u200b台账]\n", encoding="utf-8")
    for path in (xlsx, csv):
        (row,) = read_rows(path).rows
        assert row.values["单位名称"] == "市纪委监委机关" and row.values["联系人"] == "王芳"
    assert read_rows(csv).columns == ("单位名称", "联系人")
    (row,) = read_rows(yaml).rows
    assert row.values == {"单位名称": "市纪委监委机关", "任务": ["核对台账"]}


def test_a_csv_with_numbers_excel_showed_in_scientific_notation_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text(
        "单位名称,电话,文号\n甲,13912345678,E+1号\n乙,1.39E+10,1E+5\n", encoding="utf-8"
    )
    roster = read_rows(path, "u.csv")
    assert roster.rows[1].values["电话"] == "1.39E+10"  # printed as it is, and said
    assert roster.notes == (
        "u.csv：「电话」列第3行起有科学计数法的数字（1.39E+10）：这是 Excel 把长数字显示为科学计数法"
        "后另存的 CSV，原来的数字已经丢失，会原样输出（请在 Excel 中把这一列设为「文本」格式、重新填写后"
        "另存，或改用 .xlsx 名单）",
        "u.csv：「文号」列第3行起有科学计数法的数字（1E+5）：这是 Excel 把长数字显示为科学计数法"
        "后另存的 CSV，原来的数字已经丢失，会原样输出（请在 Excel 中把这一列设为「文本」格式、重新填写后"
        "另存，或改用 .xlsx 名单）",
    )


def test_a_csv_date_with_its_time_prints_as_a_sheets_date_does(tmp_path: Path) -> None:
    path = _csv(tmp_path, "单位名称,截止日期\n甲,2026-12-31 00:00:00\n乙,2026/12/31 14:30\n")
    first, second = (row.values["截止日期"] for row in read_rows(path).rows)
    assert str(first) == "2026年12月31日" and first == datetime.date(2026, 12, 31)
    assert str(second) == "2026年12月31日 14:30"


def test_a_label_line_an_export_writes_above_its_header_is_not_the_header(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["临江市整改通知主送单位名单"])
    sheet.append(["单位：中共临江市委办公室", None, None, "导出时间：2026-11-20 09:31", "共2条"])
    sheet.append(["序号", "单位名称", "联系人", "联系电话", "报送截止日期"])
    sheet.append([1, "市教育局", "王芳", "0576-1", "2026-12-15"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("序号", "单位名称", "联系人", "联系电话", "报送截止日期")
    assert [row.values["单位名称"] for row in roster.rows] == ["市教育局"]


@pytest.mark.parametrize(
    "line",
    [
        ["填报单位", "中共临江市委办公室", "联系人", "王芳", "联系电话", 13800000000],
        ["填报单位：", "市委办", None, "填报日期", datetime.date(2026, 12, 1)],
    ],
)
def test_a_forms_label_and_value_line_above_the_header_is_not_the_header(
    tmp_path: Path, line: list[object]
) -> None:
    """Clerk review 14: labels and values in cells of their own read as the header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(line)
    sheet.append(["序号", "单位名称", "联系人", "联系电话"])
    sheet.append([1, "市教育局", "李强", "0576-1"])
    book.save(tmp_path / "units.xlsx")
    roster = read_rows(tmp_path / "units.xlsx")
    assert roster.columns == ("序号", "单位名称", "联系人", "联系电话")
    assert [row.values["联系人"] for row in roster.rows] == ["李强"]


@pytest.mark.parametrize(
    "header",
    [
        ["填报单位", "联系人", "联系电话"],  # a roster of who reported: a header all the same
        ["填报单位", "单位名称", "联系人", "电话"],
    ],
)
def test_a_header_of_form_labels_is_still_the_header(tmp_path: Path, header: list[str]) -> None:
    lines = [",".join(header), ",".join(["市教育局", "李强", "0576-1", "x"][: len(header)])]
    roster = read_rows(_csv(tmp_path, "\n".join(lines) + "\n"), "名单.csv")
    assert roster.columns == tuple(header)


def test_rows_numbered_past_the_last_unit_are_no_units(tmp_path: Path) -> None:
    """Roster forms number 序号 down twenty rows below the last unit: nothing else is filled."""
    lines = ["序号,单位名称,联系人", "1,市教育局,王芳", "2,,", "3,市公安局,李强"]
    lines += [f"{n},," for n in range(4, 24)]
    roster = read_rows(_csv(tmp_path, "\n".join(lines) + "\n"), "名单.csv")
    assert [row.values["单位名称"] for row in roster.rows] == ["市教育局", "市公安局"]
    (note,) = [n for n in roster.notes if "只填了序号" in n]
    assert note.startswith("名单.csv：第3、5、6") and "共 21 行" in note


def test_a_numbered_row_whose_unit_is_an_error_value_stays_a_row_and_is_said(
    tmp_path: Path,
) -> None:
    """Code review 18: a failed VLOOKUP beside its 序号 read as a row numbered ahead and lost
    the unit without a word; it stays a row (failing on its blank unit) and the cell is said."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "单位名称", "联系人"])
    book.active.append([1, "市教育局", "王芳"])
    book.active.append([2, "#N/A", None])
    book.active["B3"].data_type = "e"
    book.active.append([3, None, None])
    book.save(tmp_path / "u.xlsx")
    roster = read_rows(tmp_path / "u.xlsx", "u.xlsx")
    assert [row.location.row for row in roster.rows] == [2, 3]
    assert any("B3（#N/A）" in note for note in roster.notes)
    assert any("第4行只填了序号" in note for note in roster.notes)
