"""Page numbers: "— n —" with U+2014, 4号 宋体, odd right / even left for formal documents."""

from __future__ import annotations

from check.corpus import SONGTI, Builder, formal, places, run_check, speech
from docx.oxml.ns import qn


def _footer_rules(findings):  # type: ignore[no-untyped-def]
    return {(f.rule, f.where.part) for f in findings}


def test_hyphens_instead_of_em_dashes_are_a_format_finding() -> None:
    b = Builder(page_numbers="none")
    b.page_number(b.document.sections[0].footer.paragraphs[0], "center", "- {n} -")
    findings = run_check(speech(builder=b).save())
    assert _footer_rules(findings) == {("LAYOUT-PAGENUM-FORMAT", "页脚 word/footer1.xml")}
    assert "U+2014" in findings[0].message and "实为“- 1 -”" in findings[0].message


def test_document_without_page_numbers_is_reported() -> None:
    findings = run_check(speech(builder=Builder(page_numbers="none")).save())
    assert places(findings) == {("LAYOUT-PAGENUM-MISSING", 1)}


def test_formal_document_without_odd_even_footers_is_reported() -> None:
    findings = run_check(formal(builder=Builder(page_numbers="center")).save())
    messages = sorted(f.message for f in findings)
    assert {f.rule for f in findings} == {"LAYOUT-PAGENUM-POSITION"}
    assert any("奇偶页不同" in m for m in messages)
    assert any("偶数页页脚" in m for m in messages)
    assert any("单页码居右" in m for m in messages)


def test_speech_page_number_on_the_right_is_a_warning_of_practice() -> None:
    b = Builder(page_numbers="none")
    b.page_number(b.document.sections[0].footer.paragraphs[0], "right")
    findings = run_check(speech(builder=b).save())
    assert [(f.rule, f.severity, f.clause) for f in findings] == [
        ("LAYOUT-PAGENUM-POSITION", "warning", "实践")
    ]


def test_odd_page_number_without_its_one_character_indent_is_a_warning() -> None:
    b = formal()
    footer = b.document.sections[0].footer.paragraphs[0]
    footer._p.pPr.remove(footer._p.pPr.find(qn("w:ind")))
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-PAGENUM-POSITION", "warning")]
    assert "右空 1 字" in findings[0].message


def test_page_number_digits_in_another_face_or_size_are_reported() -> None:
    b = Builder(page_numbers="none")
    paragraph = b.document.sections[0].footer.paragraphs[0]
    b.page_number(paragraph, "center")
    for run in paragraph.runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        fonts.set(qn("w:ascii"), "Arial")
    findings = run_check(speech(builder=b).save())
    assert {f.rule for f in findings} == {"LAYOUT-PAGENUM-FONT"}
    assert "「Arial」" in findings[0].message and SONGTI in findings[0].message


def test_page_number_not_7mm_below_the_text_block_is_a_warning() -> None:
    b = speech()
    b.document.sections[0]._sectPr.find(qn("w:pgMar")).set(qn("w:footer"), "720")
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-PAGENUM-POSITION", "warning")]
    assert "7mm" in findings[0].message and "实为 12.7mm" in findings[0].message
