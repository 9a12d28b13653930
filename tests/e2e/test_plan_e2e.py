"""The rectification plan as a user gets it: built by `docgen build`, rendered by LibreOffice,
read back by python-docx and openpyxl, accepted by the Open XML validator; and the acceptance
steps of the issue (bad problem list → located errors and nothing written; ledger round trip)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from e2e.conftest import convert_to_pdf
from openpyxl import load_workbook
from pypdf import PdfReader
from tests_support import copy_workspace, run_docgen

from docgen.layout.profile import load_profile

pytestmark = pytest.mark.e2e

PLAN = "临江市作风纪律专项整治问题整改方案"
LEDGER = "临江市作风纪律专项整治问题整改台账.xlsx"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "plan.txt"
PROFILE = load_profile("gbt9704")
MM = 72 / 25.4  # PDF points per millimetre


def lines(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]


def positions(page) -> list[tuple[float, float, str]]:  # type: ignore[no-untyped-def]
    """(x, y from the bottom, text) of every text run on the page."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def landscape(page) -> bool:  # type: ignore[no-untyped-def]
    return float(page.mediabox.width) > float(page.mediabox.height)


@pytest.fixture(scope="module")
def plan(built_example: Path) -> Path:
    return built_example / "outputs" / f"{PLAN}.docx"


@pytest.fixture(scope="module")
def pages(example_pdfs: dict[str, Path]) -> list:  # type: ignore[type-arg]
    return list(PdfReader(str(example_pdfs[PLAN])).pages)


# The build ---------------------------------------------------------------------------------------


def test_build_writes_the_plan_and_its_ledger_with_their_provenance(built_example: Path) -> None:
    outputs = built_example / "outputs"
    assert (outputs / f"{PLAN}.docx").is_file() and (outputs / LEDGER).is_file()
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    (record,) = [r for r in manifest["outputs"] if r["name"] == "plan"]
    assert [i["path"] for i in record["inputs"]] == ["inputs/plan.yaml", "inputs/problems.xlsx"]
    assert all(len(i["sha256"]) == 64 for i in record["inputs"])
    assert record["extra"]["files"][0]["output"] == f"outputs/{LEDGER}"


# LibreOffice -------------------------------------------------------------------------------------


def test_the_task_table_is_on_landscape_pages_and_the_rest_portrait(pages: list) -> None:  # type: ignore[type-arg]
    turned = [n for n, page in enumerate(pages) if landscape(page)]
    assert len(turned) >= 2
    assert turned == list(range(turned[0], turned[-1] + 1))  # one stretch: the attachment
    assert not landscape(pages[0]) and not landscape(pages[-1])
    assert lines(pages[turned[0]])[:2] == ["附件", "临江市作风纪律专项整治问题整改任务清单"]
    width, height = (float(v) for v in pages[turned[0]].mediabox[2:])
    assert round(width / MM) == 297 and round(height / MM) == 210


def test_the_header_row_repeats_on_every_landscape_page(pages: list) -> None:  # type: ignore[type-arg]
    for page in (p for p in pages if landscape(p)):
        assert "整改措施" in "".join(lines(page))


def test_every_page_is_numbered_odd_on_the_right_and_even_on_the_left(pages: list) -> None:  # type: ignore[type-arg]
    for number, page in enumerate(pages, start=1):
        assert lines(page)[-1] == f"— {number} —"
        # the page number is the lowest run on the page that reads the number
        x, _ = min(
            ((x, y) for x, y, text in positions(page) if text == str(number)), key=lambda p: p[1]
        )
        middle = float(page.mediabox.width) / 2
        assert (x > middle) if number % 2 else (x < middle), number


def test_the_issuer_mark_is_red_35mm_below_the_text_blocks_top(pages: list, plan: Path) -> None:  # type: ignore[type-arg]
    _, baseline, _ = next(
        p for p in positions(pages[0]) if p[2].startswith("中共临江市委办公室文件")
    )
    top_edge = (
        float(pages[0].mediabox.height) - baseline - PROFILE.elements.issuer_mark.size.pt * 0.88
    )
    expected = (PROFILE.page.margin_top.mm + PROFILE.header_block.issuer_mark_offset.mm) * MM
    assert abs(top_edge - expected) < 3 * MM


def test_the_imprint_sits_at_the_foot_of_the_last_page(pages: list) -> None:  # type: ignore[type-arg]
    spots = positions(pages[-1])
    printed = min(y for _, y, text in spots if text.endswith("印发") or text == "发")
    cc = max(y for _, y, text in spots if text.startswith("抄"))
    block_bottom = PROFILE.page.margin_bottom.mm * MM
    assert cc > printed
    assert block_bottom < printed < block_bottom + PROFILE.grid.line_spacing.pt


# python-docx and the validator -------------------------------------------------------------------


def test_python_docx_reads_back_sections_tables_and_the_head(plan: Path) -> None:
    document = docx.Document(str(plan))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    turned = document.sections[1]
    assert turned.page_width > turned.page_height
    table = max(document.tables, key=lambda t: len(t.rows))
    assert len(table.rows) == 28
    assert table.rows[0].cells[3].text == "整改措施"
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "中共临江市委办公室文件"
    assert "临委办发〔2026〕23号" in texts
    assert texts[texts.index("临江市作风纪律专项整治问题整改方案") + 2].endswith("各人民团体党组：")


def test_plan_paragraphs_match_golden(plan: Path, request: pytest.FixtureRequest) -> None:
    document = docx.Document(str(plan))
    actual = "".join(f"{p.style.name} | {p.text}\n" for p in document.paragraphs)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_the_ledger_reads_back_with_its_drop_down(built_example: Path) -> None:
    sheet = load_workbook(built_example / "outputs" / LEDGER).active
    assert sheet.max_row == 2 + 27
    assert sheet.freeze_panes == "A3"
    assert sheet.data_validations.dataValidation[0].formula1 == '"未启动,推进中,已完成,长期坚持"'


def test_word_validator_accepts_the_ledger_and_the_portrait_variant(
    built_example: Path, variant: Path, validator: Path, require_client
) -> None:  # type: ignore[no-untyped-def]
    """The example plan itself is validated with every other output in test_clients.py."""
    files = [built_example / "outputs" / LEDGER, variant]
    result = subprocess.run(
        [sys.executable, str(validator), *map(str, files)], capture_output=True, text=True
    )
    require_client(result.returncode != 2, f"the Open XML validator ({result.stderr[:200]})")
    assert result.returncode == 0, result.stdout + result.stderr


# Acceptance --------------------------------------------------------------------------------------


def test_a_bad_date_and_a_missing_unit_give_two_located_errors_and_write_nothing(
    tmp_path: Path,
) -> None:
    workspace = copy_workspace(tmp_path / "ws")
    book = load_workbook(workspace / "inputs" / "problems.xlsx")
    sheet = book["问题清单"]
    sheet["F5"] = None  # 责任单位 of problem 3
    sheet["H7"] = "2026年2月30日"  # 完成时限 of problem 5
    book.save(workspace / "inputs" / "problems.xlsx")
    result = run_docgen(workspace, "build")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert errors == [
        "错误：inputs/problems.xlsx：工作表「问题清单」第5行「F（责任单位）」列：「责任单位」不能为空",
        "错误：inputs/problems.xlsx：工作表「问题清单」第7行「H（完成时限）」列："
        "完成时限“2026年2月30日”：日期不存在",
    ]
    assert "未写入任何文件" in result.stderr
    assert not (workspace / "outputs").exists() or not any((workspace / "outputs").iterdir())


def test_reading_the_written_ledger_back_gives_the_same_plan_bytes(tmp_path: Path) -> None:
    workspace = copy_workspace(tmp_path / "ws")
    assert run_docgen(workspace, "build", "--only", "plan").returncode == 0
    first = (workspace / "outputs" / f"{PLAN}.docx").read_bytes()
    shutil.copy(workspace / "outputs" / LEDGER, workspace / "inputs" / "台账.xlsx")
    settings = workspace / "inputs" / "plan.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("inputs/problems.xlsx", "inputs/台账.xlsx"), encoding="utf-8")
    result = run_docgen(workspace, "build", "--only", "plan")
    assert result.returncode == 0, result.stderr
    assert (workspace / "outputs" / f"{PLAN}.docx").read_bytes() == first


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan with a star in the red line and its attachment in portrait."""
    from docgen.pipeline import build
    from docgen.workspace import open_workspace

    workspace = copy_workspace(tmp_path_factory.mktemp("variant"))
    settings = workspace / "inputs" / "plan.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("# star: true", "star: true").replace("landscape: true", "landscape: false")
    settings.write_text(text, encoding="utf-8")
    build(open_workspace(workspace), only=["plan"])
    return workspace / "outputs" / f"{PLAN}.docx"


def test_a_portrait_attachment_with_a_star_floats_the_imprint_to_the_foot(
    variant: Path, tmp_path: Path
) -> None:
    (pdf,) = convert_to_pdf([variant], tmp_path)
    pages = PdfReader(str(pdf)).pages
    assert not any(landscape(page) for page in pages)
    assert "★" in "".join(lines(pages[0]))
    last = positions(pages[-1])
    assert "整改措施" in "".join(t for _, _, t in last)  # the table's last page holds the imprint
    printed = min(y for _, y, text in last if text.endswith("印发") or text == "发")
    block_bottom = PROFILE.page.margin_bottom.mm * MM
    assert block_bottom < printed < block_bottom + PROFILE.grid.line_spacing.pt
