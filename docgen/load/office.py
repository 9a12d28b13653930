"""The owner files Word, Excel and WPS keep beside a document while it is open ("~$名单.xlsx"):
picked by mistake instead of the document, or a sign that its latest edits are not saved."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

OWNER_PREFIX = "~$"


def is_owner_file(path: Path) -> bool:
    """Whether ``path`` is an owner file rather than a document."""
    return path.name.startswith(OWNER_PREFIX)


def open_elsewhere(path: Path) -> bool:
    """Whether an office program has ``path`` open: its owner file is beside it."""
    return any((path.parent / (OWNER_PREFIX + name)).is_file() for name in _owned(path.name))


def open_among(folder: Path, names: Iterable[str]) -> list[str]:
    """Which of ``names`` in ``folder`` an office program has open, from one listing of the
    folder (a batch's thousands of outputs, not a look-up each)."""
    try:
        owned = {
            entry.name[len(OWNER_PREFIX) :]
            for entry in os.scandir(folder)
            if entry.name.startswith(OWNER_PREFIX)
        }
    except OSError:
        return []
    return [name for name in names if owned and not owned.isdisjoint(_owned(name))]


def _owned(name: str) -> set[str]:
    """What an owner file of ``name`` follows "~$" with: the name, or (Word, for a long name)
    the name less its first two characters — never a bare suffix."""
    suffix = os.path.splitext(name)[1]
    return {n for n in (name, name[2:]) if len(n) > len(suffix)}


def owner_file_message(path: Path, document: str) -> str:
    """What to say of an owner file given as a ``document`` (模板, 数据文件)."""
    real = path.name[len(OWNER_PREFIX) :]
    return (
        f"这不是{document}，是 Word、Excel 或 WPS 打开文档时在旁边生成的临时文件（以 ~$ 开头，"
        f"关闭文档后会消失）：请改用原来的文件，如「{real}」"
    )


def open_note(document: str) -> str:
    """What to say of a document some program has open."""
    return f"{document}正在 Word、Excel 或 WPS 中打开：读取的是最后一次保存的内容，未保存的修改不会生效（请先保存）"
