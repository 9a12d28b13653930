"""The 版头 (发文字号, red line) and the 版记 (抄送, 印发) of formal documents."""

from __future__ import annotations

import pytest
from check.corpus import formal, number_of, places, run_check


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("临政〔2026〕第5号", "不加“第”"),
        ("临政〔2026〕05号", "不编虚位"),
        ("临政〔2026〕5", "以“号”结尾"),
    ],
)
def test_doc_number_out_of_pattern_is_reported_with_the_reason(number: str, reason: str) -> None:
    b = formal(doc_number=number)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-DOCNUM", number_of(b, "临政"))}
    assert reason in findings[0].message


def test_doc_number_with_wrong_brackets_is_one_fixable_text_finding() -> None:
    b = formal(doc_number="临政（2026）5号")
    findings = run_check(b.save())
    assert places(findings) == {("TEXT-DOCNUM-BRACKET", number_of(b, "临政"))}
    assert findings[0].fixable


def test_doc_number_with_signer_on_the_same_line_is_recognised() -> None:
    assert run_check(formal(doc_number="临政〔2026〕5号　　　签发人：周明远").save()) == []


def test_missing_red_line_is_reported_at_the_doc_number() -> None:
    b = formal(red_line="none")
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-RED-LINE", number_of(b, "临政"))}


def test_black_separator_line_is_not_the_red_line() -> None:
    findings = run_check(formal(red_line="000000").save())
    assert [f.rule for f in findings] == ["LAYOUT-RED-LINE"]
    assert "应为红色" in findings[0].message


def test_dark_red_line_counts_as_red() -> None:
    assert run_check(formal(red_line="C00000").save()) == []


def test_short_red_line_shape_is_a_width_warning() -> None:
    from check.corpus import Builder, red_line_shape

    b = formal(builder=Builder(), red_line="none")
    number = next(p for p in b.document.paragraphs if p.text.startswith("临政"))
    red_line_shape(number, width_mm=120)
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-RED-LINE", "warning")]
    assert "156mm" in findings[0].message


def test_file_style_document_without_imprint_is_an_error() -> None:
    b = formal(cc=None, printed=None)
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-IMPRINT-MISSING", "error")]


def test_letter_style_document_without_imprint_is_only_a_warning() -> None:
    findings = run_check(formal(issuer="临江市人民政府", cc=None, printed=None).save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-IMPRINT-MISSING", "warning")]


def test_cc_below_the_printing_line_is_out_of_order() -> None:
    b = formal(cc="临江市人民政府办公室　　　　2026年9月9日印发", printed="抄送：市委办公室。")
    findings = run_check(b.save())
    # The 印发 line above 抄送 ends the imprint early, so 抄送 also trails it.
    assert {f.rule for f in findings} == {"LAYOUT-IMPRINT-ORDER"}


def test_content_after_the_imprint_is_reported() -> None:
    b = formal()
    b.add("附件", align="left", indent=0, page_break=True)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-IMPRINT-ORDER", number_of(b, "附件"))}


def test_printing_line_without_a_date_and_cc_without_full_stop_are_format_findings() -> None:
    b = formal(cc="抄送：市委办公室，市人大常委会办公室", printed="临江市人民政府办公室印发")
    findings = run_check(b.save())
    assert {(f.rule, f.severity) for f in findings} == {
        ("LAYOUT-IMPRINT-FORMAT", "error"),
        ("LAYOUT-IMPRINT-FORMAT", "warning"),
    }


def test_padded_printing_date_is_a_text_finding_of_the_imprint() -> None:
    b = formal(printed="临江市人民政府办公室　　　　2026年09月09日印发")
    assert places(run_check(b.save())) == {("TEXT-DATE-PAD", number_of(b, "临江市人民政府办公室"))}


def test_imprint_without_lines_is_a_warning() -> None:
    from docx.oxml.ns import qn

    b = formal()
    for p in b.document.paragraphs[-2:]:
        p._p.pPr.remove(p._p.pPr.find(qn("w:pBdr")))
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("LAYOUT-IMPRINT-LINES", "warning")]
