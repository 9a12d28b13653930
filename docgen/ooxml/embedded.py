"""Whether an embedded Word, Excel or PowerPoint file is plain enough to keep inside a template.

The sanitiser does not clean such a file: the bytes kept are what Word opens on a double-click
and what LibreOffice loads while it makes the PDFs. So a file is kept only when everything in it
is known to be inert — an allowlist, not a list of dangers, since a package can hide a fetch in
any part under any name: only the part kinds and relationship types of ordinary documents,
workbooks and presentations, no external relationship at all, no nested package, every XML part
UTF-8 Transitional XML with no DTD, no picture or link that names an address itself, Word fields
of the kinds that only show what the file holds, and Excel formulas of common functions over the
workbook's own cells. ``reach`` says, in Chinese, the first thing that fails; the sanitiser then
removes the object and keeps its picture, as it does for every other embedded object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from docgen.errors import DocgenError
from docgen.ooxml.fields import field_codes
from docgen.ooxml.package import (
    OLE2_MAGIC,
    ZipLimits,
    content_types,
    external,
    read_package,
    rels_owner,
)
from docgen.ooxml.xml import parse

ZIP_MAGIC = b"PK\x03\x04"
_OOXML = "application/vnd.openxmlformats-officedocument."
# The parts of ordinary documents, workbooks and presentations (content types, parameters and
# case aside).
_PART_TYPES = frozenset(
    [
        "application/xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
        "application/vnd.openxmlformats-package.relationships+xml",
        _OOXML + "extended-properties+xml",
        _OOXML + "custom-properties+xml",
        _OOXML + "theme+xml",
        _OOXML + "customxmlproperties+xml",
        *(
            _OOXML + "wordprocessingml." + kind
            for kind in [
                "document.main+xml",
                "template.main+xml",
                "styles+xml",
                "settings+xml",
                "websettings+xml",
                "fonttable+xml",
                "numbering+xml",
                "footnotes+xml",
                "endnotes+xml",
                "header+xml",
                "footer+xml",
                "comments+xml",
            ]
        ),
        *(
            _OOXML + "spreadsheetml." + kind
            for kind in [
                "sheet.main+xml",
                "template.main+xml",
                "worksheet+xml",
                "sharedstrings+xml",
                "styles+xml",
                "calcchain+xml",
                "table+xml",
                "comments+xml",
                "sheetmetadata+xml",
                "printersettings",
            ]
        ),
        *(
            _OOXML + "presentationml." + kind
            for kind in [
                "presentation.main+xml",
                "slide+xml",
                "slidelayout+xml",
                "slidemaster+xml",
                "presprops+xml",
                "viewprops+xml",
                "tablestyles+xml",
                "notesmaster+xml",
                "notesslide+xml",
                "handoutmaster+xml",
            ]
        ),
        _OOXML + "vmldrawing",
        _OOXML + "drawing+xml",
        _OOXML + "drawingml.chart+xml",
        _OOXML + "drawingml.chartshapes+xml",
        _OOXML + "wordprocessingml.document.glossary+xml",
        "application/vnd.ms-office.chartstyle+xml",
        "application/vnd.ms-office.chartcolorstyle+xml",
        "application/vnd.ms-word.styleswitheffects+xml",
        "application/vnd.ms-word.people+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsextended+xml",
        "application/vnd.ms-word.commentsids+xml",
        "application/vnd.ms-word.commentsextensible+xml",
    ]
)
_PICTURE_TYPES = frozenset(
    "image/png image/jpeg image/gif image/bmp image/tiff image/x-emf image/emf image/x-wmf "
    "image/wmf".split()
)
# The relationships of ordinary documents, workbooks and presentations (the last word of the
# type; any namespace but Strict's, which is refused as a whole).
_RELATIONSHIPS = frozenset(
    [
        "officeDocument",
        "core-properties",
        "extended-properties",
        "custom-properties",
        "thumbnail",
        "styles",
        "stylesWithEffects",
        "settings",
        "webSettings",
        "fontTable",
        "font",
        "theme",
        "numbering",
        "footnotes",
        "endnotes",
        "header",
        "footer",
        "comments",
        "commentsExtended",
        "commentsIds",
        "commentsExtensible",
        "people",
        "image",
        "customXml",
        "customXmlProps",
        "worksheet",
        "sharedStrings",
        "calcChain",
        "table",
        "printerSettings",
        "sheetMetadata",
        "slide",
        "slideLayout",
        "slideMaster",
        "presProps",
        "viewProps",
        "tableStyles",
        "notesMaster",
        "notesSlide",
        "handoutMaster",
        "hyperlink",
        "vmlDrawing",
        "drawing",
        "chart",
        "chartUserShapes",
        "chartStyle",
        "chartColorStyle",
        "glossaryDocument",
    ]
)
# Word fields that only show what the file holds: page numbers, dates, its own properties,
# references within it, numbering, formulas over its own tables.
_SHOWING_FIELDS = frozenset(
    "= PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME CREATEDATE SAVEDATE PRINTDATE EDITTIME "
    "SEQ REF PAGEREF NOTEREF STYLEREF TOC TC XE INDEX TA TOA NUMWORDS NUMCHARS AUTHOR TITLE "
    "SUBJECT KEYWORDS COMMENTS LASTSAVEDBY DOCPROPERTY INFO SYMBOL EQ ADVANCE LISTNUM AUTONUM "
    "AUTONUMLGL AUTONUMOUT FORMTEXT FORMCHECKBOX FORMDROPDOWN IF COMPARE FILENAME USERNAME "
    "USERINITIALS TEMPLATE DOCVARIABLE QUOTE GOTOBUTTON".split()
)
# Excel functions that compute over the workbook's own cells.
_SAFE_FUNCTIONS = frozenset(
    "SUM SUMIF SUMIFS SUMPRODUCT AVERAGE AVERAGEIF AVERAGEIFS COUNT COUNTA COUNTIF COUNTIFS "
    "COUNTBLANK MIN MAX MINIFS MAXIFS ROUND ROUNDUP ROUNDDOWN INT ABS MOD PRODUCT POWER SQRT "
    "CEILING FLOOR IF IFS IFERROR IFNA AND OR NOT TRUE FALSE TEXT VALUE LEFT RIGHT MID LEN "
    "CONCATENATE CONCAT TEXTJOIN TRIM UPPER LOWER PROPER SUBSTITUTE REPLACE FIND SEARCH REPT "
    "DATE YEAR MONTH DAY TODAY NOW WEEKDAY EDATE EOMONTH DATEDIF DAYS NETWORKDAYS VLOOKUP "
    "HLOOKUP XLOOKUP LOOKUP INDEX MATCH XMATCH ROW ROWS COLUMN COLUMNS RANK RANK.EQ RANK.AVG "
    "LARGE SMALL MEDIAN STDEV N ISBLANK ISNUMBER ISTEXT ISERROR CHOOSE SUBTOTAL STDEV.S STDEV.P "
    "STDEVA VAR VAR.S VAR.P WORKDAY WORKDAY.INTL NETWORKDAYS.INTL PMT IPMT PPMT NPV IRR FV PV RATE "
    "ISNA ISERR ISLOGICAL ISEVEN ISODD ISNONTEXT NA TRUNC DATEVALUE TIMEVALUE TIME HOUR MINUTE "
    "SECOND WEEKNUM ISOWEEKNUM YEARFRAC DAYS360 NUMBERVALUE SINGLE ANCHORARRAY FILTER UNIQUE SORT "
    "SORTBY SEQUENCE LET XOR SIGN EXACT CHAR CODE CLEAN FIXED DOLLAR MROUND EVEN ODD GCD LCM FACT "
    "LN LOG LOG10 EXP PI RAND RANDBETWEEN SUMSQ PERCENTILE QUARTILE MODE AVERAGEA MAXA MINA COUNTA "
    "TYPE ERROR.TYPE OFFSET TRANSPOSE UPPER LOWER".split()
)
_FORMULA_ELEMENTS = frozenset(["f", "formula", "formula1", "formula2", "definedName"])
_FUNCTION = re.compile(r"([A-Za-z_][\w.]*)\s*\(")
_STRING_LITERAL = re.compile(r'"[^"]*"')
# A formula reaching past the workbook: DDE (cmd|' /c …'!A0), another file ([1]Sheet!A1,
# 'C:\…\[x.xlsx]Sheet'!A1), an address. (A table's own [列] is no other file.)
_FORMULA_REACHING = re.compile(r"[|\\]|://|\[\d+\]")
# The external relationships kept: web and mail links, used only as links (Word's, DrawingML's
# and a sheet's hyperlink elements, by their r:id).
_SAFE_LINK = re.compile(r"(?:https?://|mailto:)", re.I)
_LINK_ELEMENTS = frozenset(["hyperlink", "hlinkClick", "hlinkHover"])
# A HYPERLINK field to a web or mail address, or to a place in the document (\l).
_SAFE_FIELD_LINK = re.compile(
    r'[\s\\"]*HYPERLINK\s+(?:\\l\b|(?:\\[a-z]\s+(?:"[^"]*"\s+)?)*"?\s*(?:https?://|mailto:))',
    re.I,
)
# Attributes that name an address themselves: VML's src and o:href, SVG's href, a slide's
# program or macro action.
_ADDRESS_ATTRIBUTES = frozenset(["src", "href", "althref"])
_ACTIONS = ("ppaction://program", "ppaction://macro")
_STRICT = "purl.oclc.org/ooxml"


@dataclass
class Budget:
    """What every embedded file of one template may expand to, together (a template of a
    thousand small bombs must not cost a thousand bombs' time)."""

    bytes_left: int


def is_package(blob: bytes) -> bool:
    """Whether a part holds an embedded file: a zip package or an OLE2 compound file."""
    return blob.startswith((ZIP_MAGIC, OLE2_MAGIC))


def reach(blob: bytes, limits: ZipLimits, budget: Budget) -> str | None:
    """What keeps the embedded Office file ``blob`` from being kept as it is (in Chinese),
    or None when everything in it is inert."""
    bounded = ZipLimits(
        limits.max_entries,
        min(limits.max_part_bytes, budget.bytes_left),
        min(limits.max_total_bytes, budget.bytes_left),
        limits.max_ratio,
    )
    try:
        parts = read_package(blob, "embedded", bounded)
    except DocgenError:
        return "无法按 Office 文件读取，或解压后过大"
    budget.bytes_left -= sum(map(len, parts.values()))
    if len({name.lower() for name in parts}) != len(parts):
        return "含有重名的部件"
    try:
        types = content_types(parts)
    except (KeyError, etree.XMLSyntaxError):
        return "缺少或无法读取内容类型（[Content_Types].xml）"
    hyperlinks: dict[str, set[str]] = {}  # by part: the ids of its external web links
    # Relationships first: a part's content is read knowing which of its ids are web links.
    for name in sorted(parts, key=lambda n: not n.endswith(".rels")):
        found = _part_problem(name, parts[name], types.get(name, ""), hyperlinks)
        if found:
            return f"{found}（{name}）"
    return None


def _part_problem(
    name: str, blob: bytes, declared: str, hyperlinks: dict[str, set[str]]
) -> str | None:
    kind = declared.split(";")[0].strip().lower()
    if is_package(blob):
        return "嵌有另一个文件"
    if kind in _PICTURE_TYPES or kind.endswith("printersettings") or kind.endswith("font"):
        return None  # pictures LibreOffice and Word draw as they are (no SVG: it may fetch)
    if name != "[Content_Types].xml" and kind not in _PART_TYPES:
        return f"含有普通文档之外的内容（{declared or '未声明类型'}）"
    if blob[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in blob:
        return "含有非 UTF-8 的部件"
    if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob or _STRICT.encode() in blob:
        return "含有 DTD，或是 Strict 格式"
    try:
        root = parse(blob)
    except etree.XMLSyntaxError:
        return "含有格式不正确的部件"
    if name.endswith(".rels"):
        return _relationship_problem(root, hyperlinks.setdefault(rels_owner(name), set()))
    return _content_problem(root, hyperlinks.get(name, set()))


def _relationship_problem(root: etree._Element, hyperlinks: set[str]) -> str | None:
    """A relationship of no ordinary kind, or an external one other than a web or mail link
    (whose ids go to ``hyperlinks``, for the part's content to be read against)."""
    for rel in root.iter(etree.Element):
        if etree.QName(rel).localname != "Relationship":
            continue
        target = rel.get("Target", "")
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if external(rel):
            if kind != "hyperlink" or not _SAFE_LINK.match(target.strip()):
                return f"引用了外部的文件、程序或网址：{target}"
            hyperlinks.add(rel.get("Id", ""))
        elif kind not in _RELATIONSHIPS:
            return f"含有普通文档之外的关系（{kind}：{target}）"
    return None


def _content_problem(root: etree._Element, hyperlinks: set[str]) -> str | None:
    for node in root.iter(etree.Element):
        local = etree.QName(node).localname
        for attr, value in node.attrib.items():
            if value in hyperlinks and not (
                local in _LINK_ELEMENTS and etree.QName(attr).localname == "id"
            ):
                return f"把网址链接用作图片或对象（{local}）"
            name = etree.QName(attr).localname
            if name in _ADDRESS_ATTRIBUTES and not value.strip().startswith("#"):
                return f"含有自带地址的图片或链接：{value}"
            if value.strip().lower().startswith(_ACTIONS):
                return f"含有运行程序或宏的动作：{value}"
        if local in ("mailMerge", "altChunk", "control", "webPublishItems"):
            return f"含有邮件合并数据源、外部内容块或控件（{local}）"
        if local in _FORMULA_ELEMENTS and node.text:
            found = _formula_problem(node.text)
            if found:
                return found
    for kind, code in field_codes(root):
        if kind not in _SHOWING_FIELDS and not (
            kind == "HYPERLINK" and _SAFE_FIELD_LINK.match(code)
        ):
            return f"含有可能读取外部内容或运行命令的域（{kind or '由嵌套的域拼出'}）"
    return None


def _formula_problem(formula: str) -> str | None:
    text = _STRING_LITERAL.sub('""', formula)
    if _FORMULA_REACHING.search(text):
        return f"含有引用其他文件、程序或网址的公式：{formula[:60]}"
    for function in _FUNCTION.findall(text):
        name = function.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
        if name not in _SAFE_FUNCTIONS and not name.startswith("_XLPM."):
            return f"含有可能访问外部或调用程序的公式：{formula[:60]}"
    return None
