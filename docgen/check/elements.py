"""Each element's formatting against the profile: faces in all four slots, theme fonts, sizes,
colours, heading faces by ordinal, and the title centred without indent.

A wrong value set in a style affects every paragraph using it: it is reported once, at the first
paragraph, naming the style ("样式「Normal」，共 37 段"); direct formatting is reported per paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.check.document import Document, Paragraph, Run
from docgen.check.faces import FAMILY_NAMES, matches, size_name
from docgen.check.findings import PRACTICE, Finding, Severity, Where, clause, excerpt
from docgen.check.properties import DIRECT, SLOTS, THEME_ATTRS
from docgen.check.shapes import is_red
from docgen.check.structure import Structure
from docgen.layout.profile import Element, Profile

ROLE_ELEMENTS = {
    "body": "body", "title": "title", "subtitle": "subtitle", "salutation": "salutation",
    "recipients": "recipients", "signature": "signature", "date": "signature",
    "doc_number": "doc_number", "copy_number": "copy_number", "issuer_mark": "issuer_mark",
    "attachment_label": "attachment_label", "imprint": "imprint", "attachment_note": "body",
    "annotation": "body", "heading1": "heading1", "heading2": "heading2", "heading3": "heading3",
    "heading4": "heading4",
}  # fmt: skip
ROLE_NAMES = {
    "body": "正文", "title": "标题", "subtitle": "标题下的署名或日期", "salutation": "称谓",
    "recipients": "主送机关", "signature": "发文机关署名", "date": "成文日期",
    "doc_number": "发文字号", "copy_number": "份号", "issuer_mark": "发文机关标志",
    "attachment_label": "附件标识", "imprint": "版记", "attachment_note": "附件说明",
    "annotation": "附注", "heading1": "一级标题（一、）", "heading2": "二级标题（（一））",
    "heading3": "三级标题（1.）", "heading4": "四级标题（（1））",
}  # fmt: skip
CLAUSES = {
    "body": "5.2.2", "title": "7.3.1", "recipients": "7.3.2", "signature": "7.3.5",
    "date": "7.3.5", "doc_number": "7.2.5", "copy_number": "7.2.1", "issuer_mark": "7.2.4",
    "attachment_label": "7.3.7", "imprint": "7.4", "attachment_note": "7.3.4",
    "annotation": "7.3.6", "heading1": "7.3.3", "heading2": "7.3.3", "heading3": "7.3.3",
    "heading4": "7.3.3",
}  # fmt: skip
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]")
_LATIN = re.compile(r"[A-Za-z0-9]")
_BLACK = {"000000", "auto", "windowText"}
_HEADING_END = re.compile(r"[。！？]")


@dataclass
class _Entry:
    rule: str
    clause: str
    severity: Severity
    origin: str
    message: str
    paragraphs: dict[int, None] = field(default_factory=dict)  # an ordered set
    details: set[str] = field(default_factory=set)


class _Collector:
    """Findings grouped by where the wrong value was set (a style, or one paragraph)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entries: dict[tuple[str, ...], _Entry] = {}

    def add(
        self,
        rule: str,
        clause_ref: str,
        severity: Severity,
        origin: str,
        paragraph: Paragraph,
        message: str,
        detail: str = "",
    ) -> None:
        scope = str(paragraph.number) if origin == DIRECT else origin
        key = (rule, scope, message)
        entry = self.entries.setdefault(key, _Entry(rule, clause_ref, severity, origin, message))
        entry.paragraphs[paragraph.number] = None
        if detail:
            entry.details.add(detail)

    def findings(self) -> list[Finding]:
        result = []
        for entry in self.entries.values():
            first = self.doc.paragraph(next(iter(entry.paragraphs)))
            message = entry.message.replace("{details}", "、".join(sorted(entry.details)))
            part = None
            if entry.origin != DIRECT:
                part = self.doc.styles.describe(entry.origin)
                message += f"（在{part}中设置，影响 {len(entry.paragraphs)} 段）"
            where = Where(paragraph=first.number, excerpt=excerpt(first.text), part=part)
            result.append(
                Finding(entry.rule, entry.clause, entry.severity, message, where, self.doc.source)
            )
        return result


def check(doc: Document, structure: Structure, profile: Profile) -> list[Finding]:
    collector = _Collector(doc)
    for paragraph in doc.paragraphs:
        role = structure.role(paragraph.number)
        if role not in ROLE_ELEMENTS or not paragraph.stripped:
            continue
        for start, end, span_role in _spans(paragraph, role):
            element = getattr(profile.elements, ROLE_ELEMENTS[span_role])
            for run in paragraph.runs:
                chars = paragraph.text[max(run.start, start) : min(run.end, end)]
                if chars.strip():
                    _check_run(collector, doc, profile, paragraph, run, chars, span_role, element)
        if role in ("title", "subtitle"):
            _check_centred(collector, paragraph, role, profile)
    return collector.findings()


def _spans(paragraph: Paragraph, role: str) -> list[tuple[int, int, str]]:
    """A heading's lead sentence takes the heading's face; the text after it is body text."""
    text = paragraph.text
    if not role.startswith("heading"):
        return [(0, len(text), role)]
    m = _HEADING_END.search(text)
    cut = m.end() if m else len(text)
    return [(0, cut, role), (cut, len(text), "body")] if text[cut:].strip() else [(0, cut, role)]


def _check_run(
    collector: _Collector,
    doc: Document,
    profile: Profile,
    paragraph: Paragraph,
    run: Run,
    chars: str,
    role: str,
    element: Element,
) -> None:
    name = ROLE_NAMES[role]
    ref = clause(CLAUSES[role]) if role in CLAUSES else PRACTICE
    fonts = run.props.fonts
    for slot in SLOTS:
        font = fonts.get(slot)
        if font is not None and font.theme:
            collector.add(
                "LAYOUT-FONT-THEME",
                PRACTICE,
                "error",
                font.origin,
                paragraph,
                "使用了主题字体（{details}）：主题字体优先于字体名，换一台电脑或换主题字体就变；"
                "应在 ascii、hAnsi、eastAsia、cs 四处写明字体名并删去主题属性",
                f"{THEME_ATTRS[slot]}={doc.theme.describe(font.theme)}",
            )
    expected = profile.face_name(element)
    family = FAMILY_NAMES[element.face]
    scripts = [
        ("eastAsia", "中文", _CJK.search(chars)),
        ("ascii", "数字和西文", _LATIN.search(chars)),
    ]
    for slot, script, present in scripts:
        font = fonts.get(slot)
        if not present or (font is not None and font.theme):
            continue
        if font is None or not font.name:
            collector.add(
                "LAYOUT-FONT-SLOT",
                ref,
                "error",
                f"style:{paragraph.style_id}" if paragraph.style_id else "docDefaults",
                paragraph,
                f"{name}的{script}字体（w:{slot}）没有指定，Word 会改用默认字体；应写明{expected}",
            )
        elif slot == "eastAsia" and not matches(font.name, element.face, expected):
            rule = "LAYOUT-HEADING-FACE" if role.startswith("heading") else "LAYOUT-FONT-FACE"
            severity: Severity = "warning" if role == "issuer_mark" else "error"
            collector.add(
                rule, ref, severity, font.origin, paragraph,
                f"{name}应使用{family}（{expected}），实为「{font.name}」",
            )  # fmt: skip
        elif slot == "ascii" and not matches(font.name, element.face, expected, profile.latin_face):
            collector.add(
                "LAYOUT-FONT-LATIN", PRACTICE, "warning", font.origin, paragraph,
                f"{name}中的数字和西文使用「{font.name}」，版式要求{profile.latin_face or expected}",
            )  # fmt: skip
    _check_size_and_color(collector, paragraph, run, role, element, ref)


def _check_size_and_color(
    collector: _Collector, paragraph: Paragraph, run: Run, role: str, element: Element, ref: str
) -> None:
    name = ROLE_NAMES[role]
    size, origin = run.props.size or (20, "docDefaults")
    wanted = element.size.half_points
    if role != "issuer_mark" and size != wanted:
        collector.add(
            "LAYOUT-FONT-SIZE", ref, "error", origin, paragraph,
            f"{name}字号应为{size_name(wanted)}，实为{size_name(size)}",
        )  # fmt: skip
    color, origin = run.props.color or ("000000", "docDefaults")
    if role == "issuer_mark":
        if not is_red(color):
            collector.add(
                "LAYOUT-FONT-COLOR", ref, "error", origin, paragraph,
                f"{name}应为红色，实为 #{color}",
            )  # fmt: skip
    elif color not in _BLACK:
        collector.add(
            "LAYOUT-FONT-COLOR", clause("5.2.4"), "error", origin, paragraph,
            f"{name}文字应为黑色，实为 #{color}",
        )  # fmt: skip


def _check_centred(
    collector: _Collector, paragraph: Paragraph, role: str, profile: Profile
) -> None:
    """Titles are centred and set their first-line indent to 0 (or they inherit two characters)."""
    element = getattr(profile.elements, ROLE_ELEMENTS[role])
    ref = clause("7.3.1") if role == "title" else PRACTICE
    name = ROLE_NAMES[role]
    props = paragraph.props
    if props.alignment != "center":
        origin = props.jc[1] if props.jc else "docDefaults"
        collector.add(
            "LAYOUT-TITLE-CENTER", ref, "error", origin, paragraph,
            f"{name}应居中，实为{_ALIGN_NAMES.get(props.alignment, props.alignment)}",
        )  # fmt: skip
    chars = props.first_line_chars(element.size.twips)
    if abs(chars) >= 0.05:
        origin = props.origin_of("firstLine", "firstLineChars", "hanging", "hangingChars")
        collector.add(
            "LAYOUT-TITLE-CENTER", ref, "error", origin, paragraph,
            f"{name}不应有首行缩进（实为 {chars:g} 字）；居中的行要明确把首行缩进设为 0",
        )  # fmt: skip
    char = element.size.twips
    left, right = props.side_indent("left", char), props.side_indent("right", char)
    if abs(left - right) > 20 * 10:
        origin = props.origin_of("left", "start", "right", "end", "leftChars", "rightChars")
        collector.add(
            "LAYOUT-TITLE-CENTER", ref, "warning", origin, paragraph,
            f"{name}左右缩进不等（左 {left / 20:g} 磅、右 {right / 20:g} 磅），居中后偏向一侧",
        )  # fmt: skip


_ALIGN_NAMES = {"left": "左对齐", "right": "右对齐", "both": "两端对齐", "distribute": "分散对齐"}
