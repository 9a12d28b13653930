"""Approving and scaffolding fragments in place."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from docgen.errors import InputError
from docgen.library.edit import approve, scaffold
from docgen.library.fragment import parse_fragment

DRAFT = """---
# 审核备注：第二段需法规科把关
id: requirement.sample
title: 示例
kinds: [speech, plan]   # 适用文种
tags: [示例]
status: draft
version: 3
variables: []
---
# 示例标题

正文。
"""


def test_approve_sets_reviewer_date_and_bumps_version_keeping_comments_and_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sample.md"
    path.write_text(DRAFT, encoding="utf-8")
    text = approve(parse_fragment(path), "张三", datetime.date(2026, 11, 23))
    assert "# 审核备注：第二段需法规科把关" in text
    assert "kinds: [speech, plan]   # 适用文种" in text
    keys = [
        line.split(":")[0]
        for line in text.split("---")[1].splitlines()
        if line and not line.startswith(("#", " "))
    ]
    assert keys == [
        "id",
        "title",
        "kinds",
        "tags",
        "status",
        "version",
        "reviewed_by",
        "reviewed_on",
        "variables",
    ]
    path.write_text(text, encoding="utf-8")
    approved = parse_fragment(path)
    assert approved.meta.status == "approved"
    assert approved.meta.version == 4
    assert approved.meta.reviewed_by == "张三"
    assert approved.meta.reviewed_on == datetime.date(2026, 11, 23)
    assert approved.body == "# 示例标题\n\n正文。\n"


def test_approve_refuses_a_blank_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "sample.md"
    path.write_text(DRAFT, encoding="utf-8")
    with pytest.raises(InputError):
        approve(parse_fragment(path), "  ", datetime.date(2026, 11, 23))


def test_scaffold_is_a_parseable_draft(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    path.write_text(scaffold("requirement.new-one", "新片段", ["speech"]), encoding="utf-8")
    fragment = parse_fragment(path)
    assert (fragment.meta.status, fragment.meta.version, fragment.id) == (
        "draft",
        1,
        "requirement.new-one",
    )


def test_scaffold_rejects_a_bad_id() -> None:
    with pytest.raises(InputError):
        scaffold("Not An Id", "x", ["speech"])
