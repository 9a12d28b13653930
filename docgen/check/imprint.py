"""版记 (imprint) of a formal document (GB/T 9704 7.4): present, last, 抄送 above 印发, dated, ruled.

A 文件-style document (its mark ends with 文件) must carry 印发机关和印发日期; a letter-style one
(信函格式, 10.1) may omit them, so there a missing 版记 is only a warning.
"""

from __future__ import annotations

import re

from docgen.check.document import Document, Paragraph
from docgen.check.endmatter import IMPRINT_CC, IMPRINT_PRINTED
from docgen.check.findings import Finding, Severity, Where, clause, excerpt
from docgen.check.structure import Structure

_DATED = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*印\s*发\s*$")
_NO_LINE = {"nil", "none"}


def check(doc: Document, structure: Structure) -> list[Finding]:
    if structure.kind != "formal":
        return []
    findings: list[Finding] = []

    def add(rule: str, severity: Severity, ref: str, p: Paragraph, message: str) -> None:
        where = Where(paragraph=p.number, excerpt=excerpt(p.text))
        findings.append(Finding(rule, clause(ref), severity, message, where, doc.source))

    visible = [p for p in doc.paragraphs if p.stripped]
    marks = [doc.paragraph(n) for n, r in structure.roles.items() if r == "issuer_mark"]
    file_style = any(p.stripped.endswith("文件") for p in marks)
    if not structure.imprint:
        if visible:
            add("LAYOUT-IMPRINT-MISSING", "error" if file_style else "warning", "7.4", visible[-1],
                "没有版记：公文最后一面应有抄送机关（如有）和印发机关、印发日期")  # fmt: skip
        return findings
    imprint = [doc.paragraph(n) for n in structure.imprint]
    printed = [p for p in imprint if IMPRINT_PRINTED.search(p.stripped)]
    copies = [p for p in imprint if IMPRINT_CC.match(p.stripped)]
    if not printed and file_style:
        add("LAYOUT-IMPRINT-MISSING", "error", "7.4.3", imprint[-1],
            "版记缺少印发机关和印发日期（如“临江市人民政府办公室  2026年9月9日印发”）")  # fmt: skip
    if printed and copies and copies[0].number > printed[-1].number:
        add(
            "LAYOUT-IMPRINT-ORDER",
            "error",
            "7.4.2",
            copies[0],
            "抄送机关应排在印发机关和印发日期之上",
        )
    after = [p for p in visible if p.number > imprint[-1].number]
    if after:
        add("LAYOUT-IMPRINT-ORDER", "error", "7.4", after[0],
            "版记之后还有内容：版记应置于公文最后一面的最后（附件排在版记之前）")  # fmt: skip
    for p in printed:
        if not _DATED.search(p.stripped):
            add("LAYOUT-IMPRINT-FORMAT", "error", "7.4.3", p,
                "印发日期应写作“2026年9月9日印发”（阿拉伯数字，年份标全称）")  # fmt: skip
    for p in copies:
        if not p.stripped.endswith("。"):
            add("LAYOUT-IMPRINT-FORMAT", "warning", "7.4.2", p, "抄送机关名称之后应标句号")
    if not _ruled(doc, imprint):
        add("LAYOUT-IMPRINT-LINES", "warning", "7.4.1", imprint[0],
            "版记未见分隔线：首条和末条为粗线、中间为细线，与版心等宽")  # fmt: skip
    return findings


def _ruled(doc: Document, imprint: list[Paragraph]) -> bool:
    """Lines as paragraph borders, drawn shapes, or a table whose cells hold the 版记."""
    first, last = imprint[0].number, imprint[-1].number
    around = doc.paragraphs[max(0, first - 2) : min(len(doc.paragraphs), last + 1)]
    if any(p.in_table for p in imprint):
        return True
    for p in around:
        if p.shapes or any(b.val not in _NO_LINE for b in p.props.borders.values()):
            return True
    return False
