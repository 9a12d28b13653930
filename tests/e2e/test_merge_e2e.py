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
    assert len(runs) == 1
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


def test_the_combined_document_restarts_page_numbers_for_each_notice(
    tmp_path: Path, require_client: Any, validator: Path
) -> None:
    template = tmp_path / "通知.docx"
    template.write_bytes(_numbered_template())
    roster = write_roster(tmp_path / "units.xlsx", UNIT_ROWS, ["单位名称"])
    out = tmp_path / "out"
    result = _run(str(template), str(roster), "-o", str(out), "--combined", "--quiet")
    assert result.exit_code == 0, result.output
    combined = out / "合并打印.docx"
    checked = subprocess.run(
        ["python3", str(validator), str(combined)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (pdf,) = convert_to_pdf([combined], tmp_path / "pdf")
    numbers = []
    for page in PdfReader(str(pdf)).pages:
        found = PAGE_NUMBER.findall(page.extract_text() or "")
        numbers.append(int(found[-1]) if found else None)
    per_notice = len(numbers) // len(UNIT_ROWS)
    assert per_notice >= 2
    assert numbers == list(range(1, per_notice + 1)) * len(UNIT_ROWS)
