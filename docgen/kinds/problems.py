"""The problem list (问题清单): a sheet of problems found, each row a rectification task.

Shared by the kinds that read one (the plan lists the tasks, the bulletin counts them, the
notice picks a unit's own). Header aliases are documented in docs/inputs.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from docgen.compose.deadline import Deadline, parse_deadline
from docgen.compose.task import COLUMNS, Status, Task, parse_status
from docgen.kinds.base import TableSpec
from docgen.validate import StrictModel
from docgen.validate.table import CellText, cell_text

# Other header names people use, after the canonical one of COLUMNS.
ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("编号", "No.", "NO"),
    "category": ("类别", "问题类别（方面）", "问题分类", "问题类型", "方面", "所属方面"),
    "problem": ("问题描述", "存在问题", "具体问题", "问题内容", "反馈问题", "问题"),
    "measures": ("整改举措", "具体措施", "整改措施及目标", "措施"),
    "leader": ("牵头领导", "分管领导", "责任领导（分管领导）", "责任人"),
    "unit": ("牵头单位", "责任部门", "主责单位", "责任单位（牵头单位）"),
    "partners": ("配合部门", "协同单位", "协办单位", "配合单位（部门）"),
    "deadline": ("整改时限", "时限", "完成时间", "整改期限", "完成期限"),
    "status": ("状态", "进度状态", "整改进度"),
    "progress": ("整改进展", "完成情况", "整改情况", "进展"),
}
HEADERS: dict[str, tuple[str, ...]] = {f: (COLUMNS[f], *ALIASES[f]) for f in COLUMNS}
REQUIRED = ("category", "problem", "measures", "leader", "unit", "deadline")


def _deadline(value: Any) -> Any:
    return value if isinstance(value, Deadline) else parse_deadline(value)


def _status(value: Any) -> Any:
    return parse_status(cell_text(value))


class ProblemRow(StrictModel):
    """One row of a problem list; blank optional cells read as empty text."""

    model_config = ConfigDict(**StrictModel.model_config, arbitrary_types_allowed=True)

    number: CellText = ""
    category: CellText = Field(min_length=1)
    problem: CellText = Field(min_length=1)
    measures: CellText = Field(min_length=1)
    leader: CellText = Field(min_length=1)
    unit: CellText = Field(min_length=1)
    partners: CellText = ""
    deadline: Annotated[Deadline, BeforeValidator(_deadline)]
    status: Annotated[Status, BeforeValidator(_status)] = "未启动"
    progress: CellText = ""
    extra: tuple[tuple[str, Any], ...] = ()

    def task(self) -> Task:
        return Task(
            category=self.category,
            problem=self.problem,
            measures=self.measures,
            leader=self.leader,
            unit=self.unit,
            deadline=self.deadline,
            partners=self.partners,
            status=self.status,
            progress=self.progress,
            number=self.number,
            extra=self.extra,
        )


PROBLEM_LIST = TableSpec(label="问题清单", headers=HEADERS, required=REQUIRED, row=ProblemRow)
