"""SVG pictures in a template: what LibreOffice would fetch when it draws one for the PDFs.

Word keeps an SVG beside its PNG (``asvg:svgBlip``); LibreOffice draws the SVG and would read
what it references — a file on this machine, a web address. LibreOffice knows an SVG by its
content, so a picture is one here whatever its name or type says, gzip-compressed (.svgz) too.
A link (``<a href>``) is followed only when clicked, and the public DOCTYPE that drawing
programs write (no internal subset) names a DTD no renderer loads: both are fine; the DOCTYPE
is dropped all the same, as the sanitiser refuses DTDs in every XML part.
"""

from __future__ import annotations

import re
import zlib

from lxml import etree

from docgen.ooxml.package import looks_xml
from docgen.ooxml.xml import parse

SVG_START = re.compile(rb"<(?:[\w.-]+:)?svg[\s>/]", re.I)
# The DOCTYPE matplotlib, draw.io, Graphviz and Illustrator write: a public DTD, no subset.
_PUBLIC_DOCTYPE = re.compile(rb'<!DOCTYPE\s+svg\s+PUBLIC\s+"[^"<>\[\]]*"\s+"[^"<>\[\]]*"\s*>', re.I)
_REACHING = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|@import", re.I)
_URL = re.compile(r"url\(\s*[\"']?\s*(?!#|data:)", re.I)


def svg_text(blob: bytes, limit: int) -> bytes | None:
    """The SVG text of a part (gunzipped, NULs of UTF-16 dropped, at most ``limit`` bytes
    read), or None when the part is no SVG."""
    if blob.startswith(b"\x1f\x8b"):
        try:
            blob = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(blob, limit)
        except zlib.error:
            return None
    if not looks_xml(blob):
        return None  # a picture, a zip: not copied to look inside
    text = blob.replace(b"\0", b"")
    return text if SVG_START.search(text) else None


def without_public_doctype(blob: bytes) -> bytes | None:
    """A plain-text SVG with its public DOCTYPE dropped, or None when it has none."""
    if not looks_xml(blob) or not SVG_START.search(blob):
        return None
    stripped = _PUBLIC_DOCTYPE.sub(b"", blob, count=1)
    return stripped if stripped != blob else None


def svg_reaches(text: bytes) -> bool:
    """Whether drawing the SVG ``text`` would read anything outside it: a DTD, a stylesheet,
    an ``href`` other than a link's that is not to the picture itself (#id) or inline (data:),
    a ``url()`` in a style."""
    if _REACHING.search(text):
        return True
    try:
        root = parse(text)
    except etree.XMLSyntaxError:
        return True  # what LibreOffice would make of it is unknown
    for node in root.iter(etree.Element):
        element = etree.QName(node).localname
        for attr, value in node.attrib.items():
            name, value = etree.QName(attr).localname, value.strip()
            if name == "href" and element != "a" and not value.startswith(("#", "data:")):
                return True
            if _URL.search(value):
                return True
        if element == "style" and node.text and _URL.search(node.text):
            return True
    return False
