"""Make an untrusted template safe to fill: bounded, no DTDs, no external references, no macros.

A user's .docx may link a picture from a web server (``r:link``, a VML ``src``, or an external
hyperlink's relationship used as a picture's), attach a remote template, pull a sub-document,
carry a mail-merge SQL data source, an INCLUDEPICTURE or DATABASE field, or ask Word to update
its fields on opening: Word — and LibreOffice, for PDFs — would fetch each of those when a
recipient opens the output. They are removed here, once, before rendering, and every removal is
reported; an embedded OLE object keeps only its picture, and so does an embedded Office file
that is not an ordinary, inert document (``ooxml.embedded``), known by its bytes whatever its
relationship calls it. What cannot be removed without
changing what the template says is refused: ActiveX controls (programs, like macros), altChunk
content, a field whose type a nested field spells out. Parts are found by their content type and
by the relationships that point at them, not by their names, and read in their own encoding: a
DTD in UTF-16 is refused like one in UTF-8, and a part not in UTF-8 is rewritten in it.
External hyperlinks stay, where they are used as hyperlinks: they are what the author wrote.
Word's own mail-merge fields become tags here too (``ooxml.mergefields``): a clerk's mail-merge main document is a template as it is.
"""

from __future__ import annotations

import codecs
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from docgen.errors import InputError, Location, UnreadableDocumentError
from docgen.ooxml.embedded import ZIP_MAGIC, Budget, is_package, reach
from docgen.ooxml.fields import defuse_fields, reaching_field
from docgen.ooxml.mergefields import MergeFields, fields_to_tags, paragraph_place
from docgen.ooxml.package import (
    DEFAULT_LIMITS,
    ZipLimits,
    content_types,
    external,
    looks_xml,
    read_zip,
    rels_owner,
    write_zip,
)
from docgen.ooxml.svg import svg_reaches, svg_text, without_public_doctype
from docgen.ooxml.xml import NS, el, parse, qn, serialize
from docgen.text.listing import excerpt

_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
_MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_LABELS = {
    "image": "外部图片",
    "attachedTemplate": "附加模板",
    "subDocument": "子文档",
    "oleObject": "链接对象",
    "frame": "框架网页",
    "mailMergeSource": "邮件合并数据源",
    "mailMergeHeaderSource": "邮件合并数据源",
    "recipientData": "邮件合并收件人",
    "aFChunk": "外部内容块",
}
_HYPERLINK = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
}
# The attributes that name a relationship: r:id, r:embed, r:link, … and VML's o:relid.
_R_NAMESPACES = {NS["r"], "http://purl.oclc.org/ooxml/officeDocument/relationships"}
_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"
_RELID = f"{{{_OFFICE}}}relid"
# Where an external hyperlink's relationship is used as a hyperlink; anywhere else (a picture's
# r:link or r:embed, a sub-document's r:id…) LibreOffice would fetch its address.
_HYPERLINK_USES = {qn("w:hyperlink"), qn("a:hlinkClick"), qn("a:hlinkHover")}
# Attributes that only point at data: dropping them keeps the element (a picture without source).
_POINTERS = {"embed", "link", "pict"}
# VML attributes holding a picture's address itself (a URL or a file path), not a relationship.
_VML_SOURCES = ("src", f"{{{_OFFICE}}}href", f"{{{_OFFICE}}}althref")
_PICTURES = {qn("a:blip"), f"{{{_VML}}}imagedata", f"{{{_VML}}}fill", f"{{{_VML}}}image"}
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The parts docxtpl renders and Word's merge fields are read in, by content type and by the type
# of the relationship that points at them.
_STORY_TYPES = {
    _MAIN_CT: "document",
    _TEMPLATE_CT: "document",
    _WML + "header+xml": "header",
    _WML + "footer+xml": "footer",
    _WML + "footnotes+xml": "footnotes",
    _WML + "endnotes+xml": "endnotes",
    _WML + "comments+xml": "comments",
}
_STORY_RELS = {
    "officeDocument": "document",
    "header": "header",
    "footer": "footer",
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
}
_CONTROLS = {"control", "activeXControlBinary"}
# Media that play from an address: a web video's HTML (an iframe), linked video and sound.
_MEDIA = {"webVideoPr", "videoFile", "audioFile", "quickTimeFile", "wavAudioFile"}


@dataclass
class SanitizedTemplate:
    """The template's parts after cleaning, its bytes, and what was removed (in Chinese)."""

    parts: dict[str, bytes]
    data: bytes
    notes: list[str] = field(default_factory=list)
    # The columns Word's mail-merge fields name (now tags), each with where it is first named.
    merge_fields: dict[str, Location] = field(default_factory=dict)
    # Each tag made from a merge field, with the field's shown text («联系人»), for messages.
    merge_shown: dict[str, str] = field(default_factory=dict)
    # The worksheet Word's mail merge read its recipients from (FROM `名单$`), if it said.
    data_sheet: str | None = None


@dataclass
class _Relationships:
    """What one part's relationships (in the part ``rels``) became: the ids removed (external
    references other than hyperlinks, embedded objects), those of altChunk content removed, and
    the external hyperlinks kept, with their addresses; then, once the part is read, the
    hyperlinks it uses as hyperlinks and those it used otherwise."""

    rels: str = ""
    removed: set[str] = field(default_factory=set)
    chunks: set[str] = field(default_factory=set)
    hyperlinks: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    misused: set[str] = field(default_factory=set)


def sanitize_template(
    data: bytes, source: str, limits: ZipLimits | None = None
) -> SanitizedTemplate:
    """Read a template with bounds and strip what would make its outputs reach outside."""
    parts = read_zip(data, source, limits or DEFAULT_LIMITS)
    try:
        return _sanitized(data, parts, source, limits)
    except etree.XMLSyntaxError as exc:  # which part, found again only on this path
        raise _malformed(parts, source, exc) from None


def _malformed(
    parts: dict[str, bytes], source: str, exc: etree.XMLSyntaxError
) -> UnreadableDocumentError:
    part = "XML"
    for name in sorted(parts):
        if looks_xml(parts[name]):
            try:
                parse(parts[name])
            except etree.XMLSyntaxError as found:
                exc, part = found, name
                break
    return UnreadableDocumentError(
        f"模板部件 {part} 不是格式正确的 XML（{exc.msg}）：Word 也打不开这样的文件"
        "（请在 Word 中打开模板，另存为 .docx 后再试）",
        Location(file=source),
    )


def _sanitized(
    data: bytes, parts: dict[str, bytes], source: str, limits: ZipLimits | None
) -> SanitizedTemplate:
    where = Location(file=source)
    notes: list[str] = []
    changed = _check_svgs(parts, notes, where, limits or DEFAULT_LIMITS)
    changed = _in_utf8(parts, where) or changed
    _refuse_too_many_tags(parts, where, limits or DEFAULT_LIMITS)
    changed = _main_content_type(parts, where, notes) or changed
    sheet = data_sheet(parts)  # read before the mail-merge settings are removed
    types = content_types(parts)
    rels = {name: parse(blob) for name, blob in parts.items() if is_relationships(name)}
    stories = _stories(parts, types, rels)
    _refuse_review_marks(parts, stories, where)
    merged = MergeFields()
    if any("activeX" in kind for kind in types.values()):
        _refuse_controls(parts, types, source)
    stripped = _strip_external(parts, rels, notes, limits or DEFAULT_LIMITS)
    for name in sorted(parts):  # every XML part read: a byte test is easy to write around
        if name not in parts or not _cleanable(name, parts[name]):
            continue
        root = parse(parts[name])
        _refuse_strict_names(name, root, where)
        dropped = False
        if name in stories:
            _refuse_other_prefixes(name, root, where)
            dropped = _drop_hidden(root)
        if stories.get(name) == "endnotes":
            _refuse_filling_endnotes(root, where)
        found = stripped.get(name) or _Relationships()
        if _clean_part(name, root, found, notes, merged, source, name in stories) or dropped:
            parts[name] = serialize(root)
            changed = True
    if any(_kind(rel) in _CONTROLS for root in rels.values() for rel in root):
        _refuse_controls(parts, types, source)
    for kept in stripped.values():
        changed = _drop_misused(parts, rels[kept.rels], kept) or changed
    changed = _ensure_core(parts) or changed or any(_removed(s) for s in stripped.values())
    data = write_zip(parts) if changed else data
    return SanitizedTemplate(parts, data, notes + merged.notes, merged.columns, merged.shown, sheet)


def rendered_reach(root: etree._Element, external_ids: frozenset[str]) -> str | None:
    """What in a part as rendered would reach outside, though its template was cleaned (in
    Chinese): a fetching field, an external relationship (``external_ids``) used other than
    as a hyperlink, a VML picture naming its address, altChunk or sub-document content. A
    backstop for rows docxtpl's own path renders: the checks at prepare leave it nothing."""
    kind = reaching_field(root)
    if kind is not None:
        return f"生成的内容中出现了读取外部内容或运行命令的域（{kind}）"
    for node in root.iter(etree.Element):
        if node.tag in _CHUNKS or etree.QName(node).localname in _MEDIA:
            return f"生成的内容中出现了嵌入的外部内容（{etree.QName(node).localname}）"
        if _in_strict(node):  # what no check here knows
            return "生成的内容中出现了“严格 Open XML”（Strict）命名空间的元素或属性"
        for attr, value in node.attrib.items():
            used = node.tag in _HYPERLINK_USES and etree.QName(attr).localname == "id"
            if value in external_ids and _names_relationship(attr) and not used:
                return "生成的内容中有图片或对象引用了外部地址"
            if attr in _VML_SOURCES and value.strip() and etree.QName(node).namespace == _VML:
                return f"生成的内容中有图片自带了地址：{value}"
    return None


_CHUNKS = {qn("w:altChunk"), qn("w:subDoc"), qn("w:control")}


def _drop_hidden(root: etree._Element) -> bool:
    """Remove XML comments and processing instructions from a part docxtpl renders: Word
    writes none there, and their text is markup no check reads (docxtpl's listing copies
    properties by pattern, and a copy that ends inside a comment would open it)."""
    hidden = list(root.iter(etree.Comment, etree.ProcessingInstruction))
    if hidden:
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return bool(hidden)


def _refuse_strict_names(name: str, root: etree._Element, where: Location) -> None:
    """A Transitional package only: every check here knows WordprocessingML by its Transitional
    namespace, and Word reads a field spelt in Strict's (purl.oclc.org) just the same. Read
    as the parser reads the part: a namespace spelt with character references (&#x70;url…)
    is the Strict one all the same."""
    for node in root.iter(etree.Element):
        if _in_strict(node):
            raise UnreadableDocumentError(
                f"模板部件 {name} 用了 Word 的“严格 Open XML”（Strict）命名空间：docgen 无法检查"
                "其中的域和链接，已拒绝（请在 Word 中把模板另存为“Word 文档 (*.docx)”）",
                where,
            )


def _in_strict(node: etree._Element) -> bool:
    """Whether an element or one of its attributes is in a Strict namespace."""
    return node.tag.startswith(_STRICT_NAME) or any(a.startswith(_STRICT_NAME) for a in node.attrib)


_STRICT_NAME = "{http://purl.oclc.org/ooxml/"


def _refuse_other_prefixes(name: str, root: etree._Element, where: Location) -> None:
    """A part docxtpl renders spells WordprocessingML with the prefix w, as Word writes it:
    its tags are checked as text (``render.markup`` knows a field by "w:fldChar"), and the
    same element under another prefix would pass for something else there."""
    for node in root.iter(etree.Element):
        for prefix, uri in node.nsmap.items():
            if (uri == NS["w"]) != (prefix == "w"):
                raise UnreadableDocumentError(
                    f"模板部件 {name} 的 XML 命名空间前缀不是 Word 的写法（{prefix or '默认'}）："
                    "Word 不会这样保存，docgen 无法检查其中的标签，已拒绝（请在 Word 中打开模板"
                    "另存一次）",
                    where,
                )


def _check_svgs(
    parts: dict[str, bytes], notes: list[str], where: Location, limits: ZipLimits
) -> bool:
    """In one pass over the parts (``ooxml.svg``): drop the public DOCTYPE drawing programs
    write at the top of an SVG (no renderer loads it; every other DTD is refused), and refuse
    an SVG picture LibreOffice would read something outside with."""
    changed = False
    for name in sorted(parts):
        stripped = without_public_doctype(parts[name])
        if stripped is not None:
            parts[name] = stripped
            notes.append(f"已去掉 SVG 图片开头的 DOCTYPE 声明（{name}）")
            changed = True
        text = svg_text(parts[name], limits.max_part_bytes)
        if text is not None and svg_reaches(text):
            raise InputError(
                f"模板中的 SVG 图片「{name.rsplit('/', 1)[-1]}」引用了外部的文件或网址（或含有 DTD）："
                "转换 PDF 时会去读取它，未生成任何文件（请在 Word 中把这张图片另存为 PNG，再重新插入）",
                where,
            )
    return changed


# A tracked change in a story part: an insertion, a deletion, a move, a formatting change.
_REVISION = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo|\w+PrChange)\b([^>]*)")
_AUTHOR = re.compile(rb"""\bw:author\s*=\s*(["'])(.*?)\1""", re.S)


def _refuse_filling_endnotes(root: etree._Element, where: Location) -> None:
    """docxtpl fills the body, headers, footers and footnotes, never endnotes: a tag or a merge
    field there would stay as it is in every file."""
    text = "".join(t.text or "" for t in root.iter(qn("w:t")))
    codes = [t.text or "" for t in root.iter(qn("w:instrText"))]
    codes += [simple.get(qn("w:instr"), "") for simple in root.iter(qn("w:fldSimple"))]
    tag = next((mark for mark in ("{{", "{%") if mark in text), None)
    if tag is None and "MERGEFIELD" not in " ".join(codes).upper():
        return
    shown = f"标签「{excerpt(text[text.index(tag) :])}」" if tag else "Word 邮件合并域"
    raise InputError(
        f"尾注中有{shown}：尾注不会被填写，每个文件里都会原样留下，未生成任何文件"
        "（请改用脚注：Word 中“引用 → 插入脚注”，脚注中的标签和合并域会按每一行填写）",
        where,
    )


def _refuse_review_marks(parts: dict[str, bytes], stories: dict[str, str], where: Location) -> None:
    """Tracked changes and comments would reach every file made from the template, and a tag
    in deleted text would still be read: the author decides them in Word first."""
    authors: dict[str, int] = {}
    comments: list[tuple[str, str]] = []
    for name in sorted(stories):
        if stories[name] == "comments":
            comments += _comments(parts.get(name))
            continue
        for found in _REVISION.finditer(parts[name]):  # quoted either way, or unsigned
            signed = _AUTHOR.search(found.group(1))
            author = (signed.group(2) if signed else b"").decode("utf-8", "replace") or "（未署名）"
            authors[author] = authors.get(author, 0) + 1
    if authors:
        who = "、".join(f"{author} {count} 处" for author, count in authors.items())
        raise InputError(
            f"模板中有未处理的修订（{who}）：修订会原样带进每一个文件，删除线中的标签也仍会被填写，"
            "未生成任何文件（请在 Word 中“审阅 → 接受 → 接受所有修订”或“拒绝 → 拒绝所有修订”，保存后再生成）",
            where,
        )
    if comments:
        author, text = comments[0]
        more = f"等 {len(comments)} 条" if len(comments) > 1 else ""
        raise InputError(
            f"模板中有批注（{author}：“{text}”{more}）：批注会带进每一个文件，未生成任何文件"
            "（请在 Word 中“审阅 → 删除 → 删除文档中的所有批注”，保存后再生成）",
            where,
        )


def _comments(blob: bytes | None) -> list[tuple[str, str]]:
    """Each comment's author and the start of its text."""
    if not blob or b"comment" not in blob:
        return []
    found = []
    for comment in parse(blob).iter(qn("w:comment")):
        text = "".join(comment.itertext()).strip()
        found.append((comment.get(qn("w:author")) or "（未署名）", text[:20]))
    return found


# Encodings told by a part's first bytes (XML 1.0, appendix F): byte-order marks, then the
# start of a declaration without one (None: an order of UCS-4 nothing here reads).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)
_UNMARKED: dict[bytes, str | None] = {
    b"<\x00?\x00": "utf-16-le",
    b"\x00<\x00?": "utf-16-be",
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00\x00\x00<": "utf-32-be",
    b"\x00\x00<\x00": None,
    b"\x00<\x00\x00": None,
}
_EBCDIC = b"\x4c\x6f\xa7\x94"  # <?xm
_DECLARATION = re.compile(r"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")
_DTD = ("<!DOCTYPE", "<!ENTITY")


def _refuse_too_many_tags(parts: dict[str, bytes], where: Location, limits: ZipLimits) -> None:
    """Refuse XML parts whose tags together are past ``max_xml_tags``, before any is parsed."""
    tags = sum(blob.count(b"<") for blob in parts.values() if looks_xml(blob))
    if tags > limits.max_xml_tags:
        raise UnreadableDocumentError(
            f"模板的 XML 部件过于庞大（共 {tags} 个标记，上限 {limits.max_xml_tags}），"
            "疑似损坏或恶意构造，已拒绝读取",
            where,
        )


def _in_utf8(parts: dict[str, bytes], where: Location) -> bool:
    """Refuse a DTD in any XML part, in whatever encoding it is written, and rewrite the parts
    not in UTF-8 in it (so that every later look at a part's bytes sees its text). XML parts:
    those named .xml or .rels, those whose content type is XML, and those whose bytes are XML,
    whatever their name and type."""
    types = content_types(parts)
    names = [
        name
        for name in parts
        if name.endswith((".xml", ".rels"))
        or _xml_type(types.get(name, ""))
        or looks_xml(parts[name])
    ]
    return _check_xml(parts, names, where)


def _check_xml(parts: dict[str, bytes], names: list[str], where: Location) -> bool:
    changed = False
    for name in names:
        blob = parts[name]
        encoding = _encoding(blob)
        dtd = any(mark.encode() in blob for mark in _DTD)
        if encoding in ("utf-8", "utf-8-sig") and not dtd:
            continue
        if dtd:
            _refuse_dtd(name, where)
        text = _decoded(blob, encoding) if encoding is not None else None
        if text is None:
            raise UnreadableDocumentError(
                f"模板部件 {name} 的编码无法识别（Word 文档只用 UTF-8 或 UTF-16），已拒绝", where
            )
        if any(mark in text for mark in _DTD):
            _refuse_dtd(name, where)
        try:
            root = parse(blob)
        except etree.XMLSyntaxError:
            raise UnreadableDocumentError(
                f"模板部件 {name} 无法读取（{encoding} 编码的 XML 有错误），已拒绝", where
            ) from None
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.doctype:
            _refuse_dtd(name, where)
        parts[name] = serialize(root)
        changed = True
    return changed


def _decoded(blob: bytes, encoding: str) -> str | None:
    try:
        return blob.decode(encoding, "replace")
    except (UnicodeError, LookupError):  # a text codec that still refuses (the rare ones)
        return None


def _refuse_dtd(name: str, where: Location) -> None:
    raise UnreadableDocumentError(
        f"模板部件 {name} 含有 DTD/实体声明（Word 文档不会有，疑似恶意文件），已拒绝", where
    )


def _encoding(blob: bytes) -> str | None:
    """The codec a part is written in, as an XML parser reads it: its byte-order mark, else
    its first bytes and the encoding its declaration names; None for one Python cannot read."""
    for mark, codec in _BOMS:
        if blob.startswith(mark):
            return codec
    head = blob[:4]
    if head in _UNMARKED:
        return _UNMARKED[head]
    start = blob[:256].decode("cp037" if head == _EBCDIC else "latin-1")
    declared = _DECLARATION.match(start)
    if declared is None:
        return "cp037" if head == _EBCDIC else "utf-8"
    try:
        codec = codecs.lookup(declared.group(1))
    except LookupError:
        return None
    # rot13, base64, zlib … are codecs too, but not of text a parser reads
    return codec.name if codec._is_text_encoding and codec.name not in _NOT_XML else None


# Text codecs no XML parser reads a document in (idna names hosts; undefined refuses all).
_NOT_XML = frozenset(["idna", "undefined", "punycode", "unicode-escape", "raw-unicode-escape"])


def _xml_type(content_type: str) -> bool:
    """Whether a content type says XML (SVG pictures are left to themselves)."""
    kind = content_type.split(";")[0].strip().lower()
    return kind.endswith("xml") and not kind.startswith("image/")


def _stories(
    parts: dict[str, bytes], types: dict[str, str], rels: dict[str, etree._Element]
) -> dict[str, str]:
    """The body, headers, footers, notes and comments, whatever they are named: by content type
    and by the relationships that point at them (docxtpl renders a header by its relationship)."""
    found = {name: _STORY_TYPES[kind] for name, kind in types.items() if kind in _STORY_TYPES}
    for rels_name, root in rels.items():
        owner = rels_owner(rels_name)
        for rel in root:
            if not isinstance(rel.tag, str) or external(rel):
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = _target(owner, rel.get("Target", ""))
            if kind in _STORY_RELS and target in parts:
                found.setdefault(target, _STORY_RELS[kind])
    return found


def _main_content_type(parts: dict[str, bytes], where: Location, notes: list[str]) -> bool:
    """A .dotx is filled like a .docx; a macro-enabled file is refused."""
    types = parts[_CONTENT_TYPES]
    if b"macroEnabled" in types or any(n.endswith("vbaProject.bin") for n in parts):
        raise UnreadableDocumentError(
            "含宏的文档（.docm/.dotm）不能作模板：请在 Word 中另存为 .docx", where
        )
    if _TEMPLATE_CT.encode() in types:
        parts[_CONTENT_TYPES] = types.replace(_TEMPLATE_CT.encode(), _MAIN_CT.encode())
        notes.append("模板是 .dotx，已按 .docx 生成")
        return True
    return False


def _refuse_controls(parts: dict[str, bytes], types: dict[str, str], source: str) -> None:
    """ActiveX controls are programs, like macros: refused, at the first control's place."""
    for name in sorted(parts):
        if _cleanable(name, parts[name]) and b"control" in parts[name]:
            for control in parse(parts[name]).iter(qn("w:control")):
                _refuse_control(control, name, source)
    raise UnreadableDocumentError(_CONTROL_MESSAGE.format(name="ActiveX"), Location(file=source))


_CONTROL_MESSAGE = (
    "模板中有 ActiveX 控件（{name}）：控件是打开文件时会运行的程序，和宏一样不能作模板，"
    "未生成任何文件（请在 Word 中“开发工具 → 设计模式”选中控件删除，保存后再生成）"
)


def _refuse_control(control: etree._Element, part: str, source: str) -> None:
    name = control.get(qn("w:name")) or "ActiveX"
    raise UnreadableDocumentError(
        _CONTROL_MESSAGE.format(name=name), paragraph_place(control, part, source)
    )


def _strip_external(
    parts: dict[str, bytes],
    rels: dict[str, etree._Element],
    notes: list[str],
    limits: ZipLimits,
) -> dict[str, _Relationships]:
    """Remove external relationships other than hyperlinks, and embedded files other than
    ordinary Office documents (``embedded.reach``); by source part, the ids removed and the
    hyperlinks kept."""
    found: dict[str, _Relationships] = {}
    dropped: list[str] = []
    verdicts: dict[str, str | None] = {}  # each embedded file read once, however often named
    budget = Budget(limits.max_total_bytes)
    main = _main_target(rels)
    for name, root in rels.items():
        owner = rels_owner(name)
        mine = found.setdefault(owner, _Relationships(name))
        for rel in list(root):
            if not isinstance(rel.tag, str):
                continue
            kind, target = rel.get("Type", ""), rel.get("Target", "")
            short = kind.rsplit("/", 1)[-1]
            if owner and not external(rel) and _names_part(owner, target, main):
                # The document named again as one of its own parts (a sub-document, an
                # image): no file Word accepts, and --combined copied the body in whole.
                notes.append(f"已移除指向正文本身的关系：{target}（{owner}）")
            elif external(rel):
                if kind in _HYPERLINK:
                    mine.hyperlinks[rel.get("Id", "")] = target
                    continue
                notes.append(f"已移除{_LABELS.get(short, '外部引用')}：{target}（{owner}）")
            elif short == "aFChunk":  # refused where a w:altChunk uses it, else unused
                dropped.append(_target(owner, target))
                root.remove(rel)
                mine.chunks.add(rel.get("Id", ""))
                continue
            else:
                # An embedded file is known by its bytes, whatever the relationship says it is:
                # LibreOffice loads the object a w:object names through any of them.
                part = _target(owner, target)
                blob = parts.get(part, b"")
                if short.lower() not in ("oleobject", "package") and not is_package(blob):
                    continue
                why = "对象可能带有程序"
                if short.lower() != "oleobject" and blob.startswith(ZIP_MAGIC):
                    if part not in verdicts:
                        verdicts[part] = reach(blob, limits, budget)
                    if verdicts[part] is None:
                        continue  # an ordinary document, workbook or presentation
                    why = f"这个嵌入的 Office 文件{verdicts[part]}"
                if part not in dropped:  # said once, however many relationships name it
                    notes.append(
                        f"已移除嵌入对象：{target}（{owner}）：{why}，生成的文件中只留下它显示的图片"
                    )
                    dropped.append(part)
            root.remove(rel)
            mine.removed.add(rel.get("Id", ""))
        if _removed(mine):
            parts[name] = serialize(root)
    for part in dropped:
        _drop_part(parts, part)
    return {owner: mine for owner, mine in found.items() if _removed(mine) or mine.hyperlinks}


def _names_part(owner: str, target: str, part: str) -> bool:
    """Whether an internal relationship of ``owner`` points at ``part`` as a package reader
    resolves it: part names are compared without case, escapes (%2E) decoded."""
    return _target(owner, unquote(target)).casefold() == part.casefold()


def _main_target(rels: dict[str, etree._Element]) -> str:
    """The main document part, as the package's relationships name it."""
    for rel in rels.get("_rels/.rels", []):
        if isinstance(rel.tag, str) and _kind(rel) == "officeDocument" and not external(rel):
            return _target("", rel.get("Target", ""))
    return "word/document.xml"


def _removed(found: _Relationships) -> bool:
    return bool(found.removed or found.chunks)


def _drop_misused(parts: dict[str, bytes], root: etree._Element, found: _Relationships) -> bool:
    """Remove the hyperlinks' relationships that were used only other than as hyperlinks."""
    unused = found.misused - found.used
    for rel in list(root):
        if isinstance(rel.tag, str) and external(rel):
            if rel.get("Id") in unused:
                root.remove(rel)
    if unused:
        parts[found.rels] = serialize(root)
    return bool(unused)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    """Remove a part, its relationships and its content type's override."""
    if parts.pop(name, None) is None:
        return
    folder, base = posixpath.split(name)
    parts.pop(posixpath.join(folder, "_rels", f"{base}.rels"), None)
    root = parse(parts[_CONTENT_TYPES])
    for node in list(root):
        if (
            isinstance(node.tag, str)
            and node.get("PartName", "").lstrip("/").lower() == name.lower()
        ):
            root.remove(node)
    parts[_CONTENT_TYPES] = serialize(root)


def _kind(rel: etree._Element) -> str:
    """A relationship's type, its last word (``image``, ``hyperlink``…)."""
    return rel.get("Type", "").rsplit("/", 1)[-1] if isinstance(rel.tag, str) else ""


def _target(owner: str, target: str) -> str:
    """The part an internal relationship of ``owner`` points at."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(owner), target))


def is_relationships(name: str) -> bool:
    """A relationships part, where OPC puts them (a part elsewhere named .rels is cleaned like
    any other: Word finds a part by its relationship, not its name)."""
    return _RELATIONSHIPS.search(name) is not None


# The package's own is "_rels/.rels" (security review 20: its external targets were kept).
_RELATIONSHIPS = re.compile(r"(?:^|/)_rels/[^/]*\.rels$", re.IGNORECASE)


def _cleanable(name: str, blob: bytes) -> bool:
    """An XML part, whatever its name and content type say (docxtpl, Word and LibreOffice
    find a header by its relationship), that is not the package's own (content types,
    relationships)."""
    if name == _CONTENT_TYPES or is_relationships(name):
        return False
    return looks_xml(blob)


def _clean_part(
    name: str,
    root: etree._Element,
    rels: _Relationships,
    notes: list[str],
    merged: MergeFields,
    source: str,
    story: bool,
) -> bool:
    """Clean one part and, in a story part, turn its mail-merge fields into tags (what became
    of them goes to ``merged``)."""
    changed = _drop_references(name, root, rels, notes)
    changed = _drop_picture_addresses(name, root, notes) or changed
    for control in root.iter(qn("w:control")):
        _refuse_control(control, name, source)
    for chunk in root.iter(qn("w:altChunk")):
        _refuse_chunk(chunk, name, source)
    for merge in root.findall(qn("w:mailMerge")):
        root.remove(merge)
        notes.append(
            "已移除 Word 邮件合并设置（数据源路径与查询语句）：生成的文件打开时不会再找原来的数据源"
        )
        notes += _recipients_not_chosen(merge)
        changed = True
    for media in [n for n in root.iter(etree.Element) if etree.QName(n).localname in _MEDIA]:
        media.getparent().remove(media)
        notes.append(f"已移除网络视频或链接的音频、视频（{name}）：生成的文件中只留下它的图片")
        changed = True
    for update in root.findall(qn("w:updateFields")):
        root.remove(update)
        notes.append("已移除“打开时更新域”设置：生成的文件打开时 Word 不会再自动更新其中的域")
        changed = True
    changed = defuse_fields(name, root, notes, source) or changed
    if not story:
        return changed
    converted = fields_to_tags(name, root, source)
    merged.add(converted)
    return changed or bool(converted.columns)


def _recipients_not_chosen(merge: etree._Element) -> list[str]:
    """What Word's mail merge chose that docgen does not: the recipients filtered or sorted
    by its query (or unticked in its list)."""
    query = merge.find(qn("w:query"))
    text = query.get(qn("w:val"), "") if query is not None else ""
    said = []
    chosen = re.search(r"\b(WHERE|ORDER\s+BY)\b(.*)", text, re.IGNORECASE | re.DOTALL)
    unticked = merge.find(f"{qn('w:odso')}/{qn('w:recipientData')}") is not None
    if chosen or unticked:
        how = f"（{excerpt(chosen[0].strip())}）" if chosen else ""
        said.append(
            f"Word 中设置的收件人筛选或排序{how}不会生效：名单中的每一行都会按名单的顺序各生成一份"
            "（只要其中一部分时，请把这些行另存为一个名单）"
        )
    return said


def data_sheet(parts: dict[str, bytes]) -> str | None:
    """The worksheet a Word mail-merge main document's query reads (FROM `名单$`), if any."""
    settings = parts.get("word/settings.xml", b"")
    found = re.search(rb"FROM\s+(?:`|\[|&#96;)([^`\[\]&$]{1,255})\$", settings, re.IGNORECASE)
    return found[1].decode("utf-8", "replace") if found else None


def _drop_references(
    name: str, root: etree._Element, rels: _Relationships, notes: list[str]
) -> bool:
    """Drop what points at a removed relationship, and every use of an external hyperlink's
    relationship other than as a hyperlink: a picture loses its source, other elements go."""
    if not rels.removed and not rels.hyperlinks:
        return False
    changed = False
    said: set[str] = set()
    for node in list(root.iter(etree.Element)):
        for attr in list(node.attrib):
            if not _names_relationship(attr):
                continue
            value = node.attrib[attr]
            if value in rels.removed:
                pass
            elif value in rels.hyperlinks and (
                node.tag in _HYPERLINK_USES and etree.QName(attr).localname == "id"
            ):
                rels.used.add(value)
                continue
            elif value in rels.hyperlinks:
                rels.misused.add(value)
                target = rels.hyperlinks[value]
                label = "外部图片" if node.tag in _PICTURES else "外部引用"
                if (label, target) not in said:
                    said.add((label, target))
                    notes.append(f"已移除借超链接关系引用的{label}：{target}（{name}）")
            else:
                continue
            changed = True
            vml = etree.QName(node).namespace == _VML
            if vml or attr == _RELID or etree.QName(attr).localname in _POINTERS:
                del node.attrib[attr]
            elif node.getparent() is not None:
                node.getparent().remove(node)
                break
    for holder in list(root.iter(qn("w:object"))):
        kept = [
            c for c in holder if isinstance(c.tag, str) and etree.QName(c).localname != "shapetype"
        ]
        if not kept:  # an object that was nothing but the object: no picture to keep
            holder.getparent().remove(holder)
    return changed


def _names_relationship(attr: str) -> bool:
    return attr == _RELID or etree.QName(attr).namespace in _R_NAMESPACES


def _drop_picture_addresses(name: str, root: etree._Element, notes: list[str]) -> bool:
    """VML pictures that name their file or URL themselves (``v:imagedata src=``, ``o:href``)
    lose the address; a picture kept in the package (``r:id``) stays."""
    changed = False
    for node in root.iter(etree.Element):
        if etree.QName(node).namespace not in (_VML, _OFFICE):
            continue
        for attr in _VML_SOURCES:
            address = node.get(attr)
            if address is None:
                continue
            del node.attrib[attr]
            changed = True
            if address.strip():
                notes.append(f"已移除外部图片：{address}（{name}）")
    return changed


def _refuse_chunk(chunk: etree._Element, part: str, source: str) -> None:
    """An altChunk is a web page, an RTF or another document that Word converts when it opens
    the file: its pictures and frames may come from anywhere, and docxtpl does not fill it."""
    before = next(chunk.itersiblings(qn("w:p"), preceding=True), None)
    after = next(chunk.itersiblings(qn("w:p")), None)
    paragraph, side = (before, "这一段之后") if before is not None else (after, "这一段之前")
    place = Location(file=source) if paragraph is None else paragraph_place(paragraph, part, source)
    raise InputError(
        f"{side if paragraph is not None else '模板中'}有一块嵌入的外部内容（altChunk：网页、RTF 或"
        "另一个文档）：Word 打开文件时才转换它，其中的图片和框架可能取自外部网址，docgen 无法检查，"
        "未生成任何文件（请在 Word 中打开模板另存一次，Word 会把它转为普通内容，再生成）",
        place,
    )


def _ensure_core(parts: dict[str, bytes]) -> bool:
    """Give the package fixed core properties; python-docx would otherwise stamp the clock."""
    rels = parse(parts["_rels/.rels"])
    if any(r.get("Type") == _CORE_REL for r in rels):
        return False
    parts["docProps/core.xml"] = serialize(el("cp:coreProperties"))
    rels.append(
        el(
            "pr:Relationship",
            {"Id": "rIdDocgenCore", "Type": _CORE_REL, "Target": "docProps/core.xml"},
        )
    )
    parts["_rels/.rels"] = serialize(rels)
    types = parse(parts[_CONTENT_TYPES])
    types.append(el("ct:Override", {"PartName": "/docProps/core.xml", "ContentType": _CORE_CT}))
    parts[_CONTENT_TYPES] = serialize(types)
    return True
