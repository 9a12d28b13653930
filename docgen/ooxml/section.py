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


def footer_distance(profile: Profile, *, landscape: bool = False) -> int:
    """pgMar/@footer: the page number line's top sits a set distance below the text block."""
    page = profile.page
    line = profile.elements.page_number.size
    bottom = page.margin_right if landscape else page.margin_bottom
    return bottom.twips - profile.page_number.distance_below_block.twips - line.twips


def page_margins(profile: Profile, *, landscape: bool = False) -> dict[str, int]:
    """Margins in twips; a landscape page is the portrait one turned with its top to the binding.

    Turned a quarter clockwise, the binding (left) edge becomes the top, so the text block keeps
    its size (156 × 225 mm) and the table's head faces the binding, as GB/T 9704 asks.
    """
    page = profile.page
    top, right, bottom, left = (
        page.margin_top,
        page.margin_right,
        page.margin_bottom,
        page.margin_left,
    )
    if landscape:
        top, right, bottom, left = left, top, right, bottom
    return {"top": top.twips, "right": right.twips, "bottom": bottom.twips, "left": left.twips}


def text_width(profile: Profile, *, landscape: bool = False) -> int:
    """The text block's width in twips (225 mm on a landscape page)."""
    page = profile.page
    return (page.block_height if landscape else page.block_width).twips


def sectPr(
    profile: Profile,
    *,
    footer_ids: dict[str, str],
    landscape: bool = False,
    next_page: bool = False,
    restart_numbering: bool = False,
) -> etree._Element:
    """A section in schema order; landscape swaps width and height (Word does not) and turns
    the margins with the page (see :func:`page_margins`)."""
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
    margins: dict[str, str | int] = {
        f"w:{side}": twips for side, twips in page_margins(profile, landscape=landscape).items()
    }
    margins.update(
        {"w:header": 851, "w:footer": footer_distance(profile, landscape=landscape), "w:gutter": 0}
    )
    props.append(el("w:pgMar", margins))
    if restart_numbering:
        props.append(el("w:pgNumType", {"w:start": 1}))
    props.append(el("w:cols", {"w:space": 425}))
    props.append(el("w:docGrid", {"w:type": "lines", "w:linePitch": grid_line_pitch(profile)}))
    return props
