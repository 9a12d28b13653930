"""Specs for the parts of an issued document: 版头, 附件说明, signature, 版记 — XML from the profile."""

from __future__ import annotations

import pytest
from lxml import etree

from docgen.layout.profile import load_profile
from docgen.ooxml import formal
from docgen.ooxml.section import text_width

PROFILE = load_profile("gbt9704")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def parse(xml: str) -> etree._Element:
    """Fragments joined under a body element that declares the namespaces."""
    return etree.fromstring(
        f'<w:body xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{xml}</w:body>'
    )


def attr(element: etree._Element, path: str, name: str) -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.get(f"{{{W}}}{name}")


def test_header_block_puts_the_mark_35mm_down_then_two_lines_then_the_doc_number() -> None:
    body = parse(
        formal.header_block_xml(
            PROFILE, "中共临江市委办公室文件", "临委办发〔2026〕23号", star=False
        )
    )
    paragraphs = body.findall("w:p", NS)
    assert [p.findtext(".//w:t", namespaces=NS) for p in paragraphs] == [
        "中共临江市委办公室文件", None, None, "临委办发〔2026〕23号",
    ]  # fmt: skip
    assert attr(paragraphs[0], "w:pPr/w:pStyle", "val") == "IssuerMark"
    before = int(attr(paragraphs[0], "w:pPr/w:spacing", "before") or 0)
    assert abs(before - PROFILE.header_block.issuer_mark_offset.twips) < 100


def test_the_red_line_is_a_bottom_border_4mm_under_the_doc_number() -> None:
    body = parse(formal.header_block_xml(PROFILE, "标志", "临委办发〔2026〕23号", star=False))
    border = body.findall("w:p", NS)[-1].find("w:pPr/w:pBdr/w:bottom", NS)
    assert border.get(f"{{{W}}}color") == PROFILE.colors.red
    assert border.get(f"{{{W}}}space") == "11"  # 4 mm in points
    assert border.get(f"{{{W}}}sz") == "11"  # 0.5 mm in eighths of a point


def test_with_a_star_the_line_is_a_table_of_two_red_rules_around_the_star() -> None:
    body = parse(formal.header_block_xml(PROFILE, "标志", "临委办发〔2026〕23号", star=True))
    table = body.find("w:tbl", NS)
    assert table is not None
    assert table.findtext(".//w:t", namespaces=NS) == "★"
    rules = table.findall(".//w:tcBorders/w:bottom", NS)
    assert len(rules) == 2 and {r.get(f"{{{W}}}color") for r in rules} == {PROFILE.colors.red}
    widths = [int(c.get(f"{{{W}}}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == text_width(PROFILE)


def test_attachment_note_aligns_later_items_under_the_first() -> None:
    body = parse(formal.attachment_note_xml(PROFILE, ("1.整改任务清单", "2.责任分工表")))
    _, first, second = body.findall("w:p", NS)
    assert first.findtext(".//w:t", namespaces=NS) == "附件：1.整改任务清单"
    assert second.findtext(".//w:t", namespaces=NS) == "2.责任分工表"
    assert (
        attr(first, "w:pPr/w:ind", "leftChars") == attr(second, "w:pPr/w:ind", "leftChars") == "500"
    )
    assert attr(first, "w:pPr/w:ind", "hangingChars") == "300"


@pytest.mark.parametrize(
    ("organ", "date", "organ_right", "date_right"),
    [
        ("中共临江市委办公室", "2026年11月22日", 200, 200),  # 9 chars; the date is 7 wide
        ("临江市人民政府办公室", "2026年11月22日", 200, 300),
        ("市委办", "2026年11月22日", 800, 200),  # a short name moves left of the date
    ],
)
def test_the_date_starts_two_characters_right_of_the_organs_name(
    organ: str, date: str, organ_right: int, date_right: int
) -> None:
    body = parse(formal.signature_xml(PROFILE, organ, date))
    _, name, day = body.findall("w:p", NS)
    assert attr(name, "w:pPr/w:ind", "rightChars") == str(organ_right)
    assert attr(day, "w:pPr/w:ind", "rightChars") == str(date_right)
    # first characters: name starts at organ_right + width, the date two characters further right
    name_start = organ_right / 100 + formal.text_chars(organ)
    date_start = date_right / 100 + formal.text_chars(date)
    assert name_start - date_start == formal.DATE_SHIFT_CHARS


def test_text_chars_counts_digits_as_half_width() -> None:
    assert formal.text_chars("2026年11月22日") == 7


def test_imprint_on_its_own_page_is_pushed_to_the_foot_by_a_spacer() -> None:
    body = parse(
        formal.imprint_xml(
            PROFILE, "中共临江市委办公室", "2026年11月22日", "市纪委监委", floating=False
        )
    )
    spacer, table, end = body
    assert spacer.tag == end.tag == f"{{{W}}}p" and table.tag == f"{{{W}}}tbl"
    spacer_height = int(attr(spacer, "w:pPr/w:spacing", "line") or 0)
    table_height = 2 * PROFILE.grid.line_spacing.twips
    block = PROFILE.page.block_height.twips
    assert block - 200 < spacer_height + table_height < block
    assert table.find("w:tblPr/w:tblpPr", NS) is None


def test_imprint_after_other_content_floats_at_the_bottom_margin() -> None:
    body = parse(formal.imprint_xml(PROFILE, "中共临江市委办公室", "2026年11月22日", floating=True))
    table = body.find("w:tbl", NS)
    position = table.find("w:tblPr/w:tblpPr", NS)
    assert position.get(f"{{{W}}}tblpYSpec") == "bottom"
    assert position.get(f"{{{W}}}vertAnchor") == "margin"
    assert len(table.findall("w:tr", NS)) == 1  # no 抄送: only the 印发 line


def test_imprint_lines_are_thick_thin_thick_and_as_wide_as_the_block() -> None:
    body = parse(formal.imprint_xml(PROFILE, "办公室", "2026年11月22日", "甲，乙", floating=True))
    borders = body.find("w:tbl/w:tblPr/w:tblBorders", NS)
    sizes = {b.tag.split("}")[1]: b.get(f"{{{W}}}sz") for b in borders}
    assert sizes["top"] == sizes["bottom"] == "8" and sizes["insideH"] == "6"
    assert attr(body, "w:tbl/w:tblPr/w:tblW", "w") == str(text_width(PROFILE))
    texts = ["".join(t.text for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]
    assert "抄送：甲，乙。" in texts
    assert "办公室2026年11月22日印发" in texts


def test_a_long_cc_list_gets_a_taller_estimate_so_it_still_fits() -> None:
    short = formal.imprint_xml(PROFILE, "办公室", "2026年11月22日", "甲", floating=False)
    long = formal.imprint_xml(
        PROFILE, "办公室", "2026年11月22日", "，".join(["市人大常委会办公室"] * 6), floating=False
    )
    spacer = [int(attr(parse(x)[0], "w:pPr/w:spacing", "line") or 0) for x in (short, long)]
    assert spacer[0] - spacer[1] >= PROFILE.grid.line_spacing.twips


def test_the_signature_and_the_attachment_note_keep_with_the_text_before_them() -> None:
    """No page holds a signature alone: its lines, and the 附件说明 before it, keep with the
    next paragraph, and the body's last paragraph with them (Flow.keep_with_next)."""
    from docgen.ooxml.flow import Flow

    signature = parse(formal.signature_xml(PROFILE, "中共临江市委办公室", "2026年11月23日"))
    kept = [p.find("w:pPr/w:keepNext", NS) is not None for p in signature.findall("w:p", NS)]
    assert kept == [True, True, False]  # the blank line and the organ; the date ends the block
    note = parse(formal.attachment_note_xml(PROFILE, ("1.整改任务清单",)))
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in note.findall("w:p", NS))

    flow = Flow(PROFILE, [])
    flow.paragraph("a1", [("第一段。", None)])
    flow.paragraph("a1", [("最后一段。", None)])
    flow.keep_with_next()
    first, last = parse(flow.finish()).findall("w:p", NS)
    assert first.find("w:pPr/w:keepNext", NS) is None
    assert [etree.QName(c).localname for c in last.find("w:pPr", NS)] == ["pStyle", "keepNext"]
