"""Specs for numbering beyond headings: attachments labelled by position, the 附件说明 from them,
and tables, page breaks and the parts of an issued document passed through untouched."""

from __future__ import annotations

from docgen.compose.numbering import number
from docgen.compose.outline import (
    Attachment,
    AttachmentNote,
    Cell,
    Column,
    HeaderBlock,
    Imprint,
    Outline,
    PageBreak,
    Paragraph,
    Section,
    Signature,
    Table,
)

TABLE = Table((Column("序号"),), ((Cell("1"),),))


def test_one_attachment_is_labelled_附件_and_listed_without_a_number() -> None:
    items = number(Outline((AttachmentNote(), Attachment("整改任务清单", (TABLE,)))))
    assert items[0] == AttachmentNote(("整改任务清单",))
    assert items[1] == PageBreak(landscape=False)
    assert items[2] == Paragraph.of("附件", "attachment_label")
    assert items[4] == Paragraph.of("整改任务清单", "title")
    assert items[-1] == TABLE


def test_several_attachments_are_numbered_in_order_and_the_note_matches() -> None:
    outline = Outline(
        (
            AttachmentNote(),
            Attachment("任务清单", (), landscape=True),
            Attachment("责任分工表"),
        )
    )
    items = number(outline)
    assert items[0] == AttachmentNote(("1.任务清单", "2.责任分工表"))
    labels = [i.text for i in items if isinstance(i, Paragraph) and i.element == "attachment_label"]
    assert labels == ["附件1", "附件2"]
    assert [i.landscape for i in items if isinstance(i, PageBreak)] == [True, False]


def test_removing_an_attachment_renumbers_labels_and_note() -> None:
    outline = Outline((AttachmentNote(), Attachment("甲"), Attachment("乙"), Attachment("丙")))
    shorter = Outline(tuple(b for b in outline.blocks if b != Attachment("乙")))
    assert number(shorter)[0] == AttachmentNote(("1.甲", "2.丙"))


def test_an_attachments_own_sections_are_numbered_afresh() -> None:
    outline = Outline((Section("正文"), Attachment("细则", (Section("总则"), Section("附则")))))
    headings = [
        i.text for i in number(outline) if isinstance(i, Paragraph) and i.element == "heading1"
    ]
    assert headings == ["一、正文", "一、总则", "二、附则"]


def test_formal_parts_pass_through_in_place() -> None:
    parts = (
        HeaderBlock("某某文件", "某发〔2026〕1号"),
        Signature("某机关", "2026年11月22日"),
        Imprint("某机关", "2026年11月22日"),
        PageBreak(landscape=True),
        TABLE,
    )
    assert tuple(number(Outline(parts))) == parts


def test_without_attachments_the_note_is_empty() -> None:
    assert number(Outline((AttachmentNote(),))) == [AttachmentNote(())]
