"""The bulletin as a user gets it: `docgen build`, LibreOffice's PDF, python-docx, the validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from tests_support import copy_workspace, run_docgen

pytestmark = pytest.mark.e2e

NAME = "作风纪律整治工作简报"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"


def _bulletin(example_outputs: list[Path]) -> Path:
    return next(p for p in example_outputs if p.stem == NAME)


def _lines(pdf: Path) -> list[list[str]]:
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in PdfReader(str(pdf)).pages
    ]


def test_libreoffice_draws_the_chart_with_its_chinese_labels(
    example_outputs: list[Path], example_pdfs: dict[str, Path]
) -> None:
    pages = _lines(example_pdfs[NAME])
    # The value axis ticks (0%, 20% … 100%) exist only in the chart; the table writes 20.0%.
    ticks = ["0%", "20%", "40%", "60%", "80%", "100%"]
    page = next(p for p in pages if any(line.split() == ticks for line in p))
    assert "市信访局" in page and "市纪委监委机关" in page
    reader = PdfReader(str(example_pdfs[NAME]))
    content = reader.pages[pages.index(page)].get_contents().get_data()
    # The bars are vector paths filled with the chart's bar colour (5B7FA6), one per unit.
    bars = content.split(b"0.356862745 0.4980392156 0.6509803921 rg", 1)
    assert len(bars) == 2 and bars[1].count(b"\nh\nf") >= 14


def test_python_docx_reads_back_masthead_and_one_inline_chart(example_outputs: list[Path]) -> None:
    document = docx.Document(str(_bulletin(example_outputs)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == NAME and texts[1] == "第1期"
    assert len(document.inline_shapes) == 1
    assert [r.reltype for r in document.part.rels.values()].count(CHART_REL) == 1


def test_the_validator_accepts_the_bulletin_even_strictly(
    example_outputs: list[Path], validator: Path, require_client
) -> None:
    result = subprocess.run(
        [sys.executable, str(validator), "--strict", str(_bulletin(example_outputs))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    require_client(result.returncode != 2, f"the Open XML validator ({result.stderr[:200]})")
    assert result.returncode == 0, result.stdout + result.stderr


def _issue(workspace: Path) -> str:
    document = docx.Document(str(workspace / "outputs" / f"{NAME}.docx"))
    return document.paragraphs[1].text


def _next_week(workspace: Path) -> None:
    path = workspace / "inputs" / "bulletin.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("2026年11月16日（星期一）", "2026年11月23日（星期一）"),
        ("2026年11月22日（星期日）", "2026年11月29日（星期日）"),
        ("issued_on: 2026年11月23日", "issued_on: 2026年11月30日"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_consecutive_periods_take_n_and_n_plus_1_and_a_rebuild_keeps_n(tmp_path: Path) -> None:
    workspace = copy_workspace(tmp_path / "ws")
    original = (workspace / "inputs" / "bulletin.yaml").read_bytes()
    first = run_docgen(workspace, "build", "--only", "bulletin")
    assert first.returncode == 0, first.stderr
    assert _issue(workspace) == "第1期"
    _next_week(workspace)
    assert run_docgen(workspace, "build", "--only", "bulletin").returncode == 0
    assert _issue(workspace) == "第2期"
    (workspace / "inputs" / "bulletin.yaml").write_bytes(original)
    assert run_docgen(workspace, "build", "--only", "bulletin").returncode == 0
    assert _issue(workspace) == "第1期"
    state = (workspace / ".docgen-state.json").read_text(encoding="utf-8")
    assert '"2026-11-16/2026-11-22": 1' in state and '"2026-11-23/2026-11-29": 2' in state


def test_the_same_inputs_give_the_same_bulletin_bytes(tmp_path: Path) -> None:
    from docgen.pipeline import build
    from docgen.workspace import open_workspace

    workspace = open_workspace(copy_workspace(tmp_path / "ws"))
    first = build(workspace, only=["bulletin"]).documents[0].data
    second = build(workspace, only=["bulletin"]).documents[0].data
    assert first == second
