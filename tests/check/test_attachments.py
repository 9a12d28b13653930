"""附件说明 against the attachment pages and the "附件N" the text mentions."""

from __future__ import annotations

from check.corpus import BODY, formal, number_of, places, run_check

NOTE = ("1.临江市安全生产检查表", "2.临江市隐患整改台账")
PAGES = (("附件1", "临江市安全生产检查表"), ("附件2", "临江市隐患整改台账"))


def test_listed_attachment_without_its_page_is_reported_at_the_note() -> None:
    b = formal(note=NOTE, attachments=PAGES[:1])
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-MISSING", number_of(b, "2.临江市"))}
    assert "附件2" in findings[0].message


def test_attachment_page_missing_from_the_note_is_reported_at_its_label() -> None:
    b = formal(note=NOTE[:1], attachments=PAGES)
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-UNLISTED", number_of(b, "附件2"))}


def test_attachment_title_differing_from_the_note_is_reported_at_the_title() -> None:
    b = formal(note=NOTE, attachments=(PAGES[0], ("附件2", "临江市隐患整改情况台账")))
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-TITLE", number_of(b, "临江市隐患整改情况台账"))}


def test_attachment_not_starting_a_new_page_is_reported() -> None:
    b = formal(note=NOTE, attachments=PAGES)
    label = b.document.paragraphs[number_of(b, "附件2") - 1]
    label._p.pPr.remove(
        label._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pageBreakBefore"
        )
    )
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-PAGE", number_of(b, "附件2"))}


def test_note_without_pages_is_only_a_warning() -> None:
    findings = run_check(formal(note=NOTE).save())
    assert [(f.rule, f.severity) for f in findings] == [("ATTACH-MISSING", "warning")]


def test_punctuation_after_an_attachment_name_is_reported() -> None:
    b = formal(note=("1.临江市安全生产检查表；", "2.临江市隐患整改台账"), attachments=PAGES)
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-NOTE-PUNCT", number_of(b, "附件：1."))}


def test_text_mentioning_an_attachment_that_does_not_exist_is_reported() -> None:
    body = "请对照附件3逐项开展自查。"
    b = formal(note=NOTE, attachments=PAGES, body=BODY)
    target = b.document.paragraphs[number_of(b, BODY) - 1]
    target.runs[0].text = body
    findings = run_check(b.save())
    assert places(findings) == {("ATTACH-REF", number_of(b, body))}
    assert "附件1、附件2" in findings[0].message


def test_mentioned_attachments_that_exist_pass() -> None:
    b = formal(note=NOTE, attachments=PAGES)
    b.document.paragraphs[number_of(b, BODY) - 1].runs[0].text = "请对照附件1、附件2逐项开展自查。"
    assert run_check(b.save()) == []
