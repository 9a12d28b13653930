"""Reading any .docx: refusing what is not one, numbering paragraphs, resolving the style chain,
and reading the labels Word's automatic lists draw."""

from __future__ import annotations

import io
import zipfile

import pytest
from check.corpus import BODY, HEITI, formal, number_of, places, run_check
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.check.document import read_document
from docgen.errors import UnreadableDocumentError


def _rezip(data: bytes, **replace: bytes | None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            key = name.replace("/", "_").replace(".", "_").replace("[", "").replace("]", "")
            if key in replace:
                if replace[key] is not None:
                    target.writestr(name, replace[key])
                continue
            target.writestr(name, source.read(name))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: "这是一段纯文本".encode(), "不是 zip 压缩包"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "已加密"),
        (lambda: _rezip(formal().save(), word_document_xml=None), "缺少 word/document.xml"),
        (lambda: _rezip(formal().save(), word_document_xml=b"<w:document"), "不是合法的 XML"),
        (
            lambda: _rezip(
                formal().save(),
                word_document_xml=b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>',
            ),
            "严格 Open XML",
        ),
    ],
)
def test_what_is_not_a_readable_docx_is_refused_with_a_reason(make, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnreadableDocumentError) as caught:
        read_document(make(), "输入.docx")
    assert words in caught.value.message
    assert "输入.docx" in str(caught.value)


def test_entity_expansion_is_not_performed() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
    )
    doc = read_document(_rezip(formal().save(), word_document_xml=bomb), "x.docx")
    assert doc.paragraphs[0].text == ""


def test_paragraphs_are_numbered_in_document_order_including_table_cells() -> None:
    b = formal()
    table = b.document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表内文字"
    b.document.paragraphs[number_of(b, BODY) - 1]._p.addnext(table._tbl)
    doc = read_document(b.save(), "x.docx")
    cell = next(p for p in doc.paragraphs if p.text == "表内文字")
    assert cell.in_table and cell.number == number_of(b, BODY) + 1
    assert doc.paragraphs[cell.number].text.startswith("一、")


def test_size_comes_through_the_based_on_chain() -> None:
    b = formal()
    styles = b.document.styles
    base = styles.add_style("公文基础", 1)
    base.font.size = None
    rpr = base.element.get_or_add_rPr()
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "30")
    rpr.append(size)
    child = styles.add_style("公文正文", 1)
    child.base_style = base
    target = b.document.paragraphs[number_of(b, BODY) - 1]
    target.style = child
    doc = read_document(b.save(), "x.docx")
    run = doc.paragraphs[target_number(b, target) - 1].runs[0]
    assert run.props.size == (30, f"style:{base.style_id}")


def target_number(b, paragraph) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, p in enumerate(b.document.paragraphs, 1) if p._p is paragraph._p)


def _numbering_part(b, fmt: str = "chineseCounting", text: str = "%1、") -> None:  # type: ignore[no-untyped-def]
    """A list whose level 0 reads "一、" (chineseCounting), as Word's list gallery makes it."""
    numbering = b.document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
        node = OxmlElement(tag)
        node.set(qn("w:val"), value)
        level.append(node)
    abstract.append(level)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)


def _list_heading(b, text: str, face: str = HEITI):  # type: ignore[no-untyped-def]
    paragraph = b.add(text, face)
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "90")):
        node = OxmlElement(tag)
        node.set(qn("w:val"), value)
        num_pr.append(node)
    ppr.insert(0, num_pr)
    return paragraph


def _with_list_headings(faces: tuple[str, ...], fmt: str = "chineseCounting", text: str = "%1、"):  # type: ignore[no-untyped-def]
    b = formal(headings=())
    _numbering_part(b, fmt, text)
    anchor = b.document.paragraphs[number_of(b, BODY) - 1]
    for text, face in zip(("提高思想认识", "突出工作重点"), faces, strict=False):
        heading = _list_heading(b, text, face)
        body = b.add(BODY)
        anchor._p.addnext(heading._p)
        heading._p.addnext(body._p)
        anchor = body
    return b


def test_word_list_labels_count_as_heading_ordinals() -> None:
    doc = read_document(_with_list_headings((HEITI, HEITI)).save(), "x.docx")
    labelled = [p.text for p in doc.paragraphs if p.text.startswith(("一、", "二、"))]
    assert labelled == ["一、提高思想认识", "二、突出工作重点"]


def test_list_numbered_heading_in_the_wrong_face_is_a_heading_face_finding() -> None:
    b = _with_list_headings((HEITI, "仿宋_GB2312"))
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-HEADING-FACE", number_of(b, "突出工作重点"))}


def test_list_labels_are_reported_but_never_rewritten_by_fix() -> None:
    from docgen.check.fix import fix_document

    b = _with_list_headings(("仿宋_GB2312", "仿宋_GB2312"), "decimal", "%1、")
    findings = [f for f in run_check(b.save()) if f.rule == "TEXT-ORDINAL-MARK"]
    assert len(findings) == 2 and not any(f.fixable for f in findings)
    assert fix_document(b.save(), "x.docx").changes == []


def _package(body: str) -> bytes:
    """The smallest package Word accepts: content types, a relationship, the document part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


def test_a_bare_package_without_styles_or_settings_is_checked_not_crashed_on() -> None:
    findings = run_check(_package("<w:p><w:r><w:t>关于秋季安全检查的说明</w:t></w:r></w:p>"))
    rules = {f.rule for f in findings}
    assert {"LAYOUT-PAGE-SIZE", "LAYOUT-PAGENUM-MISSING"} <= rules


def test_deleted_text_of_tracked_changes_is_not_text_and_inserted_text_is() -> None:
    body = (
        "<w:p><w:del w:id='1' w:author='a'><w:r><w:delText>××</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>2026年9月9日</w:t></w:r></w:ins>"
        "<w:hyperlink><w:r><w:t>（见附件）</w:t></w:r></w:hyperlink></w:p>"
    ).replace("'", '"')
    doc = read_document(_package(body), "x.docx")
    assert doc.paragraphs[0].text == "2026年9月9日（见附件）"
