"""Faces in all four slots, theme fonts, sizes, colours, heading faces and the centred title."""

from __future__ import annotations

from check.corpus import (
    BODY,
    FANGSONG,
    HEITI,
    KAITI,
    Builder,
    fonts,
    formal,
    number_of,
    places,
    run_check,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.check import check_document
from docgen.layout.profile import load_profile

HEADINGS = ("一、", "（一）", "（二）", "二、")


def _body_runs(b: Builder):  # type: ignore[no-untyped-def]
    return [run for p in b.document.paragraphs if p.text == BODY for run in p.runs]


def _normal_rpr(b: Builder):  # type: ignore[no-untyped-def]
    return b.document.styles["Normal"].element.get_or_add_rPr()


def test_theme_fonts_on_one_run_are_reported_at_that_paragraph() -> None:
    b = formal()
    run = _body_runs(b)[0]
    fonts(run._r.get_or_add_rPr(), FANGSONG, theme=True)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-THEME", number_of(b, BODY))}
    assert findings[0].where.part is None  # direct formatting: fix it in that paragraph


def test_explicit_faces_over_theme_defaults_are_not_theme_fonts() -> None:
    # Word writes direct rFonts without theme attributes; they win over theme defaults.
    assert run_check(formal(builder=Builder(theme_fonts=True)).save()) == []


def test_chinese_slot_left_empty_is_reported_once_for_the_style() -> None:
    b = formal()
    defaults = b.document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    del defaults.attrib[qn("w:eastAsia")]  # what python-docx's font.name leaves behind
    for run in _body_runs(b):
        run._r.rPr.remove(run._r.rPr.find(qn("w:rFonts")))
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-SLOT", number_of(b, BODY))}
    assert "w:eastAsia" in findings[0].message and "影响 4 段" in findings[0].message


def test_wrong_body_face_in_the_normal_style_is_one_finding_naming_the_style() -> None:
    b = formal()
    fonts(_normal_rpr(b), "宋体")
    for run in _body_runs(b):
        run._r.rPr.remove(run._r.rPr.find(qn("w:rFonts")))
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-FACE", number_of(b, BODY))}
    assert findings[0].where.part == "样式「Normal」"
    assert "正文应使用仿宋" in findings[0].message and "「宋体」" in findings[0].message


def test_face_aliases_of_the_same_family_pass() -> None:
    b = formal()
    for run in _body_runs(b):
        fonts(run._r.rPr, "仿宋")  # Windows' 仿宋 is the standard's 仿宋体 too
    assert run_check(b.save()) == []


def test_second_level_heading_in_heiti_is_a_heading_face_finding() -> None:
    b = formal(headings=("一、", ("（一）", HEITI), "（二）", "二、"))
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-HEADING-FACE", number_of(b, "（一）"))}
    assert "二级标题（（一））应使用楷体" in findings[0].message


def test_run_in_heading_keeps_its_lead_sentence_in_kaiti_and_the_rest_in_fangsong() -> None:
    b = formal(headings=HEADINGS)
    paragraph = b.add([("（三）严格督查考核。", KAITI), ("各单位要按月报送进展情况。", FANGSONG)])
    paragraph._p.getparent().remove(paragraph._p)
    anchor = next(p for p in b.document.paragraphs if p.text.startswith("（二）"))
    anchor._p.addprevious(paragraph._p)  # placed before （二）: renumber the labels
    anchor.runs[0].text = "（三）" + anchor.runs[0].text[3:]
    paragraph.runs[0].text = "（二）严格督查考核。"
    assert run_check(b.save()) == []
    paragraph.runs[1]._r.rPr.find(qn("w:rFonts")).set(qn("w:eastAsia"), KAITI)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-FACE", number_of(b, "（二）"))}


def test_body_paragraph_in_a_smaller_size_is_reported_at_that_paragraph() -> None:
    b = formal()
    target = next(p for p in b.document.paragraphs if p.text == BODY)
    for tag, value in (("w:sz", "30"), ("w:szCs", "30")):
        node = OxmlElement(tag)
        node.set(qn("w:val"), value)
        target.runs[0]._r.rPr.append(node)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-SIZE", number_of(b, BODY))}
    assert "三号（16 磅），实为小三（15 磅）" in findings[0].message


def test_coloured_body_text_and_a_black_issuer_mark_are_colour_findings() -> None:
    b = formal()
    b.document.paragraphs[0].runs[0]._r.rPr.find(qn("w:color")).set(qn("w:val"), "000000")
    run = _body_runs(b)[0]
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0000FF")
    run._r.rPr.append(color)
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-FONT-COLOR", 1), ("LAYOUT-FONT-COLOR", number_of(b, BODY))}


def test_title_not_centred_is_reported() -> None:
    b = formal()
    title = b.document.paragraphs[number_of(b, "临江市人民政府关于") - 1]
    title._p.pPr.find(qn("w:jc")).set(qn("w:val"), "left")
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-TITLE-CENTER", number_of(b, "临江市人民政府关于"))}
    assert "标题应居中，实为左对齐" in findings[0].message


def test_title_that_zeroes_firstline_but_inherits_firstlinechars_is_indented() -> None:
    b = formal()
    ppr = b.document.styles["Normal"].element.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), "200")
    ppr.append(ind)
    title = b.document.paragraphs[number_of(b, "临江市人民政府关于") - 1]
    for p in b.document.paragraphs:  # a hand-made file zeroes only w:firstLine
        node = p._p.pPr.find(qn("w:ind"))
        if node.get(qn("w:firstLineChars")) == "0":
            del node.attrib[qn("w:firstLineChars")]
    findings = [f for f in run_check(b.save()) if f.rule == "LAYOUT-TITLE-CENTER"]
    assert places(findings) == {("LAYOUT-TITLE-CENTER", number_of(b, title.text))}
    assert "首行缩进（实为 2 字）" in findings[0].message


def test_digits_in_times_new_roman_are_a_warning_unless_the_profile_says_so() -> None:
    b = formal(body="全市共排查隐患1286处，已整改1175处，整改率91.4%。")
    for p in b.document.paragraphs:
        if p.text.startswith("全市共排查"):
            p.runs[0]._r.rPr.find(qn("w:rFonts")).set(qn("w:ascii"), "Times New Roman")
    data = b.save()
    findings = run_check(data)
    assert {(f.rule, f.severity) for f in findings} == {("LAYOUT-FONT-LATIN", "warning")}
    from pathlib import Path

    unit = load_profile("profiles/linjiang.yaml", Path(__file__).resolve().parents[2])
    assert not [f for f in check_document(data, "x", unit) if f.rule == "LAYOUT-FONT-LATIN"]


def test_heading_faces_follow_the_ordinal_not_the_style_name() -> None:
    b = formal(headings=("一、", "（一）", "1.", "（1）", ("2.", HEITI)))
    findings = run_check(b.save())
    number = number_of(b, "2.")
    # The Chinese text is in the wrong face, and so is the digit of its ordinal.
    assert places(findings) == {("LAYOUT-HEADING-FACE", number), ("LAYOUT-FONT-LATIN", number)}
    face = next(f for f in findings if f.rule == "LAYOUT-HEADING-FACE")
    assert "三级标题（1.）应使用仿宋" in face.message
