"""Issue 7's acceptance, run as a user runs it: `docgen check` on a hand-made document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from check.corpus import BODY, acceptance, formal, number_of
from click.testing import CliRunner

from docgen.cli import cli

LAYOUT_RULES = {"LAYOUT-PAGE-MARGIN", "LAYOUT-FONT-THEME"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def handmade(tmp_path: Path) -> Path:
    path = tmp_path / "临江市安全生产通知.docx"
    path.write_bytes(acceptance())
    return path


def _run(*args: str, cwd: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(cwd), "check", *args])
    return result.exit_code, result.output


def _json(*args: str, cwd: Path) -> tuple[int, dict]:
    code, output = _run("--format", "json", *args, cwd=cwd)
    return code, json.loads(output)


def test_handmade_document_gets_exactly_its_six_findings_with_locations(handmade: Path) -> None:
    code, report = _json(str(handmade), cwd=handmade.parent)
    findings = report["files"][0]["findings"]
    b = formal()  # the same layout, so the same paragraph numbers
    got = {
        (f["rule"], f["location"].get("paragraph"), f["location"].get("section")) for f in findings
    }
    assert got == {
        ("LAYOUT-PAGE-MARGIN", None, 1),
        ("LAYOUT-FONT-THEME", number_of(b, BODY), None),
        ("TEXT-DOCNUM-BRACKET", number_of(b, "临政"), None),
        ("TEXT-DATE-PAD", number_of(b, "2026年9月9日"), None),
        ("TEXT-PLACEHOLDER", number_of(b, BODY), None),
        ("NUM-SEQUENCE", number_of(b, "三、"), None),
    }
    assert code == 1
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["TEXT-DOCNUM-BRACKET"]["location"]["excerpt"] == "临政[2026]5号"
    assert "××" in by_rule["TEXT-PLACEHOLDER"]["location"]["excerpt"]
    assert by_rule["NUM-SEQUENCE"]["location"]["excerpt"].startswith("四、")
    assert "缺少“三、”" in by_rule["NUM-SEQUENCE"]["message"]
    assert "上 25.4mm" in by_rule["LAYOUT-PAGE-MARGIN"]["message"]
    assert by_rule["LAYOUT-FONT-THEME"]["location"]["part"].startswith("文档默认格式")
    assert "eastAsiaTheme" in by_rule["LAYOUT-FONT-THEME"]["message"]


def test_text_report_names_paragraph_excerpt_clause_and_exits_1(handmade: Path) -> None:
    code, output = _run(str(handmade), cwd=handmade.parent)
    assert code == 1
    assert "第4段「临政[2026]5号」：错误 TEXT-DOCNUM-BRACKET" in output
    assert "第1节（页面设置）：错误 LAYOUT-PAGE-MARGIN" in output
    assert "（GB/T 9704-2012 7.3.5.4）" in output
    assert "共 6 处：错误 6" in output


def test_fix_writes_a_copy_whose_only_errors_need_a_person(handmade: Path) -> None:
    original = handmade.read_bytes()
    code, output = _run("--fix", str(handmade), cwd=handmade.parent)
    fixed = handmade.with_name("临江市安全生产通知.fixed.docx")
    assert fixed.is_file()
    assert handmade.read_bytes() == original  # the input is left alone without --in-place
    assert "-临政[2026]5号\n+临政〔2026〕5号" in output
    assert "-2026年09月09日\n+2026年9月9日" in output
    _, report = _json(str(fixed), cwd=handmade.parent)
    left = {f["rule"] for f in report["files"][0]["findings"] if f["severity"] == "error"}
    # Layout needs Word; the placeholder and the missing 三、 need the author.
    assert left == LAYOUT_RULES | {"TEXT-PLACEHOLDER", "NUM-SEQUENCE"}
    assert code == 1


def test_fix_in_place_rewrites_the_input(handmade: Path) -> None:
    code, _ = _run("--fix", "--in-place", str(handmade), cwd=handmade.parent)
    assert not handmade.with_name("临江市安全生产通知.fixed.docx").exists()
    _, report = _json(str(handmade), cwd=handmade.parent)
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert "TEXT-DOCNUM-BRACKET" not in rules and "TEXT-DATE-PAD" not in rules
    assert code == 1


def test_a_text_file_renamed_docx_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    fake = tmp_path / "通知.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    code, output = _run(str(fake), cwd=tmp_path)
    assert code == 2
    assert "通知.docx" in output and "不是有效的 .docx 文件" in output


def test_a_conforming_document_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "good.docx"
    path.write_bytes(formal().save())
    code, output = _run(str(path), cwd=tmp_path)
    assert (code, output.splitlines()[-1].strip()) == (0, "未发现问题")


def test_unreadable_file_among_others_still_reports_the_others(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "good.docx").write_bytes(formal().save())
    code, report = _json(str(tmp_path / "bad.docx"), str(tmp_path / "good.docx"), cwd=tmp_path)
    statuses = [f["status"] for f in report["files"]]
    assert (code, statuses, report["exit_code"]) == (2, ["unreadable", "checked"], 2)


def test_json_output_follows_the_documented_schema(handmade: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "check.schema.json").read_text(encoding="utf-8"))
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    for args in ((str(handmade), str(fake)), ("--fix", str(handmade))):
        _, report = _json(*args, cwd=tmp_path)
        jsonschema.validate(report, schema)


def test_missing_file_and_folder_are_reported_in_chinese_and_exit_2(tmp_path: Path) -> None:
    code, output = _run(str(tmp_path / "没有这个文件.docx"), str(tmp_path), cwd=tmp_path)
    assert code == 2
    assert "没有这个文件.docx：无法读取：文件不存在" in output
    assert "这是一个文件夹" in output
    if sys.platform != "win32":  # security review 22: /dev/zero was read until memory ran out
        (tmp_path / "零.docx").symlink_to("/dev/zero")
        code, output = _run(str(tmp_path / "零.docx"), cwd=tmp_path)
        assert code == 2 and "零.docx：无法读取：这不是普通文件" in output


def test_in_place_without_fix_is_a_usage_error(handmade: Path) -> None:
    code, output = _run("--in-place", str(handmade), cwd=handmade.parent)
    assert code == 2 and "--in-place 只能与 --fix 一起使用" in output
