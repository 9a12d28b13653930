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


def column_widths(
    total: int, weights: Sequence[int], fixed: Sequence[int] = (), narrowest: int = 0
) -> list[int]:
    """``total`` twips: the ``fixed`` widths first (0: none), then what they leave shared by
    the other columns' ``weights``; the last shared column takes the rounding remainder.
    Fixed widths that would leave a shared column less than ``narrowest`` are scaled down."""
    fixed = list(fixed) or [0] * len(weights)
    shared = [i for i, width in enumerate(fixed) if not width]
    if not shared:  # the last column takes what the others leave
        shared, fixed = [len(fixed) - 1], [*fixed[:-1], 0]
    taken, room = sum(fixed), total - narrowest * len(shared)
    if room <= 0:  # not even the shared columns fit at their narrowest: shares for all
        fixed, shared = [0] * len(weights), list(range(len(weights)))
    elif taken > room:
        fixed = [width * room // taken for width in fixed]
    whole = sum(weights[i] for i in shared)
    widths = list(fixed)
    for i in shared:
        widths[i] = (total - sum(fixed)) * weights[i] // whole
    widths[shared[-1]] += total - sum(widths)
    return widths


_CELL_MARGINS = 2 * 57  # left and right, as _tblPr sets them


def table_xml(
    profile: Profile,
    *,
    width: int,
    weights: Sequence[int],
    aligns: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[CellSpec]],
    chars: Sequence[int] = (),
    page_height: int = 0,
) -> str:
    """A full-width table whose first row is a header repeated on every page; ``chars`` fixes
    a column's width to hold that many characters (0: a share by ``weights``). A row with
    nothing in it is there to be written in by hand: two lines high. A row that fits well
    within ``page_height`` (twips of text block) is kept on one page, so a task is read whole
    and never continues without its 序号."""
    size = profile.elements.table.size.twips
    fixed = [n * size + _CELL_MARGINS if n else 0 for n in chars]
    widths = column_widths(width, weights, fixed, narrowest=2 * size + _CELL_MARGINS)
    table = el("w:tbl", None, _tblPr(width), _grid(widths))
    head = [HeaderCell(text) for text in header]
    table.append(_row(profile, head, widths, ["center"] * len(widths), None, header=True))
    # Word leaves a row taller than the page cut off when it may not split: only short ones.
    line = max(1, size * _LINE_HEIGHT_PERCENT // 100)
    tallest = page_height * 2 // 3 // line - _lines(head, widths, size)  # header repeats above
    for index, row in enumerate(rows):
        below = rows[index + 1] if index + 1 < len(rows) else None
        element = _row(profile, row, widths, aligns, below, header=False)
        if _lines(row, widths, size) <= tallest:
            _row_props(element).insert(0, w("cantSplit"))
        table.append(element)
    return fragment(table)


_LINE_HEIGHT_PERCENT = 130  # a single-spaced line of a CJK face, of its size
_TALLEST_ROW = 31680  # twips: the highest row Word takes (22 inches)


def _lines(cells: Sequence[CellSpec], widths: Sequence[int], size: int) -> int:
    """How many lines the row's tallest cell takes, counting every character as a full one."""

    def lines(cell: CellSpec, width: int) -> int:
        per_line = max(1, (width - _CELL_MARGINS) // max(size, 1))
        return sum(-(-len(line) // per_line) or 1 for line in cell.text.split("\n"))

    return max((lines(cell, width) for cell, width in zip(cells, widths, strict=True)), default=1)


def _row_props(row: etree._Element) -> etree._Element:
    props = row.find(qn("w:trPr"))
    if props is None:
        props = el("w:trPr")
        row.insert(0, props)
    return props


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
    elif not any(cell.text.strip() or cell.merged for cell in cells):
        lines = 2 * profile.elements.table.size.twips * _LINE_HEIGHT_PERCENT // 100
        room = min(lines, _TALLEST_ROW)  # a profile's huge table face still a valid height
        row.append(el("w:trPr", None, el("w:trHeight", {"w:val": room, "w:hRule": "atLeast"})))
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
