"""What an embedded Word, Excel or PowerPoint file would reach when a recipient opens it.

The sanitiser keeps such files inside a template (docxtpl does, and they open only when
double-clicked, in their own program) but does not clean them: the file opened is the bytes
kept. So each is read here, with the same bounds as a template, and ``reach`` says, in Chinese,
the first thing in it that would fetch a file or an address, run a program or macro, or update
from a data source. The sanitiser removes such an object and keeps its picture, as it does every
other embedded object.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.errors import DocgenError
from docgen.ooxml.fields import defuse_fields
from docgen.ooxml.package import DEFAULT_LIMITS, ZipLimits, content_types, read_package
from docgen.ooxml.xml import parse

# In an SVG picture: a DTD, or a reference that is not to the picture itself (#id) or inline
# (data:) — an <image href>, a url() in a style, a stylesheet.
SVG_REACHING = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet"
    rb"|href\s*=\s*[\"']\s*(?!#|data:)|url\(\s*[\"']?\s*(?!#|data:)",
    re.I,
)
# Content types of parts that run code, link other workbooks (DDE included), query a database
# or the web, or embed further objects.
_ACTIVE_TYPES = re.compile(
    r"vbaProject|macroEnabled|activeX|externalLink|connections|queryTable|oleObject"
    r"|\.package$|vnd\.ms-office\.vba",
    re.I,
)
# Excel functions that fetch an address or call a program or server when a sheet recalculates.
_ACTIVE_FORMULA = re.compile(
    rb"<(?:\w+:)?f\b[^>]*>[^<]*\b(?:WEBSERVICE|RTD|CALL|REGISTER(?:\.ID)?|EXEC)\s*\(", re.I
)
_FIELD_MARKERS = (b"instrText", b"fldSimple")
_SAFE_LINK = re.compile(r"(?:https?:|mailto:|#)", re.I)
_EXTERNAL = "External"


def reach(blob: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> str | None:
    """What the embedded Office file ``blob`` would reach, or None when it reaches nothing."""
    try:
        parts = read_package(blob, "embedded", limits)
    except DocgenError:
        return "无法按 Office 文件读取"
    try:
        types = content_types(parts)
    except (KeyError, etree.XMLSyntaxError):
        return "缺少或无法读取内容类型（[Content_Types].xml）"
    for name, kind in sorted(types.items()):
        if _ACTIVE_TYPES.search(kind):
            return f"含有宏、外部链接、数据连接或嵌入对象（{name}）"
    for name, data in sorted(parts.items()):
        found = _reach_in_part(name, data, types.get(name, ""))
        if found:
            return found
    return None


def _reach_in_part(name: str, data: bytes, kind: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".svg") or kind.startswith("image/svg"):
        return f"SVG 图片引用了外部内容（{name}）" if SVG_REACHING.search(data) else None
    if not (lowered.endswith((".xml", ".rels", ".vml")) or "xml" in kind):
        return None
    if b"\0" in data or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return f"含有 DTD 或非 UTF-8 的部件（{name}）"  # Office writes neither
    try:
        if lowered.endswith(".rels"):
            return _external_target(name, parse(data))
        if _ACTIVE_FORMULA.search(data):
            return f"含有访问网址或调用程序的公式（{name}）"
        if any(marker in data for marker in _FIELD_MARKERS):
            root = parse(data)
            if defuse_fields(name, root, [], name):
                return f"含有读取外部内容或运行命令的域（{name}）"
    except (etree.XMLSyntaxError, DocgenError):  # a field spelt by a nested one, bad XML
        return f"含有无法判断的域或格式不正确的部件（{name}）"
    return None


def _external_target(name: str, root: etree._Element) -> str | None:
    for rel in root:
        if not isinstance(rel.tag, str) or rel.get("TargetMode") != _EXTERNAL:
            continue
        target = rel.get("Target", "")
        hyperlink = rel.get("Type", "").endswith("/hyperlink")
        if not hyperlink or not _SAFE_LINK.match(target.strip()):
            return f"引用了外部的文件、程序或网址：{target}（{name}）"
    return None
