"""Helpers for tests that run docgen as a user does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE_ITEMS = ("docgen.yaml", "templates", "fragments", "inputs", "profiles")


def copy_workspace(target: Path) -> Path:
    """A private copy of the repository's example workspace."""
    target.mkdir(parents=True, exist_ok=True)
    for item in WORKSPACE_ITEMS:
        origin = ROOT / item
        if origin.is_dir():
            shutil.copytree(origin, target / item)
        elif origin.is_file():
            shutil.copy2(origin, target / item)
    return target


def run_docgen(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m docgen ARGS` in ``workdir``; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int | str | None, str]:
    """Run the real entry point (the CLI's error boundary), which must exit; return its exit
    code and stderr."""
    from docgen.cli import main

    monkeypatch.setattr(sys, "argv", ["docgen", *(str(a) for a in args)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return exit_info.value.code, capsys.readouterr().err


def write_unit_roster(path: Path, rows: list[tuple[object, ...]]) -> Path:
    """An .xlsx roster of units: 单位名称 and 报送截止日期 under a header row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(("单位名称", "报送截止日期"))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def keep_only_notice(root: Path, roster: str = "inputs/units.xlsx") -> None:
    """docgen.yaml with the per-unit notice alone (faster than the whole example)."""
    config = (root / "docgen.yaml").read_text(encoding="utf-8")
    head, _, _ = config.partition("documents:")
    (root / "docgen.yaml").write_text(
        head
        + "documents:\n"
        + "  - name: notice\n    kind: notice\n    input: inputs/notice.yaml\n"
        + f"    each: {roster}\n"
        + '    output: "通知/{{ 单位名称 }}.docx"\n',
        encoding="utf-8",
    )


def fake_pdf_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    """--pdf without LibreOffice: each document's "PDF" is a few bytes naming it."""

    def converts(files: list[Path], folder: Path) -> dict[Path, Path | None]:
        for file in files:
            (folder / (file.stem + ".pdf")).write_bytes(b"%PDF-1.4 " + file.name.encode())
        return {file: folder / (file.stem + ".pdf") for file in files}

    monkeypatch.setattr("docgen.write.pdf.require_soffice", lambda *_: "soffice")
    monkeypatch.setattr("docgen.write.pdf.convert_to_pdf", converts)


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file read whole from now on (resolved), by ``Path.read_bytes`` or by the bounded
    read of the modules that read inputs and templates."""
    import docgen.batch.run
    import docgen.load.rows
    import docgen.load.table
    import docgen.load.yamlfile
    import docgen.pipeline
    from docgen.load.files import read_bounded

    reads: list[Path] = []
    original = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self.resolve())
        return original(self)

    def counted_bounded(path: Path, *args: Any, **kwargs: Any) -> bytes:
        reads.append(Path(path).resolve())
        return read_bounded(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", counted)
    for module in (
        docgen.batch.run,
        docgen.load.rows,
        docgen.load.table,
        docgen.load.yamlfile,
        docgen.pipeline,
    ):
        monkeypatch.setattr(module, "read_bounded", counted_bounded)
    return reads
