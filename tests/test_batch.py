"""Specs for batches: one file per row, a failing row reported by number, a manifest of it all."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docxtpl_support import (
    UNIT_ROWS,
    merge_field,
    paragraphs_template,
    parts_of,
    user_template,
    with_parts,
    write_roster,
)
from lxml import etree
from tests_support import fake_pdf_conversion, run_main

from docgen.batch import COMBINED_STEM, BatchOptions, Report, merge
from docgen.cli import cli
from docgen.errors import DocgenError, OutputError
from docgen.load.rows import read_rows
from docgen.ooxml.xml import qn

COLUMNS = ["单位名称", "截止日期", "联系人", "备注", "任务"]
SPLIT = "任务.splitlines()"  # a cell holds one task a line
MISSING_DEADLINE = {"单位名称": "市财政局", "联系人": "周婷", "任务": ["核对台账"]}


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A user's template and an .xlsx roster whose sheet row 3 lacks the deadline."""
    template = tmp_path / "整改通知模板.docx"
    template.write_bytes(user_template(tasks=SPLIT))
    rows = [UNIT_ROWS[0], MISSING_DEADLINE, *UNIT_ROWS[1:]]
    roster = write_roster(tmp_path / "units.xlsx", rows, COLUMNS)
    return template, roster


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    """A user's template of the given paragraphs, saved as 模板.docx."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template(*paragraphs))
    return template


def _one_unit_twice(tmp_path: Path) -> tuple[list[dict[str, Any]], Callable[[], Report]]:
    """A roster naming 市教育局 twice, to be changed, and a merge of it as it stands into out/."""
    template = _template(tmp_path, "{{ 单位名称 }}：{{ 联系人 }}")
    rows: list[dict[str, Any]] = [
        {"单位名称": "市教育局", "联系人": "王芳"},
        {"单位名称": "市教育局", "联系人": "李强"},
    ]

    def run() -> Report:
        roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"])
        return merge(template, roster, BatchOptions(tmp_path / "out"))

    return rows, run


def _edit_by_hand(path: Path) -> None:
    """A notice opened in Word, annotated and saved."""
    edited = docx.Document(str(path))
    edited.add_paragraph("已阅")
    edited.save(str(path))


def _docx(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx"))


def test_a_failing_row_is_reported_by_its_row_number_and_the_others_are_written(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = merge(*inputs, BatchOptions(out))
    assert report.exit_code == 1
    (failure,) = report.failures
    assert failure.row is not None and failure.row.location.row == 3
    assert "第3行" in str(failure) and "截止日期" in str(failure)
    assert _docx(out) == sorted(["市教育局.docx", "市委办公室／市政府办公室.docx", "_CON.docx"])
    assert "1 行失败" in str(report)


def test_the_manifest_lists_every_output_with_its_row_and_sha256(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    merge(*inputs, BatchOptions(out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [o["row"] for o in manifest["outputs"]] == [2, 4, 5]
    for output in manifest["outputs"]:
        assert output["sha256"] == hashlib.sha256((out / output["file"]).read_bytes()).hexdigest()
    assert [f["row"] for f in manifest["failed"]] == [3]
    assert manifest["template"]["sha256"] == hashlib.sha256(inputs[0].read_bytes()).hexdigest()


def test_the_command_exits_1_and_says_which_row_failed_in_chinese(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["merge", *map(str, inputs), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "失败：" in result.output and "第3行" in result.output
    assert "共 4 行：已生成 3 个文件，1 行失败" in result.output


def test_a_dry_run_renders_every_row_names_the_files_and_writes_nothing(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["merge", *map(str, inputs), "-o", str(out), "--dry-run", "--name", "{{ 单位名称 }}-通知"],
    )
    assert not out.exists()
    assert "市委办公室／市政府办公室-通知.docx" in result.output
    # Row 3's deadline is blank: the dry run says so, as the batch would, instead of naming it.
    assert "第3行：这一行的「截止日期」是空的" in result.output
    assert (
        "预演：共 4 行，将生成 3 个文件，另有「manifest.json」，1 行会失败（未写入任何文件）。"
        in (result.output)
    )
    assert result.exit_code == 1


def test_a_dry_run_in_processes_finds_the_same_rows_as_the_batch(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    dry = merge(*inputs, BatchOptions(tmp_path / "dry", dry_run=True, jobs=2))
    real = merge(*inputs, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "dry").exists()
    assert [(o.file, o.sha256) for o in dry.outputs] == [(o.file, o.sha256) for o in real.outputs]
    assert [str(f) for f in dry.failures] == [str(f) for f in real.failures]
    assert len(dry.failures) == 1 and dry.exit_code == real.exit_code == 1


def test_the_summary_names_the_combined_document_and_the_zip_the_batch_made(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    """Clerk review 15: the summary of a run said its rows' files only."""
    report = merge(*inputs, BatchOptions(tmp_path / "out", combined=True, zip=True))
    assert "已生成 3 个文件，另有「合并打印.docx」、「out.zip」，1 行失败。" in str(report)


def test_a_dry_run_names_the_pdfs_the_combined_document_and_the_zip_as_the_batch_would(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "合并打印.docx").write_bytes(b"the clerk's own")  # kept: the batch's is "-2"
    steps = ["--pdf", "--combined", "--zip", "--dry-run"]
    result = CliRunner().invoke(cli, ["merge", *map(str, inputs), "-o", str(out), *steps])
    assert result.exit_code == 1, result.output  # row 3 would fail: it has no PDF either
    assert "另有 3 个 PDF、「合并打印-2.docx」、「out.zip」、「manifest.json」" in result.output
    assert "保留未覆盖；正式生成时将写为「合并打印-2.docx」" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["合并打印.docx"]


def test_a_dry_run_says_what_the_run_would_leave_in_the_folder(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    """A clerk previews to learn which old files to delete before sending: a failed row's
    file from the last run, and a unit's file no row writes any more."""
    template, roster = inputs
    out = tmp_path / "out"
    merge(template, roster, BatchOptions(out))
    fewer = write_roster(
        tmp_path / "fewer.xlsx",
        [{"单位名称": "市教育局", "联系人": "张三", "任务": ["整改一"]}],
        COLUMNS,
    )
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir())
    dry = merge(template, fewer, BatchOptions(out, dry_run=True))
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir()) == before
    notes = "\n".join(dry.notes)
    assert "第2行会失败；目录中的「市教育局.docx」是此前生成的旧文件，不会更新" in notes
    assert "「_CON.docx」是上次生成的文件，不会重新生成，会留在目录里（发送前请删除）" in notes
    real = merge(template, fewer, BatchOptions(out))
    said = "\n".join(real.notes)
    assert "第2行未能生成；目录中的「市教育局.docx」是此前生成的旧文件，未更新" in said
    assert "「_CON.docx」是上次生成的文件，本次没有重新生成，仍留在目录里" in said


def test_a_dry_run_with_pdf_needs_libreoffice_as_the_run_does(
    inputs: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("docgen.write.pdf.soffice_path", lambda: None)
    for steps, dropped in (
        (["--pdf"], "--pdf"),
        (["--combined", "--duplex"], "--duplex"),
        (["--pdf", "--combined", "--duplex"], "--pdf 和 --duplex"),
    ):
        out = tmp_path / str(len(steps))
        code, said = run_main(monkeypatch, capsys, "merge", *inputs, "-o", out, "--dry-run", *steps)
        assert code == 1
        assert "未找到 LibreOffice（soffice），无法" in said
        assert f"指向其中的 soffice 程序），或去掉 {dropped}\n" in said
        assert not out.exists()


def test_a_dry_run_refuses_an_output_folder_the_run_would_refuse(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    in_the_way = tmp_path / "通知"
    in_the_way.write_text("a file where the folder should be", encoding="utf-8")
    for folder in (in_the_way, in_the_way / "第一批"):
        with pytest.raises(OutputError) as caught:
            merge(*inputs, BatchOptions(folder, dry_run=True))
        assert "输出目录的位置已有一个同名文件" in str(caught.value)
        assert str(in_the_way) in str(caught.value)


def test_a_name_cut_to_the_length_limit_is_said_with_the_row(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    long_name = "临江市" + "乡村振兴" * 20 + "工作领导小组办公室"
    rows = [{"单位名称": long_name}, {"单位名称": "市教育局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    (cut, plain) = [output.file for output in report.outputs]
    head, tail = cut.removesuffix(".docx").split("…")
    assert long_name.startswith(head) and long_name.endswith(tail) and plain == "市教育局.docx"
    (note,) = report.notes
    assert note.endswith(
        f"u.xlsx：工作表「单位名单」第2行：文件名超过长度上限（60 个汉字或 180 个字母、数字），截短为「{cut}」"
    )


def test_a_name_with_nothing_usable_for_a_file_is_named_by_its_row_and_said(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"单位名称": ".."}, {"单位名称": "第2行"}, {"单位名称": "市教育局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert [o.file for o in report.outputs] == ["第2行.docx", "第2行-2.docx", "市教育局.docx"]
    said = [note.split("u.xlsx：", 1)[1] for note in report.notes]
    assert said == [
        "工作表「单位名单」第2行：「..」中没有能用作文件名的字符，以行号命名为「第2行.docx」",
        "工作表「单位名单」第3行：文件名「第2行.docx」是名单中同名的工作表「单位名单」第2行的，"
        "改为「第2行-2.docx」",
    ]


def test_a_name_whose_pattern_column_is_blank_is_named_by_its_row_and_said(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"单位名称": "市教育局", "备注": "牵头"}, {"单位名称": "市财政局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "备注"])
    options = BatchOptions(tmp_path / "out", name="{{ 单位名称 }}（{{ 备注 }}）")
    report = merge(template, roster, options)
    assert [o.file for o in report.outputs] == ["市教育局（牵头）.docx", "第3行.docx"]
    assert [note.split("u.xlsx：", 1)[1] for note in report.notes] == [
        "工作表「单位名单」第3行：文件名要用的「备注」在这一行是空的，以行号命名为「第3行.docx」"
        "（可空的列在模式中写成 {% if 备注 %}…{% endif %}）"
    ]


def test_a_cut_name_also_taken_says_both_and_the_file_in_its_way(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    long_name = "临江市" + "乡村振兴" * 20 + "工作领导小组办公室"
    out = tmp_path / "out"
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": long_name}] * 2, ["单位名称"])
    cut = merge(template, roster, BatchOptions(out, dry_run=True)).outputs[0].file
    out.mkdir()
    (out / cut).write_bytes(b"the clerk's own")
    report = merge(template, roster, BatchOptions(out))
    first, second = [output.file for output in report.outputs]
    assert first.endswith("-2.docx") and second.endswith("-3.docx")  # cut a little more to fit
    said = [note.split("行：", 1)[1] for note in report.notes]
    assert said == [
        f"文件名超过长度上限（60 个汉字或 180 个字母、数字），截短为「{cut}」；目录中原有的「{cut}」没有 docgen 的生成记录，"
        f"保留未覆盖；本次生成为「{name}」"
        for name in (first, second)
    ]
    assert (out / cut).read_bytes() == b"the clerk's own"


def test_the_same_files_come_out_whatever_the_number_of_jobs(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    merge(*inputs, BatchOptions(tmp_path / "one"))
    report = merge(*inputs, BatchOptions(tmp_path / "two", jobs=2))
    assert report.exit_code == 1 and len(report.failures) == 1
    assert _docx(tmp_path / "one") == _docx(tmp_path / "two")
    for name in _docx(tmp_path / "one"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    manifests = [(tmp_path / d / "manifest.json").read_bytes() for d in ("one", "two")]
    assert manifests[0] == manifests[1]


def test_names_come_from_the_pattern_and_collisions_are_numbered_in_row_order(
    tmp_path: Path,
) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    rows = [{"单位名称": "市教育局", "类别": "甲"}, {"单位名称": "市教育局", "类别": "乙"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "类别"])
    merge(template, roster, BatchOptions(tmp_path / "a"))
    assert _docx(tmp_path / "a") == ["市教育局-2.docx", "市教育局.docx"]
    merge(template, roster, BatchOptions(tmp_path / "b", name="单位名称 ~ '（' ~ 类别 ~ '）'"))
    assert _docx(tmp_path / "b") == ["市教育局（乙）.docx", "市教育局（甲）.docx"]


def test_a_row_whose_name_cannot_be_made_fails_alone_and_a_blank_name_is_its_row_number(
    tmp_path: Path,
) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    rows = [{"单位名称": "市教育局", "简称": "教育"}, {"单位名称": "市公安局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "简称"])
    report = merge(template, roster, BatchOptions(tmp_path / "out", name="{{ 简称 + 1 }}.docx"))
    assert [f.row.location.row for f in report.failures if f.row] == [2]  # text plus a number
    assert _docx(tmp_path / "out") == ["第3行.docx"]
    report = merge(template, roster, BatchOptions(tmp_path / "o2", name="{{ 简称 }}-通知.docx"))
    assert _docx(tmp_path / "o2") == ["教育-通知.docx", "第3行.docx"]


def test_a_broken_template_stops_the_batch_before_anything_is_written(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(paragraphs_template("{% if 单位名称 %}没有结束"))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "甲"}], ["单位名称"])
    with pytest.raises(DocgenError):
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_the_manifest_holds_the_keys_its_documentation_describes(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    import re

    out = tmp_path / "out"
    merge(*inputs, BatchOptions(out, zip=True, combined=True))
    template, _ = inputs
    fewer = write_roster(tmp_path / "fewer.xlsx", [MISSING_DEADLINE, *UNIT_ROWS[1:]], COLUMNS)
    merge(template, fewer, BatchOptions(out, zip=True, combined=True))  # the first unit's is left
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    docs = Path(__file__).resolve().parents[1] / "docs" / "inputs.md"
    section = docs.read_text(encoding="utf-8").split("### `docgen merge` 的清单")[1]
    described = {
        key
        for cell in re.findall(r"^\| ([^|]+) \|", section, re.M)
        for key in re.findall(r"`(\w+)`", cell)
    }
    assert set(manifest) - {"stopped"} <= described and "left" in manifest
    keys = {key for record in manifest["outputs"] for key in record}
    assert keys == {"file", "row", "source", "sha256"}
    assert {key for f in manifest["failed"] for key in f} == {"row", "source", "error"}


def test_zip_packs_every_output(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = merge(*inputs, BatchOptions(out, zip=True))
    with zipfile.ZipFile(out / "out.zip") as archive:
        assert sorted(archive.namelist()) == _docx(out)
        for name in archive.namelist():
            assert archive.read(name) == (out / name).read_bytes()
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert [f["file"] for f in files] == ["out.zip"]
    assert all(
        f["sha256"] == hashlib.sha256((out / f["file"]).read_bytes()).hexdigest() for f in files
    )
    assert report.exit_code == 1


def test_combined_holds_every_document_with_page_numbers_restarting(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(user_template(tasks=SPLIT))
    roster = write_roster(tmp_path / "u.xlsx", UNIT_ROWS, COLUMNS)
    out = tmp_path / "out"
    report = merge(template, roster, BatchOptions(out, combined=True))
    assert report.exit_code == 0
    combined = out / f"{COMBINED_STEM}.docx"
    with zipfile.ZipFile(io.BytesIO(combined.read_bytes())) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(qn("w:body"))
    sections = [*body.iter(qn("w:sectPr"))]
    assert len(sections) == len(UNIT_ROWS)
    assert all(s.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in sections)
    assert f"{COMBINED_STEM}.docx" not in [o.file for o in report.outputs]


def test_the_listener_hears_every_row(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    events: list[str] = []
    merge(
        *inputs,
        BatchOptions(tmp_path / "out"),
        Report(listener=lambda kind, _: events.append(kind)),
    )
    assert events.count("start") == 1
    assert events.count("done") == 3 and events.count("failed") == 1


def test_a_row_named_like_the_template_does_not_overwrite_it(tmp_path: Path) -> None:
    template = tmp_path / "通知.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    original = template.read_bytes()
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "通知"}], ["单位名称"])
    merge(template, roster, BatchOptions(tmp_path))
    assert template.read_bytes() == original
    assert (tmp_path / "通知-2.docx").is_file()


def test_a_column_left_blank_serves_a_test_and_fails_only_where_it_is_printed(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}", "{% if 备注 %}备注：{{ 备注 }}{% endif %}")
    rows = [{"单位名称": "市教育局", "备注": "加急"}, {"单位名称": "市公安局"}]
    report = merge(
        template,
        write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "备注"]),
        BatchOptions(tmp_path / "out"),
    )
    assert report.exit_code == 0 and len(report.outputs) == 2
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", "备注：{{ 备注 }}"))
    report = merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "out2"))
    (failure,) = report.failures
    assert "第3行" in str(failure) and "备注" in str(failure)


def test_names_no_column_holds_are_said_and_templates_without_tags_refused_before_the_rows(
    tmp_path: Path,
) -> None:
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    template = _template(
        tmp_path, "{{ 单位名称 }}", "{% if 联系人 %}联系人：{{ 联系人 }}{% endif %}"
    )
    report = merge(template, roster, BatchOptions(tmp_path / "out", dry_run=True))
    assert report.notes == ["模板用到「联系人」，但数据表中没有这一列（现有列：单位名称）"]
    # Printed whatever the row: every row would fail on it, so none is tried.
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", "联系人：{{ 联系人 }}"))
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert str(caught.value) == (
        "模板.docx：第2段「联系人：{{ 联系人 }}」：字段 联系人：模板用到「联系人」，但数据表中"
        "没有这一列，每一行都会因此失败（现有列：单位名称）"
    )
    assert not (tmp_path / "out").exists()
    from docx import Document

    plain = Document()
    plain.add_paragraph("关于做好整改工作的通知")
    plain.save(template)
    with pytest.raises(
        DocgenError, match=re.escape("没有 {{ }} 标签，每一行生成的文件都会完全相同")
    ):
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def _first_run_as_merge_field(template: bytes, field_name: str) -> bytes:
    """The template with its first run inside a Word mail-merge field (MERGEFIELD)."""
    document = parts_of(template)["word/document.xml"].decode("utf-8")
    start = document.index("<w:r>")
    end = document.index("</w:r>", start) + len("</w:r>")
    field = f'<w:fldSimple w:instr=" MERGEFIELD {field_name} ">{document[start:end]}</w:fldSimple>'
    changed = (document[:start] + field + document[end:]).encode("utf-8")
    return with_parts(template, {"word/document.xml": changed})


def test_word_mail_merge_fields_beside_tags_fill_from_the_columns_of_their_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "模板.docx"
    template = paragraphs_template("«单位名称»", "请于{{ 截止日期 }}前报送。")
    path.write_bytes(_first_run_as_merge_field(template, "单位名称"))
    rows = [{"单位名称": "市教育局", "截止日期": "12月15日"}, {"单位名称": "市财政局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "截止日期"])
    report = Report()
    merge(path, roster, BatchOptions(tmp_path / "out"), report)
    assert [output.file for output in report.outputs] == ["市教育局.docx"]
    assert [failure.row.position for failure in report.failures] == [3]  # 截止日期 is blank
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == ["市教育局", "请于12月15日前报送。"]
    assert "Word 邮件合并域 «单位名称» 按同名的列填写" in report.notes


def test_a_word_mail_merge_document_without_tags_fills_like_words_mail_merge(
    tmp_path: Path,
) -> None:
    from docx import Document

    word = Document()  # typed in Word: a mail-merge field and no tag anywhere
    word.add_paragraph("«单位名称»")
    word.add_paragraph("请于月底前报送。")
    buffer = io.BytesIO()
    word.save(buffer)
    path = tmp_path / "邮件合并.docx"
    path.write_bytes(_first_run_as_merge_field(buffer.getvalue(), "单位名称"))
    rows = [{"单位名称": "市教育局"}, {"单位名称": "市委办公室/市政府办公室"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    merge(path, roster, BatchOptions(tmp_path / "out"))
    made = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert made == ["市委办公室／市政府办公室.docx", "市教育局.docx"]
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == ["市教育局", "请于月底前报送。"]


def test_what_words_mail_merge_chose_and_docgen_does_not_is_said(tmp_path: Path) -> None:
    """Word's query filtered the recipients and read the second sheet; a field quoted with the
    header's spaces ("联 系 人") is that column."""

    template = paragraphs_template("UNIT", "CONTACT")
    parts = parts_of(template)
    body = (
        parts["word/document.xml"]
        .decode()
        .replace(
            '<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>UNIT</w:t></w:r>', merge_field("单位名称")
        )
        .replace(
            '<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>CONTACT</w:t></w:r>',
            merge_field('"联 系 人"'),
        )
    )
    settings = parts["word/settings.xml"].replace(
        b"</w:settings>",
        (
            '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/>'
            '<w:dataType w:val="native"/>'
            "<w:query w:val=\"SELECT * FROM `名单$` WHERE ((`性别` = '男'))\"/>"
            "</w:mailMerge></w:settings>"
        ).encode(),
    )
    path = tmp_path / "主文档.docx"
    path.write_bytes(
        with_parts(template, {"word/document.xml": body.encode(), "word/settings.xml": settings})
    )
    _instructions_then_roster(
        tmp_path / "u.xlsx", [["单位名称", "联 系 人"], ["示例单位", "张三"]], "联 系 人"
    )
    report = merge(path, tmp_path / "u.xlsx", BatchOptions(tmp_path / "out", dry_run=True))
    said = "\n".join(report.notes)
    assert "Word 中设置的收件人筛选或排序（WHERE ((`性别` = '男'))）不会生效" in said
    assert (
        "Word 邮件合并用的是工作表「名单」，这里读取的是「填表说明」（要用「名单」时加 --sheet 名单）"
        in said
    )
    report = merge(path, tmp_path / "u.xlsx", BatchOptions(tmp_path / "out", sheet="名单"))
    assert "工作表「名单」，这里读取的是" not in "\n".join(report.notes)
    assert "Word 邮件合并域 «联 系 人» 按列「联系人」填写（列名中的空格不计）" in report.notes
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == ["市教育局", "王芳"]


def test_a_mail_merge_field_word_cannot_do_without_is_refused_before_any_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "标签.docx"
    template = paragraphs_template("«单位名称»", "{{ 截止日期 }}")
    document = parts_of(template)["word/document.xml"].replace(
        b"</w:body>", b'<w:p><w:fldSimple w:instr=" NEXT "/></w:p></w:body>'
    )
    path.write_bytes(with_parts(template, {"word/document.xml": document}))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError, match="邮件合并的 NEXT 域") as caught:
        merge(path, roster, BatchOptions(tmp_path / "out"))
    assert caught.value.location.file == "标签.docx" and caught.value.location.paragraph == 3
    assert not (tmp_path / "out").exists()


def test_with_pdf_a_pdf_made_before_its_document_was_edited_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pdf_conversion(monkeypatch)
    template = _template(tmp_path, "{{ 单位名称 }}")
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    merge(template, roster, BatchOptions(tmp_path / "out", pdf=True))
    edited = tmp_path / "out" / "市教育局.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    report = merge(template, roster, BatchOptions(tmp_path / "out", pdf=True))
    assert [output.file for output in report.outputs] == ["市教育局-2.docx"]
    pdf_notes = [note for note in report.notes if "市教育局.pdf" in note]
    assert pdf_notes == [
        "「市教育局.pdf」是「市教育局.docx」修改之前转换的 PDF，与修改后的文件不一致"
        "（需要时请在 Word 中另存为 PDF，或删除它）"
    ]


def _merge_document(path: Path, *paragraphs: str) -> Path:
    """A Word mail-merge main document: one paragraph per piece of body XML (runs, fields)."""
    from docx import Document

    word = Document()
    for number in range(len(paragraphs)):
        word.add_paragraph(f"P{number}")
    buffer = io.BytesIO()
    word.save(buffer)
    body = parts_of(buffer.getvalue())["word/document.xml"].decode("utf-8")
    for number, xml in enumerate(paragraphs):
        body = body.replace(f"<w:r><w:t>P{number}</w:t></w:r>", xml)
    path.write_bytes(with_parts(buffer.getvalue(), {"word/document.xml": body.encode("utf-8")}))
    return path


def test_merge_field_texts_print_through_docxtpl_as_word_prints_them(tmp_path: Path) -> None:
    """Curly quotes in \\b/\\f text survive docxtpl's cleaning of tags; 0 is a value."""
    template = _merge_document(
        tmp_path / "主文档.docx",
        merge_field("单位名称") + merge_field("项目", '\\b "“" \\f "”"'),
        merge_field("问题数", '\\b "共发现" \\f "个问题"'),
    )
    rows = [{"单位名称": "市教育局", "项目": "回头看", "问题数": 0}, {"单位名称": "市财政局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "项目", "问题数"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert report.failures == []
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == ["市教育局“回头看”", "共发现0个问题"]
    assert _body_texts(tmp_path / "out" / "市财政局.docx") == ["市财政局"]


def test_a_blank_cell_a_merge_field_prints_fails_its_row_with_the_word_way_to_allow_it(
    tmp_path: Path,
) -> None:
    template = _merge_document(
        tmp_path / "主文档.docx", merge_field("单位名称") + merge_field("联系人")
    )
    rows = [{"单位名称": "市教育局", "联系人": "王芳"}, {"单位名称": "市财政局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    (failure,) = report.failures
    assert failure.row.location.row == 3
    assert failure.error.location.excerpt == "«单位名称»«联系人»"  # as the clerk sees it in Word
    assert str(failure.error).split("：", 3)[-1] == (
        "这一行的「联系人」是空的，模板要在这里输出它：请在名单中填上；可以留空的，"
        '在 Word 中按 Alt+F9 显示域代码，给这个域加上 \\b 开关：{ MERGEFIELD 联系人 \\b "" }'
    )


def test_tag_marks_in_a_merge_fields_texts_print_as_typed_never_as_tags(tmp_path: Path) -> None:
    """A main document is hostile too: its field codes become tags only as literals."""
    template = _merge_document(
        tmp_path / "主文档.docx",
        merge_field("单位名称", '\\b "{%p for i in range(9) %}{{ 7*7 }}"'),
        merge_field('"A}}{{ 7*7 }}"'),
    )
    rows = [{"单位名称": "市教育局", "A}}{{ 7*7 }}": "值"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "A}}{{ 7*7 }}"])
    report = merge(template, roster, BatchOptions(tmp_path / "out", name="{{ 单位名称 }}"))
    assert report.failures == []
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == [
        "{%p for i in range(9) %}{{ 7*7 }}市教育局",
        "值",
    ]


def test_a_merge_field_word_spelt_with_underscores_reads_the_column_with_spaces(
    tmp_path: Path,
) -> None:
    template = _merge_document(tmp_path / "主文档.docx", merge_field("联_系_人"))
    rows = [{"单位名称": "市教育局", "联 系 人": "王芳"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联 系 人"])
    report = merge(template, roster, BatchOptions(tmp_path / "out", name="{{ 单位名称 }}"))
    assert _body_texts(tmp_path / "out" / "市教育局.docx") == ["王芳"]
    assert (
        "Word 邮件合并域 «联_系_人» 按列「联系人」填写（Word 插入合并域时把列名中的空格写成“_”）"
        in report.notes
    )


def test_a_merge_field_no_column_has_is_refused_even_where_it_would_print_nothing(
    tmp_path: Path,
) -> None:
    """Behind \\b text every file would quietly lack it: refused with its paragraph."""
    template = _merge_document(
        tmp_path / "主文档.docx",
        merge_field("单位名称"),
        merge_field("联系电话", '\\b "电话："'),
    )
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称", "电话"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    message = str(caught.value)
    assert message.startswith("主文档.docx：第2段")
    assert (
        "Word 邮件合并域 «联系电话» 在名单中没有同名的列，每一份都会缺这一项，未生成任何文件"
        in message
    )
    assert "是不是「电话」？请在 Word 中删掉这个域" in message
    assert caught.value.location.paragraph == 2
    assert not (tmp_path / "out").exists()
    # Quoted as Word shows the paragraph: its other fields too, not as the tags they become.
    template = _merge_document(
        tmp_path / "主文档.docx",
        merge_field("单位名称")
        + "<w:r><w:t>：请</w:t></w:r>"
        + merge_field("联系电话")
        + "<w:r><w:t>报送。</w:t></w:r>",
    )
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert caught.value.location.excerpt == "«单位名称»：请«联系电话»报送。"


def _body_texts(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs if p.text]


def test_a_template_that_fails_every_row_shows_the_first_twenty_and_says_where_the_rest_are(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}", "{{ 联系人 }}")
    rows = [{"单位名称": f"单位{i}"} for i in range(30)]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"])  # 联系人 left blank
    result = CliRunner().invoke(
        cli, ["merge", str(template), str(roster), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.output.count("失败：") == 20 and "manifest.json" in result.output
    # The column is there, its cells blank: said so, with how a template lets a cell be blank.
    assert "第2行：这一行的「联系人」是空的，模板要在这里输出它：请在名单中填上；" in result.output
    assert "{% if 联系人 %}{{ 联系人 }}{% endif %}" in result.output
    assert "30 行失败" in result.output
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["failed"]) == 30


def test_a_failed_rows_file_left_from_an_earlier_run_is_pointed_out(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}", "截止：{{ 截止日期 }}")
    columns = ["单位名称", "截止日期"]
    rows = [
        {"单位名称": "市教育局", "截止日期": "3月31日"},
        {"单位名称": "市公安局", "截止日期": "4月1日"},
    ]
    out = tmp_path / "out"
    merge(template, write_roster(tmp_path / "u.xlsx", rows, columns), BatchOptions(out))
    rows[1] = {"单位名称": "市公安局"}  # this time its deadline is missing
    report = merge(template, write_roster(tmp_path / "u.xlsx", rows, columns), BatchOptions(out))
    assert len(report.failures) == 1
    assert any("「市公安局.docx」是此前生成的旧文件" in note for note in report.notes)


def test_a_name_pattern_reading_a_column_the_data_lacks_fails_before_any_row(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    with pytest.raises(DocgenError, match="文件名模式 --name 用到「科室」"):
        merge(*inputs, BatchOptions(tmp_path / "out", name="{{ 单位名称 }}-{{ 科室 }}"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        # The column most like a misspelt one, with its tag.
        (
            "{{ 单位 }}",
            "u.xlsx 中没有这一列：是不是「单位名称」？标签应写作 {{ 单位名称 }}"
            "（或把表头中的「单位名称」改为「单位」）",
        ),
        # A word that is no column: the pattern's form.
        ("通知", "；文件名按列取名，列名写在 {{ }} 里，其余文字照写，如 {{ 单位名称 }}"),
        # Words around a column without {{ }}; several columns; nothing: the same advice.
        ("单位名称（通知）", "「单位名称（通知）」不是名单中的列名：文件名按列取名"),
        ("单位名称,联系人", "「单位名称,联系人」不能作文件名：文件名按列取名"),
        ("   ", "「   」不能作文件名：文件名按列取名"),
        # Said of the pattern, quoted, not of a "field".
        ("{{ 单位名称", "文件名模式 --name「{{ 单位名称」：模板标签有语法错误"),
        # What the sandbox forbids fails every row: said once, before the rows.
        ("{{ 单位名称.__class__ }}", "--name「{{ 单位名称.__class__ }}」：模板触犯了安全限制"),
    ],
)
def test_a_name_pattern_that_every_row_would_fail_on_is_refused_once_before_the_rows(
    tmp_path: Path, pattern: str, said: str
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"单位名称": "市教育局"}, {"单位名称": "市公安局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    with pytest.raises(DocgenError) as raised:
        merge(template, roster, BatchOptions(tmp_path / "out", name=pattern))
    assert said in str(raised.value)
    assert "字段 --name" not in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_a_name_pattern_failing_on_one_rows_value_fails_that_row_alone(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"单位名称": "市教育局", "编号": "A1"}, {"单位名称": "市公安局", "编号": 7}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "编号"])
    report = merge(template, roster, BatchOptions(tmp_path / "out", name="{{ 编号 + 1 }}"))
    assert [o.file for o in report.outputs] == ["8.docx"]
    ((row, error),) = [(f.row.position, str(f.error)) for f in report.failures]
    assert row == 2 and "模板渲染失败" in error


def test_a_date_cell_prints_as_a_gongwen_date_and_stays_a_date_for_filters(
    tmp_path: Path,
) -> None:
    import datetime

    template = _template(
        tmp_path, "{{ 单位名称 }}", "截止：{{ 截止日期 }}；{{ 截止日期|cn_date('chinese') }}"
    )
    rows = [{"单位名称": "市教育局", "截止日期": datetime.date(2024, 6, 30)}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "截止日期"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    (output,) = report.outputs
    with zipfile.ZipFile(tmp_path / "out" / output.file) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "截止：2024年6月30日；二〇二四年六月三十日" in body


def test_files_of_the_previous_batch_this_one_no_longer_makes_are_pointed_out(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    out = tmp_path / "out"
    before = [{"单位名称": "市财政局"}, {"单位名称": "市教育局"}]
    merge(template, write_roster(tmp_path / "u.xlsx", before, ["单位名称"]), BatchOptions(out))
    after = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市财政厅"}, before[1]], ["单位名称"])
    said = "「市财政局.docx」是上次生成的文件，本次没有重新生成，仍留在目录里（发送前请删除）"
    assert merge(template, after, BatchOptions(out)).notes == [said]
    assert merge(template, after, BatchOptions(out)).notes == [said]  # every run, until moved
    (out / "市财政局.docx").unlink()
    assert merge(template, after, BatchOptions(out)).notes == []


def _as_if_run_with_pdf(out: Path) -> None:
    """A PDF beside every document of the batch in ``out``, recorded as --pdf records them."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["outputs"]:
        record["pdf"] = record["file"].replace(".docx", ".pdf")
        (out / record["pdf"]).write_bytes(b"%PDF-1.6 old")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")


def test_pdfs_of_the_previous_batch_are_pointed_out_when_this_one_makes_none(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    out = tmp_path / "out"
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    merge(template, roster, BatchOptions(out))
    _as_if_run_with_pdf(out)
    report = merge(template, roster, BatchOptions(out))
    assert [note for note in report.notes if "市教育局.pdf" in note] == [
        "「市教育局.pdf」是上次生成的 PDF，本次没有重新转换，它的 .docx 本次已重新生成，"
        "内容可能已不一致（需要时加 --pdf 重新生成，或删除旧的 PDF）"
    ]


def test_a_removed_units_document_is_said_before_the_many_pdfs_left_from_a_run_with_pdf(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    out = tmp_path / "out"
    units = [{"单位名称": f"单位{n:02d}"} for n in range(1, 16)]
    merge(template, write_roster(tmp_path / "u.xlsx", units, ["单位名称"]), BatchOptions(out))
    _as_if_run_with_pdf(out)
    kept = write_roster(tmp_path / "u.xlsx", units[1:], ["单位名称"])  # 单位01 taken off
    report = merge(template, kept, BatchOptions(out))
    assert report.notes == [
        "「单位01.docx」是上次生成的文件，本次没有重新生成，仍留在目录里（发送前请删除）",
        "「单位01.pdf」、「单位02.pdf」、「单位03.pdf」等 15 个 PDF 是上次生成的，本次没有重新转换，"
        "其中 14 个的 .docx 本次已重新生成，内容可能已不一致（需要时加 --pdf 重新生成，或删除旧的 PDF）",
    ]


def test_a_file_of_the_users_own_in_the_folder_is_never_overwritten(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    out = tmp_path / "out"
    out.mkdir()
    (out / "报告.docx").write_bytes(b"the user's own report")
    (out / "市教育局.pdf").write_bytes(b"%PDF the user's own")
    rows = [{"单位名称": "报告"}, {"单位名称": "市教育局"}, {"单位名称": "报告"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    report = merge(template, roster, BatchOptions(out))
    assert [o.file for o in report.outputs] == ["报告-2.docx", "市教育局-2.docx", "报告-3.docx"]
    assert (out / "报告.docx").read_bytes() == b"the user's own report"
    said = [
        note.removeprefix(str(tmp_path / "u.xlsx：工作表「单位名单」")) for note in report.notes
    ]
    assert said == [
        "第2行：目录中原有的「报告.docx」没有 docgen 的生成记录，保留未覆盖；本次生成为「报告-2.docx」",
        "第3行：目录中原有的「市教育局.pdf」没有 docgen 的生成记录，保留未覆盖；"
        "本次生成为「市教育局-2.docx」",
        "第4行：目录中原有的「报告.docx」没有 docgen 的生成记录，保留未覆盖；本次生成为「报告-3.docx」",
    ]
    again = merge(template, roster, BatchOptions(out))  # the batch's own files are its own
    assert [o.file for o in again.outputs] == [o.file for o in report.outputs]


def test_numbers_print_as_the_roster_shows_them_and_still_compare_as_numbers(
    tmp_path: Path,
) -> None:
    from docx import Document
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "完成率", "资金"])
    sheet.append(["市教育局", 0.856, 12345.5])
    sheet.append(["市公安局", 0.5, 800])
    for cell in ("B2", "B3"):
        sheet[cell].number_format = "0.0%"
    for cell in ("C2", "C3"):
        sheet[cell].number_format = "#,##0.00"
    book.save(tmp_path / "u.xlsx")
    template = _template(
        tmp_path,
        "{{ 单位名称 }}完成率{{ 完成率 }}，资金{{ 资金 }}元。"
        "{% if 完成率 < 0.6 %}请加快进度。{% endif %}",
    )
    report = merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "out"))
    assert report.exit_code == 0
    texts = [
        Document(str(tmp_path / "out" / f"{unit}.docx")).paragraphs[0].text
        for unit in ("市教育局", "市公安局")
    ]
    assert texts == [
        "市教育局完成率85.6%，资金12,345.50元。",
        "市公安局完成率50.0%，资金800.00元。请加快进度。",
    ]


def test_the_data_file_is_read_once_and_its_manifest_digest_is_of_those_bytes(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roster saved again during a batch cannot give the manifest another file's digest."""
    from tests_support import count_reads

    template, data = inputs
    reads = count_reads(monkeypatch)
    out = tmp_path / "out"
    merge(template, data, BatchOptions(out))
    assert reads.count(data.resolve()) == 1 and reads.count(template.resolve()) == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(data.open("rb").read()).hexdigest()
    assert manifest["data"]["sha256"] == digest


def test_a_note_about_how_the_roster_was_read_is_said_before_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "完成率"])
    book.active.append(["市教育局", 0.856])
    book.active["B2"].number_format = "0.0%"
    book.save(tmp_path / "units.xlsx")
    template = _template(tmp_path, "{{ 单位名称 }}：{{ 完成率 }}")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a cell openpyxl cannot read")

    monkeypatch.setattr("openpyxl.load_workbook", broken)
    report = merge(template, tmp_path / "units.xlsx", BatchOptions(tmp_path / "out"))
    assert any("数字格式未能读取" in note for note in report.notes)
    assert len(report.outputs) == 1


def test_a_unit_listed_twice_keeps_each_rows_file_when_one_of_them_is_edited(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}：{{ 联系人 }}")
    rows = [
        {"单位名称": "市教育局", "联系人": "王芳"},
        {"单位名称": "市财政局", "联系人": "周婷"},
        {"单位名称": "市教育局", "联系人": "李强"},
    ]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"])
    out = tmp_path / "out"
    merge(template, roster, BatchOptions(out))
    edited = docx.Document(str(out / "市教育局.docx"))
    edited.add_paragraph("已阅，请办公室跟进")
    edited.save(str(out / "市教育局.docx"))
    report = merge(template, roster, BatchOptions(out))
    files = {o.row.position: o.file for o in report.outputs}
    assert files == {2: "市教育局-3.docx", 3: "市财政局.docx", 4: "市教育局-2.docx"}
    said = [note.split("u.xlsx：", 1)[1] for note in report.notes]
    assert said[:2] == [
        "工作表「单位名单」第2行：「市教育局.docx」在此前生成后被修改过，保留未覆盖；"
        "本次生成为「市教育局-3.docx」",
        "工作表「单位名单」第4行：文件名「市教育局.docx」是名单中同名的另一行上次生成的文件，"
        "保留给它，改为「市教育局-2.docx」",
    ]
    again = merge(template, roster, BatchOptions(out))  # and the same names next time
    assert {o.row.position: o.file for o in again.outputs} == files
    texts = {p.name: docx.Document(str(p)).paragraphs[0].text for p in out.glob("*.docx")}
    assert texts["市教育局-2.docx"] == "市教育局：李强"  # row 4's, as the clerk sent it
    assert texts["市教育局-3.docx"] == "市教育局：王芳"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            ["市教育局", "市财政局", "市教育局", "市水利局"],
            ["市教育局", "市教育局", "市水利局"],
            ["市教育局.docx", "市教育局-2.docx", "市水利局.docx"],
        ),  # a row deleted above
        (
            ["市教育局", "市财政局", "市教育局"],
            ["市水利局", "市教育局", "市财政局", "市教育局"],
            ["市水利局.docx", "市教育局.docx", "市财政局.docx", "市教育局-2.docx"],
        ),  # one inserted
    ],
)
def test_rows_moved_by_an_insert_or_a_delete_keep_the_names_they_would_have_had(
    tmp_path: Path, before: list[str], after: list[str], expected: list[str]
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    out = tmp_path / "out"
    for units in (before, after):
        roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": u} for u in units], ["单位名称"])
        report = merge(template, roster, BatchOptions(out))
    assert [o.file for o in report.outputs] == expected
    assert not [note for note in report.notes if "改为" in note and "-3.docx" in note]


def test_an_edited_file_is_said_as_such_to_the_row_that_asks_for_its_name_now(
    tmp_path: Path,
) -> None:
    rows, run = _one_unit_twice(tmp_path)
    run()
    _edit_by_hand(tmp_path / "out" / "市教育局.docx")
    rows[0]["单位名称"] = "市财政局"  # the first row is another unit now
    report = run()
    assert [o.file for o in report.outputs] == ["市财政局.docx", "市教育局-2.docx"]
    (said,) = [note for note in report.notes if "第3行" in note]
    assert said.endswith(
        "第3行：「市教育局.docx」在此前生成后被修改过，保留未覆盖；本次生成为「市教育局-2.docx」"
    )


def test_a_row_that_failed_last_time_keeps_its_n_when_the_other_file_is_edited(
    tmp_path: Path,
) -> None:
    rows, run = _one_unit_twice(tmp_path)
    out = tmp_path / "out"
    run()
    rows[1]["联系人"] = None
    assert [f.row.position for f in run().failures if f.row] == [3]  # its -2 stays, as left
    _edit_by_hand(out / "市教育局.docx")
    rows[1]["联系人"] = "李强"
    assert {o.row.position: o.file for o in run().outputs} == {
        2: "市教育局-3.docx",
        3: "市教育局-2.docx",
    }


def test_a_file_the_batch_wrote_and_the_user_edited_since_is_never_overwritten(
    tmp_path: Path,
) -> None:
    """A secretariat edits one notice by hand, then runs the batch again for another unit."""
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"单位名称": "市教育局"}, {"单位名称": "市民政局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称"])
    out = tmp_path / "out"
    merge(template, roster, BatchOptions(out))
    (out / "市教育局.docx").write_bytes(b"edited in Word")
    report = merge(template, roster, BatchOptions(out))
    assert (out / "市教育局.docx").read_bytes() == b"edited in Word"
    assert [o.file for o in report.outputs] == ["市教育局-2.docx", "市民政局.docx"]
    said = (
        "u.xlsx：工作表「单位名单」第2行：「市教育局.docx」在此前生成后被修改过，"
        "保留未覆盖；本次生成为「市教育局-2.docx」"
    )
    (note,) = report.notes
    assert note.endswith(said)
    # Later runs still know the file as an edited notice (kept in the manifest's "edited"),
    # not as a stranger's file, until the user moves it away.
    for _ in range(2):
        report = merge(template, roster, BatchOptions(out))
        assert (out / "市教育局.docx").read_bytes() == b"edited in Word"
        assert [o.file for o in report.outputs] == ["市教育局-2.docx", "市民政局.docx"]
        assert [note[-len(said) :] for note in report.notes] == [said]
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        assert manifest["edited"] == [{"file": "市教育局.docx"}]
    (out / "市教育局.docx").unlink()
    report = merge(template, roster, BatchOptions(out))
    assert [o.file for o in report.outputs] == ["市教育局.docx", "市民政局.docx"]
    assert "edited" not in json.loads((out / "manifest.json").read_text("utf-8"))


def _rates_roster(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位名称", "完成率（%）", "2026年目标"])
    book.active.append(["市教育局", 85, "清零"])
    book.active.append(["市公安局", 60, "过半"])
    book.save(folder / "u.xlsx")
    return folder / "u.xlsx"


def test_a_column_whose_name_is_no_tag_name_is_read_through_lie(tmp_path: Path) -> None:
    from docx import Document

    from docgen.render.fastpath import prepare, render_one
    from docgen.render.pattern import with_columns

    roster = _rates_roster(tmp_path)
    source = paragraphs_template(
        "{{ 单位名称 }}完成率{{ 列['完成率（%）'] }}%，目标{{ 列['2026年目标'] }}。"
    )
    template = tmp_path / "模板.docx"
    template.write_bytes(source)
    out = tmp_path / "out"
    report = merge(
        template, roster, BatchOptions(out, name='{{ 列["完成率（%）"] }}-{{ 单位名称 }}')
    )
    assert report.exit_code == 0 and report.notes == []
    assert _docx(out) == ["60-市公安局.docx", "85-市教育局.docx"]
    written = (out / "85-市教育局.docx").read_bytes()
    assert Document(io.BytesIO(written)).paragraphs[0].text == "市教育局完成率85%，目标清零。"
    row = with_columns({"单位名称": "市教育局", "完成率（%）": 85, "2026年目标": "清零"})
    assert (
        written == prepare(source, "模板.docx").render(row) == render_one(source, "模板.docx", row)
    )


def test_a_tag_naming_such_a_column_directly_is_refused_with_how_to_write_it(
    tmp_path: Path,
) -> None:
    roster = _rates_roster(tmp_path)
    template = _template(tmp_path, "{{ 单位名称 }}", "完成率：{{ 完成率（%） }}")
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    message = str(caught.value)
    assert "第2段" in message and "无法识别的字符「（」" in message
    assert '请写成 {{ 列["完成率（%）"] }}' in message and "半角" not in message
    assert not (tmp_path / "out").exists()


def test_a_tag_spelling_a_header_with_its_spaces_is_answered_with_the_column(
    tmp_path: Path,
) -> None:
    """A header 任务 清单 is the column 任务清单; {{ 任务 清单 }} does not parse."""
    roster = write_roster(
        tmp_path / "u.xlsx",
        [{"单位名称": "市教育局", "任务 清单": "甲"}],
        ["单位名称", "任务 清单"],
    )
    template = _template(tmp_path, "{{ 单位名称 }}", "任务：{{ 任务 清单 }}")
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    message = str(caught.value)
    assert "第2段" in message
    assert message.endswith(
        "（表头中的空格不算在列名内：列名是「任务清单」，请写成 {{ 任务清单 }}）"
    )


def test_a_name_pattern_that_tells_few_rows_apart_is_said_once(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    units = [{"单位名称": f"单位{n}", "期限": f"12月{10 + n % 2}日"} for n in range(6)]
    roster = write_roster(tmp_path / "u.xlsx", units, ["单位名称", "期限"])
    report = merge(template, roster, BatchOptions(tmp_path / "out", name="{{ 期限 }}"))
    assert sorted(o.file for o in report.outputs)[:3] == [
        "12月10日-2.docx",
        "12月10日-3.docx",
        "12月10日.docx",
    ]
    said = "文件名模式只得出 2 个不同的文件名（共 6 行），其余的文件只靠“-2”“-3”区分：文件名中可加上能区分各行的列，如单位名称"
    assert report.notes.count(said) == 1
    report = merge(template, roster, BatchOptions(tmp_path / "out2"))
    assert not [note for note in report.notes if "文件名模式" in note]


def test_office_owner_files_are_refused_as_inputs_and_an_open_roster_is_said(
    tmp_path: Path,
) -> None:
    """Word and Excel keep ~$名单.xlsx beside a file while it is open."""
    template = _template(tmp_path, "{{ 单位名称 }}")
    roster = write_roster(tmp_path / "名单.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    owner = tmp_path / "~$名单.xlsx"
    owner.write_bytes(b"\x0bowner")
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    said = "正在 Word、Excel 或 WPS 中打开：读取的是最后一次保存的内容，未保存的修改不会生效（请先保存）"
    assert [note for note in report.notes if said in note] == [f"{roster}：名单{said}"]
    with pytest.raises(DocgenError, match=r"临时文件.*请改用原来的文件，如「名单\.xlsx」"):
        merge(template, owner, BatchOptions(tmp_path / "out2"))
    template = template.rename(tmp_path / "通知模板正文.docx")
    word_owner = tmp_path / "~$模板正文.docx"  # Word drops a long name's first two characters
    word_owner.write_bytes(b"\x0bowner")
    report = merge(template, roster, BatchOptions(tmp_path / "out3"))
    assert f"通知模板正文.docx：模板{said}" in report.notes
    with pytest.raises(DocgenError, match="这不是模板"):
        merge(word_owner, roster, BatchOptions(tmp_path / "out4"))
    assert not any((tmp_path / f"out{n}").exists() for n in (2, 4))


def test_outputs_open_in_word_are_said_in_the_dry_run_and_after_the_run(tmp_path: Path) -> None:
    """A clerk who left last week's notice (and the combined document) open in Word: saving
    that window would put the old text back over the new file."""
    template = _template(tmp_path, "{{ 单位名称 }}：{{ 联系人 }}")
    rows = [{"单位名称": "市教育局", "联系人": "王芳"}, {"单位名称": "市财政局", "联系人": "李强"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"])
    out = tmp_path / "out"
    merge(template, roster, BatchOptions(out, combined=True))
    assert not [note for note in merge(template, roster, BatchOptions(out)).notes if "WPS" in note]
    (out / "~$市教育局.docx").write_bytes(b"\x0bowner")
    (out / f"~${COMBINED_STEM}.docx").write_bytes(b"\x0bowner")
    planned = merge(template, roster, BatchOptions(out, dry_run=True, combined=True))
    said = [note for note in planned.notes if "WPS" in note]
    assert said == [
        f"「市教育局.docx」、「{COMBINED_STEM}.docx」正在 Word 或 WPS 中打开：正式生成前请先关闭"
        "（其中有要保留的修改，请先保存：修改过的文件不会被覆盖）"
    ]
    done = merge(template, roster, BatchOptions(out, combined=True))
    (said,) = [note for note in done.notes if "WPS" in note]
    assert said.startswith(
        f"「市教育局.docx」、「{COMBINED_STEM}.docx」正在 Word 或 WPS 中打开：文件已换成"
    )
    assert "另存为别的文件名" in said
    assert "市财政局" not in said


def test_an_edited_file_whose_unit_left_the_roster_is_said_and_kept(tmp_path: Path) -> None:
    """A notice edited (perhaps sent) and then its unit taken off the roster: kept, and said,
    not advised to be remade from the roster it is no longer in."""
    template = _template(tmp_path, "{{ 单位名称 }}：{{ 联系人 }}")
    rows = [{"单位名称": "市教育局", "联系人": "王芳"}, {"单位名称": "市财政局", "联系人": "李强"}]
    out = tmp_path / "out"
    merge(
        template, write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "联系人"]), BatchOptions(out)
    )
    _edit_by_hand(out / "市教育局.docx")
    roster = write_roster(tmp_path / "u.xlsx", rows[1:], ["单位名称", "联系人"])
    for dry_run in (True, False):
        report = merge(template, roster, BatchOptions(out, combined=True, dry_run=dry_run))
        said = [note for note in report.notes if "市教育局" in note]
        kept = "保留在目录里未动" if not dry_run else "会保留在目录里"
        assert said == [
            f"「市教育局.docx」是此前生成后修改过的，名单中已没有要生成它的行，{kept}"
            "（单位已从名单中删除或改名：发送前请确认是否还需要它）"
        ]
    assert "已阅" in [p.text for p in docx.Document(str(out / "市教育局.docx")).paragraphs]


def test_a_name_like_a_column_is_answered_with_that_column_and_its_tag(tmp_path: Path) -> None:
    roster = _rates_roster(tmp_path)
    template = _template(
        tmp_path,
        "{{ 单位名称 }}{% if 单位名 %}{{ 单位名 }}{% endif %}",
        '{% if 完成率 or 列["目标"] %}{{ 完成率 }}{{ 列["目标"] }}{% endif %}',
    )
    report = merge(template, roster, BatchOptions(tmp_path / "out", dry_run=True))
    assert report.notes == [
        "模板用到「单位名」，但数据表中没有这一列：是不是「单位名称」？标签应写作 {{ 单位名称 }}"
        "（或把表头中的「单位名称」改为「单位名」）",
        "模板用到「完成率」，但数据表中没有这一列：是不是「完成率（%）」？"
        '标签应写作 {{ 列["完成率（%）"] }}（或把表头中的「完成率（%）」改为「完成率」）',
        "模板用到「目标」，但数据表中没有这一列（现有列：单位名称、完成率（%）、2026年目标）",
    ]


def test_a_name_pattern_that_is_a_column_names_files_by_it_whatever_the_column_is_called(
    tmp_path: Path,
) -> None:
    roster = _rates_roster(tmp_path)
    template = _template(tmp_path, "{{ 单位名称 }}")
    for name in ("完成率（%）", "完成率(%)", " 完成率（%） "):  # brackets of either width
        options = BatchOptions(tmp_path / "out", dry_run=True, name=name)
        report = merge(template, roster, options)
        assert [output.file for output in report.outputs] == [
            f"{row.values['完成率（%）']}.docx" for row in read_rows(roster, str(roster)).rows
        ]


def test_a_column_no_tag_can_name_bare_in_a_name_pattern_is_answered_with_its_tag(
    tmp_path: Path,
) -> None:
    rows = [{"单位名称": "临江市教育局", "单位-简称": "市教育局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "单位-简称"])
    template = _template(tmp_path, "{{ 单位名称 }}")
    options = BatchOptions(tmp_path / "out", dry_run=True, name="{{单位-简称}}-通知")
    with pytest.raises(DocgenError) as caught:  # read as 单位 minus 简称
        merge(template, roster, options)
    assert str(caught.value).endswith(
        'u.xlsx 中没有这一列（列名「单位-简称」不能直接写进标签，请写成 {{ 列["单位-简称"] }}）'
    )


def test_a_row_fixed_after_failing_overwrites_its_old_file_instead_of_taking_a_new_name(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}：请联系{{ 联系人 }}")
    out = tmp_path / "out"

    def run(contact: str | None) -> Report:
        rows = [
            {"单位名称": "市委办", "联系人": "张三"},
            {"单位名称": "市商务局", "联系人": contact},
        ]
        roster = write_roster(
            tmp_path / "u.xlsx",
            [{k: v for k, v in r.items() if v} for r in rows],
            ["单位名称", "联系人"],
        )
        return merge(template, roster, BatchOptions(out))

    run("李四")
    failed = run(None)  # the old 市商务局.docx stays, said stale
    assert failed.exit_code == 1 and any("旧文件" in note for note in failed.notes)
    fixed = run("王五")
    assert fixed.exit_code == 0 and fixed.notes == []
    assert _docx(out) == ["市商务局.docx", "市委办.docx"]
    from docx import Document

    assert Document(str(out / "市商务局.docx")).paragraphs[0].text == "市商务局：请联系王五"


@pytest.mark.parametrize(
    ("lines", "header", "place"),
    [
        (
            [["{{ 单位名称 }}"], ["关于｛｛ 单位名称 ｝｝的通知"]],
            None,
            "第2段「关于｛｛ 单位名称 ｝｝的通知」",
        ),
        ([["{{ 单位名称 }}"], ["{％ if 备注 ％}请说明"]], None, "第2段「{％ if 备注 ％}请说明」"),
        ([["{{ 单位名称 }}"]], "抄送：｛｛ 单位名称 ｝｝", "（页眉）"),
    ],
)
def test_tags_typed_in_full_width_brackets_are_refused_before_any_file(
    tmp_path: Path, lines: list[list[str]], header: str | None, place: str
) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(user_template(lines, header=header, task_table=False))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert place in str(caught.value) and "全角" in str(caught.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("lines", "place"),
    [
        ([["{{ 单位名称 }}"], ["请于«报送截止日期»前报送"]], "第2段「请于«报送截止日期»前报送」"),
        ([["«单位名称»："], ["请于月底前报送"]], "第1段「«单位名称»：」"),  # no tag at all
        ([["{{ 单位名称 }}"], ["联系人：« 联 系 人 »"]], "第2段"),  # the header's spaces
    ],
)
def test_merge_fields_typed_as_text_are_refused_before_any_file(
    tmp_path: Path, lines: list[list[str]], place: str
) -> None:
    """«列名» copied from a merged document, or typed, is no merge field: it would stay."""
    template = tmp_path / "模板.docx"
    template.write_bytes(user_template(lines, task_table=False))
    columns = ["单位名称", "报送截止日期", "联系人"]
    roster = write_roster(
        tmp_path / "u.xlsx",
        [dict(zip(columns, ["市教育局", "12月15日", "王芳"], strict=True))],
        columns,
    )
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    said = str(caught.value)
    assert place in said and "不是 Word 的合并域" in said and "未生成任何文件" in said
    assert "插入合并域" in said
    assert not (tmp_path / "out").exists()


def test_a_guillemet_text_that_names_no_column_is_said_and_kept(tmp_path: Path) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(user_template([["{{ 单位名称 }}：参阅«工作手册»"]], task_table=False))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert report.exit_code == 0
    assert [note for note in report.notes if "«工作手册»" in note] == [
        "模板.docx：第1段「{{ 单位名称 }}：参阅«工作手册»」：«工作手册» 是打上去的文字（或从合并好的文档中"
        "复制来的），不是 Word 的合并域，每个文件里都会原样留下"
    ]
    assert docx.Document(str(tmp_path / "out" / "市教育局.docx")).paragraphs[0].text == (
        "市教育局：参阅«工作手册»"
    )


def _task_table_template(tmp_path: Path, rows: list[str]) -> Path:
    """A notice whose one table has a header row and ``rows`` in its first column."""
    document = docx.Document()
    document.add_paragraph("{{ 单位名称 }}：")
    table = document.add_table(rows=len(rows) + 1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "任务"
    for number, text in enumerate(rows, start=1):
        table.cell(number, 0).text = text
    document.add_paragraph("联系人：{{ 联系人 }}")
    template = tmp_path / "模板.docx"
    document.save(str(template))
    return template


@pytest.mark.parametrize(
    ("paragraphs", "place"),
    [
        (
            ["{{ 单位名称 }}", "正文", "{%p if 联系人 %}", "请联系{{ 联系人 }}"],
            "第3段「{% if 联系人 %}」",
        ),
        (
            ["{{ 单位名称 }}", "正文{% if 联系人 %}请联系", "{{ 联系人 }}"],
            "第2段「正文{% if 联系人 %}请联系」",
        ),
    ],
)
def test_a_block_never_closed_is_placed_where_it_opens(
    tmp_path: Path, paragraphs: list[str], place: str
) -> None:
    """Jinja says the template ended; the fix is where the block starts."""
    template = _template(tmp_path, *paragraphs)
    roster = write_roster(
        tmp_path / "u.xlsx", [{"单位名称": "市教育局", "联系人": "王芳"}], ["单位名称", "联系人"]
    )
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert f"模板.docx：{place}：" in str(caught.value)
    assert "缺少 {% endif %}" in str(caught.value)


def test_a_table_row_loop_never_closed_is_placed_by_its_row(tmp_path: Path) -> None:
    rows = ["{%tr for t in 任务 %}", "{{ t }}"]
    template = _task_table_template(tmp_path, rows)
    roster = write_roster(
        tmp_path / "u.xlsx", [{"单位名称": "市教育局", "联系人": "王芳"}], ["单位名称", "联系人"]
    )
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    said = str(caught.value)
    assert "模板.docx：第1个表格第2行「{% for t in 任务 %}」：" in said  # the header is row 1
    assert "缺少 {% endfor %}" in said


def test_a_blank_cell_a_table_row_loop_walks_is_placed_by_that_loop_s_row(tmp_path: Path) -> None:
    """The loop's tag stands alone after the header row's last paragraph: the row that fails
    is the loop's, said with its tag and how a loop lets the cell be blank."""
    rows = ["{%tr for t in 任务.split('；') %}", "{{ t }}", "{%tr endfor %}"]
    template = _task_table_template(tmp_path, rows)
    records = [
        {"单位名称": "市教育局", "联系人": "王芳", "任务": "甲；乙"},
        {"单位名称": "市财政局", "联系人": "李明"},
    ]
    roster = write_roster(tmp_path / "u.xlsx", records, ["单位名称", "联系人", "任务"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    (failure,) = report.failures
    said = str(failure)
    assert "模板.docx：第1个表格第2行「{% for t in 任务.split('；') %}」" in said
    assert "「任务」是空的，循环要用它" in said and "{%tr if 任务 %}" in said


@pytest.mark.parametrize(
    ("paragraphs", "place"),
    [
        (["关于{{ 单位名称 }} }}的通知"], "第1段「关于{{ 单位名称 }} }}的通知」"),
        (["{{ 单位名称 }}", "请于 截止日期 }}前报送"], "第2段「请于 截止日期 }}前报送」"),
        (["{{ 单位名称 }}", "完成率 100%}，联系人 王芳 #}"], "第2段"),
    ],
)
def test_a_tags_closing_with_no_opening_is_refused_before_any_file(
    tmp_path: Path, paragraphs: list[str], place: str
) -> None:
    template = _template(tmp_path, *paragraphs)
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert f"模板.docx：{place}" in str(caught.value) and "多出的「}}」" in str(caught.value)
    assert not (tmp_path / "out").exists()
    # A tag docxtpl joins over two paragraphs closes where it ends: nothing is said.
    template = _template(tmp_path, "关于{{ 单位", "名称 }}的通知")
    assert merge(template, roster, BatchOptions(tmp_path / "out")).exit_code == 0


def test_a_full_width_tag_in_a_table_is_placed_by_its_table_and_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ 单位名称 }}")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "序号"
    table = document.add_table(rows=3, cols=2)
    table.cell(2, 1).text = "｛｛ 联系人 ｝｝"
    template = tmp_path / "模板.docx"
    document.save(str(template))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert "模板.docx：第2个表格第3行「｛｛ 联系人 ｝｝」" in str(caught.value)


def test_an_output_folder_that_takes_no_files_is_said_once_before_any_row(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    out = tmp_path / "out"
    out.mkdir()
    writable = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != out and writable(p, mode))
    with pytest.raises(DocgenError, match="输出目录不可写") as caught:
        merge(*inputs, BatchOptions(out))
    assert str(out) in str(caught.value)
    assert list(out.iterdir()) == []


def test_files_are_named_by_the_unit_column_not_a_serial_number_before_it(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    rows = [{"序号": 1, "单位名称": "市教育局"}, {"序号": 2, "单位名称": "市公安局"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["序号", "单位名称"])
    merge(template, roster, BatchOptions(tmp_path / "out"))
    assert _docx(tmp_path / "out") == ["市公安局.docx", "市教育局.docx"]
    from docgen.render.pattern import name_column as _name_column

    assert _name_column(["序号", "单位", "联系人"]) == "单位"
    assert _name_column(["编号", "姓名"]) == "姓名"
    assert _name_column(["序号", "联系人"]) == "联系人"


def _instructions_then_roster(path: Path, instructions: list[list[str]], contact: str) -> Any:
    """A workbook whose first sheet, 填表说明, holds ``instructions``, and whose second, 名单,
    the roster: 单位名称 and ``contact`` (the contact column's header), one unit."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "填表说明"
    for row in instructions:
        book.active.append(row)
    units = book.create_sheet("名单")
    units.append(["单位名称", contact])
    units.append(["市教育局", "王芳"])
    book.save(path)
    return book


def test_the_roster_can_be_on_another_sheet_than_the_first(tmp_path: Path) -> None:

    book = _instructions_then_roster(
        tmp_path / "u.xlsx", [["项目", "填写要求"], ["单位名称", "写全称"]], "联系人"
    )
    template = _template(
        tmp_path, "{{ 单位名称 }}", "{% if 联系人 %}联系人：{{ 联系人 }}{% endif %}"
    )
    with pytest.raises(DocgenError, match="另有 「名单」：名单在别的工作表时用 --sheet 指定"):
        merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "o", dry_run=True))
    report = merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "out", sheet="名单"))
    assert report.exit_code == 0 and _docx(tmp_path / "out") == ["市教育局.docx"]
    # A sheet named already: no advice to name one.
    misspelt = tmp_path / "错字.docx"
    misspelt.write_bytes(paragraphs_template("{{ 单位名称 }}", "{{ 联系 }}"))
    with pytest.raises(DocgenError) as caught:
        merge(misspelt, tmp_path / "u.xlsx", BatchOptions(tmp_path / "o2", sheet="名单"))
    assert "是不是「联系人」" in str(caught.value) and "--sheet" not in str(caught.value)
    with pytest.raises(DocgenError, match="没有名为「名册」的工作表（有：填表说明、名单）"):
        merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "o3", sheet="名册"))
    book["填表说明"].delete_rows(1, 2)
    book.save(tmp_path / "u.xlsx")
    with pytest.raises(
        DocgenError,
        match="「填表说明」中没有数据行（另有工作表 「名单」，可指定要读的工作表：docgen merge 用 --sheet",
    ):
        merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "o4"))
    # A hidden sheet is no roster to suggest.
    book["名单"].delete_rows(1, 2)
    book["填表说明"].append(["单位名称"])
    book["填表说明"].append(["市教育局"])
    book.create_sheet("旧名单").sheet_state = "hidden"
    book.save(tmp_path / "u.xlsx")
    report = merge(template, tmp_path / "u.xlsx", BatchOptions(tmp_path / "o5", dry_run=True))
    (said,) = [note for note in report.notes if "另有" in note]
    assert "另有 「名单」：" in said and "旧名单" not in said


def _tracked(text: str) -> bytes:
    """A template whose second paragraph has an insertion and a deletion by 张科长, the
    deleted text holding a tag the author no longer sees."""
    from docxtpl_support import parts_of, with_parts

    data = paragraphs_template("{{ 单位名称 }}：", text)
    document = parts_of(data)["word/document.xml"].decode("utf-8")
    mark = 'w:author="张科长" w:date="2026-11-20T09:00:00Z"'
    run = f'<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>{text}</w:t></w:r>'
    changed = document.replace(
        run,
        f'<w:ins w:id="1" {mark}>{run}</w:ins>'
        f'<w:del w:id="2" {mark}><w:r><w:delText>{{{{ 旧日期 }}}}</w:delText></w:r></w:del>',
    )
    assert changed != document
    return with_parts(data, {"word/document.xml": changed.encode("utf-8")})


def test_a_template_with_tracked_changes_or_comments_is_refused_before_any_file(
    tmp_path: Path,
) -> None:
    import docx as python_docx

    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    tracked = tmp_path / "修订.docx"
    tracked.write_bytes(_tracked("请按时报送。"))
    with pytest.raises(DocgenError) as raised:
        merge(tracked, roster, BatchOptions(tmp_path / "out"))
    assert "模板中有未处理的修订（张科长 2 处）" in str(raised.value)
    assert "接受所有修订" in str(raised.value)

    document = python_docx.Document(io.BytesIO(paragraphs_template("{{ 单位名称 }}：", "请报送。")))
    runs = document.paragraphs[1].runs
    document.add_comment(runs, text="这里要改成全称", author="李处")
    commented = tmp_path / "批注.docx"
    document.save(commented)
    with pytest.raises(DocgenError) as raised:
        merge(commented, roster, BatchOptions(tmp_path / "out"))
    assert "模板中有批注（李处：“这里要改成全称”）" in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_a_loop_over_a_text_cell_is_refused_rather_than_spelt_out_a_character_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}：", "{% for 项 in 任务 %}{{ 项 }}；{% endfor %}")
    rows = [{"单位名称": "市教育局", "任务": "整改会议超标问题；整改公车私用问题"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "任务"])
    with pytest.raises(DocgenError) as raised:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    said = str(raised.value)
    assert "「任务」是一段文字（“整改会议超标问题；整改公车私用问题”），不是列表" in said
    assert "{% for 项 in 任务.split('；') %}" in said
    assert raised.value.location.paragraph == 2  # the loop's paragraph
    assert not (tmp_path / "out").exists()
    code, said = run_main(monkeypatch, capsys, "merge", template, roster, "-o", tmp_path / "o")
    assert code == 1 and said.count("未生成任何文件") + said.count("未写入任何文件") == 1

    # Split as the message says, the cell's items print one by one.
    template.write_bytes(
        paragraphs_template(
            "{{ 单位名称 }}：",
            "{% for 项 in 任务.split('；') %}（{{ loop.index }}）{{ 项 }}{% endfor %}",
        )
    )
    (output,) = merge(template, roster, BatchOptions(tmp_path / "out")).outputs
    import docx as python_docx

    text = [p.text for p in python_docx.Document(str(tmp_path / "out" / output.file)).paragraphs]
    assert text[1] == "（1）整改会议超标问题（2）整改公车私用问题"


@pytest.mark.parametrize(
    ("cells", "advised"),
    [
        (["整改会议超标问题;整改公车私用问题", "整改文风问题"], "任务.split(';')"),
        (["整改会议超标问题、整改公车私用问题", "甲;乙", "丙、丁"], "任务.split('、')"),
        (["整改会议超标问题\n整改公车私用问题"], "任务.split('\\n')"),
    ],
    ids=["ascii-semicolon", "most-cells", "line-break"],
)
def test_the_split_advised_for_a_loop_over_text_uses_the_separator_of_the_cells(
    tmp_path: Path, cells: list[str], advised: str
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}：", "{% for 项 in 任务 %}{{ 项 }}{% endfor %}")
    rows = [{"单位名称": f"单位{i}", "任务": cell} for i, cell in enumerate(cells)]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "任务"])
    with pytest.raises(DocgenError) as raised:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert "{% for 项 in " + advised + " %}" in str(raised.value)


def test_a_split_by_a_separator_the_cells_do_not_use_is_said_before_the_rows(
    tmp_path: Path,
) -> None:
    """The cells list their items with ";" where the template splits by "；": every file
    would hold the cell as one item, so the batch says so, naming both."""
    loop = "{% for 项 in 任务.split('；') %}（{{ loop.index }}）{{ 项 }}{% endfor %}"
    template = _template(tmp_path, "{{ 单位名称 }}：", loop)
    rows = [{"单位名称": "市教育局", "任务": "整改会议超标问题;整改公车私用问题"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "任务"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert report.exit_code == 0
    (note,) = [n for n in report.notes if "拆分" in n]
    assert "模板按「；」拆分「任务」" in note and "用的是「;」" in note
    assert "任务.split(';')" in note

    rows.append({"单位名称": "市财政局", "任务": "整改文风问题；整改会风问题"})
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "任务"])
    again = merge(template, roster, BatchOptions(tmp_path / "out2"))
    assert not [n for n in again.notes if "拆分" in n]  # some cell does use "；"


def test_in_a_yaml_roster_a_text_where_other_rows_have_lists_fails_that_row(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}：", "{% for 项 in 任务 %}{{ 项 }}；{% endfor %}")
    roster = tmp_path / "u.yaml"
    roster.write_text(
        "- {单位名称: 市教育局, 任务: [甲, 乙]}\n- {单位名称: 市公安局, 任务: 单项任务}\n",
        encoding="utf-8",
    )
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert [o.file for o in report.outputs] == ["市教育局.docx"]
    (failure,) = report.failures
    assert "「任务」是一段文字（“单项任务”），不是列表" in str(failure)


def test_a_second_batch_into_a_folder_in_use_is_refused_before_any_file(tmp_path: Path) -> None:
    from docgen.errors import OutputError
    from docgen.write.files import folder_lock

    template = _template(tmp_path, "{{ 单位名称 }}")
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    out = tmp_path / "out"
    out.mkdir()
    with (
        folder_lock(out),
        pytest.raises(OutputError, match="另一个 docgen 批次正在向这个输出目录写入"),
    ):
        merge(template, roster, BatchOptions(out))
    assert list(out.iterdir()) == []
    assert [o.file for o in merge(template, roster, BatchOptions(out)).outputs] == ["市教育局.docx"]


def test_a_batch_that_ended_in_the_folder_while_this_one_prepared_is_planned_against(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its files are an earlier batch's: pointed out and kept in the manifest, not forgotten."""
    import docgen.batch.run

    template = _template(tmp_path, "{{ 单位名称 }}")
    other = write_roster(tmp_path / "other.xlsx", [{"单位名称": "市民政局"}], ["单位名称"])
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    out = tmp_path / "out"
    make_folder = docgen.batch.run.make_folder

    def meanwhile(folder: Path) -> None:
        make_folder(folder)
        monkeypatch.setattr(docgen.batch.run, "make_folder", make_folder)
        merge(template, other, BatchOptions(out))

    monkeypatch.setattr(docgen.batch.run, "make_folder", meanwhile)
    report = merge(template, roster, BatchOptions(out))
    assert [o.file for o in report.outputs] == ["市教育局.docx"]
    assert any(note.startswith("「市民政局.docx」是上次生成的文件") for note in report.notes)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [record["file"] for record in manifest["left"]] == ["市民政局.docx"]


def test_the_users_own_manifest_combined_document_and_zip_in_the_folder_are_kept(
    tmp_path: Path,
) -> None:
    """A clerk's own folder 材料/: the batch writes beside the files it did not make."""
    from docgen.errors import OutputError

    template = _template(tmp_path, "{{ 单位名称 }}")
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    out = tmp_path / "材料"
    out.mkdir()
    (out / "manifest.json").write_text('{"项目": "台账"}', encoding="utf-8")
    with pytest.raises(OutputError, match=r"已有一个不是 docgen 生成的 manifest\.json"):
        merge(template, roster, BatchOptions(out, combined=True))
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]
    (out / "manifest.json").unlink()
    (out / "合并打印.docx").write_bytes(b"the clerk's own")
    (out / "材料.zip").write_bytes(b"the clerk's own zip")
    options = BatchOptions(out, combined=True, zip=True)
    report = merge(template, roster, options)
    assert report.extra_files == ["合并打印-2.docx", "材料-2.zip"]
    assert (out / "合并打印.docx").read_bytes() == b"the clerk's own"
    assert (out / "材料.zip").read_bytes() == b"the clerk's own zip"
    assert (
        "目录中的「合并打印.docx」不是上次生成时的原样（生成后被修改过，或是另外放入的），"
        "保留未覆盖；本次生成为「合并打印-2.docx」"
    ) in report.notes
    # The next run overwrites its own files; one it wrote and the user edited since is kept.
    assert merge(template, roster, options).extra_files == ["合并打印-2.docx", "材料-2.zip"]
    (out / "合并打印-2.docx").write_bytes(b"edited in Word")
    report = merge(template, roster, options)
    assert report.extra_files == ["合并打印-3.docx", "材料-2.zip"]
    assert (
        "目录中的「合并打印.docx」、「合并打印-2.docx」不是上次生成时的原样（生成后被修改过，"
        "或是另外放入的），保留未覆盖；本次生成为「合并打印-3.docx」"
    ) in report.notes


def test_a_combined_document_and_zip_not_made_again_are_said_and_stay_the_batchs_own(
    tmp_path: Path,
) -> None:
    """They hold the last run's documents: said on every run that leaves them, and the next
    run that makes them again replaces them instead of keeping them as the user's."""
    template = _template(tmp_path, "{{ 单位名称 }}")
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    out = tmp_path / "材料"
    both = BatchOptions(out, combined=True, zip=True)
    merge(template, roster, both)
    made = {name: (out / name).read_bytes() for name in ("合并打印.docx", "材料.zip")}
    said = [
        "「合并打印.docx」是上次的合并打印文件，本次没有重新合并，其中仍是上次的各份文档"
        "（打印前请删除，或加 --combined 重新合并）",
        "「材料.zip」是上次打包的压缩包，本次没有重新打包，其中仍是上次的各份文档"
        "（发送前请删除，或加 --zip 重新打包）",
    ]
    for _ in range(2):  # said again while they stay
        report = merge(template, roster, BatchOptions(out))
        assert [note for note in report.notes if "上次" in note] == said
        assert {name: (out / name).read_bytes() for name in made} == made
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(r["file"], r["step"]) for r in manifest["left"]] == [
        ("合并打印.docx", "combined"),
        ("材料.zip", "zip"),
    ]
    preview = merge(template, roster, BatchOptions(out, zip=True, dry_run=True))
    assert [note for note in preview.notes if "上次" in note] == [
        "「合并打印.docx」是上次的合并打印文件，不会重新合并，其中仍是上次的各份文档"
        "（打印前请删除，或加 --combined 重新合并）"
    ]
    report = merge(template, roster, both)
    assert report.extra_files == ["合并打印.docx", "材料.zip"]
    assert not [note for note in report.notes if "上次" in note or "原样" in note]
    # One edited since is the user's: kept, and no longer said to be the last run's.
    (out / "材料.zip").write_bytes(b"repacked by hand")
    report = merge(template, roster, BatchOptions(out))
    assert [note for note in report.notes if "上次" in note] == said[:1]


def test_a_combined_document_and_zip_say_they_leave_out_the_files_edited_by_hand(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{{ 单位名称 }}")
    units = [{"单位名称": "市教育局"}, {"单位名称": "市民政局"}]
    roster = write_roster(tmp_path / "u.xlsx", units, ["单位名称"])
    out = tmp_path / "材料"
    merge(template, roster, BatchOptions(out))
    _edit_by_hand(out / "市教育局.docx")
    both = BatchOptions(out, combined=True, zip=True)
    said = (
        "「合并打印.docx」、「材料.zip」{}本次生成的文件，不含此前修改过、保留未覆盖的「市教育局.docx」"
        "（要用修改后的内容，请把改动改在名单或模板中再生成）"
    )
    preview = merge(template, roster, replace(both, dry_run=True))
    assert said.format("将收入") in preview.notes
    report = merge(template, roster, both)
    assert said.format("收入的是") in report.notes
    with zipfile.ZipFile(out / "材料.zip") as archive:
        assert sorted(archive.namelist()) == ["合并打印.docx", "市教育局-2.docx", "市民政局.docx"]
    (out / "市教育局.docx").unlink()  # moved away: nothing left out
    report = merge(template, roster, both)
    assert not [note for note in report.notes if "不含" in note]


def test_rows_in_spawned_processes_give_the_bytes_of_one_process(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no fork (Windows, macOS) the workers rebuild the prepared template."""
    one = merge(*inputs, BatchOptions(tmp_path / "one"))
    monkeypatch.setattr("docgen.processes.FORKS", False)
    spawned = merge(*inputs, BatchOptions(tmp_path / "two", jobs=2))
    assert [(o.file, o.sha256) for o in spawned.outputs] == [
        (o.file, o.sha256) for o in one.outputs
    ]
    assert [str(f) for f in spawned.failures] == [str(f) for f in one.failures]
    for output in one.outputs:
        assert (tmp_path / "two" / output.file).read_bytes() == (
            tmp_path / "one" / output.file
        ).read_bytes()


def test_a_link_left_where_an_output_was_is_kept_and_not_read(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    """A link named like an earlier output may point at anything, however large: it is no
    file the batch wrote, so it is kept, never read through, and the row is written "-2"."""
    template, roster = inputs
    out = tmp_path / "out"
    merge(template, roster, BatchOptions(out))
    first = _docx(out)[0]
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes((out / first).read_bytes())  # the very bytes the manifest records
    (out / first).unlink()
    (out / first).symlink_to(elsewhere)
    report = merge(template, roster, BatchOptions(out))
    assert (out / first).is_symlink() and elsewhere.read_bytes()
    assert (out / f"{first[:-5]}-2.docx").is_file()
    assert any(first in note for note in report.notes)


@pytest.mark.parametrize(
    "manifest", [b"[" * 100_000, b'{"generator": ' + b"9" * 5000 + b"}"], ids=["deep", "huge-int"]
)
def test_a_manifest_no_json_reader_can_read_is_said_in_chinese(
    inputs: tuple[Path, Path], tmp_path: Path, manifest: bytes
) -> None:
    template, roster = inputs
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_bytes(manifest)
    with pytest.raises(DocgenError, match=r"manifest\.json"):
        merge(template, roster, BatchOptions(out))
    assert (out / "manifest.json").read_bytes() == manifest


def test_a_broken_roster_is_said_before_a_broken_template_as_when_read_one_by_one(
    tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    """The roster is read while the template is prepared; what is wrong is still said in
    order — the roster first, then the template with the roster's columns as a hint."""
    _, roster = inputs
    broken_roster = tmp_path / "坏名单.xlsx"
    broken_roster.write_bytes(b"not a workbook")
    broken_template = tmp_path / "坏模板.docx"
    broken_template.write_bytes(paragraphs_template("{{ 单位名称 }}", "{% if 备注 %}"))
    with pytest.raises(DocgenError) as caught:
        merge(broken_template, broken_roster, BatchOptions(tmp_path / "out"))
    assert caught.value.location is not None and caught.value.location.file == str(broken_roster)
    with pytest.raises(DocgenError) as caught:
        merge(broken_template, roster, BatchOptions(tmp_path / "out"))
    assert caught.value.location is not None and "坏模板.docx" in str(caught.value.location.file)
    with pytest.raises(DocgenError, match=re.escape("列名是「单位名称」，请写成 {{ 单位名称 }}")):
        merge(_template(tmp_path, "{{ 单位 名称 }}"), roster, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_a_row_failing_on_a_blank_cell_names_its_other_blank_cells_the_template_prints(
    tmp_path: Path,
) -> None:
    """Clerk review 14: one blank column reported a run meant three runs for three columns.
    Clerk review 15: not those the template may leave blank (under an if that tests them)."""
    template = tmp_path / "模板.docx"
    template.write_bytes(
        paragraphs_template(
            "{{ 单位名称 }}：{{ 报送截止日期 }}",
            "{{ 联系人 }}{{ 联系电话 }}",
            "{%p if 备注 %}",
            "备注：{{ 备注 }}",
            "{%p endif %}",
        )
    )
    columns = ["单位名称", "联系人", "联系电话", "报送截止日期", "备注", "邮编"]
    rows = [{"单位名称": "市教育局"}]  # every other cell blank; 邮编 the template never reads
    roster = write_roster(tmp_path / "u.xlsx", rows, columns)
    (failure,) = merge(template, roster, BatchOptions(tmp_path / "out")).failures
    assert "这一行的「报送截止日期」是空的（模板要输出的「联系人」「联系电话」也是空的）" in str(
        failure.error
    )
    assert "备注" not in str(failure.error) and "邮编" not in str(failure.error)


def test_a_date_method_on_a_cell_typed_as_text_says_the_cell_is_text(tmp_path: Path) -> None:
    """Clerk review 14: strftime on 2026.12.31 (text) was said as a value the data lacks."""
    template = tmp_path / "模板.docx"
    template.write_bytes(
        paragraphs_template('{{ 单位名称 }}：{{ 报送截止日期.strftime("%m月%d日") }}前报送')
    )
    rows = [{"单位名称": "市教育局", "报送截止日期": "2026.12.31"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "报送截止日期"])
    (failure,) = merge(template, roster, BatchOptions(tmp_path / "out")).failures
    said = str(failure.error)
    assert "模板对一段文字用了「.strftime」：名单中这一格是文字" in said and "第1段" in said


def test_a_column_whose_dates_are_written_in_several_ways_is_said(tmp_path: Path) -> None:
    """Clerk review 15: one column printed 2026年12月20日, 2026.12.20 and 12月20日 in the files
    without a word; they are printed as written (as docxtpl does) and said before the rows."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}：请于{{ 截止日期 }}前报送。"))
    dates = ["2026年12月20日", "2026.12.20", "2026年12月21日", "12月20日"]
    rows = [{"单位名称": f"单位{n}", "截止日期": date} for n, date in enumerate(dates, 1)]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "截止日期"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert report.exit_code == 0
    (said,) = [note for note in report.notes if "日期写法不一" in note]
    assert "「2026年12月20日」（工作表「单位名单」第2行）" in said
    assert (
        "「2026.12.20」（工作表「单位名单」第3行）、「12月20日」（工作表「单位名单」第5行）" in said
    )
    uniform = write_roster(tmp_path / "v.xlsx", rows[:1] + rows[2:3], ["单位名称", "截止日期"])
    report = merge(template, uniform, BatchOptions(tmp_path / "out2"))
    assert not [note for note in report.notes if "日期写法不一" in note]


def test_a_copy_number_is_said_changed_only_when_the_unit_had_it_not() -> None:
    """Code review 27: a unit listed twice whose first row failed this time kept its second
    copy's number, and was said to have changed."""
    from docgen.batch.earlier import note_copies_renumbered

    def copy(row: int, recipient: str, number: str) -> dict[str, object]:
        return {"row": row, "recipient": recipient, "copy_number": number}

    earlier = [{"extra": copy(2, "甲", "000001")}, {"extra": copy(3, "甲", "000002")}]
    earlier += [{"extra": copy(4, "乙", "000003")}, {"name": "旧版清单的记录"}]
    report = Report()
    note_copies_renumbered(report, earlier, [copy(3, "甲", "000002"), copy(4, "乙", "000003")])
    assert report.notes == []
    note_copies_renumbered(report, earlier, [copy(2, "乙", "000002")])
    (said,) = report.notes
    assert said.startswith("与上次生成相比，1 个单位的份号变了（乙 000003→000002）")
