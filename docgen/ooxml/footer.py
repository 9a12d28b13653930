"""Footers holding the page number "— n —" as a PAGE field."""

from __future__ import annotations

from lxml import etree

from docgen.layout.profile import Profile
from docgen.ooxml.formatting import rPr
from docgen.ooxml.xml import el, serialize, w


def footer_xml(profile: Profile, align: str) -> bytes:
    """A footer part with one paragraph: prefix, PAGE field, suffix, aligned as asked.

    ``align`` is "center", "right" (odd pages: one character in from the right) or "left"
    (even pages: one character in from the left).
    """
    element = profile.elements.page_number
    prefix, _, suffix = profile.page_number.format.partition("{n}")
    indent = profile.page_number.indent_chars * element.size.twips
    ind_attrs: dict[str, str | int] = {"w:firstLine": 0, "w:firstLineChars": 0}
    if align == "right":
        ind_attrs = {"w:right": indent, **ind_attrs}
    elif align == "left":
        ind_attrs = {"w:left": indent, **ind_attrs}
    paragraph = el(
        "w:p",
        None,
        el("w:pPr", None, w("pStyle", "Footer"), el("w:ind", ind_attrs), w("jc", align)),
    )
    paragraph.append(_text_run(profile, prefix))
    paragraph.append(_field_char(profile, "begin"))
    instr = el("w:r", None, _run_props(profile), el("w:instrText", {"xml:space": "preserve"}))
    instr[-1].text = " PAGE "
    paragraph.append(instr)
    paragraph.append(_field_char(profile, "separate"))
    paragraph.append(_text_run(profile, "1"))
    paragraph.append(_field_char(profile, "end"))
    paragraph.append(_text_run(profile, suffix))
    return serialize(el("w:ftr", None, paragraph))


def _run_props(profile: Profile) -> etree._Element:
    return rPr(profile, profile.elements.page_number)


def _text_run(profile: Profile, text: str) -> etree._Element:
    t = el("w:t", {"xml:space": "preserve"})
    t.text = text
    return el("w:r", None, _run_props(profile), t)


def _field_char(profile: Profile, kind: str) -> etree._Element:
    return el("w:r", None, _run_props(profile), el("w:fldChar", {"w:fldCharType": kind}))
