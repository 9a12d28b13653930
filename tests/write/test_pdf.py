"""Specs for PDF conversion: batches of files per LibreOffice process, a second try for misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.write import pdf


def test_a_large_batch_is_cut_into_processes_of_at_most_200_files() -> None:
    names = [f"单位{i}.docx" for i in range(450)]
    chunks = pdf._chunks(names)
    assert [len(c) for c in chunks] == [200, 200, 50]
    assert [n for c in chunks for n in c] == names


def test_files_a_run_left_out_are_tried_once_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"单位{i}.docx" for i in range(5)]
    for file in files:
        file.write_bytes(b"docx")
    runs: list[list[str]] = []

    def flaky(soffice: str, profile: Path, staging: Path, folder: Path, names: list[str]) -> None:
        runs.append(list(names))
        for name in names[: 3 if len(runs) == 1 else None]:  # the first run stops early
            (staging / name.replace(".docx", ".pdf")).write_bytes(b"%PDF")

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "_run", flaky)
    results = pdf.convert_to_pdf(files, tmp_path)
    assert runs == [[f.name for f in files], ["单位3.docx", "单位4.docx"]]
    assert all(results[f] == tmp_path / f"{f.stem}.pdf" for f in files)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(f"{f.stem}.pdf" for f in files)
