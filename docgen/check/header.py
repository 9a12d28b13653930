"""The 版头 of a formal document: the 发文字号 pattern (7.2.5) and the red separator line (7.2.7);
a bulletin's masthead line in practice."""

from __future__ import annotations

import re

from docgen.check.document import Document, Paragraph
from docgen.check.findings import PRACTICE, Finding, Severity, Where, clause, excerpt
from docgen.check.shapes import is_red
from docgen.check.structure import Structure, doc_number_text
from docgen.layout.profile import Profile
from docgen.ooxml.xml import qn
from docgen.text.rules import apply_fixes, doc_number_brackets

_NO_LINE = {"nil", "none"}
_SIDES = {qn("w:top"), qn("w:bottom")}


def check(doc: Document, structure: Structure, profile: Profile) -> list[Finding]:
    findings: list[Finding] = []
    if structure.kind == "formal" and structure.doc_number is not None:
        paragraph = doc.paragraph(structure.doc_number)
        findings.extend(_doc_number(doc, paragraph, profile))
        stop = structure.title[0] if structure.title else structure.doc_number + 3
        region = doc.paragraphs[structure.doc_number - 1 : stop]
        findings.extend(_red_line(doc, paragraph, region, profile, "error", clause("7.2.7")))
    elif structure.kind == "bulletin" and structure.header_end:
        region = doc.paragraphs[: structure.header_end + 2]
        anchor = doc.paragraph(structure.header_end)
        findings.extend(_red_line(doc, anchor, region, profile, "warning", PRACTICE))
    return findings


def _doc_number(doc: Document, paragraph: Paragraph, profile: Profile) -> list[Finding]:
    text = doc_number_text(paragraph.stripped)
    # Wrong brackets are TEXT-DOCNUM-BRACKET (fixable); judge the rest of the pattern here.
    fixed = apply_fixes(text, doc_number_brackets(text))
    if re.match(profile.doc_number_pattern, fixed):
        return []
    reasons = []
    if "第" in fixed:
        reasons.append("不加“第”")
    if re.search(r"〕\s*0", fixed):
        reasons.append("序号不编虚位（不补 0）")
    if not fixed.endswith("号"):
        reasons.append("以“号”结尾")
    if re.search(r"\s", fixed):
        reasons.append("中间不留空格")
    detail = "；".join(reasons) or "应为“机关代字〔年份〕序号号”，如“临政〔2026〕5号”"
    return [
        Finding(
            "LAYOUT-DOCNUM",
            clause("7.2.5"),
            "error",
            f"发文字号“{text}”格式不符：{detail}",
            Where(paragraph=paragraph.number, excerpt=excerpt(paragraph.text)),
            doc.source,
        )
    ]


def _red_line(
    doc: Document,
    anchor: Paragraph,
    region: list[Paragraph],
    profile: Profile,
    severity: Severity,
    ref: str,
) -> list[Finding]:
    lines: list[tuple[Paragraph, str | None, int | None]] = []
    for index, p in enumerate(region):
        lines.extend((p, shape.color, shape.width) for shape in p.shapes)
        for side, border in p.props.borders.items():
            upper_ok = side == "top" and index > 0
            if border.val not in _NO_LINE and (side == "bottom" or upper_ok):
                lines.append((p, border.color, None))
        if p.in_table:
            lines.extend((p, color, None) for color in _cell_border_colors(p))
    where = Where(paragraph=anchor.number, excerpt=excerpt(anchor.text))
    if not lines:
        message = "发文字号之下没有红色分隔线" if severity == "error" else "报头之下没有红色分隔线"
        return [Finding("LAYOUT-RED-LINE", ref, severity, message, where, doc.source)]
    red = [line for line in lines if is_red(line[1])]
    if not red:
        color = lines[0][1] or "auto"
        return [
            Finding(
                "LAYOUT-RED-LINE",
                ref,
                severity,
                f"分隔线应为红色，实为 #{color}",
                where,
                doc.source,
            )
        ]
    widths = [w for _, _, w in red if w]
    tolerance = profile.page.tolerance
    wanted = profile.header_block.separator_width
    if widths and all(abs(w - wanted) > tolerance for w in widths):
        return [
            Finding(
                "LAYOUT-RED-LINE",
                ref,
                "warning",
                f"红色分隔线应与版心等宽（{wanted.mm:g}mm），实为 {widths[0] / 36000:.1f}mm",
                where,
                doc.source,
            )
        ]
    return []


def _cell_border_colors(paragraph: Paragraph) -> list[str | None]:
    """Colours of the horizontal borders of the cell holding ``paragraph`` (a line drawn as a
    table, e.g. the red line broken by a star)."""
    cell = next((a for a in paragraph.element.iterancestors(qn("w:tc"))), None)
    borders = cell.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}") if cell is not None else None
    if borders is None:
        return []
    return [
        b.get(qn("w:color"))
        for b in borders
        if b.tag in _SIDES and b.get(qn("w:val"), "nil") not in _NO_LINE
    ]
