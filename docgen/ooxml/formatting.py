"""Run and paragraph properties for a profile element, in the schema's child order."""

from __future__ import annotations

from lxml import etree

from docgen.layout.profile import Element, Profile
from docgen.ooxml.xml import el, w

_JC = {"left": "left", "center": "center", "right": "right", "both": "both"}


def rFonts(profile: Profile, element: Element) -> etree._Element:
    """All four slots named explicitly; no theme attributes, so nothing overrides them."""
    face = profile.face_name(element)
    latin = profile.latin_face or face
    return el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": face, "w:cs": face})


def rPr(profile: Profile, element: Element, *, with_size: bool = True) -> etree._Element:
    props = el("w:rPr", None, rFonts(profile, element))
    if element.bold:
        props.append(w("b"))
        props.append(w("bCs"))
    props.append(w("color", profile.color_hex(element)))
    if element.size == profile.elements.body.size:
        from docgen.ooxml.section import char_spacing

        props.append(w("spacing", char_spacing(profile)))
    if with_size:
        props.append(w("sz", element.size.half_points))
        props.append(w("szCs", element.size.half_points))
    return props


def ind(profile: Profile, element: Element) -> etree._Element:
    """Indents in characters (what Word shows) with the twips fallback for other readers."""
    char = element.size.twips
    attrs: dict[str, str | int] = {
        "w:right": element.right_indent_chars * char,
        "w:rightChars": element.right_indent_chars * 100,
        "w:firstLine": element.indent_chars * char,
        "w:firstLineChars": element.indent_chars * 100,
    }
    if not element.right_indent_chars:
        del attrs["w:right"], attrs["w:rightChars"]
    return el("w:ind", attrs)


def spacing_exact(line: int, before: int = 0, after: int = 0) -> etree._Element:
    return el(
        "w:spacing", {"w:before": before, "w:after": after, "w:line": line, "w:lineRule": "exact"}
    )


def pPr(
    profile: Profile,
    element: Element,
    *,
    keep_next: bool = False,
    snap_to_grid: bool = True,
    outline_level: int | None = None,
    line: int | None = None,
) -> etree._Element:
    props = el("w:pPr")
    if keep_next:
        props.append(w("keepNext"))
    props.append(w("widowControl", 0))
    if not snap_to_grid:
        props.append(w("snapToGrid", 0))
    props.append(spacing_exact(line or profile.grid.line_spacing.twips))
    props.append(ind(profile, element))
    props.append(w("jc", _JC[element.align]))
    if outline_level is not None:
        props.append(w("outlineLvl", outline_level))
    return props
