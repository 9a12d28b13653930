"""The parts of an issued document (公文) around its body, laid out from the profile.

版头: the issuer mark with its top edge 35 mm below the text block's top, the 发文字号 two lines
below it, the red line 4 mm under that (with a star in its middle for Party organs). After the
body: the 附件说明, the signature and 成文日期 (no seal is drawn, so the date starts two
characters right of the organ's name), and the 版记 between thick and thin lines, its last line on
the bottom of the text block of the last page. Shared by every issued kind.
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

# GB/T 9704 7.3.5.2: without a seal the date's first character sits two right of the organ's.
DATE_SHIFT_CHARS = 2
ATTACHMENT_LABEL = "附件："
CC_LABEL = "抄送："
# Room left under the 版记 so that rounding in a client's layout never pushes it to a new page.
IMPRINT_SLACK = 120


def header_block_xml(
    profile: Profile, issuer_mark: str, doc_number: str, *, star: bool, copy_number: str = ""
) -> str:
    """份号 when given, issuer mark, two blank lines, 发文字号 and the red separator line."""
    mark = profile.elements.issuer_mark
    line = max(profile.grid.line_spacing.twips, math.ceil(mark.size.twips * 1.25))
    # The mark's top edge, not its line's, is what the standard places.
    before = max(0, profile.header_block.issuer_mark_offset.twips - (line - mark.size.twips) // 2)
    parts = []
    if copy_number:
        # 份号 on the first line of the text block; the mark keeps its place below it.
        grid = profile.grid.line_spacing.twips
        parts.append(_paragraph("copy_number", copy_number, _spacing(grid)))
        before = max(0, before - grid)
    parts += [
        _paragraph("issuer_mark", issuer_mark, _spacing(line, before=before)),
        _paragraph("body"),
        _paragraph("body"),
    ]
    block = profile.header_block
    red = profile.colors.red
    width = min(block.separator_width.twips, text_width(profile))
    inset = (text_width(profile) - width) // 2
    ind = el("w:ind", {"w:left": inset, "w:right": inset}) if inset else None
    if star:
        half = profile.elements.doc_number.size.twips // 2
        after = _spacing(None, after=max(0, block.separator_gap.twips - half))
        parts.append(_paragraph("doc_number", doc_number, after, ind))
        parts.append(_star_line(profile, width))
    else:
        border = _border("bottom", block.separator_thickness, red, space=block.separator_gap)
        parts.append(_paragraph("doc_number", doc_number, w("pBdr", None, border), ind))
    return "".join(fragment(part) for part in parts)


def attachment_note_xml(profile: Profile, titles: Sequence[str]) -> str:
    """附件说明: a blank line, then "附件：1.名称", later items aligned under the first; kept
    with the signature after it."""
    body = profile.elements.body
    start = body.indent_chars + len(ATTACHMENT_LABEL)
    parts = [_paragraph("body", None, w("keepNext"))]
    for index, title in enumerate(titles):
        text = ATTACHMENT_LABEL + title if index == 0 else title
        attrs = {"w:left": start * body.size.twips, "w:leftChars": start * 100}
        if index == 0:
            hanging = len(ATTACHMENT_LABEL)
            attrs |= {"w:hanging": hanging * body.size.twips, "w:hangingChars": hanging * 100}
        else:
            attrs |= {"w:firstLine": 0, "w:firstLineChars": 0}
        parts.append(_paragraph("body", text, w("keepNext"), el("w:ind", attrs)))
    return "".join(fragment(part) for part in parts)


def signature_xml(profile: Profile, organ: str, signed_on: str) -> str:
    """A blank line, the organ's name right-aligned, the 成文日期 below it (GB/T 9704 7.3.5.2),
    kept together on one page (and, by ``Flow.keep_with_next``, with the text before them: no
    page of a signature alone)."""
    minimum = profile.elements.signature.right_indent_chars
    organ_width, date_width = text_chars(organ), text_chars(signed_on)
    date_right = minimum + organ_width - DATE_SHIFT_CHARS - date_width
    organ_right = float(minimum)
    if date_right < minimum:  # a date longer than the name: the date sets the indents
        date_right = minimum
        organ_right = date_right + date_width + DATE_SHIFT_CHARS - organ_width
    char = profile.elements.signature.size.twips
    return "".join(
        fragment(part)
        for part in (
            _paragraph("body", None, w("keepNext")),
            _paragraph("signature", organ, w("keepNext"), _right_indent(organ_right, char)),
            _paragraph("signature", signed_on, _right_indent(date_right, char)),
        )
    )


def imprint_xml(
    profile: Profile, printer: str, printed_on: str, cc: str = "", *, floating: bool
) -> str:
    """The 版记 as a borderless table between thick and thin lines, at the text block's foot,
    its rows kept on one page (the 抄送 is kept with the 印发 row after it).

    On a page of its own it is pushed down by a spacer of computed height (every client agrees
    on that); after other content on the page it floats, anchored to the bottom margin.
    """
    width = text_width(profile)
    rows = []
    if cc:
        text = CC_LABEL + cc.rstrip("。；;，,") + "。"
        rows.append((_cc_paragraph(profile, text, w("keepNext")), _lines(profile, text)))
    rows.append((_printer_paragraph(profile, printer, f"{printed_on}印发", width), 1))
    table = el("w:tbl", None, _imprint_tblPr(profile, width, floating))
    table.append(el("w:tblGrid", None, el("w:gridCol", {"w:w": width})))
    for paragraph, _ in rows:
        props = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
        keep = el("w:trPr", None, w("cantSplit"))  # a 抄送 of two lines stays whole
        table.append(el("w:tr", None, keep, el("w:tc", None, props, paragraph)))
    parts = [table, _tiny_paragraph()]
    if not floating:
        lines = sum(count for _, count in rows)
        rules = 2 * profile.imprint.thick_line.twips + profile.imprint.thin_line.twips
        height = lines * profile.grid.line_spacing.twips + rules
        spacer = profile.page.block_height.twips - height - IMPRINT_SLACK
        parts.insert(0, _paragraph("body", None, w("snapToGrid", 0), _spacing(max(20, spacer))))
    return "".join(fragment(part) for part in parts)


def text_chars(text: str) -> float:
    """Width in full-width characters: CJK and full-width punctuation 1, ASCII 0.5."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _imprint_tblPr(profile: Profile, width: int, floating: bool) -> etree._Element:
    props = el("w:tblPr")
    if floating:
        # horzAnchor="page": LibreOffice floats a full-width table only when anchored to the page.
        position = {
            "w:leftFromText": 0,
            "w:rightFromText": 0,
            "w:topFromText": 0,
            "w:bottomFromText": 0,
            "w:vertAnchor": "margin",
            "w:horzAnchor": "page",
            "w:tblpX": profile.page.margin_left.twips,
            "w:tblpYSpec": "bottom",
        }
        props.append(el("w:tblpPr", position))
        props.append(w("tblOverlap", "never"))
    props.append(el("w:tblW", {"w:w": width, "w:type": "dxa"}))
    props.append(el("w:tblInd", {"w:w": 0, "w:type": "dxa"}))
    thick, thin = profile.imprint.thick_line, profile.imprint.thin_line
    props.append(
        w(
            "tblBorders",
            None,
            _border("top", thick, "000000"),
            el("w:left", {"w:val": "nil"}),
            _border("bottom", thick, "000000"),
            el("w:right", {"w:val": "nil"}),
            _border("insideH", thin, "000000"),
            el("w:insideV", {"w:val": "nil"}),
        )
    )
    props.append(el("w:tblLayout", {"w:type": "fixed"}))
    margins = (el(f"w:{side}", {"w:w": 0, "w:type": "dxa"}) for side in ("left", "right"))
    props.append(w("tblCellMar", None, *margins))
    return props


def _cc_paragraph(profile: Profile, text: str, *props: etree._Element) -> etree._Element:
    """抄送 with one character's indent each side; a second line aligns after the colon."""
    element = profile.elements.imprint
    char, label = element.size.twips, len(CC_LABEL)
    left = element.indent_chars + label
    ind = {
        "w:left": left * char,
        "w:leftChars": left * 100,
        "w:right": element.right_indent_chars * char,
        "w:rightChars": element.right_indent_chars * 100,
        "w:hanging": label * char,
        "w:hangingChars": label * 100,
    }
    return _paragraph("imprint", text, *props, el("w:ind", ind))


def _printer_paragraph(profile: Profile, printer: str, date: str, width: int) -> etree._Element:
    """印发机关 at the left and 印发日期 at the right, one character in from each side."""
    element = profile.elements.imprint
    stop = width - element.right_indent_chars * element.size.twips
    tabs = w("tabs", None, el("w:tab", {"w:val": "right", "w:pos": stop}))
    paragraph = _paragraph("imprint", printer, tabs)
    t = el("w:t", {"xml:space": "preserve"})
    t.text = clean_text(date)
    paragraph.append(el("w:r", None, w("tab"), t))
    return paragraph


def _lines(profile: Profile, text: str) -> int:
    """How many lines the 抄送 takes, estimated generously (a line too many only lifts it)."""
    element = profile.elements.imprint
    per_line = text_width(profile) / element.size.twips
    first = per_line - element.indent_chars - element.right_indent_chars - 1
    rest = first - len(CC_LABEL)
    width = text_chars(text)
    return 1 if width <= first else 1 + math.ceil((width - first) / rest)


def _star_line(profile: Profile, width: int) -> etree._Element:
    """The red line broken by a star: two half-height rows, the star spanning both."""
    size = profile.elements.doc_number.size.twips
    star, half = 2 * size, size // 2
    side = (width - star) // 2
    widths = (side, width - 2 * side, side)
    red = profile.colors.red
    thickness = profile.header_block.separator_thickness
    table = el(
        "w:tbl",
        None,
        el(
            "w:tblPr",
            None,
            el("w:tblW", {"w:w": width, "w:type": "dxa"}),
            w("jc", "center"),
            el("w:tblLayout", {"w:type": "fixed"}),
            w(
                "tblCellMar",
                None,
                *(el(f"w:{s}", {"w:w": 0, "w:type": "dxa"}) for s in ("left", "right")),
            ),
        ),
        el("w:tblGrid", None, *(el("w:gridCol", {"w:w": x}) for x in widths)),
    )
    for row in range(2):
        tr = el(
            "w:tr", None, el("w:trPr", None, el("w:trHeight", {"w:val": half, "w:hRule": "exact"}))
        )
        for column, cell_width in enumerate(widths):
            props = el("w:tcPr", None, el("w:tcW", {"w:w": cell_width, "w:type": "dxa"}))
            content = _tiny_paragraph()
            if column == 1:
                props.append(w("vMerge", "restart" if row == 0 else None))
                props.append(w("vAlign", "center"))
                if row == 0:
                    star_props = (w("snapToGrid", 0), _spacing(size))
                    content = _paragraph("doc_number", "★", *star_props, color=red)
            elif row == 0:
                props.append(w("tcBorders", None, _border("bottom", thickness, red)))
            tr.append(el("w:tc", None, props, content))
        table.append(tr)
    return table


def _paragraph(
    element: str, text: str | None = None, *props: etree._Element | None, color: str | None = None
) -> etree._Element:
    """A paragraph in a profile element's style; ``props`` follow pStyle in schema order."""
    paragraph = el("w:p", None, el("w:pPr", None, w("pStyle", STYLE_IDS[element]), *props))
    if text:
        t = el("w:t", {"xml:space": "preserve"})
        t.text = clean_text(text)
        run_props = el("w:rPr", None, w("color", color)) if color else None
        paragraph.append(el("w:r", None, run_props, t))
    return paragraph


def _tiny_paragraph() -> etree._Element:
    """An empty paragraph one point high: ends a table without taking a line."""
    props = el(
        "w:pPr", None, w("snapToGrid", 0), _spacing(20), el("w:rPr", None, w("sz", 2), w("szCs", 2))
    )
    return el("w:p", None, props)


def _spacing(line: int | None, *, before: int = 0, after: int = 0) -> etree._Element:
    attrs: dict[str, str | int] = {"w:before": before, "w:after": after}
    if line is not None:
        attrs |= {"w:line": line, "w:lineRule": "exact"}
    return el("w:spacing", attrs)


def _right_indent(chars: float, char: int) -> etree._Element:
    return el("w:ind", {"w:right": round(chars * char), "w:rightChars": round(chars * 100)})


def _border(
    side: str, thickness: Length, color: str, space: Length | None = None
) -> etree._Element:
    gap = min(31, round(space.pt)) if space is not None else 0
    return el(
        f"w:{side}",
        {"w:val": "single", "w:sz": _eighths(thickness), "w:space": gap, "w:color": color},
    )


def _eighths(thickness: Length) -> int:
    """A border's w:sz: eighths of a point, within the 2–96 the schema allows."""
    return max(2, min(96, round(thickness.pt * 8)))
