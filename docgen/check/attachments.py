"""附件说明 vs attachment pages vs "附件N" in the text (GB/T 9704 7.3.4, 7.3.7).

The note lists "附件：1.名称" / "2.名称" (or "附件：名称" for one); each attachment starts a new
page with "附件N" on its first line and its title below; numbers and titles must agree, and every
"附件N" the text mentions must exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.check.document import Document, Paragraph
from docgen.check.findings import Finding, Severity, Where, clause, excerpt
from docgen.check.structure import Structure

_NOTE_HEAD = re.compile(r"^附\s*件\s*[：:]\s*")
_ITEM = re.compile(r"^(\d+)[.．]\s*(.*)$")
_REFERENCE = re.compile(r"附件\s*(\d+)")
_END_PUNCT = "。；;，,.、：:"
_IGNORED = re.compile(r"[\s《》“”\"]")


@dataclass(frozen=True)
class _Item:
    number: int | None
    name: str
    paragraph: Paragraph


def check(doc: Document, structure: Structure) -> list[Finding]:
    findings: list[Finding] = []

    def add(rule: str, severity: Severity, ref: str, p: Paragraph, message: str) -> None:
        where = Where(paragraph=p.number, excerpt=excerpt(p.text))
        findings.append(Finding(rule, clause(ref), severity, message, where, doc.source))

    items = _note_items(doc, structure)
    pages = {a.number or 1: a for a in structure.attachments}
    for item in items:
        if item.name and item.name[-1] in _END_PUNCT:
            add("ATTACH-NOTE-PUNCT", "error", "7.3.4", item.paragraph,
                f"附件名称“{item.name}”之后不加标点符号")  # fmt: skip
    numbers = [item.number for item in items if item.number is not None]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        add("ATTACH-NOTE-ORDER", "error", "7.3.4", items[0].paragraph,
            f"附件说明的序号应为 1 至 {len(numbers)} 连续编排，实为 {'、'.join(map(str, numbers))}")  # fmt: skip
    for item in items:
        page = pages.get(item.number or 1)
        label = f"附件{item.number}" if item.number else "附件"
        if page is None:
            if structure.attachments:
                add("ATTACH-MISSING", "error", "7.3.7", item.paragraph,
                    f"附件说明列有{label}“{item.name}”，但文中没有{label}的附件页")  # fmt: skip
            continue
        title = doc.paragraph(page.title) if page.title else None
        if title is not None and not _same(title.stripped, item.name):
            add("ATTACH-TITLE", "error", "7.3.7", title,
                f"{label}的标题“{title.stripped}”与附件说明中的“{item.name}”不一致")  # fmt: skip
    if items and not structure.attachments:
        add("ATTACH-MISSING", "warning", "7.3.7", items[0].paragraph,
            f"附件说明列有 {len(items)} 个附件，但文后没有附件页（附件另行装订时可忽略）")  # fmt: skip
    listed = {item.number or 1 for item in items}
    for number, page in sorted(pages.items()):
        label = doc.paragraph(page.label)
        if items and number not in listed:
            add("ATTACH-UNLISTED", "error", "7.3.4", label,
                f"附件{number}没有列在正文后的附件说明中")  # fmt: skip
        if not label.starts_page and page.label > 1:
            add(
                "ATTACH-PAGE", "error", "7.3.7", label, "附件应另起一页编排（在“附件”前插入分页符）"
            )
    if structure.attachments and not items:
        first = doc.paragraph(structure.attachments[0].label)
        add("ATTACH-UNLISTED", "error", "7.3.4", first, "文后有附件页，但正文之后没有附件说明")
    findings.extend(_references(doc, structure, listed | set(pages)))
    return findings


def _same(title: str, name: str) -> bool:
    """Titles agree when they differ only in spaces, quotes, 书名号 or a trailing punctuation."""
    return _IGNORED.sub("", title).rstrip(_END_PUNCT) == _IGNORED.sub("", name).rstrip(_END_PUNCT)


def _note_items(doc: Document, structure: Structure) -> list[_Item]:
    items: list[_Item] = []
    for index, number in enumerate(structure.note):
        p = doc.paragraph(number)
        text = _NOTE_HEAD.sub("", p.stripped) if index == 0 else p.stripped
        m = _ITEM.match(text)
        if m:
            items.append(_Item(int(m.group(1)), m.group(2).strip(), p))
        elif index == 0 and text:
            items.append(_Item(None, text, p))
    return items


def _references(doc: Document, structure: Structure, known: set[int]) -> list[Finding]:
    """Every "附件N" in the main text must name an attachment that exists."""
    findings = []
    start, stop = structure.body[0] if structure.body else (1, len(doc.paragraphs))
    for p in doc.paragraphs[start - 1 : stop]:
        if structure.role(p.number) in ("attachment_note", "attachment_label", "empty"):
            continue
        for m in _REFERENCE.finditer(p.text):
            number = int(m.group(1))
            if number not in known:
                has = "、".join(f"附件{n}" for n in sorted(known)) if known else "本文没有附件"
                message = f"正文提到“附件{number}”，但没有这个附件（{has}）"
                where = Where(paragraph=p.number, excerpt=excerpt(p.text))
                findings.append(
                    Finding("ATTACH-REF", clause("7.3.4"), "error", message, where, doc.source)
                )
    return findings
