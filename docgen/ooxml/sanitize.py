"""Make an untrusted template safe to fill: bounded, no DTDs, no external references, no macros.

A user's .docx may link a picture from a web server (``r:link``), attach a remote template, pull a
sub-document, carry a mail-merge SQL data source or an INCLUDEPICTURE field: Word would fetch
each of those when a recipient opens the output. They are removed here, once, before rendering,
and every removal is reported. External hyperlinks stay: they are what the author wrote.
Word's own mail-merge fields become
tags here too (``ooxml.mergefields``): a clerk's mail-merge main document is a template as it is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree

from docgen.errors import InputError, Location, UnreadableDocumentError
from docgen.ooxml.mergefields import MergeFields, fields_to_tags
from docgen.ooxml.package import DEFAULT_LIMITS, ZipLimits, read_zip, write_zip
from docgen.ooxml.xml import NS, el, parse, qn, serialize

_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
_MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
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
# Attributes that only point at data: dropping them keeps the element (a picture without source).
_POINTERS = {"embed", "link", "pict"}
_FETCHING_FIELD = re.compile(
    r"^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT)\b", re.IGNORECASE
)
_WML_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


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


def sanitize_template(
    data: bytes, source: str, limits: ZipLimits | None = None
) -> SanitizedTemplate:
    """Read a template with bounds and strip what would make its outputs reach outside."""
    parts = read_zip(data, source, limits or DEFAULT_LIMITS)
    where = Location(file=source)
    _refuse_dtds(parts, where)
    _refuse_review_marks(parts, where)
    notes: list[str] = []
    merged = MergeFields()
    changed = _main_content_type(parts, where, notes)
    stripped = _strip_external(parts, notes)
    for name in sorted(parts):
        if name.endswith(".xml") and (name in stripped or _suspicious(name, parts[name])):
            root = parse(parts[name])
            if _clean_part(name, root, stripped.get(name, set()), notes, merged, source):
                parts[name] = serialize(root)
                changed = True
    changed = _ensure_core(parts) or changed or bool(stripped)
    data = write_zip(parts) if changed else data
    return SanitizedTemplate(parts, data, notes + merged.notes, merged.columns, merged.shown)


# A tracked change in a story part: an insertion, a deletion, a move, a formatting change.
_REVISION = re.compile(rb'<w:(?:ins|del|moveFrom|moveTo|\w+PrChange)\b[^>]*?w:author="([^"]*)"')
_STORY_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def _refuse_review_marks(parts: dict[str, bytes], where: Location) -> None:
    """Tracked changes and comments would reach every file made from the template, and a tag
    in deleted text would still be read: the author decides them in Word first."""
    authors: dict[str, int] = {}
    for name, blob in parts.items():
        if _STORY_PART.match(name):
            for found in _REVISION.finditer(blob):
                author = found.group(1).decode("utf-8", "replace") or "（未署名）"
                authors[author] = authors.get(author, 0) + 1
    if authors:
        who = "、".join(f"{author} {count} 处" for author, count in authors.items())
        raise InputError(
            f"模板中有未处理的修订（{who}）：修订会原样带进每一个文件，删除线中的标签也仍会被填写，"
            "未生成任何文件（请在 Word 中“审阅 → 接受 → 接受所有修订”或“拒绝 → 拒绝所有修订”，保存后再生成）",
            where,
        )
    comments = _comments(parts.get("word/comments.xml"))
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
    if not blob or b"<w:comment " not in blob:
        return []
    found = []
    for comment in parse(blob).iter(qn("w:comment")):
        text = "".join(comment.itertext()).strip()
        found.append((comment.get(qn("w:author")) or "（未署名）", text[:20]))
    return found


def _refuse_dtds(parts: dict[str, bytes], where: Location) -> None:
    for name, blob in parts.items():
        if name.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in blob or b"<!ENTITY" in blob):
            raise UnreadableDocumentError(
                f"模板部件 {name} 含有 DTD/实体声明（Word 文档不会有，疑似恶意文件），已拒绝", where
            )


def _main_content_type(parts: dict[str, bytes], where: Location, notes: list[str]) -> bool:
    """A .dotx is filled like a .docx; a macro-enabled file is refused."""
    types = parts["[Content_Types].xml"]
    if b"macroEnabled" in types or any(n.endswith("vbaProject.bin") for n in parts):
        raise UnreadableDocumentError(
            "含宏的文档（.docm/.dotm）不能作模板：请在 Word 中另存为 .docx", where
        )
    if _TEMPLATE_CT.encode() in types:
        parts["[Content_Types].xml"] = types.replace(_TEMPLATE_CT.encode(), _MAIN_CT.encode())
        notes.append("模板是 .dotx，已按 .docx 生成")
        return True
    return False


def _strip_external(parts: dict[str, bytes], notes: list[str]) -> dict[str, set[str]]:
    """Remove external relationships other than hyperlinks; {source part: removed ids}."""
    stripped: dict[str, set[str]] = {}
    for name in [n for n in parts if n.endswith(".rels")]:
        if b"External" not in parts[name]:
            continue
        root = parse(parts[name])
        owner = _rels_owner(name)
        for rel in list(root):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if rel.get("TargetMode") != "External" or kind == "hyperlink":
                continue
            root.remove(rel)
            stripped.setdefault(owner, set()).add(rel.get("Id", ""))
            label = _LABELS.get(kind, "外部引用")
            notes.append(f"已移除{label}：{rel.get('Target', '')}（{owner}）")
        if owner in stripped:
            parts[name] = serialize(root)
    return stripped


def _rels_owner(rels_name: str) -> str:
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _suspicious(name: str, blob: bytes) -> bool:
    if name == "word/settings.xml":
        return b"mailMerge" in blob
    return bool(_WML_PART.match(name)) and (b"instrText" in blob or b"fldSimple" in blob)


def _clean_part(
    name: str,
    root: etree._Element,
    ids: set[str],
    notes: list[str],
    merged: MergeFields,
    source: str,
) -> bool:
    """Clean one part and turn its mail-merge fields into tags (what became of them goes to
    ``merged``)."""
    changed = False
    for node in list(root.iter()):
        for attr in [a for a in node.attrib if a.startswith(f"{{{NS['r']}}}")]:
            if node.attrib[attr] not in ids:
                continue
            changed = True
            if etree.QName(attr).localname in _POINTERS:
                del node.attrib[attr]
            elif node.getparent() is not None:
                node.getparent().remove(node)
                break
    for merge in root.findall(qn("w:mailMerge")):
        root.remove(merge)
        notes.append(
            "已移除 Word 邮件合并设置（数据源路径与查询语句）：生成的文件打开时不会再找原来的数据源"
        )
        changed = True
    changed = _defuse_fields(name, root, notes) or changed
    converted = fields_to_tags(name, root, source)
    merged.add(converted)
    return changed or bool(converted.columns)


def _defuse_fields(name: str, root: etree._Element, notes: list[str]) -> bool:
    """Blank the instructions of fields that fetch files (their last shown result stays)."""
    changed = False
    for simple in list(root.iter(qn("w:fldSimple"))):
        if _FETCHING_FIELD.match(simple.get(qn("w:instr"), "")):
            parent = simple.getparent()
            index = parent.index(simple)
            for offset, child in enumerate(list(simple)):
                parent.insert(index + offset, child)
            parent.remove(simple)
            notes.append(f"已停用取外部内容的域（{name}）")
            changed = True
    stack: list[list[etree._Element]] = []
    for node in root.iter(qn("w:fldChar"), qn("w:instrText")):
        if node.tag == qn("w:instrText"):
            if stack:
                stack[-1].append(node)
            continue
        kind = node.get(qn("w:fldCharType"))
        if kind == "begin":
            stack.append([])
        elif kind in ("separate", "end") and stack:
            texts = stack.pop() if kind == "end" else stack[-1]
            instruction = "".join(t.text or "" for t in texts)
            if _FETCHING_FIELD.match(instruction):
                for text in texts:
                    text.text = ""
                notes.append(f"已停用取外部内容的域（{name}）")
                changed = True
            if kind == "separate":
                stack[-1] = []
    return changed


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
    types = parse(parts["[Content_Types].xml"])
    types.append(el("ct:Override", {"PartName": "/docProps/core.xml", "ContentType": _CORE_CT}))
    parts["[Content_Types].xml"] = serialize(types)
    return True
