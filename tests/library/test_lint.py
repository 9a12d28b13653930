"""Fragment lint: each rule fires where it should, with file:line, and nowhere else."""

from __future__ import annotations

import datetime
from pathlib import Path

from docgen.library.lint import NEAR_DUPLICATE_THRESHOLD, lint_paths

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 11, 23)

HEADER = """---
id: {id}
title: 测试片段
kinds: [speech]
status: draft
version: 1
variables: {variables}
{extra}---
"""


def write(
    folder: Path, name: str, body: str, *, variables: str = "[]", extra: str = "", fid: str = ""
) -> Path:
    path = folder / f"{name}.md"
    path.write_text(
        HEADER.format(id=fid or f"requirement.{name}", variables=variables, extra=extra) + body,
        encoding="utf-8",
    )
    return path


def lint(folder: Path) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in lint_paths(folder.rglob("*.md"), folder, TODAY)]


def test_shipped_library_is_clean() -> None:
    assert lint_paths((ROOT / "fragments").rglob("*.md"), ROOT, TODAY) == []


def test_undeclared_variable_placeholder_and_halfwidth_comma_give_exactly_three_findings(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "bad",
        "# 标题\n\n开展{{ campaign }}工作。\n要落实××的要求。\n各单位要高度重视,认真落实。\n",
    )
    findings = lint_paths(tmp_path.rglob("*.md"), tmp_path, TODAY)
    assert [(f.rule, f.line) for f in findings] == [
        ("FRAG-VAR-UNDECLARED", 11),
        ("TEXT-PLACEHOLDER", 12),
        ("TEXT-PUNCT", 13),
    ]
    assert all(str(f).startswith(f"bad.md:{f.line}: ") for f in findings)


def test_declared_but_unused_variable_points_at_its_declaration(tmp_path: Path) -> None:
    variables = "\n  - name: unit\n    type: str\n    description: 单位"
    write(tmp_path, "unused", "# 标题\n\n正文。\n", variables=variables)
    assert lint(tmp_path) == [("FRAG-VAR-UNUSED", 8)]


def test_hand_typed_ordinals_are_flagged_but_not_in_running_text(tmp_path: Path) -> None:
    write(tmp_path, "typed", "一、总体要求\n\n（二）工作安排\n\n正文里说一、二、三都没关系。\n")
    assert lint(tmp_path) == [("TEXT-TYPED-ORDINAL", 9), ("TEXT-TYPED-ORDINAL", 11)]


def test_expired_valid_until_is_flagged_unless_retired(tmp_path: Path) -> None:
    write(tmp_path, "old", "正文。\n", extra="valid_until: 2026-01-31\n")
    write(tmp_path, "gone", "别的正文内容。\n", extra="valid_until: 2026-01-31\n").write_text(
        (tmp_path / "gone.md")
        .read_text(encoding="utf-8")
        .replace("status: draft", "status: retired"),
        encoding="utf-8",
    )
    assert lint(tmp_path) == [("FRAG-EXPIRED", None)]


def test_schema_errors_name_the_field_and_line(tmp_path: Path) -> None:
    write(tmp_path, "schema", "正文。\n", extra="colour: red\n")
    findings = lint_paths(tmp_path.rglob("*.md"), tmp_path, TODAY)
    assert [(f.rule, f.line) for f in findings] == [("FRAG-SCHEMA", 8)]
    assert "colour" in findings[0].message


def test_duplicate_ids_are_reported_once(tmp_path: Path) -> None:
    write(tmp_path, "one", "第一段正文内容。\n", fid="requirement.same")
    write(tmp_path, "two", "完全不同的第二段正文。\n", fid="requirement.same")
    assert lint(tmp_path) == [("FRAG-DUP-ID", 2)]


def test_near_duplicates_above_the_threshold_are_found(tmp_path: Path) -> None:
    text = "各级党组织要切实扛起主体责任，主要负责同志亲自抓、负总责，班子成员抓好分管领域，层层传导压力。\n"
    write(tmp_path, "first", text)
    write(tmp_path, "second", text.replace("层层传导压力", "层层压实责任"))
    write(
        tmp_path, "third", "完全另一回事：加强宣传引导，营造良好氛围，及时总结推广好的经验做法。\n"
    )
    findings = lint_paths(tmp_path.rglob("*.md"), tmp_path, TODAY)
    assert [f.rule for f in findings] == ["FRAG-NEAR-DUP"]
    assert "requirement.first" in findings[0].message or "requirement.second" in findings[0].message
    assert 0.5 < NEAR_DUPLICATE_THRESHOLD < 1


def test_bullet_lists_are_a_structure_finding(tmp_path: Path) -> None:
    write(tmp_path, "bullets", "导语。\n\n- 第一项\n- 第二项\n")
    assert lint(tmp_path) == [("FRAG-MARKDOWN", 11)]


def test_protected_patterns_are_not_punctuation_findings(tmp_path: Path) -> None:
    write(
        tmp_path,
        "protected",
        "会议于9:30开始，详见 https://example.org/a,b 和 GB/T 9704-2012，增长3.5%。\n",
    )
    assert lint(tmp_path) == []
