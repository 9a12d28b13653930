"""Drawn lines in a run (DrawingML or VML): how hand-made documents draw the red separator line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_V = "urn:schemas-microsoft-com:vml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_LINES = {"line", "straightConnector1"}
_THIN = 72000  # a "rectangle" thinner than 2 mm is drawn as a line
_NAMED = {"red": "FF0000", "black": "000000", "darkred": "8B0000"}
_LENGTH = re.compile(r"(-?[\d.]+)\s*(pt|mm|cm|in|px)?")
_EMU = {"pt": 12700, "mm": 36000, "cm": 360000, "in": 914400, "px": 9525, None: 12700}


@dataclass(frozen=True)
class Shape:
    """A horizontal line (or a thin bar), its colour as RRGGBB and its width in EMU."""

    color: str | None
    width: int | None


def is_red(color: str | None) -> bool:
    """A red of the kind used for the separator line (FF0000, C00000, E60012 …)."""
    if not color:
        return False
    value = _NAMED.get(color.lower(), color).lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        return False
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0x99 and g <= 0x60 and b <= 0x60


def shapes_in(node: etree._Element) -> list[Shape]:
    """Lines drawn inside a w:drawing, w:pict or mc:AlternateContent."""
    found: list[Shape] = []
    for shape in node.iter(f"{{{_WPS}}}wsp"):
        if any(a.tag == f"{{{_MC}}}Fallback" for a in shape.iterancestors()):
            continue
        line = _drawingml(shape)
        if line is not None:
            found.append(line)
    if found:
        return found
    for shape in node.iter(f"{{{_V}}}line", f"{{{_V}}}shape", f"{{{_V}}}rect"):
        line = _vml(shape)
        if line is not None:
            found.append(line)
    return found


def _drawingml(shape: etree._Element) -> Shape | None:
    geometry = shape.find(f".//{{{_A}}}prstGeom")
    prst = geometry.get("prst") if geometry is not None else None
    ext = shape.find(f".//{{{_A}}}xfrm/{{{_A}}}ext")
    if ext is None:
        ext = next(
            (a.find(f"{{{_WP}}}extent") for a in shape.iterancestors() if a.tag in _ANCHORS), None
        )
    width = int(ext.get("cx", "0")) if ext is not None else None
    height = int(ext.get("cy", "0")) if ext is not None else 0
    if prst in _LINES:
        return Shape(_color(shape.find(f".//{{{_A}}}ln")), width)
    if prst == "rect" and height <= _THIN:
        fill = shape.find(f"{{{_WPS}}}spPr/{{{_A}}}solidFill")
        return Shape(_color(fill), width)
    return None


_ANCHORS = {f"{{{_WP}}}anchor", f"{{{_WP}}}inline"}


def _color(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    rgb = node.find(f".//{{{_A}}}srgbClr")
    if rgb is not None:
        return rgb.get("val")
    preset = node.find(f".//{{{_A}}}prstClr")
    return _NAMED.get(preset.get("val", "")) if preset is not None else None


def _vml(shape: etree._Element) -> Shape | None:
    local = etree.QName(shape).localname
    if local == "line":
        start = _LENGTH.match(shape.get("from", "0"))
        end = _LENGTH.match(shape.get("to", "0"))
        width = None
        if start and end:
            width = abs(_emu(end) - _emu(start))
        return Shape(shape.get("strokecolor"), width)
    style = dict(
        item.split(":", 1) for item in (shape.get("style") or "").split(";") if ":" in item
    )
    height = _LENGTH.match(style.get("height", ""))
    width = _LENGTH.match(style.get("width", ""))
    if height and _emu(height) <= _THIN:
        return Shape(
            shape.get("fillcolor") or shape.get("strokecolor"), _emu(width) if width else None
        )
    return None


def _emu(match: re.Match[str]) -> int:
    return round(float(match.group(1)) * _EMU[match.group(2)])
