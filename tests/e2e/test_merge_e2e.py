"""`docgen merge` as a secretariat uses it: a Word template, an .xlsx roster, real clients."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docxtpl_support import UNIT_ROWS, write_roster
from e2e.conftest import convert_to_pdf
from pypdf import PdfReader

from docgen.cli import cli
from docgen.write import pdf as pdf_module
from docgen.write.names import safe_stem

pytestmark = pytest.mark.e2e

COLUMNS = ["单位名称", "截止日期", "联系人", "备注", "任务"]
PAGE_NUMBER = re.compile(r"— (\d+) —")
_CLOCK = f"/CreationDate(D:{datetime.datetime.now(datetime.timezone.utc):%Y%m%d%H}".encode()


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["merge", *args])


def test_merge_writes_a_valid_file_per_row_and_one_libreoffice_run_makes_every_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, require_client: Any, validator: Path
) -> None:
    from docxtpl_support import user_template

    from docgen.write.pdf import soffice_path

    require_client(soffice_path() is not None, "LibreOffice (soffice)")
    template = tmp_path / "整改通知（用户模板）.docx"
    template.write_bytes(user_template(tasks="任务.splitlines()"))
    roster = write_roster(tmp_path / "units.xlsx", UNIT_ROWS, COLUMNS)
    runs: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(command: list[str], **kwargs: Any) -> Any:
        runs.append(command)
        return real_popen(command, **kwargs)

    monkeypatch.setattr(pdf_module.subprocess, "Popen", counting_popen)
    monkeypatch.chdir(tmp_path)  # "-o 合并" as a user types it: relative to where they are
    out = tmp_path / "合并"
    result = _run(str(template), str(roster), "-o", "合并", "--pdf")
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == len(UNIT_ROWS)
    assert len([command for command in runs if command[0] == soffice_path()]) == 1
    assert sorted(p.stem for p in out.glob("*.pdf")) == [d.stem for d in documents]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == []  # no stray staging folder
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for record in manifest["outputs"]:
        pdf = (out / record["pdf"]).read_bytes()
        assert record["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
        assert b"/CreationDate(D:" in pdf and _CLOCK not in pdf  # the document's date
    checked = subprocess.run(
        ["python3", str(validator), *map(str, documents)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for row in UNIT_ROWS:
        name = safe_stem(row["单位名称"], "")
        text = "\n".join(p.text for p in docx.Document(str(out / f"{name}.docx")).paragraphs)
        assert f"{row['单位名称']}：" in text
        assert row["截止日期"] in text


def _numbered_template() -> bytes:
    """A notice from the profile with page numbers and a body of about two pages."""
    from docgen.layout.profile import load_profile
    from docgen.ooxml.template import TemplateLine, build_template

    paragraph = "为深入推进全市作风纪律整治，各单位要对照问题清单逐项整改，确保按期完成。" * 4
    lines = [
        TemplateLine("title", "关于做好整改工作的通知"),
        TemplateLine("recipients", "{{ 单位名称 }}："),
        *[TemplateLine("body", paragraph) for _ in range(9)],
    ]
    return build_template(load_profile("gbt9704"), lines, page_numbers="odd_even", title="通知")


def _page_numbers_of_combined(out: Path, validator: Path, pdfs: Path) -> list[int | None]:
    """The page number printed on each page of the combined document (None on a blank page),
    after Microsoft's validator has accepted it."""
    combined = out / "合并打印.docx"
    checked = subprocess.run(
        ["python3", str(validator), str(combined)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (pdf,) = convert_to_pdf([combined], pdfs)
    numbers: list[int | None] = []
    for page in PdfReader(str(pdf)).pages:
        found = PAGE_NUMBER.findall(page.extract_text() or "")
        numbers.append(int(found[-1]) if found else None)
    return numbers


def test_the_combined_document_restarts_page_numbers_for_each_notice(
    tmp_path: Path, require_client: Any, validator: Path
) -> None:
    template = tmp_path / "通知.docx"
    template.write_bytes(_numbered_template())
    roster = write_roster(tmp_path / "units.xlsx", UNIT_ROWS, ["单位名称"])
    out = tmp_path / "out"
    result = _run(str(template), str(roster), "-o", str(out), "--combined", "--quiet")
    assert result.exit_code == 0, result.output
    numbers = _page_numbers_of_combined(out, validator, tmp_path / "pdf")
    per_notice = len(numbers) // len(UNIT_ROWS)
    assert per_notice >= 2
    assert numbers == list(range(1, per_notice + 1)) * len(UNIT_ROWS)


def test_the_combined_document_for_two_sided_printing_starts_every_notice_on_a_front_side(
    tmp_path: Path, require_client: Any, validator: Path
) -> None:
    from docgen.layout.profile import load_profile
    from docgen.ooxml.template import TemplateLine, build_template

    paragraph = "为深入推进全市作风纪律整治，各单位要对照问题清单逐项整改，确保按期完成。" * 4
    lines = [
        TemplateLine("title", "关于做好整改工作的通知"),
        TemplateLine("recipients", "{{ 单位名称 }}："),
        TemplateLine("body", "{%p for _ in range(段数) %}"),
        TemplateLine("body", paragraph),
        TemplateLine("body", "{%p endfor %}"),
    ]
    template = tmp_path / "通知.docx"
    profile = load_profile("gbt9704")
    template.write_bytes(build_template(profile, lines, page_numbers="odd_even", title="通知"))
    lengths = [2, 9, 14, 9, 2]  # about 1, 2, 3, 2 and 1 pages
    rows = [{"单位名称": f"第{n}单位", "段数": count} for n, count in enumerate(lengths, 1)]
    roster = write_roster(tmp_path / "units.xlsx", rows, ["单位名称", "段数"])
    out = tmp_path / "out"
    args = [str(template), str(roster), "-o", str(out), "--combined", "--duplex"]
    result = _run(*args)
    assert result.exit_code == 0, result.output
    notices = [out / f"第{n}单位.docx" for n in range(1, len(rows) + 1)]
    pages = [len(PdfReader(str(p)).pages) for p in convert_to_pdf(notices, tmp_path / "each")]
    assert {count % 2 for count in pages} == {0, 1}  # both kinds, or the test shows nothing
    numbers = _page_numbers_of_combined(out, validator, tmp_path / "pdf")
    expected: list[int | None] = []
    for index, count in enumerate(pages):
        assert len(expected) % 2 == 0  # the notice begins on the front of a sheet
        expected += range(1, count + 1)
        if count % 2 and index < len(pages) - 1:
            expected.append(None)  # the blank back, without a page number
    assert numbers == expected
    odd = sum(count % 2 for count in pages)
    after = "除最后一份外，其后各加" if pages[-1] % 2 else "其后各加"
    assert f"{odd} 份文档页数为奇数，{after}一页空白页" in result.output
    without = _run(str(template), str(roster), "-o", str(tmp_path / "plain"), "--duplex")
    assert without.exit_code == 2 and "--duplex 须与 --combined 合用" in without.output


def test_docgen_build_pads_the_notices_from_the_pdfs_it_made(
    tmp_path: Path, require_client: Any
) -> None:
    from tests_support import copy_workspace, keep_only_notice, run_docgen

    from docgen.write.pdf import soffice_path

    require_client(soffice_path() is not None, "LibreOffice (soffice)")
    root = copy_workspace(tmp_path / "ws")
    keep_only_notice(root)
    built = run_docgen(root, "build", "--pdf", "--combined", "--duplex")
    assert built.returncode == 0, built.stderr
    folder = root / "outputs" / "通知"
    manifest = json.loads((root / "outputs" / "manifest.json").read_text("utf-8"))
    in_roster_order = sorted(manifest["outputs"], key=lambda record: record["extra"]["row"])
    pdfs = [root / record["extra"]["pdf"] for record in in_roster_order]
    pages = [len(PdfReader(str(pdf)).pages) for pdf in pdfs]
    assert {count % 2 for count in pages} == {0, 1}
    combined = docx.Document(str(folder / "合并打印.docx"))
    # Each notice's own sections (its landscape attachment opens one), and a blank page's.
    own = sum(len(docx.Document(str(root / r["output"])).sections) for r in in_roster_order)
    assert len(combined.sections) == own + sum(c % 2 for c in pages[:-1])
    (pdf,) = convert_to_pdf([folder / "合并打印.docx"], tmp_path / "pdf")
    total = sum(count + count % 2 for count in pages[:-1]) + pages[-1]
    assert len(PdfReader(str(pdf)).pages) == total


def test_a_word_mail_merge_document_merges_into_files_word_and_libreoffice_open(
    tmp_path: Path, require_client: Any, validator: Path
) -> None:
    """A clerk's mail-merge main document as it is: «单位名称» in the header and the body, an IF
    over it."""
    from docxtpl_support import mail_merge_document

    template = tmp_path / "主文档.docx"
    template.write_bytes(mail_merge_document())
    roster = write_roster(tmp_path / "units.xlsx", UNIT_ROWS, COLUMNS)
    out = tmp_path / "合并"
    result = _run(str(template), str(roster), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已移除 Word 邮件合并设置（数据源路径与查询语句）" in result.output
    assert "settings.xml" not in result.output
    documents = sorted(out.glob("*.docx"))
    checked = subprocess.run(
        ["python3", str(validator), *map(str, documents)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    pdfs = convert_to_pdf(documents, tmp_path / "pdf")
    for row in UNIT_ROWS:
        stem = safe_stem(row["单位名称"], "")
        read = docx.Document(str(out / f"{stem}.docx"))
        assert read.sections[0].header.paragraphs[0].text == row["单位名称"]
        body = [p.text for p in read.paragraphs]
        assert body[:3] == [
            f"{row['单位名称']}：",
            f"请于{row['截止日期']}前报送整改情况。联系人：{row['联系人']}",
            "（局属单位）" if row["单位名称"].endswith("局") else "（其他单位）",
        ]
        assert read.paragraphs[0].runs[0].bold  # the field's own formatting
        (pdf,) = [p for p in pdfs if p.stem == stem]
        text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
        assert row["联系人"] in text.replace("\n", "")
