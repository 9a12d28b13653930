"""Plain paragraph texts of any .docx (bounded reading, safe parser)."""

from __future__ import annotations

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
