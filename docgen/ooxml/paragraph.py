"""Body paragraphs as WordprocessingML text: a style reference and runs, nothing else.

Content only names the template's styles, so restyling the template restyles every output.
Built as strings: this is the hot path of batch builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

# Characters XML 1.0 forbids; a stray one in the data would make Word refuse the file.
_FORBIDDEN = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}


def clean_text(text: str) -> str:
    return text.translate(_FORBIDDEN)


def run_xml(text: str, char_style: str | None = None) -> str:
    props = f'<w:rPr><w:rStyle w:val="{char_style}"/></w:rPr>' if char_style else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(clean_text(text))}</w:t></w:r>'


def paragraph_xml(
    style_id: str, runs: Iterable[tuple[str, str | None]], *, page_break_before: bool = False
) -> str:
    """A paragraph in ``style_id`` with (text, character style) runs."""
    props = f'<w:pStyle w:val="{style_id}"/>'
    if page_break_before:
        props += "<w:pageBreakBefore/>"
    body = "".join(run_xml(text, style) for text, style in runs if text)
    return f"<w:p><w:pPr>{props}</w:pPr>{body}</w:p>"
