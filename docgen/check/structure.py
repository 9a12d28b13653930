"""What each paragraph of an arbitrary document is: title, 发文字号, heading, signature, 版记 …

A hand-made document has no named styles to trust, so roles come from text and position, the
way a reviewer reads a page: the 发文字号 pattern near the top, the title after it, "附件：" after
the body, the date line, 抄送/印发 at the end. The kind (speech, formal, bulletin) follows from
what is found, unless the caller says which it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.check.document import Document, Paragraph
from docgen.check.endmatter import (
    IMPRINT_PRINTED,
    Attachment,
    find_imprint,
    mark_attachments,
    mark_signature,
    mark_tail,
)
from docgen.text.rules import heading_ordinal

KINDS = ("speech", "formal", "bulletin")
_HEAD_WINDOW = 12
_DOC_NUMBER = re.compile(
    r"^(?P<number>\S{1,24}?\s*[〔\[【［(（]\s*(?:19|20)\d{2}\s*[〕\]】］)）]\s*第?\s*\d+\s*号?)"
    r"(?:\s+(?P<signer>签\s*发\s*人[：:].*))?$"
)
_COPY_NUMBER = re.compile(r"^\d{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密|特急|加急|特提|平急)")
_ISSUE_NUMBER = re.compile(
    r"^(?:（[^）]*）\s*)?(?:\d{4}\s*年\s*)?第\s*[0-9０-９一二三四五六七八九十〇零]+\s*期"
)
_SPEECH_TITLE = re.compile(r"讲话|致辞|发言|讲稿")
_SALUTATION = re.compile(r"^(?:.{0,16}[、，])?(?:同志们|各位.{0,12})[：:]$")


@dataclass
class Structure:
    """Roles by paragraph number, and the landmarks the layout rules need."""

    kind: str
    roles: dict[int, str] = field(default_factory=dict)
    doc_number: int | None = None
    signer: bool = False
    header_end: int = 0
    title: list[int] = field(default_factory=list)
    body: list[tuple[int, int]] = field(default_factory=list)
    date: int | None = None
    note: list[int] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    imprint: list[int] = field(default_factory=list)

    def role(self, number: int) -> str:
        return self.roles.get(number, "body")


def analyse(doc: Document, kind: str = "auto") -> Structure:
    """Classify every paragraph; ``kind`` "auto" guesses the kind from what it finds."""
    paragraphs = doc.paragraphs
    visible = [p for p in paragraphs if p.stripped]
    doc_number = _find_doc_number(visible[:_HEAD_WINDOW])
    imprint = find_imprint(paragraphs)
    if kind == "auto":
        kind = _guess_kind(visible, doc_number, imprint)
    structure = Structure(kind)
    for p in paragraphs:
        if not p.stripped:
            structure.roles[p.number] = "empty"
        elif p.in_table:
            structure.roles[p.number] = "table"
    if kind == "formal":
        _formal_header(structure, paragraphs, doc_number)
    elif kind == "bulletin":
        _bulletin_header(structure, paragraphs)
    start = _title(structure, paragraphs, kind)
    end = mark_tail(structure, paragraphs, imprint, kind)
    mark_signature(structure, paragraphs, start, end)
    mark_attachments(structure, paragraphs, end)
    _headings(structure, paragraphs)
    _captions(structure, paragraphs)
    if kind == "bulletin":
        _article_titles(structure, paragraphs)
    return structure


def _find_doc_number(head: list[Paragraph]) -> tuple[Paragraph, bool] | None:
    for p in head:
        m = _DOC_NUMBER.match(p.stripped)
        if m and len(p.stripped) <= 60:
            return p, m.group("signer") is not None
    return None


def doc_number_text(text: str) -> str:
    """The 发文字号 itself, without a 签发人 on the same line."""
    m = _DOC_NUMBER.match(text.strip())
    return m.group("number") if m else text.strip()


def _guess_kind(
    visible: list[Paragraph], doc_number: tuple[Paragraph, bool] | None, imprint: list[Paragraph]
) -> str:
    if doc_number or any(IMPRINT_PRINTED.search(p.stripped) for p in imprint):
        return "formal"
    if any(_ISSUE_NUMBER.match(p.stripped) for p in visible[:5]):
        return "bulletin"
    head = visible[:8]
    if head and _SPEECH_TITLE.search(head[0].stripped):
        return "speech"
    if any(_SALUTATION.match(p.stripped) for p in head):
        return "speech"
    return "generic"


def _formal_header(
    structure: Structure, paragraphs: list[Paragraph], found: tuple[Paragraph, bool] | None
) -> None:
    if found is None:
        return
    number, structure.signer = found[0].number, found[1]
    structure.doc_number = structure.header_end = number
    structure.roles[number] = "doc_number"
    for p in paragraphs[: number - 1]:
        if not p.stripped or p.in_table:
            continue
        if _COPY_NUMBER.match(p.stripped):
            structure.roles[p.number] = "copy_number"
        elif _SECRECY.match(p.stripped):
            structure.roles[p.number] = "secrecy"
        else:
            structure.roles[p.number] = "issuer_mark"


def _bulletin_header(structure: Structure, paragraphs: list[Paragraph]) -> None:
    visible = [p for p in paragraphs if p.stripped][:6]
    issue = next((p for p in visible if _ISSUE_NUMBER.match(p.stripped)), None)
    if issue is None:
        return
    end = issue.number
    after = [p for p in visible if p.number > issue.number]
    if after and len(after[0].stripped) <= 40 and re.search(r"\d{4}年", after[0].stripped):
        end = after[0].number  # the 编印单位 … date line
    for p in paragraphs[:end]:
        if p.stripped:
            structure.roles[p.number] = "masthead"
    structure.header_end = end


def _title(structure: Structure, paragraphs: list[Paragraph], kind: str) -> int:
    """Mark the title (and, for speeches, the speaker/date lines); return where the body starts."""
    rest = [p for p in paragraphs[structure.header_end :] if p.stripped and not p.in_table]
    if not rest or kind == "bulletin":
        return structure.header_end + 1
    first = rest[0]
    if kind == "generic" and first.props.alignment != "center":
        return structure.header_end + 1
    structure.title.append(first.number)
    structure.roles[first.number] = "title"
    last = first.number
    size = _size(first)
    for p in rest[1:4]:
        if kind == "speech" and _SALUTATION.match(p.stripped):
            structure.roles[p.number] = "salutation"
            return p.number + 1
        if p.props.alignment != "center" or heading_ordinal(p.stripped):
            break
        if _size(p) == size:
            structure.title.append(p.number)
            structure.roles[p.number] = "title"
        elif kind == "speech":
            structure.roles[p.number] = "subtitle"
        else:
            break
        last = p.number
    following = [p for p in rest if p.number > last][:1]
    if kind == "speech" and following and _SALUTATION.match(following[0].stripped):
        structure.roles[following[0].number] = "salutation"
        return following[0].number + 1
    if kind in ("formal", "generic") and following:
        text = following[0].stripped
        if text.endswith(("：", ":")) and len(text) <= 80 and not heading_ordinal(text):
            structure.roles[following[0].number] = "recipients"
            return following[0].number + 1
    return last + 1


def _size(p: Paragraph) -> int | None:
    run = next((r for r in p.runs if p.text[r.start : r.end].strip()), None)
    return run.props.size[0] if run is not None and run.props.size else None


def _headings(structure: Structure, paragraphs: list[Paragraph]) -> None:
    """Body paragraphs that open with 一、 （一） 1. （1） are headings of that level.

    "5.12345热线……" reads as a decimal on its own; after heading 4. it is heading 5.
    """
    for start, stop in structure.body:
        last_arabic = 0
        for p in paragraphs[start - 1 : stop]:
            if structure.role(p.number) != "body":
                continue
            found = heading_ordinal(p.stripped)
            if found is None:
                m = _DIGIT_AFTER_DOT.match(p.stripped)
                if m and last_arabic and int(m.group(1)) == last_arabic + 1:
                    found = (3, last_arabic + 1)
            if found is not None:
                structure.roles[p.number] = f"heading{found[0]}"
                if found[0] < 3:
                    last_arabic = 0
                elif found[0] == 3:
                    last_arabic = found[1]


_DIGIT_AFTER_DOT = re.compile(r"^(\d+)[.．]\d")


def _article_titles(structure: Structure, paragraphs: list[Paragraph]) -> None:
    """A bulletin carries several articles, each under a centred title of its own."""
    for start, stop in structure.body:
        for p in paragraphs[start - 1 : stop]:
            text = p.stripped
            if (
                structure.role(p.number) == "body"
                and p.props.alignment == "center"
                and len(text) <= 40
                and not text.endswith(("。", "；", "："))
            ):
                structure.roles[p.number] = "article_title"


_CAPTION = re.compile(r"^[表图]\s*[0-9一二三四五六七八九十]+(?:[\s　:：.．]|$)")
_NOTE = re.compile(r"^注\s*\d*\s*[：:]")


def _captions(structure: Structure, paragraphs: list[Paragraph]) -> None:
    """A table's or figure's caption ("表1　……") and the note under a table ("注：……") belong to
    the table, not to the body text: the standard sets no face or size for them."""
    previous: Paragraph | None = None
    for p in paragraphs:
        if not p.stripped:
            continue
        role = structure.role(p.number)
        if role in ("body", "article_title") and not p.in_table:
            after_table = previous is not None and previous.in_table
            if _CAPTION.match(p.stripped) or (after_table and _NOTE.match(p.stripped)):
                structure.roles[p.number] = "caption"
        previous = p
