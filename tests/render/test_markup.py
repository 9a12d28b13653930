"""Template tags only where they cannot make markup the sanitiser never saw."""

from __future__ import annotations

import re

import pytest
from docxtpl_support import paragraphs_template, parts_of, with_parts
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import TemplateError
from docgen.render.fastpath import prepare
from docgen.render.markup import misplaced_tag

ENV = SandboxedEnvironment(autoescape=True)
FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{code}</w:instrText></w:r>'
    '{between}<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def _field(code: str, between: str = "", result: str = "结果") -> str:
    return FIELD.format(code=code, between=between, result=result)


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ('<a:blip r:link="{{ 编号 }}"/>', "属性 r:link"),
        ("<w:p {{ 属性 }}>", "格式代码的标记之中"),
        ("<w:t>A{% if false %}<?x {% endif %}<w:altChunk/>?></w:t>", "处理指令"),
        ("<w:t>A{% if false %}<!-- {% endif %}<w:r/>--></w:t>", "注释"),
        (
            _field("INCLUDE", "{% if false %}<w:r><w:instrText>X</w:instrText></w:r>{% endif %}"),
            "域代码",
        ),
        (_field(' HYPERLINK "a" {% if 甲 %}b{% endif %}'), "域代码"),
        (_field(" PAGE ", "<w:r><w:t>{{ 甲 }}</w:t></w:r>"), "域代码"),
        ('<w:hMerge w:val="{% if 甲 %}"/><w:t>{% endif %}</w:t>', "不在同一处"),
        ('<w:t>{% if 甲 %}</w:t><w:hMerge w:val="{% endif %}"/>', "不在同一处"),
        ("<w:t>{{ '</w:t><w:altChunk r:id=\"rId9\"/>' }}</w:t>", "夹着格式代码"),
        ("<w:t>{% raw %}{{ x }}{% endraw %}</w:t>", "{% raw %}"),
        ('<w:shd w:fill="{# {% #}" w:val="x"/>', "注释"),
    ],
    ids=[
        "relationship-id",
        "between-attributes",
        "processing-instruction",
        "comment",
        "runs-between-code-pieces",
        "block-in-code-text",
        "print-in-code-not-text",
        "block-from-attribute-to-text",
        "block-from-text-to-attribute",
        "markup-in-a-tag",
        "raw-block",
        "tag-opening-in-a-comment",
    ],
)
def test_a_tag_where_it_could_make_markup_is_found(source: str, said: str) -> None:
    found = misplaced_tag(ENV, source)
    assert found is not None and said in found.what


@pytest.mark.parametrize(
    "source",
    [
        "<w:p><w:r><w:t>{{ 单位名称 }}</w:t></w:r></w:p>{% for t in 任务 %}<w:p/>{% endfor %}",
        '<w:shd w:fill="{{ 颜色 }}"/><w:gridSpan w:val="{{ 列数 }}"/>',
        '<w:vMerge w:val="{% if loop.first %}restart{% else %}continue{% endif %}"/>',
        _field(' HYPERLINK "{{ 网址 }}" '),
        '<w:fldSimple w:instr=" HYPERLINK &quot;{{ 网址 }}&quot; "/>',
        "<w:t>{% if 甲 %}</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}</w:t>",
        "<w:t>{% if 甲 < 3 %}少{% endif %}</w:t>",
        "{% if 甲 %}" + _field(" PAGE ") + "{% endif %}",
        "<w:t>{# 注释 #}</w:t>",
        '<wp:docPr id="1" name="图片 1" descr="{{ 单位名称 }}的标志" title="{{ 标题 }}"/>',
        '<w:hyperlink w:tooltip="{{ 提示 }}" w:anchor="附件"/>',
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:textInput><w:default '
        'w:val="{{ 默认 }}"/></w:textInput></w:ffData></w:fldChar></w:r>'
        "<w:r><w:instrText> FORMTEXT </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{{ 值 }}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ],
    ids=[
        "text-and-rows",
        "cell-shading-and-span",
        "merge",
        "field-code-text",
        "simple-field",
        "block-over-paragraphs",
        "comparison",
        "a-whole-field-in-a-block",
        "comment",
        "alt-text",
        "screen-tip",
        "form-field-default",
    ],
)
def test_tags_in_text_and_in_docxtpls_own_attributes_stay(source: str) -> None:
    assert misplaced_tag(ENV, source) is None


def test_a_template_with_a_tag_in_a_relationship_id_is_refused_with_its_paragraph() -> None:
    template = paragraphs_template("{{ 单位名称 }}", "图")
    document = parts_of(template)["word/document.xml"].replace(
        "<w:t>图</w:t>".encode(),
        '<w:t>图</w:t></w:r><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.'
        'org/drawingml/2006/main" r:link="{{ 编号 }}"/></w:drawing>'.encode(),
    )
    with pytest.raises(TemplateError) as caught:
        prepare(with_parts(template, {"word/document.xml": document}), "t.docx")
    assert "属性 r:link" in str(caught.value) and "第2段" in str(caught.value)


@pytest.mark.parametrize(
    ("opening", "closing", "name"),
    [("{% if 甲 %}", "{% endif %}", "甲\n乙"), ("{%r if 甲 %}", "{%r endif %}", "甲")],
    ids=["docxtpl-path", "direct-path"],
)
def test_a_row_whose_rendered_body_would_reach_outside_fails_should_a_check_miss_it(
    monkeypatch: pytest.MonkeyPatch, opening: str, closing: str, name: str
) -> None:
    """The backstop: with the tag check at prepare switched off, runs dropped between the
    pieces of a field code make INCLUDEPICTURE, and the row fails — on docxtpl's path (a
    value with a line break) and on the direct one ({%r %} tags stand between the runs)."""
    import docgen.render.fastpath as fastpath

    monkeypatch.setattr(fastpath, "misplaced_tag", lambda *_: None)

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    field = "".join(
        [
            run('<w:fldChar w:fldCharType="begin"/>'),
            run("<w:instrText>INCLUDE</w:instrText>"),
            run(f"<w:t>{opening}</w:t>"),
            run("<w:instrText>X</w:instrText>"),
            run(f"<w:t>{closing}</w:t>"),
            run(
                '<w:instrText xml:space="preserve">PICTURE "http://evil.example/a.png"</w:instrText>'
            ),
            run('<w:fldChar w:fldCharType="separate"/>'),
            run("<w:t>图</w:t>"),
            run('<w:fldChar w:fldCharType="end"/>'),
        ]
    )
    template = paragraphs_template("{{ 单位名称 }}", "图")
    document = parts_of(template)["word/document.xml"].replace(
        '<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>图</w:t></w:r>'.encode(), field.encode()
    )
    prepared = prepare(with_parts(template, {"word/document.xml": document}), "t.docx")
    assert prepared.direct is (name == "甲")
    kept = prepared.render({"单位名称": name, "甲": True})
    assert b"X</w:instrText>" in parts_of(kept)["word/document.xml"]
    with pytest.raises(TemplateError, match="读取外部内容或运行命令的域"):
        prepared.render({"单位名称": name, "甲": False})


def test_what_a_rendered_part_reaches_is_found() -> None:
    from lxml import etree

    from docgen.ooxml.sanitize import rendered_reach

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'

    def body(inner: str) -> etree._Element:
        return etree.fromstring(f"<w:body {w} {r} {a}>{inner}</w:body>")

    link = '<w:hyperlink r:id="rId5"><w:r><w:t>网站</w:t></w:r></w:hyperlink>'
    assert rendered_reach(body(link), frozenset({"rId5"})) is None
    assert "外部地址" in str(rendered_reach(body('<a:blip r:link="rId5"/>'), frozenset({"rId5"})))
    assert "altChunk" in str(rendered_reach(body('<w:altChunk r:id="rId9"/>'), frozenset()))
    simple = '<w:fldSimple w:instr=" DDEAUTO cmd "><w:r><w:t>x</w:t></w:r></w:fldSimple>'
    assert "DDEAUTO" in str(rendered_reach(body(simple), frozenset()))


def test_a_strict_element_or_attribute_in_a_rendered_part_is_found() -> None:
    from lxml import etree

    from docgen.ooxml.sanitize import rendered_reach

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    s = 'xmlns:s="http://purl.oclc.org/ooxml/wordprocessingml/main"'
    element = f'<w:body {w} {s}><s:fldSimple s:instr="PAGE"/></w:body>'
    attribute = f'<w:body {w} {s}><w:p s:rsidR="00"/></w:body>'
    assert "Strict" in str(rendered_reach(etree.fromstring(element), frozenset()))
    assert "Strict" in str(rendered_reach(etree.fromstring(attribute), frozenset()))
    assert rendered_reach(etree.fromstring(f"<w:body {w}><w:p/></w:body>"), frozenset()) is None


SHADING = '<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:pPr></w:p>'


@pytest.mark.parametrize(
    ("before", "fill"),
    [
        (
            "",
            "{{ 'FF' ~ ({'a': 单位名称}|xmlattr)[3] ~ ' w:themeFill=' ~ ({'a': 单位名称}|xmlattr)[3] ~ 'accent1' }}",
        ),
        ("", "FF{{ (单位名称|tojson)[0] }} w:themeFill={{ (单位名称|tojson)[0] }}accent1"),
        ('{% macro q() %}"{% endmacro %}', "FF{{ q() }} w:themeFill={{ q() }}accent1"),
    ],
    ids=["xmlattr-slice", "tojson-slice", "macro-text"],
)
def test_markup_a_template_makes_cannot_end_an_attribute_value(before: str, fill: str) -> None:
    """Markup holding a quote — a slice of xmlattr's or tojson's result, a macro's text — is
    written with its quotes escaped: in an attribute value it stays in it, on both paths."""
    from docgen.render.fastpath import render_one

    template = paragraphs_template(before + "{{ 单位名称 }}")
    document = parts_of(template)["word/document.xml"].replace(
        b"<w:sectPr", SHADING.format(fill=fill).encode() + b"<w:sectPr", 1
    )
    template = with_parts(template, {"word/document.xml": document})
    row = {"单位名称": "市财政局"}
    fast = prepare(template, "t.docx").render(row)
    assert fast == render_one(template, "t.docx", row)
    xml = parts_of(fast)["word/document.xml"]
    shading = re.search(rb"<w:shd [^>]*/>", xml)[0]
    assert shading.count(b'="') == 3, shading  # w:val, w:color, w:fill: nothing more


@pytest.mark.parametrize(
    "block", ["{% filter tojson %} w:x={% endfilter %}", "{% call 甲() %}{% endcall %}"]
)
def test_a_block_that_writes_a_value_is_refused_in_an_attribute(block: str) -> None:
    found = misplaced_tag(ENV, f'<w:shd w:fill="FF{block}"/>')
    assert found is not None and "属性" in found.what


def test_markup_translate_makes_is_written_as_text() -> None:
    """Markup's translate takes its table unescaped: an element it spells is written escaped,
    as text, on both paths."""
    from docgen.render.fastpath import render_one

    tag = "{{ ('x'|e).translate({120: '<' ~ 'w:br/>'}) }}"
    template = paragraphs_template("{{ 单位名称 }}" + tag)
    row = {"单位名称": "市财政局"}
    fast = prepare(template, "t.docx").render(row)
    assert fast == render_one(template, "t.docx", row)
    xml = parts_of(fast)["word/document.xml"]
    assert b"<w:br/>" not in xml and b"&lt;w:br/&gt;" in xml
