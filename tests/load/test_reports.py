"""Weekly reports and the roster: one file per unit or one sheet, every error located."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DocgenError, ErrorGroup, InputError
from docgen.load.reports import load_reports, load_roster, match

DEADLINE = datetime.datetime(2026, 11, 20, 12, 0)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _sheet(path: Path, rows: list[list[object]], title: str = "周报") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _errors(exc: DocgenError) -> list[DocgenError]:
    return exc.errors if isinstance(exc, ErrorGroup) else [exc]


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "roster.yaml",
        "- {name: 市委办公室, short: 市委办}\n- {name: 市发展和改革委员会, short: 市发改委}\n- 市信访局\n- 市司法局\n",
    )


def test_yaml_reports_read_with_english_or_chinese_keys(tmp_path: Path) -> None:
    _write(
        tmp_path / "r/a.yaml",
        "unit: 市委办公室\nsubmitted_at: 2026-11-19 17:20\nprogress: [召开室务会。, 压减会签环节。]\n",
    )
    _write(
        tmp_path / "r/b.yaml",
        "单位: 市发改委\n报送时间: 2026年11月20日（星期五）10:30\n本周工作进展: |\n  1.清理收费。\n  2.并联审批。\n存在问题: [审批权限在省级]\n",
    )
    reports, files = load_reports(tmp_path / "r", str)
    assert [r.unit for r in reports] == ["市委办公室", "市发改委"]
    assert reports[0].progress == ("召开室务会。", "压减会签环节。")
    assert reports[1].progress == ("清理收费。", "并联审批。")
    assert reports[1].problems == ("审批权限在省级",)
    assert reports[1].submitted_at == datetime.datetime(2026, 11, 20, 10, 30)
    assert [(path.name, digest) for path, digest in files] == [
        (name, hashlib.sha256((tmp_path / "r" / name).read_bytes()).hexdigest())
        for name in ("a.yaml", "b.yaml")
    ]


def test_one_sheet_with_a_row_per_unit_keeps_each_rows_cell(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "weekly.xlsx",
        [
            ["单位", "本周进展", "下周安排", "存在问题", "报送时间"],
            ["市委办公室", "梳理公文流程", "修订细则", None, datetime.datetime(2026, 11, 19, 9, 0)],
            ["市信访局", "办结信访件", None, None, "2026-11-20 15:10"],
        ],
    )
    reports, _ = load_reports(path, str)
    assert [(r.unit, r.submitted_at.hour) for r in reports] == [("市委办公室", 9), ("市信访局", 15)]
    assert reports[1].location.sheet == "周报" and reports[1].location.row == 3


def test_every_bad_report_is_reported_at_once_with_its_place(tmp_path: Path) -> None:
    _write(tmp_path / "r/a.yaml", "unit: 市委办公室\nprogress: [x]\n")
    _write(
        tmp_path / "r/b.yaml",
        "unit: 市信访局\nsubmitted_at: 2026年11月20日（星期四）10:00\nprogress: [x]\n",
    )
    _sheet(
        tmp_path / "r/c.xlsx",
        [["单位", "本周工作进展", "报送时间"], ["市司法局", None, "2026-11-20 09:00"]],
    )
    with pytest.raises(DocgenError) as caught:
        load_reports(tmp_path / "r", str)
    messages = [str(e) for e in _errors(caught.value)]
    assert any("a.yaml" in m and "报送时间" in m and "不能为空" in m for m in messages)
    assert any("b.yaml:2" in m and "星期五" in m for m in messages)
    assert any("c.xlsx" in m and "第2行" in m and "本周工作进展" in m for m in messages)
    assert len(messages) == 3


def test_an_unknown_yaml_key_is_named_with_its_line(tmp_path: Path) -> None:
    _write(
        tmp_path / "r/a.yaml", "unit: 市委办公室\nsubmitted_at: 2026-11-19 09:00\nprogres: [x]\n"
    )
    with pytest.raises(InputError, match="未知字段「progres」") as caught:
        load_reports(tmp_path / "r", str)
    assert caught.value.location is not None and caught.value.location.line == 3


def test_roster_from_a_sheet_keeps_order_and_short_names(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "units.xlsx",
        [
            ["成员单位名单"],
            ["序号", "单位名称", "简称"],
            [1, "市委办公室", "市委办"],
            [2, "市司法局", None],
        ],
        title="名单",
    )
    units, _ = load_roster(path, str)
    assert [(u.name, u.short) for u in units] == [("市委办公室", ("市委办",)), ("市司法局", ())]


def test_a_name_given_twice_in_the_roster_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "roster.yaml", "- 市委办公室\n- {name: 市司法局, short: 市委办公室}\n")
    with pytest.raises(InputError, match="重复"):
        load_roster(path, str)


def test_match_finds_missing_and_late_units_in_roster_order(tmp_path: Path, roster: Path) -> None:
    for name, unit, moment in (
        ("a", "市司法局", "2026-11-20 16:25"),
        ("b", "市发改委", "2026-11-20 12:00"),  # on the deadline: not late
        ("c", "市委办公室", "2026-11-18 09:00"),
    ):
        _write(
            tmp_path / f"r/{name}.yaml", f"unit: {unit}\nsubmitted_at: {moment}\nprogress: [x]\n"
        )
    reports, _ = load_reports(tmp_path / "r", str)
    result = match(load_roster(roster, str)[0], reports, DEADLINE)
    assert [u.name for u, _ in result.on_roster] == ["市委办公室", "市发展和改革委员会", "市司法局"]
    assert [u.name for u in result.missing] == ["市信访局"]
    assert [u.name for u, _ in result.late] == ["市司法局"]


def test_a_report_from_a_unit_off_the_roster_or_twice_is_an_error(
    tmp_path: Path, roster: Path
) -> None:
    _write(tmp_path / "r/a.yaml", "unit: 市委办\nsubmitted_at: 2026-11-18 09:00\nprogress: [x]\n")
    _write(
        tmp_path / "r/b.yaml", "unit: 市委办公室\nsubmitted_at: 2026-11-19 09:00\nprogress: [x]\n"
    )
    _write(tmp_path / "r/c.yaml", "unit: 市教育局\nsubmitted_at: 2026-11-19 09:00\nprogress: [x]\n")
    reports, _ = load_reports(tmp_path / "r", str)
    with pytest.raises(DocgenError) as caught:
        match(load_roster(roster, str)[0], reports, DEADLINE)
    messages = [str(e) for e in _errors(caught.value)]
    assert any("b.yaml" in m and "重复报送" in m for m in messages)
    assert any("c.yaml" in m and "不在单位名单中" in m for m in messages)
