"""A batch's data rows (a roster): each row with where it stood, and the file's columns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from docgen.errors import Location
from docgen.text.listing import few


@dataclass(frozen=True)
class Row:
    """One record: its values, its position among the data rows (from 1) and its place."""

    number: int
    values: dict[str, Any]
    location: Location

    @property
    def position(self) -> int:
        """The number people see: the sheet's row number, else the item's number in the list."""
        return self.location.row or self.number

    @property
    def label(self) -> str:
        """How a person finds the row: its file, then its ``place`` (asked of every row)."""
        if self.location.line is None:
            return str(self.location)
        return f"{self.location.file}：{self.place}"

    @property
    def place(self) -> str:
        """The row within its file: the sheet and row, or the YAML item and its line."""
        if self.location.line is None:
            return str(replace(self.location, file=None))
        return f"第 {self.number} 条（第 {self.location.line} 行）"


@dataclass(frozen=True)
class Roster:
    """The rows of one data file and its column names, in the file's order."""

    source: str
    columns: tuple[str, ...]
    rows: list[Row]
    sha256: str = ""  # of the file's bytes as read, for the manifest
    notes: tuple[str, ...] = ()  # what the user should know about how the rows were read
    sheets: tuple[str, ...] = ()  # a workbook's visible worksheets and the one read
    sheet_named: bool = False  # the one read was named (--sheet, each: {sheet: …}), not the first


# How to name the worksheet to read, in both places a roster is named.
SHEET_HINT = (
    "docgen merge 用 --sheet 工作表名，docgen.yaml 写 each: {file: 名单.xlsx, sheet: 工作表名}"
)


def other_sheets(roster: Roster, how: str = f"请指定要读的工作表（{SHEET_HINT}）") -> str:
    """For a workbook of several sheets read from its first (none named), which sheet was read
    and the others, with ``how`` to read another; else ""."""
    if len(roster.sheets) < 2 or not roster.rows or roster.sheet_named:
        return ""
    read = roster.rows[0].location.sheet
    others = few((f"「{name}」" for name in roster.sheets if name != read), 30, "个")
    return f"读取的是工作表「{read}」，另有 {others}：名单在别的工作表时{how}"
