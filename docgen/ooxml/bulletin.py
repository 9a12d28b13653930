"""The bulletin's 报头 (masthead) and 报尾 (distribution tail), laid out from the profile.

报头: the bulletin's name in red (the profile's masthead element), 第N期 below it, then the
editing unit at the left and the date at the right of one line with the red line under it.
报尾: 报、送、发 and 共印N份 between a thick line above and below, a thin one between them —
a borderless one-column table, so every client draws the lines the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lxml import etree

from docgen.layout.profile import Profile
from docgen.layout.units import Length
from docgen.ooxml.paragraph import clean_text
from docgen.ooxml.section import text_width
from docgen.ooxml.styles import STYLE_IDS
from docgen.ooxml.xml import el, fragment, w


def masthead_xml(profile: Profile, name: str, issue: str, editor: str, date: str) -> str:
    """Name, 第N期, editing unit and date on the red line, then a blank line."""
    masthead = profile.elements.masthead
    grid = profile.grid.line_spacing.twips
    line = max(grid, math.ceil(masthead.size.twips * 1.25))
    width = text_width(profile)
    red = profile.colors.red
    border = el(
        "w:bottom",
        {
            "w:val": "single",
            "w:sz": _eighths(profile.header_block.separator_thickness),
            "w:space": min(31, round(profile.header_block.separator_gap.pt)),
            "w:color": red,
        },
    )
    dateline = _paragraph(
        "body",
        editor,
        w("pBdr", None, border),  # CT_PPr: pBdr before tabs
        w("tabs", None, el("w:tab", {"w:val": "right", "w:pos": width})),
        el("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0}),
        w("jc", "left"),
    )
    dateline.append(_run(date, tab=True))
    parts = [
        _paragraph("masthead", name, _spacing(line, before=grid)),
        _paragraph("subtitle", issue, _spacing(grid, before=grid // 2)),
        dateline,
        _paragraph("body"),
    ]
    return "".join(fragment(part) for part in parts)


def tail_xml(profile: Profile, entries: Sequence[tuple[str, str]], copies: str) -> str:
    """报：…送：…发：… then 共印N份, between lines; a blank line before it."""
    width = text_width(profile)
    element = profile.elements.imprint
    char = element.size.twips
    table = el("w:tbl", None, _tblPr(profile, width))
    table.append(el("w:tblGrid", None, el("w:gridCol", {"w:w": width})))
    rows: list[list[etree._Element]] = [
        [_entry(profile, label, text, char) for label, text in entries],
        [_copies(copies, width - element.right_indent_chars * char)],
    ]
    for paragraphs in rows:
        if not paragraphs:
            continue
        props = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
        table.append(el("w:tr", None, el("w:tc", None, props, *paragraphs)))
    return "".join(fragment(part) for part in (_paragraph("body"), table, _paragraph("body")))


def _tblPr(profile: Profile, width: int) -> etree._Element:
    thick, thin = profile.imprint.thick_line, profile.imprint.thin_line
    return el(
        "w:tblPr",
        None,
        el("w:tblW", {"w:w": width, "w:type": "dxa"}),
        w("jc", "center"),
        w(
            "tblBorders",
            None,
            _line("top", thick),
            el("w:left", {"w:val": "nil"}),
            _line("bottom", thick),
            el("w:right", {"w:val": "nil"}),
            _line("insideH", thin),
            el("w:insideV", {"w:val": "nil"}),
        ),
        el("w:tblLayout", {"w:type": "fixed"}),
        w(
            "tblCellMar",
            None,
            *(el(f"w:{s}", {"w:w": 0, "w:type": "dxa"}) for s in ("left", "right")),
        ),
    )


def _entry(profile: Profile, label: str, text: str, char: int) -> etree._Element:
    """ "报：……" one character in; a wrapped line aligns after the colon."""
    element = profile.elements.imprint
    head = f"{label}："
    left = element.indent_chars + len(head)
    ind = {
        "w:left": left * char,
        "w:leftChars": left * 100,
        "w:right": element.right_indent_chars * char,
        "w:rightChars": element.right_indent_chars * 100,
        "w:hanging": len(head) * char,
        "w:hangingChars": len(head) * 100,
    }
    return _paragraph("imprint", head + text, el("w:ind", ind))


def _copies(text: str, stop: int) -> etree._Element:
    paragraph = _paragraph(
        "imprint",
        None,
        w("tabs", None, el("w:tab", {"w:val": "right", "w:pos": stop})),
        el("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0}),
    )
    paragraph.append(_run(text, tab=True))
    return paragraph


def _line(side: str, thickness: Length) -> etree._Element:
    return el(
        f"w:{side}",
        {"w:val": "single", "w:sz": _eighths(thickness), "w:space": 0, "w:color": "000000"},
    )


def _eighths(thickness: Length) -> int:
    """A border's w:sz: eighths of a point, within the 2–96 the schema allows."""
    return max(2, min(96, round(thickness.pt * 8)))


def _paragraph(element: str, text: str | None = None, *props: etree._Element) -> etree._Element:
    paragraph = el("w:p", None, el("w:pPr", None, w("pStyle", STYLE_IDS[element]), *props))
    if text:
        paragraph.append(_run(text))
    return paragraph


def _run(text: str, *, tab: bool = False) -> etree._Element:
    t = el("w:t", {"xml:space": "preserve"})
    t.text = clean_text(text)
    return el("w:r", None, w("tab") if tab else None, t)


def _spacing(line: int, *, before: int = 0) -> etree._Element:
    return el(
        "w:spacing", {"w:before": before, "w:after": 0, "w:line": line, "w:lineRule": "exact"}
    )
