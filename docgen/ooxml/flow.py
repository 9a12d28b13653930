"""The body's flow of pages: page breaks, and sections where the orientation changes.

A section's properties sit at its end, in the last paragraph's pPr. The template's own final
sectPr ends the document (portrait); a landscape stretch in the body is closed by a sectPr of
its own, and the portrait text before it by another. Every section the body adds refers to the
template's header and footer parts, so page numbers continue on every page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docgen.layout.profile import Profile
from docgen.ooxml.paragraph import paragraph_xml
from docgen.ooxml.section import sectPr
from docgen.ooxml.xml import el, fragment, parse, qn

Reference = tuple[str, str, str]  # (headerReference | footerReference, type, r:id)

_END = '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>{}</w:pPr></w:p>'


def section_references(document_xml: bytes) -> list[Reference]:
    """The header and footer references of a document's final section, in their order."""
    body = parse(document_xml).find(qn("w:body"))
    section = body.find(qn("w:sectPr")) if body is not None else None
    if section is None:
        return []
    references = []
    for child in section:
        local = child.tag.rsplit("}", 1)[-1]
        if local in ("headerReference", "footerReference"):
            references.append((local, child.get(qn("w:type")) or "default", child.get(qn("r:id"))))
    return references


def section_xml(profile: Profile, references: Sequence[Reference], *, landscape: bool) -> str:
    """A sectPr for a section the body ends itself (the next one starts on a new page)."""
    footers = {kind: rid for tag, kind, rid in references if tag == "footerReference"}
    props = sectPr(profile, footer_ids=footers, landscape=landscape)
    for index, (tag, kind, rid) in enumerate(r for r in references if r[0] == "headerReference"):
        props.insert(index, el(f"w:{tag}", {"w:type": kind, "r:id": rid}))
    return fragment(props)


class Flow:
    """Body XML in order; ``page_break`` starts a new page, turning it when asked."""

    def __init__(self, profile: Profile, references: Sequence[Reference]) -> None:
        self.profile = profile
        self.references = references
        self.landscape = False
        self.fresh = False  # nothing on the current page yet (right after a break)
        self._chunks: list[str] = []
        self._last_paragraph = False
        self._break_pending = False

    def paragraph(self, style_id: str, runs: Iterable[tuple[str, str | None]]) -> None:
        """A body paragraph; it carries a pending page break itself (no empty line before it)."""
        self._chunks.append(paragraph_xml(style_id, runs, page_break_before=self._break_pending))
        self._break_pending = False
        self._last_paragraph = True
        self.fresh = False

    def block(self, xml: str) -> None:
        """Anything else (a table, the header block …), as XML text."""
        if self._break_pending:
            self._chunks.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            self._break_pending = False
        self._chunks.append(xml)
        self._last_paragraph = False
        self.fresh = False

    def keep_with_next(self) -> None:
        """The last paragraph kept on the page of what follows (Word and LibreOffice move its
        last lines over with it): the body's end before the 附件说明 and the signature."""
        if self._last_paragraph:
            last = self._chunks[-1]
            at = last.index("/>", last.index("<w:pStyle")) + 2  # keepNext follows pStyle
            self._chunks[-1] = last[:at] + "<w:keepNext/>" + last[at:]

    def page_break(self, landscape: bool = False) -> None:
        if landscape == self.landscape:
            self._break_pending = True
        else:
            self._end_section()
            self.landscape = landscape
        self.fresh = True

    def finish(self) -> str:
        """The body so far; a landscape stretch at its end is closed here."""
        if self.landscape:
            self._end_section()
            self.landscape = False
        return "".join(self._chunks)

    def _end_section(self) -> None:
        section = section_xml(self.profile, self.references, landscape=self.landscape)
        if self._last_paragraph:
            # The section's last paragraph carries its properties; no extra empty line.
            last = self._chunks[-1]
            at = last.index("</w:pPr>")
            self._chunks[-1] = last[:at] + section + last[at:]
        else:
            self._chunks.append(_END.format(section))
        self._last_paragraph = False
        self._break_pending = False
