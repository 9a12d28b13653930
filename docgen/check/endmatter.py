"""The end of a document: 附件说明, signature and 成文日期, attachment pages, and the 版记 (or a
bulletin's 报/送/发 tail), found from the end the way a reviewer reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.check.paragraphs import Paragraph
from docgen.text.rules import heading_ordinal

if TYPE_CHECKING:
    from docgen.check.structure import Structure

_DATE_LINE = re.compile(
    r"^\s*(?:\d{2,4}|[〇○零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月"
    r"[0-9一二三四五六七八九十]{1,3}日\s*$"
)
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)\s*$")
IMPRINT_CC = re.compile(r"^抄\s*送\s*[：:]")
IMPRINT_PRINTED = re.compile(r"印\s*发\s*$")
_BULLETIN_TAIL = re.compile(r"^(?:报|送|发|报送|抄送|分送)\s*[：:]|^共印\s*\d+\s*份")


@dataclass
class Attachment:
    """An attachment page: its label paragraph ("附件2"), its number and its title paragraph."""

    label: int
    number: int | None
    title: int | None
    end: int


def find_imprint(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The 版记: the last "……印发" line and the 抄送 lines just above it (or a trailing 抄送)."""
    visible = [p for p in paragraphs if p.stripped]
    printed = [
        i
        for i, p in enumerate(visible)
        if IMPRINT_PRINTED.search(p.stripped) and len(p.stripped) <= 60
    ]
    if printed:
        end = printed[-1]
        start = end
        for i in range(end - 1, max(end - 5, -1), -1):
            if IMPRINT_CC.match(visible[i].stripped):
                start = i
        while end + 1 < len(visible) and IMPRINT_CC.match(visible[end + 1].stripped):
            end += 1  # 抄送 misplaced below the 印发 line is still 版记 (and out of order)
        return visible[start : end + 1]
    tail = visible[-8:]
    for index, p in enumerate(tail):
        if IMPRINT_CC.match(p.stripped):
            return tail[index:]
    return []


def mark_tail(
    structure: Structure, paragraphs: list[Paragraph], imprint: list[Paragraph], kind: str
) -> int:
    """Mark the 版记 (or a bulletin's 报/送/发 tail); return the last paragraph before it."""
    end = len(paragraphs)
    if kind == "bulletin":
        tail = [p for p in paragraphs if p.stripped][-4:]
        marks = [p for p in tail if _BULLETIN_TAIL.match(p.stripped)]
        if marks:
            end = marks[0].number - 1
            for p in paragraphs[end:]:
                if p.stripped:
                    structure.roles[p.number] = "bulletin_tail"
        return end
    if imprint and kind in ("formal", "generic"):
        end = imprint[0].number - 1
        for p in paragraphs[end : imprint[-1].number]:
            if p.stripped:
                structure.roles[p.number] = "imprint"
                structure.imprint.append(p.number)
    return end


def mark_signature(structure: Structure, paragraphs: list[Paragraph], start: int, end: int) -> None:
    """The 附件说明, the signature and the 成文日期 at the end of the main text."""
    labels = [p.number for p in paragraphs[start - 1 : end] if _is_label(p)]
    main_end = labels[0] - 1 if labels else end
    structure.body.append((start, main_end))
    if structure.kind == "speech":
        return
    dates = [
        p for p in paragraphs[start - 1 : main_end] if not p.in_table and _DATE_LINE.match(p.text)
    ]
    if dates:
        date = dates[-1]
        structure.date = date.number
        structure.roles[date.number] = "date"
        before = [p for p in paragraphs[start - 1 : date.number - 1] if p.stripped][-1:]
        if before and _looks_like_signature(before[0]):
            structure.roles[before[0].number] = "signature"
        for p in paragraphs[date.number : main_end]:
            if p.stripped.startswith(("（", "(")) and p.stripped.endswith(("）", ")")):
                structure.roles[p.number] = "annotation"
                break
    for p in paragraphs[start - 1 : main_end]:
        if not p.in_table and _ATTACHMENT_NOTE.match(p.stripped):
            structure.note.append(p.number)
            structure.roles[p.number] = "attachment_note"
            for q in paragraphs[p.number : main_end]:
                if not q.stripped or not re.match(r"^\d+[.．]", q.stripped):
                    break
                structure.note.append(q.number)
                structure.roles[q.number] = "attachment_note"
            break


def _looks_like_signature(p: Paragraph) -> bool:
    text = p.stripped
    return (
        not p.in_table
        and len(text) <= 40
        and not text.endswith(("。", "；", "，", "：", "！", "？"))
        and heading_ordinal(text) is None
        and not _ATTACHMENT_NOTE.match(text)
    )


def _is_label(p: Paragraph) -> bool:
    return not p.in_table and ATTACHMENT_LABEL.match(p.stripped) is not None


def mark_attachments(structure: Structure, paragraphs: list[Paragraph], end: int) -> None:
    labels = [p for p in paragraphs[:end] if _is_label(p) and p.number > structure.header_end]
    for index, label in enumerate(labels):
        stop = labels[index + 1].number - 1 if index + 1 < len(labels) else end
        structure.roles[label.number] = "attachment_label"
        digits = ATTACHMENT_LABEL.match(label.stripped).group(1)  # type: ignore[union-attr]
        title = next(
            (p for p in paragraphs[label.number : stop] if p.stripped and not p.in_table), None
        )
        if title is not None:
            structure.roles[title.number] = "attachment_title"
            structure.body.append((title.number + 1, stop))
        structure.attachments.append(
            Attachment(label.number, int(digits) if digits else None, title and title.number, stop)
        )
