"""Per-unit notices as units get them: written by `docgen build` from the roster, converted by
LibreOffice (three in one run), read back by python-docx, accepted by the Open XML validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from e2e.conftest import convert_to_pdf
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

SAMPLE = ("市委组织部", "市委办公室／市政府办公室", "市教育局")  # many tasks, joint name, none


@pytest.fixture(scope="module")
def notices(built_example: Path) -> list[Path]:
    return [built_example / "outputs" / "通知" / f"{name}.docx" for name in SAMPLE]


def test_libreoffice_converts_the_notices_in_one_run_with_the_unit_as_recipient(
    notices: list[Path], tmp_path: Path
) -> None:
    pdfs = convert_to_pdf(notices, tmp_path)
    for pdf, recipient in zip(
        pdfs, ("市委组织部：", "市委办公室、市政府办公室：", "市教育局："), strict=True
    ):
        text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        assert "关于交办作风纪律专项整治整改任务的通知" in text.replace("\n", "")
        assert recipient in text


def test_python_docx_reads_back_the_head_and_the_tasks(notices: list[Path]) -> None:
    texts = [p.text for p in docx.Document(str(notices[0])).paragraphs]
    assert texts[0] == "000003"
    assert "临委办发〔2026〕25号" in texts
    assert "中共临江市委办公室" in texts


def test_word_validator_accepts_the_notices(
    notices: list[Path], validator: Path, require_client
) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, str(validator), *map(str, notices)], capture_output=True, text=True
    )
    require_client(result.returncode != 2, f"the Open XML validator ({result.stderr[:200]})")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_notice_puts_its_signature_on_a_page_without_text(
    built_example: Path, tmp_path: Path
) -> None:
    """Notices whose text ended at a page's foot printed the signature and date alone on the
    last page, where no seal can be set (GB/T 9704 7.3.5): LibreOffice's pages show the
    body's last lines above them."""
    names = ("市司法局", "市委组织部", "市纪委监委机关", "市自然资源和规划局")
    files = [built_example / "outputs" / "通知" / f"{name}.docx" for name in names]
    for pdf in convert_to_pdf(files, tmp_path):
        pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        (page,) = [text for text in pages if "中共临江市委办公室\n2026" in text]
        above = page.split("中共临江市委办公室\n2026")[0]
        assert "联系人：" in above, (pdf.name, page[:200])


def test_no_notice_of_the_combined_document_splits_its_imprint_over_two_pages(
    tmp_path: Path,
) -> None:
    """Clerk review 15: in the combined document LibreOffice put a notice's 抄送 at one page's
    foot and its 印发 line alone on the next; the 版记's rows are kept on one page."""
    from tests_support import copy_workspace

    from docgen.pipeline import BuildOptions, build
    from docgen.workspace import open_workspace

    workspace = open_workspace(copy_workspace(tmp_path / "ws"))
    build(workspace, only=["notice"], options=BuildOptions(combined=True))
    combined = workspace.root / "outputs" / "通知" / "合并打印.docx"
    (pdf,) = convert_to_pdf([combined], tmp_path / "pdf")
    pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    with_cc = [number for number, text in enumerate(pages, 1) if "抄送：" in text]
    assert len(with_cc) == len(list(combined.parent.glob("*.docx"))) - 1  # one per notice
    split = [number for number in with_cc if "印发" not in pages[number - 1]]
    assert split == [], split
