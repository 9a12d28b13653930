"""One package holding many documents made from one template, for printing in one go.

Each document keeps its own sections; the first section of each restarts page numbering at 1
(``w:pgNumType w:start="1"``) on a new page, and the section that ends a document moves from the
body into its last paragraph, as Word stores a section break. Parts that differ per document
(rendered headers and footers, footnotes) are added under new names or merged with new ids;
relationship ids, drawing ids and bookmark ids are renumbered so none clash. Numbered lists start
again in each document (a new ``w:num`` over the same list definition), and comment marks are left
out: the template's review notes are not for printing, and every document would point at the same
comment. For two-sided printing a document of an odd page count can be followed by a blank
page (a section with empty headers and footers), so the next one starts on the front of a sheet.
The body is spooled to a temporary file, so thousands of documents do not pile up in memory.
"""

from __future__ import annotations

import copy
import itertools
import posixpath
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from lxml import etree

from docgen.errors import Location, UnreadableDocumentError
from docgen.ooxml.package import external, member_order, read_zip, zip_info
from docgen.ooxml.xml import NS, el, parse, qn, serialize, w

_R = f"{{{NS['r']}}}"
_NOTES = {
    "footnotes": ("w:footnote", "w:footnoteReference"),
    "endnotes": ("w:endnote", "w:endnoteReference"),
}
_AFTER_TYPE = (
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)
_AFTER_PGNUM = _AFTER_TYPE[_AFTER_TYPE.index("cols") :]
_AFTER_FOOTNOTEPR = ("endnotePr", "type", *_AFTER_TYPE)
_NUMBERING = "numbering"
_STYLES = "styles"
# w:pPr children that follow w:numPr in the schema's order.
_AFTER_NUMPR = (
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
# What a blank page's section does not take from the section before it.
_BLANK_DROPS = ("headerReference", "footerReference", "pgNumType", "titlePg", "sectPrChange")
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PART_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_COMMENT_MARKS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
_DRAWING_ID = qn("wp:docPr")
# Marks whose ids pair a start with its end, unique in the package: bookmarks and the
# ranges "Restrict editing" leaves open (a duplicate permStart id is no file Word opens).
_BOOKMARK_MARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:permStart"), qn("w:permEnd"))


class Combiner:
    """Append documents with ``add``; ``write`` zips the whole."""

    def __init__(self) -> None:
        self._parts: dict[str, bytes] = {}
        self._rels: etree._Element | None = None
        self._types: etree._Element | None = None
        self._notes: dict[str, etree._Element] = {}
        self._next_note: dict[str, int] = {}  # a notes part's name → the next note's id
        self._note_kinds: dict[str, str] = {}  # a notes part's name → footnotes or endnotes
        self._folded: set[str] | None = None  # the parts' names casefolded, for new names
        self._body = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
        self._head = self._tail = b""
        self._pending: list[etree._Element] = []
        self._count = self._drawing = self._bookmark = self._added = 0
        self._taken: set[str] | None = None  # the relationship ids in use, once one is added
        self._lists: _Lists | None = None  # the numbering part, when the template has one
        self._pad = False  # a blank page follows the last document added, if another comes
        self._blank_refs: tuple[str, str] | None = None  # the blank header and footer's r:ids
        self._style_lists: dict[str, tuple[str, str]] = {}  # paragraph style → (numId, ilvl)

    def add(self, data: bytes, source: str, *, pad: bool = False) -> None:
        """Append one document (a package from the same template as the first).

        ``pad`` (the document has an odd number of pages) puts a blank page after it when
        another document follows, so that printed on both sides each document starts on the
        front of a sheet: the blank page is a section of its own, without header, footer or
        page number.
        """
        parts = read_zip(data, source)
        try:
            self._add(parts, pad)
        except (KeyError, ValueError, etree.LxmlError):
            # A part a template's relationships name but the package lacks, a list with no
            # definition: Word has no way to print it either; the batch's files stay.
            raise UnreadableDocumentError(
                "这份文档的结构无法合并（模板中有 Word 也无法识别的部件或编号）：请逐份打印",
                Location(file=source),
            ) from None

    def _add(self, parts: dict[str, bytes], pad: bool) -> None:
        main = _main_part(parts)
        root = parse(parts[main])
        body = root.find(qn("w:body"))
        if self._count == 0:
            self._start(parts, main, root)
            ids = {}
        else:
            ids = self._merge_rels(parts, main)
        self._renumber(body, ids, parts)
        _drop_comment_marks(body)
        if self._count:
            self._restart_lists(body)
        self._sections(body)
        self._flush_pending()
        children = list(body)
        # The last paragraph and the final section wait: the next document decides their form.
        self._pending = children[-2:]
        for child in children[: len(children) - len(self._pending)]:
            self._body.write(etree.tostring(child, encoding="UTF-8"))
        self._count += 1
        self._pad = pad

    def write(self, target: BinaryIO) -> None:
        """The combined package, zipped with fixed timestamps."""
        if self._rels is None:
            raise ValueError("nothing to combine")
        final = (
            self._pending[-1] if self._pending and self._pending[-1].tag == qn("w:sectPr") else None
        )
        for child in self._pending:
            if child is not final:
                self._body.write(etree.tostring(child, encoding="UTF-8"))
        tail = (etree.tostring(final, encoding="UTF-8") if final is not None else b"") + self._tail
        self._parts[self._rels_name] = serialize(self._rels)
        self._parts["[Content_Types].xml"] = serialize(self._types)
        for name, root in self._notes.items():
            self._parts[name] = serialize(root)
        if self._lists is not None:
            self._parts[self._lists.name] = serialize(self._lists.numbering)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in member_order(self._parts):
                info = zip_info(name)
                if name != self._main:
                    archive.writestr(info, self._parts[name], compresslevel=6)
                    continue
                with archive.open(info, "w") as stream:
                    stream.write(self._head)
                    self._body.seek(0)
                    while chunk := self._body.read(1 << 20):
                        stream.write(chunk)
                    stream.write(tail)
        self._body.close()

    # -- the first document gives the package -------------------------------------------------

    def _start(self, parts: dict[str, bytes], main: str, root: etree._Element) -> None:
        self._parts = dict(parts)
        self._main = main
        self._rels_name = _rels_of(main)
        self._rels = _relationships(parts, self._rels_name)
        self._types = parse(parts["[Content_Types].xml"])
        for rel in self._rels:
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in _NOTES:  # known by its relationship: a template may name it fn.xml
                name = _target(main, rel)
                notes = parse(parts[name])
                self._number_marks(notes)  # numbered first, then the body's after them
                self._notes[name] = notes
                self._note_kinds[name] = kind
                ids = (_whole(note.get(qn("w:id"))) for note in notes)
                self._next_note[name] = 1 + max(ids, default=0)
            elif kind == _NUMBERING and _target(main, rel) in parts:
                name = _target(main, rel)
                self._lists = _Lists(name, parse(parts[name]))
            elif kind == _STYLES and _target(main, rel) in parts:
                self._style_lists = _style_lists(parse(parts[_target(main, rel)]))
        shell = copy.deepcopy(root)
        body = shell.find(qn("w:body"))
        body[:] = [etree.Comment("docgen-body")]
        head, tail = serialize(shell).split(b"<!--docgen-body-->")
        self._head, self._tail = head, tail

    # -- later documents: their parts join under new names where they differ ------------------

    def _merge_rels(self, parts: dict[str, bytes], main: str) -> dict[str, str]:
        ids: dict[str, str] = {}
        known = {rel.get("Id"): rel for rel in self._rels}
        for rel in _relationships(parts, _rels_of(main)):
            rid = rel.get("Id", "")
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            same = known.get(rid)
            if kind in _NOTES or (
                same is not None and _same_target(same, rel, parts, self._parts, main)
            ):
                ids[rid] = rid if kind not in _NOTES else _id_of(self._rels, rel.get("Type"))
                continue
            ids[rid] = self._add_rel(rel, parts, main)
        return ids

    def _new_id(self) -> str:
        """A relationship id the combined document does not use yet (a template may name its
        own relationships rIdDocgen1…: two of one id would let a picture take a link's)."""
        if self._taken is None:
            self._taken = {rel.get("Id", "") for rel in self._rels}
        self._added += 1
        while f"rIdDocgen{self._added}" in self._taken:
            self._added += 1
        self._taken.add(f"rIdDocgen{self._added}")
        return f"rIdDocgen{self._added}"

    def _add_rel(self, rel: etree._Element, parts: dict[str, bytes], main: str) -> str:
        new_id = self._new_id()
        added = etree.SubElement(self._rels, rel.tag, dict(rel.attrib))
        added.set("Id", new_id)
        if external(rel):
            return new_id
        name = _target(main, rel)
        new_name = self._unused_name(name, f"_d{self._count + 1}")
        self._parts[new_name] = parts[name]
        if _rels_of(name) in parts:
            self._parts[_rels_of(new_name)] = parts[_rels_of(name)]
        added.set("Target", posixpath.relpath(new_name, posixpath.dirname(main)))
        kind = _content_type(parse(parts["[Content_Types].xml"]), name)
        if kind:
            self._types.append(el("ct:Override", {"PartName": "/" + new_name, "ContentType": kind}))
        return new_id

    def _unused_name(self, name: str, mark: str) -> str:
        """``name`` with ``mark`` before its extension, and a number after it if need be: a
        name no part of the package has, nor its relationships, in any case (a template may
        hold a part of that name already; the package's names are told apart without case)."""
        if self._folded is None:  # every part added later is named here
            self._folded = {part.casefold() for part in self._parts}
        stem, ext = posixpath.splitext(name)
        for number in itertools.count(1):
            new_name = f"{stem}{mark}{'' if number == 1 else f'_{number}'}{ext}"
            if not {new_name.casefold(), _rels_of(new_name).casefold()} & self._folded:
                self._folded |= {new_name.casefold(), _rels_of(new_name).casefold()}
                return new_name
        raise AssertionError("unreachable")

    def _renumber(self, body: etree._Element, ids: dict[str, str], parts: dict[str, bytes]) -> None:
        notes = self._merge_notes(parts) if self._count else {}
        bookmarks: dict[str, str] = {}  # this document's ids, numbered after the last one's
        for node in body.iter():
            for attr, value in node.attrib.items():
                if attr.startswith(_R) and value in ids:
                    node.set(attr, ids[value])
            if node.tag in notes:
                node.set(
                    qn("w:id"),
                    notes[node.tag].get(node.get(qn("w:id"), ""), node.get(qn("w:id"), "")),
                )
            else:
                self._number_mark(node, bookmarks)
        self._bookmark += len(bookmarks)

    def _number_mark(self, node: etree._Element, bookmarks: dict[str, str]) -> None:
        """A drawing's id, or a bookmark's (``bookmarks``: those of this part of this
        document, old id → new), numbered on: each unique in the package, in the notes too."""
        if node.tag == _DRAWING_ID:
            self._drawing += 1
            node.set("id", str(self._drawing))
        elif node.tag in _BOOKMARK_MARKS:
            old = node.get(qn("w:id"), "")
            if old not in bookmarks:
                bookmarks[old] = str(self._bookmark + len(bookmarks))
            node.set(qn("w:id"), bookmarks[old])

    def _number_marks(self, notes: Iterable[etree._Element]) -> None:
        """``_number_mark`` for every node of ``notes``."""
        bookmarks: dict[str, str] = {}
        for note in notes:
            for node in note.iter():
                self._number_mark(node, bookmarks)
        self._bookmark += len(bookmarks)

    def _merge_notes(self, parts: dict[str, bytes]) -> dict[str, dict[str, str]]:
        """Append this document's own footnotes and endnotes with new ids."""
        maps: dict[str, dict[str, str]] = {}
        for name, merged in self._notes.items():
            note_tag, ref_tag = _NOTES[self._note_kinds[name]]
            if name not in parts:
                continue
            next_id = self._next_note[name]  # not a walk of all merged so far: quadratic
            mapping = maps.setdefault(qn(ref_tag), {})
            own = [
                note
                for note in parse(parts[name]).findall(qn(note_tag))
                if note.get(qn("w:type")) in (None, "normal")  # separators are shared
            ]
            self._number_marks(own)
            for note in own:
                mapping[note.get(qn("w:id"), "")] = str(next_id)
                note.set(qn("w:id"), str(next_id))
                merged.append(note)
                next_id += 1
            self._next_note[name] = next_id
        return maps

    def _restart_lists(self, body: etree._Element) -> None:
        """Give each list of this document its own ``w:num``: a copy of the template's (its own
        overrides kept) that starts every level where the list definition starts it."""
        lists = self._lists
        if lists is None:
            return
        fresh: dict[str, str] = {}
        self._number_by_style(body)
        for ref in body.iter(qn("w:numId")):
            old = ref.get(qn("w:val"), "")
            if old not in lists.nums:
                continue  # 0 (no list) or a list the numbering part does not define
            if old not in fresh:
                fresh[old] = lists.restarted(old)
            ref.set(qn("w:val"), fresh[old])

    def _number_by_style(self, body: etree._Element) -> None:
        """A paragraph numbered by its style ("List Number") gets the style's list written on
        it, so that the list can restart; what it shows does not change."""
        if not self._style_lists:
            return
        for props in body.iter(qn("w:pPr")):
            style = props.find(qn("w:pStyle"))
            if style is None or props.find(qn("w:numPr")) is not None:
                continue
            numbered = self._style_lists.get(style.get(qn("w:val"), ""))
            if numbered is None:
                continue
            num_id, level = numbered
            numbers = _set_child(props, "numPr", _AFTER_NUMPR)
            numbers.append(w("ilvl", level))
            numbers.append(w("numId", num_id))

    # -- sections -----------------------------------------------------------------------------

    def _sections(self, body: etree._Element) -> None:
        found = [*_section_breaks(body), *body.findall(qn("w:sectPr"))]
        if not found:
            final = w("sectPr")
            body.append(final)
            found = [final]
        first = found[0]
        _set_child(first, "pgNumType", _AFTER_PGNUM).set(qn("w:start"), "1")
        # Footnotes, like page numbers, count from 1 in every document; the document's later
        # sections go on from there (a section without footnotePr continues).
        notes = _set_child(first, "footnotePr", _AFTER_FOOTNOTEPR)
        restart = _set_child(notes, "numRestart", ())
        if restart.get(qn("w:val")) != "eachPage":
            restart.set(qn("w:val"), "eachSect")
        if self._count:
            # "nextPage", not "oddPage": with numbering restarting at 1 every document's first
            # page counts as odd, so LibreOffice (and Word) would add no blank page anyway.
            _set_child(first, "type", _AFTER_TYPE).set(qn("w:val"), "nextPage")

    def _flush_pending(self) -> None:
        """The previous document's last section moves into its last paragraph."""
        if not self._pending:
            return
        *content, final = self._pending
        if final.tag != qn("w:sectPr"):
            content, final = [*content, final], w("sectPr")
        last = content[-1] if content else None
        if (
            last is None
            or last.tag != qn("w:p")
            or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        ):
            last = w("p")
            content.append(last)
        props = last.find(qn("w:pPr"))
        if props is None:
            props = w("pPr")
            last.insert(0, props)
        change = props.find(qn("w:pPrChange"))
        if change is not None:
            change.addprevious(final)
        else:
            props.append(final)
        for child in content:
            self._body.write(etree.tostring(child, encoding="UTF-8"))
        if self._pad:
            self._body.write(etree.tostring(self._blank_page(final), encoding="UTF-8"))
        self._pending = []

    def _blank_page(self, section: etree._Element) -> etree._Element:
        """An empty paragraph ending a section of its own: the page size and margins of the
        document before it, and empty headers and footers of every type."""
        blank = copy.deepcopy(section)
        for child in list(blank):
            if etree.QName(child).localname in _BLANK_DROPS:
                blank.remove(child)
        _set_child(blank, "type", _AFTER_TYPE).set(qn("w:val"), "nextPage")
        header, footer = self._blank_parts()
        for kind in reversed(("default", "even", "first")):
            blank.insert(0, el("w:footerReference", {"w:type": kind, "r:id": footer}))
            blank.insert(0, el("w:headerReference", {"w:type": kind, "r:id": header}))
        return w("p", None, w("pPr", None, blank))

    def _blank_parts(self) -> tuple[str, str]:
        """An empty header part and an empty footer part, added to the package once."""
        if self._blank_refs is None:
            refs = []
            folder = posixpath.dirname(self._main)
            for kind, root in (("header", "hdr"), ("footer", "ftr")):
                name = self._unused_name(posixpath.join(folder, f"{kind}.xml"), "_docgen_blank")
                self._parts[name] = serialize(w(root, None, w("p")))
                rid = self._new_id()
                etree.SubElement(
                    self._rels,
                    qn("pr:Relationship"),
                    {"Id": rid, "Type": f"{_REL_TYPES}/{kind}", "Target": posixpath.basename(name)},
                )
                self._types.append(
                    el(
                        "ct:Override",
                        {"PartName": "/" + name, "ContentType": _PART_TYPES + kind + "+xml"},
                    )
                )
                refs.append(rid)
            self._blank_refs = (refs[0], refs[1])
        return self._blank_refs


class _Lists:
    """The numbering part's lists, indexed once; ``restarted`` adds a copy that starts anew."""

    def __init__(self, name: str, numbering: etree._Element) -> None:
        self.name = name
        self.numbering = numbering
        self.nums = {
            n.get(qn("w:numId"), ""): n
            for n in numbering.findall(qn("w:num"))
            if n.find(qn("w:abstractNumId")) is not None
        }
        self.starts = {
            a.get(qn("w:abstractNumId"), ""): {
                lvl.get(qn("w:ilvl"), ""): lvl.find(qn("w:start")) for lvl in a.findall(qn("w:lvl"))
            }
            for a in numbering.findall(qn("w:abstractNum"))
        }
        ids = [_whole(k) for k in self.nums]
        self.next_id = 1 + max(ids, default=0)
        # w:numIdMacAtCleanup must stay the last child.
        self.cleanup = numbering.find(qn("w:numIdMacAtCleanup"))

    def restarted(self, num_id: str) -> str:
        num = copy.deepcopy(self.nums[num_id])
        new_id = str(self.next_id)
        self.next_id += 1
        num.set(qn("w:numId"), new_id)
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"), "")  # type: ignore[union-attr]
        overrides = {o.get(qn("w:ilvl")): o for o in num.findall(qn("w:lvlOverride"))}
        for level, start in self.starts.get(abstract, {}).items():
            override = overrides.get(level)
            if override is None:
                override = w("lvlOverride")
                override.set(qn("w:ilvl"), level)
                num.append(override)
            if override.find(qn("w:startOverride")) is None:
                value = start.get(qn("w:val"), "0") if start is not None else "0"
                override.insert(0, w("startOverride", value))
        if self.cleanup is not None:
            self.cleanup.addprevious(num)
        else:
            self.numbering.append(num)
        return new_id


def _whole(value: str | None) -> int:
    """An id as a number; one that is none (a hostile template's "x") counts as 0."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _style_lists(styles: etree._Element) -> dict[str, tuple[str, str]]:
    """Paragraph styles that number their paragraphs: style id → (numId, ilvl), through basedOn."""
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    for style in styles.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"), "")
        numbers = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numbers is not None:
            num_id = numbers.find(qn("w:numId"))
            level = numbers.find(qn("w:ilvl"))
            own[sid] = (
                num_id.get(qn("w:val")) if num_id is not None else None,
                level.get(qn("w:val")) if level is not None else None,
            )
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based[sid] = parent.get(qn("w:val"), "")
    lists: dict[str, tuple[str, str]] = {}
    for sid in {*own, *based}:
        num_id = level = None
        seen: set[str] = set()
        current: str | None = sid
        while current and current not in seen and (num_id is None or level is None):
            seen.add(current)
            found = own.get(current, (None, None))
            num_id = num_id if num_id is not None else found[0]
            level = level if level is not None else found[1]
            current = based.get(current)
        if num_id not in (None, "0"):
            lists[sid] = (str(num_id), level or "0")
    return lists


def _drop_comment_marks(body: etree._Element) -> None:
    for mark in list(body.iter(*(qn(tag) for tag in _COMMENT_MARKS))):
        parent = mark.getparent()
        if (
            mark.tag == qn("w:commentReference")
            and parent is not None
            and parent.tag == qn("w:r")
            and all(child.tag in (qn("w:rPr"), mark.tag) for child in parent)
        ):
            mark, parent = parent, parent.getparent()  # the run that holds only the reference
        if parent is not None:
            parent.remove(mark)


def _set_child(parent: etree._Element, local: str, successors: tuple[str, ...]) -> etree._Element:
    found = parent.find(qn(f"w:{local}"))
    if found is not None:
        return found
    child = w(local)
    for sibling in parent:
        if etree.QName(sibling).localname in successors:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def _main_part(parts: dict[str, bytes]) -> str:
    for rel in parse(parts["_rels/.rels"]):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _section_breaks(parent: etree._Element) -> Iterator[etree._Element]:
    """The section breaks of the body's paragraphs, in order: those under it, and those inside
    a content control or custom XML that wraps paragraphs (never a table's or a text box's,
    which end no section of the document)."""
    for child in parent:
        if child.tag == qn("w:p"):
            found = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if found is not None:
                yield found
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _section_breaks(content)
        elif child.tag == qn("w:customXml"):
            yield from _section_breaks(child)


def _relationships(parts: dict[str, bytes], name: str) -> etree._Element:
    """A part's relationships; none written is none at all (a valid package may leave them)."""
    if name in parts:
        return parse(parts[name])
    return el("pr:Relationships")  # in the default namespace, as Word needs it


def _rels_of(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def _target(source: str, rel: etree._Element) -> str:
    target = rel.get("Target", "")
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _same_target(
    ours: etree._Element,
    theirs: etree._Element,
    their_parts: dict[str, bytes],
    our_parts: dict[str, bytes],
    main: str,
) -> bool:
    keys = ("Type", "Target", "TargetMode")
    if any(ours.get(k) != theirs.get(k) for k in keys):
        return False
    if external(theirs):
        return True
    name = _target(main, theirs)
    return their_parts.get(name) == our_parts.get(name)


def _id_of(rels: etree._Element, kind: str | None) -> str:
    return next((r.get("Id", "") for r in rels if r.get("Type") == kind), "")


def _content_type(types: etree._Element, name: str) -> str | None:
    for override in types.findall(qn("ct:Override")):
        if override.get("PartName", "").lstrip("/") == name:
            return override.get("ContentType")
    return None
