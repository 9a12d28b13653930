"""Specs for the combined document: every document in turn, page numbers from 1 in each."""

from __future__ import annotations

import io

import pytest
from docxtpl_support import (
    UNIT_ROWS,
    parts_of,
    user_template,
    with_body_and_relationship,
    with_parts,
)
from lxml import etree

from docgen.errors import UnreadableDocumentError
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


def _headed(first_page_part: str | None = None, default_part: str | None = None) -> bytes:
    """A template with a default and a first-page header naming the unit, their parts renamed
    as a hostile (or odd) template may name them."""
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "默认页眉{{ 单位名称 }}"
    section.first_page_header.paragraphs[0].text = "首页页眉{{ 单位名称 }}"
    document.add_paragraph("{{ 单位名称 }}：正文")
    buffer = io.BytesIO()
    document.save(buffer)
    template = buffer.getvalue()
    parts = parts_of(template)
    body = etree.fromstring(parts["word/document.xml"])
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    named = {
        ref.get(qn("w:type")): targets[ref.get(qn("r:id"))]
        for ref in body.iter(qn("w:headerReference"))
    }
    renames = {named["first"]: first_page_part, named["default"]: default_part}
    changes: dict[str, bytes | None] = {}
    text = {n: parts[n].decode() for n in ("word/_rels/document.xml.rels", "[Content_Types].xml")}
    for old, new in renames.items():
        if new is None:
            continue
        new = new.format(default=named["default"].removesuffix(".xml"))
        changes["word/" + old], changes["word/" + new] = None, parts["word/" + old]
        text = {n: t.replace(f'{old}"', f'{new}"') for n, t in text.items()}
    return with_parts(template, {**changes, **{n: t.encode() for n, t in text.items()}})


def _header_texts(parts: dict[str, bytes]) -> list[str]:
    """The text of each header the combined document's sections name, in order."""
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
    body = etree.fromstring(parts["word/document.xml"])
    return [
        "".join(etree.fromstring(parts[targets[ref.get(qn("r:id"))]]).itertext())
        for ref in body.iter(qn("w:headerReference"))
    ]


def test_parts_added_for_later_documents_take_names_no_template_part_has() -> None:
    """A template whose first-page header is named as the combiner names the second
    document's changed header (header1_d2.xml), or whose header is named as its blank page's:
    each document keeps its own headers, each part named once in [Content_Types].xml."""
    rows = UNIT_ROWS[:2]
    for template, pad in (
        (_headed(first_page_part="{default}_d2.xml"), False),
        (_headed(default_part="header_docgen_blank.xml"), True),
    ):
        prepared = prepare(template, "通知.docx")
        parts = _combined([prepared.render(row) for row in rows], pad=pad)
        shown = [text for text in _header_texts(parts) if text]
        expected = [f"{kind}{row['单位名称']}" for row in rows for kind in ("默认页眉", "首页页眉")]
        assert sorted(shown) == sorted(expected)
        types = etree.fromstring(parts["[Content_Types].xml"])
        overridden = [o.get("PartName") for o in types if o.get("PartName")]
        assert len(overridden) == len(set(overridden))
        assert all(name.removeprefix("/") in parts for name in overridden)


def test_footnotes_are_merged_by_their_relationship_whatever_the_part_is_named() -> None:
    template = _with_footnote(user_template())
    parts = parts_of(template)
    renamed = {
        name: parts[name].replace(b"footnotes.xml", b"fn.xml")
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml")
    }
    template = with_parts(
        template,
        {**renamed, "word/footnotes.xml": None, "word/fn.xml": parts["word/footnotes.xml"]},
    )
    prepared = prepare(template, "通知.docx")
    combined = _combined([prepared.render(row) for row in UNIT_ROWS])
    notes = etree.fromstring(combined["word/fn.xml"])
    normal = [n for n in notes.findall(qn("w:footnote")) if n.get(qn("w:type")) is None]
    assert ["".join(n.itertext()) for n in normal] == [f"{r['单位名称']}的脚注" for r in UNIT_ROWS]
    body = etree.fromstring(combined["word/document.xml"])
    references = [r.get(qn("w:id")) for r in body.iter(qn("w:footnoteReference"))]
    assert references == [n.get(qn("w:id")) for n in normal]


def test_bookmark_ids_that_are_not_numbers_are_numbered_anew_in_pairs() -> None:
    marked = '<w:p><w:bookmarkStart w:id="x" w:name="甲"/><w:r><w:t>乙</w:t></w:r><w:bookmarkEnd w:id="x"/></w:p>'
    template = user_template()
    document = parts_of(template)["word/document.xml"]
    template = with_parts(
        template, {"word/document.xml": document.replace(b"<w:body>", f"<w:body>{marked}".encode())}
    )
    prepared = prepare(template, "通知.docx")
    root = etree.fromstring(
        _combined([prepared.render(row) for row in UNIT_ROWS])["word/document.xml"]
    )
    marks = [e.get(qn("w:id")) for e in root.iter(qn("w:bookmarkStart"))]
    assert marks == [e.get(qn("w:id")) for e in root.iter(qn("w:bookmarkEnd"))]
    assert marks == [str(n) for n in range(len(UNIT_ROWS))]


def test_a_document_that_cannot_be_combined_is_named_in_chinese() -> None:
    """A relationship naming a part the package lacks: Word could not print it either."""
    first, second = _documents()[:2]
    second = with_parts(second, {"word/header1.xml": None})
    combiner = Combiner()
    combiner.add(first, "甲.docx")
    with pytest.raises(UnreadableDocumentError, match="结构无法合并") as caught:
        combiner.add(second, "乙.docx")
    assert caught.value.location.file == "乙.docx"


def test_bookmarks_in_footnotes_take_ids_no_other_bookmark_has() -> None:
    """A cross-reference's target inside a footnote: each document's copy needs its own id."""
    template = _with_footnote(user_template())
    parts = parts_of(template)
    marked = (
        parts["word/footnotes.xml"]
        .replace(
            b"<w:t>{{ \xe5\x8d\x95\xe4\xbd\x8d\xe5\x90\x8d\xe7\xa7\xb0 }}",
            b'<w:bookmarkStart w:id="0" w:name="_Ref1"/><w:t>{{ \xe5\x8d\x95\xe4\xbd\x8d\xe5\x90\x8d\xe7\xa7\xb0 }}',
        )
        .replace(
            b"</w:r></w:p></w:footnote></w:footnotes>",
            b'</w:r><w:bookmarkEnd w:id="0"/></w:p></w:footnote></w:footnotes>',
        )
    )
    body = parts["word/document.xml"].replace(
        b"<w:body>",
        b'<w:body><w:p><w:bookmarkStart w:id="0" w:name="b"/><w:bookmarkEnd w:id="0"/></w:p>',
    )
    template = with_parts(template, {"word/footnotes.xml": marked, "word/document.xml": body})
    prepared = prepare(template, "通知.docx")
    combined = _combined([prepared.render(row) for row in UNIT_ROWS])
    ids = [
        mark.get(qn("w:id"))
        for part in ("word/footnotes.xml", "word/document.xml")
        for mark in etree.fromstring(combined[part]).iter(qn("w:bookmarkStart"))
    ]
    assert len(ids) == 2 * len(UNIT_ROWS) and len(set(ids)) == len(ids)
    notes = etree.fromstring(combined["word/footnotes.xml"])
    for note in notes.findall(qn("w:footnote")):
        starts = [m.get(qn("w:id")) for m in note.iter(qn("w:bookmarkStart"))]
        assert starts == [m.get(qn("w:id")) for m in note.iter(qn("w:bookmarkEnd"))]


def _with_marked_body(marked: str) -> list[bytes]:
    """The rows of the user template with ``marked`` at the start of its body."""
    template = user_template()
    document = parts_of(template)["word/document.xml"]
    template = with_parts(
        template, {"word/document.xml": document.replace(b"<w:body>", f"<w:body>{marked}".encode())}
    )
    prepared = prepare(template, "通知.docx")
    return [prepared.render(row) for row in UNIT_ROWS]


def test_ranges_left_open_to_editing_take_ids_unique_in_pairs() -> None:
    """Security review 23: "Restrict editing" leaves permStart/permEnd pairs whose ids, copied
    from every document, made the combined file one Word refuses."""
    marked = (
        '<w:p><w:permStart w:id="7" w:edGrp="everyone"/><w:r><w:t>可改</w:t></w:r>'
        '<w:permEnd w:id="7"/></w:p>'
    )
    root = etree.fromstring(_combined(_with_marked_body(marked))["word/document.xml"])
    starts = [e.get(qn("w:id")) for e in root.iter(qn("w:permStart"))]
    assert len(starts) == len(set(starts)) == len(UNIT_ROWS)
    assert starts == [e.get(qn("w:id")) for e in root.iter(qn("w:permEnd"))]


def test_a_section_break_inside_a_content_control_still_starts_each_document_anew() -> None:
    """Security review 23: a first section ending inside a w:sdt was not found, so the next
    document ran on in the same page, its numbers going on."""
    marked = (
        '<w:sdt><w:sdtContent><w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr>'
        "</w:pPr><w:r><w:t>第一节</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body = etree.fromstring(_combined(_with_marked_body(marked))["word/document.xml"])[0]
    firsts = [
        sdt.find(f".//{qn('w:sectPr')}") for sdt in body.iter(qn("w:sdt"))
    ]  # each document's first section
    assert len(firsts) == len(UNIT_ROWS)
    assert all(s.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in firsts)
    types = [s.find(qn("w:type")).get(qn("w:val")) for s in firsts]
    assert types == ["continuous", "nextPage", "nextPage"]


def test_a_main_part_without_relationships_is_combined() -> None:
    """A valid package may leave the main part without a relationships part."""
    documents = [
        with_parts(document, {"word/_rels/document.xml.rels": None}) for document in _documents()
    ]
    parts = _combined(documents)
    rels = parts["word/_rels/document.xml.rels"]
    assert (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
        in rels
    )
    text = parts["word/document.xml"].decode()
    assert all(row["单位名称"].replace("&", "&amp;") in text for row in UNIT_ROWS)


def test_a_section_break_inside_a_table_is_no_documents_first_section() -> None:
    """Code review 24: looked for at any depth, one in a table cell (or a text box) was taken
    for a document's first section, and the document's own got no restart."""
    marked = (
        '<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc><w:p><w:pPr>'
        "<w:sectPr/></w:pPr></w:p></w:tc></w:tr></w:tbl>"
    )
    body = etree.fromstring(_combined(_with_marked_body(marked))["word/document.xml"])[0]
    in_tables = [s for t in body.iter(qn("w:tbl")) for s in t.iter(qn("w:sectPr"))]
    assert all(s.find(qn("w:pgNumType")) is None for s in in_tables)
    firsts = body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}") + body.findall(
        qn("w:sectPr")
    )
    assert [s.find(qn("w:pgNumType")).get(qn("w:start")) for s in firsts] == ["1"] * len(UNIT_ROWS)
