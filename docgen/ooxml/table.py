"""Tables as WordprocessingML: widths in both tblW and gridCol, a repeated header, single spacing.

WPS sizes columns from gridCol and Word from tcW/tblW, so all three carry the same twips. Cell
paragraphs use the template's table style for their face and size, but reset the body's exact
28 pt spacing and the document grid to single spacing, which would otherwise inflate every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from docgen.layout.profile import Profile
from docgen.ooxml.formatting import rFonts
from docgen.ooxml.paragraph import clean_text
from docgen.ooxml.styles import STYLE_IDS
from docgen.ooxml.xml import el, fragment, qn, w

_JC = {"center": "center", "left": "left", "both": "both"}


class CellSpec(Protocol):
    """A cell: its text (line breaks make paragraphs) and whether it continues the one above."""

    @property
    def text(self) -> str: ...

    @property
    def merged(self) -> bool: ...


@dataclass(frozen=True)
class HeaderCell:
    text: str
    merged: bool = False


def column_widths(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` twips shared by ``weights``; the last column takes the rounding remainder."""
    whole = sum(weights)
    widths = [total * weight // whole for weight in weights[:-1]]
    return [*widths, total - sum(widths)]


def table_xml(
    profile: Profile,
    *,
    width: int,
    weights: Sequence[int],
    aligns: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[CellSpec]],
) -> str:
    """A full-width table whose first row is a header repeated on every page."""
    widths = column_widths(width, weights)
    table = el("w:tbl", None, _tblPr(width), _grid(widths))
    head = [HeaderCell(text) for text in header]
    table.append(_row(profile, head, widths, ["center"] * len(widths), None, header=True))
    for index, row in enumerate(rows):
        below = rows[index + 1] if index + 1 < len(rows) else None
        table.append(_row(profile, row, widths, aligns, below, header=False))
    return fragment(table)


def _tblPr(width: int) -> etree._Element:
    return el(
        "w:tblPr",
        None,
        w("tblStyle", "TableGrid"),
        el("w:tblW", {"w:w": width, "w:type": "dxa"}),
        w("jc", "center"),
        el("w:tblLayout", {"w:type": "fixed"}),
        w(
            "tblCellMar",
            None,
            el("w:left", {"w:w": 57, "w:type": "dxa"}),
            el("w:right", {"w:w": 57, "w:type": "dxa"}),
        ),
    )


def _grid(widths: Sequence[int]) -> etree._Element:
    return el("w:tblGrid", None, *(el("w:gridCol", {"w:w": width}) for width in widths))


def _row(
    profile: Profile,
    cells: Sequence[CellSpec],
    widths: Sequence[int],
    aligns: Sequence[str],
    below: Sequence[CellSpec] | None,
    *,
    header: bool,
) -> etree._Element:
    row = el("w:tr")
    if header:
        row.append(el("w:trPr", None, w("cantSplit"), w("tblHeader")))
    for column, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        continues = below is not None and column < len(below) and below[column].merged
        merge = "continue" if cell.merged else "restart" if continues else None
        row.append(_cell(profile, cell, width, aligns[column], merge, header))
    return row


def _cell(
    profile: Profile, cell: CellSpec, width: int, align: str, merge: str | None, header: bool
) -> etree._Element:
    props = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
    if merge == "restart":
        props.append(w("vMerge", "restart"))
    elif merge == "continue":
        props.append(w("vMerge"))
    props.append(w("vAlign", "center"))
    lines = [] if cell.merged else [line for line in cell.text.split("\n") if line.strip()]
    paragraphs = [cell_paragraph(profile, line, align, header) for line in lines or [""]]
    return el("w:tc", None, props, *paragraphs)


def cell_paragraph(profile: Profile, text: str, align: str, header: bool = False) -> etree._Element:
    """A paragraph in the table style, single-spaced and off the grid; headers in 黑体."""
    props = el(
        "w:pPr",
        None,
        w("pStyle", STYLE_IDS["table"]),
        w("snapToGrid", 0),
        el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
        el("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0}),
        w("jc", _JC[align]),
    )
    paragraph = el("w:p", None, props)
    if text:
        run = el("w:r")
        if header:
            run.append(el("w:rPr", None, rFonts(profile, profile.elements.heading1)))
        t = el("w:t", {"xml:space": "preserve"})
        t.text = clean_text(text)
        run.append(t)
        paragraph.append(run)
    return paragraph


def drop_empty_tables(root: etree._Element) -> None:
    """Remove the tables left without a row (a ``{%tr for %}`` over nothing, in a table whose
    only rows were in the loop): Word refuses a table without rows, and it shows nothing."""
    for table in list(root.iter(qn("w:tbl"))):
        parent = table.getparent()
        # Rows may sit in w:sdt or w:customXml wrappers: any row below counts.
        if parent is None or next(table.iter(qn("w:tr")), None) is not None:
            continue
        parent.remove(table)
