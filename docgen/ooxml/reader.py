"""Plain paragraph texts and the fonts of any .docx (bounded reading, safe parser)."""

from __future__ import annotations

from lxml import etree

from docgen.ooxml.package import read_zip
from docgen.ooxml.xml import parse, qn


def paragraph_texts(data: bytes, source: str) -> list[str]:
    """The body's paragraphs as text, tabs and breaks kept as spaces and newlines."""
    document = parse(read_zip(data, source)["word/document.xml"])
    texts = []
    for paragraph in document.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            pieces.append(
                node.text or ""
                if node.tag == qn("w:t")
                else ("\t" if node.tag == qn("w:tab") else "\n")
            )
        texts.append("".join(pieces))
    return texts


# Where a run names its fonts: Latin and East Asian text (complex scripts aside).
_FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia")
_LONGEST_FONT_NAME = 64


def fonts_used(data: bytes, source: str) -> list[str]:
    """The fonts a document sets its text in, in the order first named: those of the defaults,
    of the styles its body uses (the default ones too, and those they are based on) and written
    on its runs — not of every style a template defines (Word's own define Courier for HTML
    code, which no text uses)."""
    parts = read_zip(data, source)
    body = parse(parts["word/document.xml"])
    fonts = [*body.iter(qn("w:rFonts"))]
    if "word/styles.xml" in parts:
        fonts += _style_fonts(parse(parts["word/styles.xml"]), body)
    named: dict[str, None] = {}
    for element in fonts:
        for attribute in _FONT_ATTRIBUTES:
            name = element.get(qn(attribute)) or ""
            # A font's name is short and printable (Windows keeps 31 characters): anything
            # else is no font a machine could have, and would print what it holds.
            if 0 < len(name) <= _LONGEST_FONT_NAME and name.isprintable():
                named[name] = None
    return list(named)


def _style_fonts(styles: etree._Element, body: etree._Element) -> list[etree._Element]:
    defined = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
    wanted = [key for key, style in defined.items() if style.get(qn("w:default")) == "1"]
    wanted += [
        ref.get(qn("w:val")) for tag in ("w:pStyle", "w:rStyle") for ref in body.iter(qn(tag))
    ]
    fonts: list[etree._Element] = []
    seen: set[str | None] = set()
    while wanted:
        key = wanted.pop()
        if key in seen or key not in defined:
            continue
        seen.add(key)
        fonts += defined[key].iter(qn("w:rFonts"))
        based = defined[key].find(qn("w:basedOn"))
        if based is not None:
            wanted.append(based.get(qn("w:val")))
    defaults = styles.find(qn("w:docDefaults"))
    return fonts + ([*defaults.iter(qn("w:rFonts"))] if defaults is not None else [])
