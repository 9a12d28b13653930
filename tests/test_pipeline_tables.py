"""Specs for table inputs in the pipeline: a kind declares them, the pipeline loads, validates and
records them, and a problem anywhere stops the build before anything is written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests_support import copy_workspace

from docgen.errors import DocgenError, InputError
from docgen.pipeline import build
from docgen.workspace import open_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def set_problems(workspace: Path, value: str) -> None:
    settings = workspace / "inputs" / "plan.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("problems: inputs/problems.xlsx", f"problems: {value}"), encoding="utf-8"
    )


def test_a_missing_problem_list_is_reported_at_the_settings_line(workspace: Path) -> None:
    set_problems(workspace, "inputs/没有这个文件.xlsx")
    with pytest.raises(
        InputError, match=r"找不到问题清单文件「inputs/没有这个文件\.xlsx」"
    ) as caught:
        build(open_workspace(workspace), only=["plan"])
    settings = (workspace / "inputs" / "plan.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(settings, 1) if text.startswith("problems:"))
    assert caught.value.location.file == "inputs/plan.yaml"
    assert caught.value.location.line == line
    assert not (workspace / "outputs").exists()


def test_an_unknown_sheet_lists_the_sheets_there_are(workspace: Path) -> None:
    set_problems(workspace, "{file: inputs/problems.xlsx, sheet: 台账}")
    with pytest.raises(InputError, match="已有：问题清单"):
        build(open_workspace(workspace), only=["plan"])


def test_a_csv_problem_list_builds_the_same_plan(workspace: Path) -> None:
    first = build(open_workspace(workspace), only=["plan"]).documents[0].data
    sheet = load_workbook(workspace / "inputs" / "problems.xlsx").active
    rows = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    merged = {}  # a CSV has no merged cells: write every row's category and leader out
    for row in rows[2:]:
        for column in (1, 4):
            row[column] = row[column] or merged.get(column, "")
            merged[column] = row[column]
        if hasattr(row[7], "year"):
            row[7] = f"{row[7].year}-{row[7].month}-{row[7].day}"
    with (workspace / "inputs" / "problems.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    set_problems(workspace, "inputs/problems.csv")
    result = build(open_workspace(workspace), only=["plan"])
    assert result.documents[0].data == first
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["outputs"][0]["inputs"][1]["path"] == "inputs/problems.csv"


def test_table_errors_and_other_documents_errors_are_reported_together(workspace: Path) -> None:
    book = load_workbook(workspace / "inputs" / "problems.xlsx")
    book.active["E3"] = None  # 责任领导 of the first problem (a merged range's first cell)
    book.save(workspace / "inputs" / "problems.xlsx")
    meeting = workspace / "inputs" / "meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("date: 2026-11-20", "date: 明天"),
        encoding="utf-8",
    )
    with pytest.raises(DocgenError) as caught:
        build(open_workspace(workspace), only=["speech", "plan"])
    text = str(caught.value)
    assert "inputs/meeting.yaml" in text
    assert "工作表「问题清单」第3行「E（责任领导）」列" in text
    assert not (workspace / "outputs").exists()


def test_a_problem_list_two_documents_name_is_read_once_per_build(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.pipeline

    read: list[str] = []
    load_table = docgen.pipeline.load_table

    def counting(path: Path, shown: str, **options: object) -> object:
        read.append(shown)
        return load_table(path, shown, **options)

    monkeypatch.setattr(docgen.pipeline, "load_table", counting)
    result = build(open_workspace(workspace), only=["plan", "notice"])
    assert read.count("inputs/problems.xlsx") == 1
    plan = next(doc for doc in result.documents if doc.record.kind == "plan")
    notices = [doc for doc in result.documents if doc.record.kind == "notice"]
    assert len(notices) > 30
    for doc in [plan, notices[0]]:
        recorded = {r.path: r.sha256 for r in doc.record.inputs}
        assert "inputs/problems.xlsx" in recorded
