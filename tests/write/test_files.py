"""Specs for all-or-nothing writes: a build's files land together or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen.write.files
from docgen.errors import DocgenError
from docgen.write.files import write_all


def _interrupt_at(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the ``count``th file is being staged."""
    stage = docgen.write.files._stage
    calls = []

    def staged(target: Path, data: bytes) -> Path:
        calls.append(target)
        if len(calls) == count:
            raise KeyboardInterrupt
        return stage(target, data)

    monkeypatch.setattr(docgen.write.files, "_stage", staged)


def test_ctrl_c_while_writing_leaves_neither_files_nor_temporary_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {tmp_path / "通知" / f"{n}.docx": b"x" * n for n in range(1, 6)}
    _interrupt_at(4, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_all(files, tmp_path)
    assert list((tmp_path / "通知").iterdir()) == []


def test_a_full_write_renames_every_file_into_place(tmp_path: Path) -> None:
    files = {tmp_path / "通知" / f"{n}.docx": b"x" * n for n in range(1, 6)}
    write_all(files, tmp_path)
    assert {p: p.read_bytes() for p in (tmp_path / "通知").iterdir()} == files


def test_a_folder_that_takes_no_files_is_named_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(prefix: str, suffix: str, dir: Path) -> tuple[int, str]:
        name = str(Path(dir) / f"{prefix}abc{suffix}")
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(DocgenError) as raised:
        write_all({tmp_path / "通知" / "甲.docx": b"x"}, tmp_path)
    said = str(raised.value)
    assert "输出目录不可写" in said and str(tmp_path / "通知") in said
    assert ".docgen-" not in said
