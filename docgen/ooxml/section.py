"""Section properties: page size, margins, the document grid and footer references."""

from __future__ import annotations

import math

from lxml import etree

from docgen.layout.profile import Profile
from docgen.ooxml.xml import el, w


def char_spacing(profile: Profile) -> int:
    """rPr/w:spacing for body-size text, in 1/20 pt: condenses glyphs to the grid's pitch.

    28 characters of 16 pt do not fit 156 mm (15.79 pt each). Word's character grid
    (docGrid linesAndChars with a negative charSpace) fixes that in Word, but LibreOffice 7.4
    misreads a negative charSpace and sets 15 characters a line; condensing the run spacing
    gives 28 in both. Rounded down so the 28th character still fits.
    """
    pitch_pt = profile.page.block_width.twips / 20 / profile.grid.chars_per_line
    return math.floor((pitch_pt - profile.elements.body.size.pt) * 20)


def grid_line_pitch(profile: Profile) -> int:
    """docGrid/@linePitch in twips: the text block's height shared by the lines per page."""
    return math.floor(profile.page.block_height.twips / profile.grid.lines_per_page)


def footer_distance(profile: Profile) -> int:
    """pgMar/@footer: the page number line's top sits a set distance below the text block."""
    page = profile.page
    line = profile.elements.page_number.size
    return page.margin_bottom.twips - profile.page_number.distance_below_block.twips - line.twips


def sectPr(
    profile: Profile,
    *,
    footer_ids: dict[str, str],
    landscape: bool = False,
    next_page: bool = False,
    restart_numbering: bool = False,
) -> etree._Element:
    """A section in schema order; landscape swaps width and height (Word does not)."""
    page = profile.page
    props = el("w:sectPr")
    for kind, rid in footer_ids.items():
        props.append(el("w:footerReference", {"w:type": kind, "r:id": rid}))
    if next_page:
        props.append(w("type", "nextPage"))
    width, height = page.width.twips, page.height.twips
    size = {"w:w": width, "w:h": height}
    if landscape:
        size = {"w:w": height, "w:h": width, "w:orient": "landscape"}
    props.append(el("w:pgSz", size))
    margins = {
        "w:top": page.margin_top.twips,
        "w:right": page.margin_right.twips,
        "w:bottom": page.margin_bottom.twips,
        "w:left": page.margin_left.twips,
        "w:header": 851,
        "w:footer": footer_distance(profile),
        "w:gutter": 0,
    }
    props.append(el("w:pgMar", margins))
    if restart_numbering:
        props.append(el("w:pgNumType", {"w:start": 1}))
    props.append(el("w:cols", {"w:space": 425}))
    props.append(el("w:docGrid", {"w:type": "lines", "w:linePitch": grid_line_pitch(profile)}))
    return props
