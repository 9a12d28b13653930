"""Specs for the combined document: every document in turn, page numbers from 1 in each."""

from __future__ import annotations

import io

from docxtpl_support import (
    UNIT_ROWS,
    parts_of,
    user_template,
    with_body_and_relationship,
    with_parts,
)
from lxml import etree

from docgen.ooxml.combine import Combiner
from docgen.ooxml.xml import qn
from docgen.render.fastpath import prepare


def _combined(documents: list[bytes], pad: bool = False) -> dict[str, bytes]:
    combiner = Combiner()
    for index, data in enumerate(documents):
        combiner.add(data, f"{index}.docx", pad=pad)
    buffer = io.BytesIO()
    combiner.write(buffer)
    return parts_of(buffer.getvalue())


def _documents() -> list[bytes]:
    prepared = prepare(user_template(), "通知.docx")
    return [prepared.render(row) for row in UNIT_ROWS]


def test_every_document_is_a_section_whose_page_numbers_start_at_1() -> None:
    body = etree.fromstring(_combined(_documents())["word/document.xml"]).find(qn("w:body"))
    sections = body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}") + body.findall(
        qn("w:sectPr")
    )
    assert len(sections) == len(UNIT_ROWS)
    for section in sections:
        assert section.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert [s.find(qn("w:type")) is not None for s in sections] == [False, True, True]
    assert body[-1].tag == qn("w:sectPr")


def test_the_documents_follow_each_other_in_order() -> None:
    text = _combined(_documents())["word/document.xml"].decode()
    positions = [text.index(row["单位名称"].replace("&", "&amp;")) for row in UNIT_ROWS]
    assert positions == sorted(positions)


def test_each_document_keeps_its_own_header() -> None:
    parts = _combined(_documents())
    headers = [name for name in parts if name.startswith("word/header")]
    texts = b"".join(parts[name] for name in headers).decode()
    for row in UNIT_ROWS:
        assert row["单位名称"] in texts
    rels = parts["word/_rels/document.xml.rels"].decode()
    for name in headers:
        assert name.removeprefix("word/") in rels


def test_drawing_and_bookmark_ids_do_not_clash() -> None:
    marked = (
        '<w:p><w:bookmarkStart w:id="0" w:name="开头"/><w:r><w:drawing><wp:inline xmlns:wp="http://'
        'schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="1" cy="1"/>'
        '<wp:docPr id="1" name="图"/></wp:inline></w:drawing></w:r><w:bookmarkEnd w:id="0"/></w:p>'
    )
    template = user_template()
    document = parts_of(template)["word/document.xml"]
    template = with_parts(
        template, {"word/document.xml": document.replace(b"<w:body>", f"<w:body>{marked}".encode())}
    )
    prepared = prepare(template, "通知.docx")
    combined = _combined([prepared.render(row) for row in UNIT_ROWS])
    root = etree.fromstring(combined["word/document.xml"])
    ids = [e.get("id") for e in root.iter(qn("wp:docPr"))]
    marks = [e.get(qn("w:id")) for e in root.iter(qn("w:bookmarkStart"))]
    ends = [e.get(qn("w:id")) for e in root.iter(qn("w:bookmarkEnd"))]
    assert len(ids) == len(set(ids)) == len(UNIT_ROWS)
    assert len(marks) == len(set(marks)) == len(UNIT_ROWS)
    assert marks == ends


def _with_footnote(template: bytes) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{{ 单位名称 }}的脚注</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    types = parts_of(template)["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    reference = '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    template = with_body_and_relationship(
        template, reference, "rIdNotes", "footnotes", "footnotes.xml", external=False
    )
    return with_parts(template, {"word/footnotes.xml": notes, "[Content_Types].xml": types})


def test_each_document_keeps_its_own_footnotes_under_new_ids() -> None:
    prepared = prepare(_with_footnote(user_template()), "通知.docx")
    combined = _combined([prepared.render(row) for row in UNIT_ROWS])
    notes = etree.fromstring(combined["word/footnotes.xml"])
    normal = [n for n in notes.findall(qn("w:footnote")) if n.get(qn("w:type")) is None]
    assert len(normal) == len(UNIT_ROWS)
    body = etree.fromstring(combined["word/document.xml"])
    references = [r.get(qn("w:id")) for r in body.iter(qn("w:footnoteReference"))]
    assert references == [n.get(qn("w:id")) for n in normal]
    for row, note in zip(UNIT_ROWS, normal, strict=True):
        assert row["单位名称"] in "".join(note.itertext())
    # Word numbers them from 1 in every document, as it does the pages.
    sections = body.findall(f".//{qn('w:sectPr')}")
    restarts = [s.find(f"{qn('w:footnotePr')}/{qn('w:numRestart')}") for s in sections]
    assert [r.get(qn("w:val")) for r in restarts] == ["eachSect"] * len(UNIT_ROWS)
    assert all(
        s.index(s.find(qn("w:footnotePr"))) < s.index(s.find(qn("w:pgSz"))) for s in sections
    )


def _listed(unit: str = "{{ 单位名称 }}", comment: bool = False) -> bytes:
    """A document with a numbered list and, if asked, a reviewer's comment, as Word saves them
    (a template refuses comments: documents from elsewhere may still carry them)."""
    from docx import Document

    document = Document()
    document.add_paragraph(unit)
    for text in ("核对台账", "开展回头看"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("此致").add_run("。")
    if comment:
        commented = document.paragraphs[0]
        document.add_comment(commented.runs[0], text="请核对单位全称", author="审核人")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_numbered_lists_start_at_1_in_every_document_and_comment_marks_are_left_out() -> None:
    parts = _combined([_listed(row["单位名称"], comment=True) for row in UNIT_ROWS])
    body = etree.fromstring(parts["word/document.xml"]).find(qn("w:body"))
    # The first document counts on its style's list; each later one has a list of its own.
    used = [n.get(qn("w:val")) for n in body.iter(qn("w:numId"))]
    assert len(used) == 2 * (len(UNIT_ROWS) - 1) and len(set(used)) == len(UNIT_ROWS) - 1
    numbering = etree.fromstring(parts["word/numbering.xml"])
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    abstract = {n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in map(nums.get, set(used))}
    assert len(abstract) == 1  # one list definition, each document its own count
    (definition,) = [
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) in abstract
    ]
    levels = {
        lvl.get(qn("w:ilvl")): lvl.find(qn("w:start")) for lvl in definition.iter(qn("w:lvl"))
    }
    for num_id in set(used):  # every level starts again where the list definition starts it
        overrides = nums[num_id].findall(qn("w:lvlOverride"))
        assert {o.get(qn("w:ilvl")) for o in overrides} == set(levels)
        for override in overrides:
            start = levels[override.get(qn("w:ilvl"))]
            expected = start.get(qn("w:val")) if start is not None else "0"
            assert override.find(qn("w:startOverride")).get(qn("w:val")) == expected
    marks = ("commentRangeStart", "commentRangeEnd", "commentReference")
    assert not any(body.iter(*(qn(f"w:{m}") for m in marks)))


def test_a_list_the_template_starts_at_5_starts_at_5_in_every_document() -> None:
    template = _listed()
    numbering = etree.fromstring(parts_of(template)["word/numbering.xml"])
    for num in numbering.findall(qn("w:num")):
        override = etree.SubElement(num, qn("w:lvlOverride"))
        override.set(qn("w:ilvl"), "0")
        etree.SubElement(override, qn("w:startOverride")).set(qn("w:val"), "5")
    changed = with_parts(template, {"word/numbering.xml": etree.tostring(numbering)})
    prepared = prepare(changed, "通知.docx")
    parts = _combined([prepared.render(row) for row in UNIT_ROWS])
    combined = etree.fromstring(parts["word/numbering.xml"])
    used = {
        n.get(qn("w:val")) for n in etree.fromstring(parts["word/document.xml"]).iter(qn("w:numId"))
    }
    for num in combined.findall(qn("w:num")):
        if num.get(qn("w:numId")) in used:
            first = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='0']/{qn('w:startOverride')}")
            assert first.get(qn("w:val")) == "5"


def test_a_padded_document_is_followed_by_a_blank_page_without_header_or_footer() -> None:
    parts = _combined(_documents(), pad=True)
    body = etree.fromstring(parts["word/document.xml"]).find(qn("w:body"))
    sections = body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}")
    # After each document but the last: its own last section, then the blank page's.
    assert len(sections) == 2 * (len(UNIT_ROWS) - 1)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
    types = parts["[Content_Types].xml"].decode()
    for blank in sections[1::2]:
        paragraph = blank.getparent().getparent()
        assert "".join(paragraph.itertext()) == ""
        assert blank.find(qn("w:pgNumType")) is None
        assert blank.find(qn("w:type")).get(qn("w:val")) == "nextPage"
        references = [
            r for r in blank if r.tag in (qn("w:headerReference"), qn("w:footerReference"))
        ]
        assert sorted(r.get(qn("w:type")) for r in references) == [
            "default",
            "default",
            "even",
            "even",
            "first",
            "first",
        ]
        for reference in references:
            part = targets[reference.get(qn("r:id"))]
            assert "".join(etree.fromstring(parts[part]).itertext()) == ""
            assert f'PartName="/{part}"' in types
    blank_ids = {r.get(qn("r:id")) for blank in sections[1::2] for r in blank} - {None}
    for document in sections[0::2]:  # each document's own sections keep their own parts
        assert not blank_ids & {r.get(qn("r:id")) for r in document}


def test_relationship_ids_stay_unique_when_the_template_names_one_like_the_combiner() -> None:
    """A template may call its own hyperlink rIdDocgen1: a header that changes per row must
    get another id, or a picture naming the header would take the hyperlink's address."""
    body = '<w:p><w:hyperlink r:id="rIdDocgen1"><w:r><w:t>网站</w:t></w:r></w:hyperlink></w:p>'
    template = with_body_and_relationship(
        user_template(), body, "rIdDocgen1", "hyperlink", "https://www.gov.cn/"
    )
    prepared = prepare(template, "通知.docx")
    rels = etree.fromstring(
        _combined([prepared.render(row) for row in UNIT_ROWS])["word/_rels/document.xml.rels"]
    )
    ids = [rel.get("Id") for rel in rels]
    assert len(ids) == len(set(ids)) and "rIdDocgen1" in ids
