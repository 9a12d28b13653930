"""One fragment file: YAML front matter (id, status, variables …) and a Markdown body."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from docgen.errors import InputError, Location
from docgen.load import load_yaml_text
from docgen.validate import StrictModel, validate_model

KINDS = ("speech", "plan", "bulletin", "notice")
STATUSES = ("draft", "review", "approved", "retired")
_ID = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")
_FENCE = "---"


class Variable(StrictModel):
    """A value the body may use: ``{{ name }}``."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: Literal["str", "int", "date", "list"] = "str"
    description: str = ""
    example: Any = None
    default: Any = None


class FragmentMeta(StrictModel):
    """The front matter: identity, fit, review state and the variables the body uses."""

    id: str
    title: str = Field(min_length=1)
    kinds: list[Literal["speech", "plan", "bulletin", "notice"]] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    status: Literal["draft", "review", "approved", "retired"]
    version: int = Field(ge=1)
    reviewed_by: str | None = None
    reviewed_on: datetime.date | None = None
    variables: list[Variable] = Field(default_factory=list)
    valid_until: datetime.date | None = None
    source: str | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(
                "id 应为 分类.名称，小写字母、数字和连字符，如 requirement.political-stance"
            )
        return value

    @model_validator(mode="after")
    def _approved_has_reviewer(self) -> FragmentMeta:
        if self.status == "approved" and (not self.reviewed_by or self.reviewed_on is None):
            raise ValueError("已审定（approved）的片段必须写明 reviewed_by 和 reviewed_on")
        return self

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)


@dataclass(frozen=True)
class Fragment:
    """A parsed fragment; ``body_line`` is the file line where the body starts."""

    meta: FragmentMeta
    body: str
    path: Path
    display: str
    body_line: int
    sha256: str

    @property
    def id(self) -> str:
        return self.meta.id

    def location(self, line_in_body: int | None = None) -> Location:
        line = self.body_line if line_in_body is None else self.body_line + line_in_body - 1
        return Location(file=self.display, line=line)


def split_front_matter(text: str, display: str) -> tuple[str, int, str, int]:
    """(front matter, its first line, body, the body's first line); both 1-based."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise InputError("片段文件应以 --- 开头的 YAML 头信息开始", Location(file=display, line=1))
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            return "".join(lines[1:index]), 2, "".join(lines[index + 1 :]), index + 2
    raise InputError("YAML 头信息没有以 --- 结束", Location(file=display, line=1))


def parse_fragment(path: Path, display: str | None = None) -> Fragment:
    """Read one fragment file; errors name the file and the line."""
    shown = display or str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("片段文件不是 UTF-8 编码", Location(file=shown)) from None
    front, front_line, body, body_line = split_front_matter(text, shown)
    located = load_yaml_text(front, shown, first_line=front_line)
    if not isinstance(located.data, dict):
        raise InputError("YAML 头信息应是键值映射", Location(file=shown, line=front_line))
    meta = validate_model(FragmentMeta, located)
    return Fragment(
        meta=meta,
        body=body,
        path=path,
        display=shown,
        body_line=body_line,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
