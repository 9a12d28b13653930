"""Page numbers (GB/T 9704 7.5): "— 1 —" with U+2014 dashes, 4号 宋体 digits, and the position
the profile gives the kind (formal: odd pages right and even pages left, one character in, which
needs w:evenAndOddHeaders; speeches and bulletins: centred)."""

from __future__ import annotations

import re

from docgen.check.document import Document, Field, Paragraph
from docgen.check.faces import matches, size_name
from docgen.check.findings import PRACTICE, Finding, Severity, Where, clause
from docgen.check.structure import KINDS, Structure
from docgen.layout.profile import Profile
from docgen.ooxml.section import footer_distance

_TYPE_NAMES = {"default": "页脚", "even": "偶数页页脚"}
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_WRONG_DASHES = re.compile(r"[-－–一―]")
_DIGITS = re.compile(r"[0-9]")
_ALIGN_NAMES = {"left": "居左", "right": "居右", "center": "居中", "both": "两端对齐"}


def check(doc: Document, structure: Structure, profile: Profile) -> list[Finding]:
    position = (
        getattr(profile.page_number.position, structure.kind) if structure.kind in KINDS else None
    )
    # Where a page number sits is the standard's rule for formal documents only; speeches and
    # bulletins centre it by practice. Its form and face are the standard's everywhere.
    placed = clause("7.5") if position == "odd_even" else PRACTICE
    findings: list[Finding] = []

    def add(rule: str, severity: Severity, message: str, part: str | None = None) -> None:
        ref = placed if rule == "LAYOUT-PAGENUM-POSITION" else clause("7.5")
        where = Where(section=None if part else 1, part=part)
        findings.append(Finding(rule, ref, severity, message, where, doc.source))

    parts = _footer_parts(doc)
    if "default" not in parts:
        add("LAYOUT-PAGENUM-MISSING", "error", "没有页码：页脚中应有“— 1 —”式的页码（PAGE 域）")
        return findings
    if position == "odd_even":
        if not doc.even_and_odd:
            add("LAYOUT-PAGENUM-POSITION", "error",
                "没有设置“奇偶页不同”（settings.xml 的 w:evenAndOddHeaders）：单页码应居右、双页码应居左")  # fmt: skip
        if not any("even" in section.footers for section in doc.sections):
            add("LAYOUT-PAGENUM-POSITION", "error", "没有偶数页页脚：双页码应居左空一字")
    distance = _distance(doc, profile)
    if distance:
        add("LAYOUT-PAGENUM-POSITION", "warning", distance)
    for kind, part in parts.items():
        label = f"{_TYPE_NAMES[kind]} {part}"
        paragraph = next((p for p in doc.footers.get(part, []) if _page_field(p)), None)
        if paragraph is None:
            add("LAYOUT-PAGENUM-MISSING", "error", "页脚中没有页码（PAGE 域）", label)
            continue
        for rule, severity, message in _paragraph(doc, paragraph, kind, position, profile):
            add(rule, severity, message, label)
    return findings


def _distance(doc: Document, profile: Profile) -> str | None:
    """The page number's top 7 mm below the text block: pgMar/@footer as the builder sets it."""
    tolerance = profile.page.tolerance.twips
    for section in doc.sections:
        footer, bottom = section.twips("pgMar", "footer"), section.twips("pgMar", "bottom")
        width, height = section.twips("pgSz", "w"), section.twips("pgSz", "h")
        if footer is None or bottom is None or (width or 0) > (height or 1):
            continue
        # Judged against the section's own bottom margin, so a wrong margin is reported once.
        wanted = footer_distance(profile) + bottom - profile.page.margin_bottom.twips
        if abs(footer - wanted) > tolerance:
            below = profile.page_number.distance_below_block.mm
            return (
                f"页码上沿应在版心下边缘之下 {below:g}mm：页脚距页面下边缘应为 "
                f"{wanted / 1440 * 25.4:.1f}mm，实为 {footer / 1440 * 25.4:.1f}mm"
            )
    return None


def _footer_parts(doc: Document) -> dict[str, str]:
    """The footers pages show: an even-page footer only where even pages have their own."""
    parts: dict[str, str] = {}
    kinds = ("default", "even") if doc.even_and_odd else ("default",)
    for section in doc.sections:
        for kind in kinds:
            if kind in section.footers:
                parts.setdefault(kind, section.footers[kind])
    return parts


def _page_field(paragraph: Paragraph) -> Field | None:
    return next(
        (f for f in paragraph.fields if (f.instr.split() or [""])[0].upper() == "PAGE"), None
    )


def _paragraph(
    doc: Document, paragraph: Paragraph, kind: str, position: str | None, profile: Profile
) -> list[tuple[str, Severity, str]]:
    field = _page_field(paragraph)
    assert field is not None  # only paragraphs holding a PAGE field come here
    text = paragraph.text
    shown = text[: field.start] + "{n}" + text[field.end :]
    problems: list[tuple[str, Severity, str]] = []
    wanted = profile.page_number.format
    if _SPACE.sub("", shown) != _SPACE.sub("", wanted):
        sample = shown.strip().replace("{n}", "1")
        message = f"页码应为“{wanted.replace('{n}', '1')}”，实为“{sample}”"
        if _WRONG_DASHES.search(_SPACE.sub("", shown).replace("{n}", "")):
            message += "；数字两侧应为一字线“—”（U+2014），不是连字符或短横"
        problems.append(("LAYOUT-PAGENUM-FORMAT", "error", message))
    problems.extend(_position(paragraph, shown, kind, position, profile))
    problems.extend(_fonts(paragraph, field.start, field.end, profile))
    return problems


def _position(
    paragraph: Paragraph, shown: str, kind: str, position: str | None, profile: Profile
) -> list[tuple[str, Severity, str]]:
    if position is None or shown.startswith("\t"):
        return []  # tab-aligned page numbers are positioned by their tab stop
    severity: Severity = "error" if position == "odd_even" else "warning"
    expected = "center" if position == "center" else ("right" if kind == "default" else "left")
    actual = paragraph.props.alignment
    if actual != expected:
        where = {"center": "居中", "right": "单页码居右", "left": "双页码居左"}[expected]
        return [("LAYOUT-PAGENUM-POSITION", severity,
                 f"页码应{where}，实为{_ALIGN_NAMES.get(actual, actual)}")]  # fmt: skip
    if expected == "center":
        return []
    size = profile.elements.page_number.size.twips
    indent = paragraph.props.side_indent(expected, size)
    wanted = profile.page_number.indent_chars * size
    if abs(indent - wanted) > size // 4:
        side = "右" if expected == "right" else "左"
        return [("LAYOUT-PAGENUM-POSITION", "warning",
                 f"页码应{side}空 {profile.page_number.indent_chars} 字（{wanted / 20:g} 磅），实为 {indent / 20:g} 磅")]  # fmt: skip
    return []


def _fonts(
    paragraph: Paragraph, start: int, end: int, profile: Profile
) -> list[tuple[str, Severity, str]]:
    element = profile.elements.page_number
    face = profile.face_name(element)
    problems: list[tuple[str, Severity, str]] = []
    for run in paragraph.runs:
        chars = paragraph.text[run.start : run.end]
        if not chars.strip():
            continue
        size = (run.props.size or (20, ""))[0]
        if size != element.size.half_points:
            problems.append(("LAYOUT-PAGENUM-FONT", "error",
                             f"页码字号应为{size_name(element.size.half_points)}，实为{size_name(size)}"))  # fmt: skip
        font = run.props.fonts.get("ascii")
        if _DIGITS.search(chars) and run.start < end and start < run.end:
            name = font.name if font is not None and not font.theme else None
            if not matches(name, element.face, face, profile.latin_face):
                shown = name or (f"主题字体 {font.theme}" if font is not None else "未指定")
                problems.append(("LAYOUT-PAGENUM-FONT", "error",
                                 f"页码数字应使用{face}（半角），实为「{shown}」"))  # fmt: skip
    return list(dict.fromkeys(problems))
