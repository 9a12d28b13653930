"""Namespaces and a small element builder that keeps the schema's names."""

from __future__ import annotations

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "xml": "http://www.w3.org/XML/1998/namespace",
}

# Parsing untrusted parts: no entities, no network, no gigantic trees.
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)


def qn(tag: str) -> str:
    """'w:p' -> '{namespace}p'."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(
    tag: str, attrs: dict[str, str | int] | None = None, *children: etree._Element
) -> etree._Element:
    """Build an element; attribute names are prefixed ('w:val'), values are stringified."""
    element = etree.Element(qn(tag), nsmap=_nsmap_for(tag))
    for name, value in (attrs or {}).items():
        element.set(qn(name) if ":" in name else name, str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def w(local: str, val: str | int | None = None, *children: etree._Element) -> etree._Element:
    """A w: element with an optional w:val, the most common shape in WordprocessingML."""
    return el(f"w:{local}", {"w:val": val} if val is not None else None, *children)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, SAFE_PARSER)


def _nsmap_for(tag: str) -> dict[str, str]:
    prefix = tag.split(":")[0]
    if prefix == "xml":
        return {}
    if prefix in ("ct", "pr", "ep"):
        # Package parts use a default namespace; System.IO.Packaging (Word) requires it.
        return {None: NS[prefix]}  # type: ignore[dict-item]
    if prefix == "cp":
        return {k: NS[k] for k in ("cp", "dc", "dcterms", "dcmitype", "xsi")}
    if prefix == "w":
        return {"w": NS["w"], "r": NS["r"]}
    return {prefix: NS[prefix]}


_DECLARATIONS = tuple(f' xmlns:{prefix}="{NS[prefix]}"' for prefix in ("w", "r"))


def fragment(element: etree._Element) -> str:
    """An element as text to splice into a part whose root already declares w: and r:."""
    text = etree.tostring(element, encoding="unicode")
    for declaration in _DECLARATIONS:
        text = text.replace(declaration, "")
    return text
