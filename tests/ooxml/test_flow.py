"""Specs for the body's flow: page breaks, landscape sections that swap width and height."""

from __future__ import annotations

from lxml import etree

from docgen.layout.profile import load_profile
from docgen.ooxml.flow import Flow, section_references
from docgen.ooxml.package import read_zip
from docgen.ooxml.section import page_margins
from docgen.ooxml.template import TemplateLine, build_template

PROFILE = load_profile("gbt9704")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
REFS = [("footerReference", "default", "rIdFooter1"), ("footerReference", "even", "rIdFooter2")]


def body(flow: Flow) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W}" xmlns:r="{R}">{flow.finish()}</w:body>')


def test_the_templates_footer_references_are_found() -> None:
    template = build_template(
        PROFILE, [TemplateLine("body", "x")], page_numbers="odd_even", title="t"
    )
    assert section_references(read_zip(template, "t")["word/document.xml"]) == REFS


def test_a_page_break_in_the_same_orientation_rides_on_the_next_paragraph() -> None:
    flow = Flow(PROFILE, REFS)
    flow.paragraph("Normal", [("正文", None)])
    flow.page_break(landscape=False)
    flow.paragraph("AttachmentLabel", [("附件", None)])
    first, second = body(flow).findall("w:p", NS)
    assert second.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert first.find(".//w:sectPr", NS) is None


def test_turning_landscape_ends_the_portrait_section_in_its_last_paragraph() -> None:
    flow = Flow(PROFILE, REFS)
    flow.paragraph("Normal", [("正文", None)])
    flow.page_break(landscape=True)
    flow.block("<w:tbl/>")
    assert flow.fresh is False
    result = body(flow)
    sections = result.findall(".//w:sectPr", NS)
    assert len(sections) == 2  # portrait, closed in the paragraph; landscape, after the table
    portrait, landscape = sections
    assert portrait.getparent().getparent() is result.find("w:p", NS)
    size = landscape.find("w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h"), size.get(f"{{{W}}}orient")) == (
        "16838", "11906", "landscape",
    )  # fmt: skip
    for section in sections:
        refs = [
            (r.get(f"{{{W}}}type"), r.get(f"{{{R}}}id"))
            for r in section.findall("w:footerReference", NS)
        ]
        assert refs == [("default", "rIdFooter1"), ("even", "rIdFooter2")]


def test_a_landscape_page_turns_its_margins_with_it() -> None:
    portrait, landscape = page_margins(PROFILE), page_margins(PROFILE, landscape=True)
    assert landscape["top"] == portrait["left"]  # the table's head faces the binding
    assert landscape["left"] + landscape["right"] == portrait["top"] + portrait["bottom"]


def test_after_a_break_the_page_is_fresh_until_something_is_put_on_it() -> None:
    flow = Flow(PROFILE, REFS)
    flow.paragraph("Normal", [("正文", None)])
    assert not flow.fresh
    flow.page_break(landscape=False)
    assert flow.fresh
    flow.block("<w:tbl/>")
    assert not flow.fresh
