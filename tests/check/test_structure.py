"""Recognising what a hand-made document is, and what each of its paragraphs is."""

from __future__ import annotations

import pytest
from check.corpus import (
    BIAOSONG,
    BODY,
    Builder,
    bulletin,
    formal,
    number_of,
    places,
    run_check,
    speech,
)
from docx.oxml.ns import qn

from docgen.check.document import read_document
from docgen.check.structure import analyse


def _structure(b: Builder, kind: str = "auto"):  # type: ignore[no-untyped-def]
    return analyse(read_document(b.save(), "x.docx"), kind)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: formal(), "formal"),
        (lambda: formal(doc_number="临政发〔2026〕12号　签发人：周明远"), "formal"),
        (lambda: speech(), "speech"),
        (lambda: speech(title="市长周明远同志在全市安全生产工作会议上的讲话"), "speech"),
        (lambda: bulletin(), "bulletin"),
        (lambda: bulletin(issue="2026年第12期（总第48期）"), "bulletin"),
    ],
)
def test_kind_is_recognised_from_the_text(make, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert _structure(make()).kind == kind


def test_a_plain_document_is_generic_and_gets_the_standard_wide_rules_only() -> None:
    b = Builder(page_numbers="center")
    b.add("关于秋季安全检查情况的说明", BIAOSONG, 22, "center", 0)
    b.add("近期，我局对全市重点企业开展了安全检查,发现隐患12处。")
    structure = _structure(b)
    assert structure.kind == "generic" and structure.title == [1]
    assert places(run_check(b.save())) == {("TEXT-PUNCT", 2)}


def test_formal_roles_follow_the_page() -> None:
    b = formal(note=("临江市安全生产检查表",), attachments=(("附件", "临江市安全生产检查表"),))
    s = _structure(b)
    role = {s.role(n) for n in range(1, len(b.document.paragraphs) + 1)}
    assert {"issuer_mark", "doc_number", "title", "recipients", "heading1", "body", "signature",
            "date", "attachment_note", "attachment_label", "attachment_title", "imprint"} <= role  # fmt: skip
    assert s.doc_number == number_of(b, "临政") and s.date == number_of(b, "2026年9月9日")


def test_speech_subtitle_lines_and_salutation_are_not_body_text() -> None:
    s = _structure(speech())
    assert [s.role(n) for n in (1, 2, 3, 5)] == ["title", "subtitle", "subtitle", "salutation"]


def test_heading_one_style_with_theme_fonts_is_reported_for_the_style() -> None:
    b = formal(headings=("一、", "二、"))
    for paragraph in b.document.paragraphs:
        if paragraph.text.startswith(("一、", "二、")):
            paragraph.style = b.document.styles["Heading 1"]
            for run in paragraph.runs:
                fonts = run._r.rPr.find(qn("w:rFonts"))
                for slot in ("ascii", "hAnsi", "cs"):
                    del fonts.attrib[qn(f"w:{slot}")]
    findings = [f for f in run_check(b.save()) if f.rule == "LAYOUT-FONT-THEME"]
    assert places(findings) == {("LAYOUT-FONT-THEME", number_of(b, "一、"))}
    assert findings[0].where.part == "样式「heading 1」（Heading1）"


def test_vml_red_line_of_older_word_files_counts() -> None:
    from lxml import etree

    b = formal(red_line="none")
    number = next(p for p in b.document.paragraphs if p.text.startswith("临政"))
    number._p.append(
        etree.fromstring(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
            ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            '<v:line from="0,0" to="442pt,0" strokecolor="red" strokeweight="1.5pt"/>'
            "</w:pict></w:r>"
        )
    )
    assert run_check(b.save()) == []


def test_bulletin_without_a_red_line_under_the_masthead_is_a_warning() -> None:
    findings = run_check(bulletin(red_line=False).save())
    assert [(f.rule, f.severity, f.clause) for f in findings] == [
        ("LAYOUT-RED-LINE", "warning", "实践")
    ]


def test_title_broken_over_two_paragraphs_is_one_title() -> None:
    b = formal(title="临江市人民政府关于做好2026年秋季安全生产")
    title = b.document.paragraphs[number_of(b, "临江市人民政府关于") - 1]
    second = b.add("和森林防火工作的通知", BIAOSONG, 22, "center", 0)
    title._p.addnext(second._p)
    s = _structure(b)
    assert s.title == [number_of(b, "临江市人民政府关于"), number_of(b, "和森林防火")]
    assert run_check(b.save()) == []


def test_table_caption_and_note_in_a_smaller_size_belong_to_the_table() -> None:
    b = formal()
    anchor = [p for p in b.document.paragraphs if p.text == BODY][-1]
    caption = b.add("表1　各县（区）隐患排查情况", "仿宋_GB2312", 14, "center", 0)
    table = b.document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "单位", "隐患数"
    table.cell(1, 0).text, table.cell(1, 1).text = "江口区", "12"
    note = b.add("注：隐患数含已整改的隐患。", "仿宋_GB2312", 14, "left", 0)
    anchor._p.addnext(caption._p)
    caption._p.addnext(table._tbl)
    table._tbl.addnext(note._p)
    assert run_check(b.save()) == []
