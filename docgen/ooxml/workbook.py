"""SpreadsheetML touch-ups for the workbooks docgen writes (the ledger), before they are zipped.

openpyxl writes a font's children name-first; the schema (and Microsoft's validator) wants them in
CT_Font's order. Excel is lenient here, the Open XML SDK is not; sorting costs nothing.
"""

from __future__ import annotations

from docgen.ooxml.xml import parse, serialize

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FONT_ORDER = (
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
    "color", "name", "family", "charset", "scheme",
)  # fmt: skip
_RANK = {f"{MAIN}{name}": rank for rank, name in enumerate(FONT_ORDER)}


def ordered_styles(styles_xml: bytes) -> bytes:
    """xl/styles.xml with every font's children in schema order."""
    root = parse(styles_xml)
    for font in root.iter(f"{MAIN}font"):
        children = sorted(font, key=lambda child: _RANK.get(child.tag, len(_RANK)))
        font[:] = children
    return serialize(root)
