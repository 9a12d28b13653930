"""The owner files Word, Excel and WPS keep beside a document while it is open ("~$名单.xlsx"):
picked by mistake instead of the document, or a sign that its latest edits are not saved."""

from __future__ import annotations

from pathlib import Path

OWNER_PREFIX = "~$"


def is_owner_file(path: Path) -> bool:
    """Whether ``path`` is an owner file rather than a document."""
    return path.name.startswith(OWNER_PREFIX)


def open_elsewhere(path: Path) -> bool:
    """Whether an office program has ``path`` open: its owner file is beside it (Word drops a
    long name's first two characters from the owner file's)."""
    names = {OWNER_PREFIX + path.name, OWNER_PREFIX + path.name[2:]}
    return any(
        (path.parent / name).is_file()
        for name in names
        if len(name) > len(OWNER_PREFIX) + len(path.suffix)
    )


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
