"""Rectification tasks (整改任务): one row of a problem list (问题清单), typed.

The plan lists them, the ledger (台账) tracks them, the bulletin counts them. The canonical column
headers live here because the ledger writes them and the problem-list reader must read them back.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from docgen.compose.deadline import Deadline

Status = Literal["未启动", "推进中", "已完成", "长期坚持"]
STATUSES: tuple[Status, ...] = ("未启动", "推进中", "已完成", "长期坚持")

# Words people write for each status; matched after removing spaces.
STATUS_ALIASES: dict[str, Status] = {
    "未启动": "未启动", "未开始": "未启动", "尚未启动": "未启动",
    "推进中": "推进中", "正在推进": "推进中", "整改中": "推进中", "进行中": "推进中",
    "已完成": "已完成", "完成": "已完成", "已销号": "已完成", "已整改": "已完成",
    "长期坚持": "长期坚持", "持续推进": "长期坚持",
}  # fmt: skip

# Field name -> the canonical column header, in the order a ledger writes them.
COLUMNS: dict[str, str] = {
    "number": "序号",
    "category": "问题类别",
    "problem": "问题表现",
    "measures": "整改措施",
    "leader": "责任领导",
    "unit": "责任单位",
    "partners": "配合单位",
    "deadline": "完成时限",
    "status": "整改状态",
    "progress": "进展情况",
}

# A responsible-unit cell may name several units: 市商务局、市发展改革委 or "市委办（牵头）";
# a roster's joint name is written 甲/乙 or 甲:乙.
_UNIT_SPLIT = re.compile(r"[、，,；;／/:：\s]+")  # spaces too: "市委办 市政府办"
_ROLE = re.compile(r"[（(](?:牵头|主责|负责|配合)[)）]$")


def unit_names(text: str) -> tuple[str, ...]:
    """The units a cell or a roster name names, one by one, without role marks (（牵头）)."""
    names = (_ROLE.sub("", part.strip()).strip() for part in _UNIT_SPLIT.split(text))
    return tuple(dict.fromkeys(name for name in names if name))


def parse_status(value: str | None) -> Status:
    """The status a cell names; blank means 未启动. Raises ValueError for unknown words."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return "未启动"
    status = STATUS_ALIASES.get(text)
    if status is None:
        raise ValueError(f"整改状态“{value}”无法识别，应为其中之一：{'、'.join(STATUSES)}")
    return status


@dataclass(frozen=True)
class Task:
    """One rectification task; ``extra`` keeps the sheet's other columns (header, value)."""

    category: str
    problem: str
    measures: str
    leader: str
    unit: str
    deadline: Deadline
    partners: str = ""
    status: Status = "未启动"
    progress: str = ""
    number: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    @property
    def units(self) -> tuple[str, ...]:
        """The responsible units one by one, without role marks such as （牵头）."""
        return unit_names(self.unit)

    @property
    def completed(self) -> bool:
        return self.status == "已完成"


@dataclass(frozen=True)
class Ledger:
    """A task ledger (台账) to write beside a document: its title, tasks and provenance."""

    title: str
    tasks: Sequence[Task]
    author: str
    created: datetime.date


def group_by_category(tasks: Sequence[Task]) -> dict[str, list[Task]]:
    """Tasks by category, categories in order of first appearance, tasks in sheet order."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(task.category, []).append(task)
    return groups
