"""Heading sequences: 一、二、四、 (a gap), 二、二、 (a duplicate), （一） under 1. (wrong order).

GB/T 9704 7.3.3 orders the levels 一、 （一） 1. （1）; a level may be skipped (一、 then 1.), but a
higher level never follows a lower one under the same parent. The main text and each attachment
are numbered on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.check.document import Document, Paragraph
from docgen.check.findings import Finding, Where, clause, excerpt
from docgen.check.structure import Structure
from docgen.text.numerals import ordinal
from docgen.text.rules import heading_ordinal

_LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@dataclass
class _Node:
    level: int
    number: int
    child_level: int | None = None
    last_child: int = 0
    last_label: str = ""


def check(doc: Document, structure: Structure) -> list[Finding]:
    findings: list[Finding] = []
    for start, stop in structure.body:
        stack = [_Node(0, 0)]
        for paragraph in doc.paragraphs[start - 1 : stop]:
            if not structure.role(paragraph.number).startswith("heading"):
                continue
            found = heading_ordinal(paragraph.stripped) or _ambiguous(paragraph.stripped)
            if found is None:
                continue
            level, number = found
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            findings.extend(_check_position(doc, paragraph, parent, level, number))
            parent.last_child = number
            parent.last_label = _label(level, number)
            stack.append(_Node(level, number))
    return findings


def _check_position(
    doc: Document, paragraph: Paragraph, parent: _Node, level: int, number: int
) -> list[Finding]:
    label = _label(level, number)
    if parent.child_level is None:
        parent.child_level = level
    elif level < parent.child_level:
        message = (
            f"{_LEVEL_NAMES[level]}序号“{label}”出现在同一层的{_LEVEL_NAMES[parent.child_level]}"
            f"序号“{parent.last_label}”之后；层次顺序应为 一、→（一）→ 1. →（1）"
        )
        parent.child_level, parent.last_child = level, 0
        return [_finding(doc, paragraph, "NUM-LEVEL-ORDER", message)]
    expected = parent.last_child + 1
    if number == expected:
        return []
    if number == parent.last_child:
        message = f"序号“{label}”与上一个同级序号重复"
    elif number > expected:
        missing = "、".join(
            f"“{_label(level, n)}”" for n in range(expected, min(number, expected + 5))
        )
        message = f"序号“{label}”前缺少{missing}（同级序号应连续）"
    else:
        message = f"序号“{label}”顺序颠倒：上一个同级序号是“{parent.last_label}”"
    return [_finding(doc, paragraph, "NUM-SEQUENCE", message)]


def _ambiguous(text: str) -> tuple[int, int] | None:
    """A heading 3 the structure recognised although its text reads like a decimal (5.12345…)."""
    m = re.match(r"^\s*(\d+)[.．]", text)
    return (3, int(m.group(1))) if m else None


def _label(level: int, number: int) -> str:
    return ordinal(number, f"heading{level}")


def _finding(doc: Document, paragraph: Paragraph, rule: str, message: str) -> Finding:
    return Finding(
        rule,
        clause("7.3.3"),
        "error",
        message,
        Where(paragraph=paragraph.number, excerpt=excerpt(paragraph.text)),
        doc.source,
    )
