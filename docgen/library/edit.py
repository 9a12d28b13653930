"""Changes to fragment files: scaffold a new one, approve one in place (comments and order kept)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from docgen.errors import InputError, Location
from docgen.library.fragment import _ID, Fragment, split_front_matter

SCAFFOLD = """---
id: {id}
title: {title}
kinds: [{kinds}]
tags: []
status: draft
version: 1
variables:
  - name: campaign
    type: str
    description: 专项工作的名称
    example: 作风纪律整治
---
# {title}

开展{{{{ campaign }}}}，……（在此写正文：用 # 标题表示小节，用有序列表 1. 2. 表示列举，不要手写序号。）
"""


def scaffold(fragment_id: str, title: str, kinds: list[str]) -> str:
    """The text of a new draft fragment."""
    if not _ID.match(fragment_id):
        raise InputError(
            f"片段 id {fragment_id!r} 不合规：应为 分类.名称，如 requirement.work-style"
        )
    return SCAFFOLD.format(id=fragment_id, title=title, kinds=", ".join(kinds))


def scaffold_path(root: Path, fragment_id: str) -> Path:
    category, name = fragment_id.split(".", 1)
    return root / category / f"{name}.md"


def approve(fragment: Fragment, reviewer: str, on: datetime.date) -> str:
    """The file's new text: status approved, reviewer, date, version + 1; all else unchanged."""
    from ruamel.yaml import YAML

    if not reviewer.strip():
        raise InputError("审定人不能为空（--by 姓名）")
    text = fragment.path.read_text(encoding="utf-8-sig")
    front, _, body, _ = split_front_matter(text, fragment.display)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    data = yaml.load(front)
    if fragment.meta.status == "retired":
        raise InputError("已退役（retired）的片段不能审定", Location(file=fragment.display))
    data["status"] = "approved"
    data["version"] = int(data.get("version", 0)) + 1
    _set_after(data, "reviewed_by", reviewer.strip(), after="version")
    _set_after(data, "reviewed_on", on, after="reviewed_by")
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return f"---\n{buffer.getvalue()}---\n{body}"


def _set_after(data: object, key: str, value: object, after: str) -> None:
    """Update ``key`` in place, or insert it right after ``after`` so the order stays readable."""
    if key in data:  # type: ignore[operator]
        data[key] = value  # type: ignore[index]
        return
    keys = list(data)  # type: ignore[call-overload]
    position = keys.index(after) + 1 if after in keys else len(keys)
    data.insert(position, key, value)  # type: ignore[attr-defined]
