"""Specs for the direct body: docxtpl's bytes without docxtpl's parse, and only when provable."""

from __future__ import annotations

import io
import random

import pytest
from docxtpl_support import UNIT_ROWS, paragraphs_template, user_template, with_parts
from docxtpl_support import parts_of as parts

from docgen.render.direct import self_close
from docgen.render.fastpath import prepare, render_one

# Values that stress every escape and rewrite between Jinja and lxml.
PIECES = ["临江", "a", "&", "<", ">", '"', "'", "&amp;", "&#39;", "{_{", "}_}", " ", ""]
PIECES += ["\n", "\t", "\r", "\x01", "\x0c", "\x07", "]]>", "\u2028", "😀", "%", "}}", "\ufffe"]


def _hostile_rows(count: int, seed: int) -> list[dict[str, object]]:
    pick = random.Random(seed)
    rows = []
    for _ in range(count):
        row: dict[str, object] = {}
        for key in ("单位名称", "截止日期", "联系人", "备注"):
            row[key] = "".join(pick.choice(PIECES) for _ in range(pick.randint(0, 4)))
        row["任务"] = [pick.choice(PIECES) * pick.randint(0, 2) for _ in range(pick.randint(0, 3))]
        rows.append(row)
    return rows


def _assert_same_as_docxtpl(template: bytes, rows: list[dict[str, object]]) -> None:
    prepared = prepare(template, "通知.docx")
    rendered = 0
    for row in rows:
        row = {"单位名称": "市教育局", **row}
        try:
            expected: bytes | None = render_one(template, "通知.docx", row)
        except Exception:  # a value XML refuses fails the row on both paths
            expected = None
        try:
            got: bytes | None = prepared.render(row)
        except Exception:
            got = None
        assert got == expected, row
        rendered += got is not None
    assert rendered >= len(rows) / 2  # the comparison is mostly of documents, not of failures


def test_a_plain_mail_merge_template_renders_its_body_directly() -> None:
    assert prepare(user_template(), "通知.docx").direct


def test_hostile_values_give_docxtpls_bytes_on_the_direct_path_or_beside_it() -> None:
    _assert_same_as_docxtpl(user_template(), UNIT_ROWS + _hostile_rows(150, seed=7))


def test_a_template_built_from_the_profile_renders_directly_and_gives_docxtpls_bytes() -> None:
    from docgen.layout.profile import load_profile
    from docgen.ooxml.template import TemplateLine, build_template

    lines = [
        TemplateLine("recipients", "{{ 单位名称 }}："),
        TemplateLine("body", "请于{{ 截止日期 }}前报送。联系人：{{ 联系人 }}"),
        TemplateLine("body", "{% if 备注 %}备注：{{ 备注 }}{% endif %}"),
    ]
    template = build_template(load_profile("gbt9704"), lines, page_numbers="odd_even", title="通知")
    assert prepare(template, "通知.docx").direct
    _assert_same_as_docxtpl(template, _hostile_rows(100, seed=11))


def test_rows_with_markup_line_breaks_or_empty_elements_take_docxtpls_path() -> None:
    template = paragraphs_template("{{ a }}", "前{{ b }}后")
    prepared = prepare(template, "x.docx")
    assert prepared.direct
    rows = [
        {"a": "甲", "b": "乙"},  # direct
        {"a": "", "b": "乙"},  # <w:t …></w:t>: lxml self-closes it
        {"a": "第一行\n第二行", "b": "乙"},  # docxtpl turns the break into <w:br/>
    ]
    for row in rows:
        row["单位名称"] = "市教育局"  # the template's document title uses it
        assert prepared.render(row) == render_one(template, "x.docx", row)


@pytest.mark.parametrize(
    "cells",
    [
        ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"],  # cells that come and go
        ["{{ x }}", "", ""],  # a table whose only rows are inside a loop
    ],
    ids=["cell-loop", "rows-only-in-a-loop"],
)
def test_tables_whose_grid_docxtpl_may_fix_are_not_rendered_directly(cells: list[str]) -> None:
    from docx import Document

    document = Document()
    document.core_properties.title = "表"
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "{%tr for x in rows %}"
    for column, text in enumerate(cells):
        table.cell(1, column).text = text
    table.cell(2, 0).text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    template = buffer.getvalue()
    assert not prepare(template, "表.docx").direct
    _assert_same_as_docxtpl(template, [{"rows": [], "cols": []}, {"rows": [1, 2], "cols": [3]}])


def test_a_block_that_does_not_close_where_it_opened_is_not_rendered_directly() -> None:
    template = paragraphs_template("{% if a %}甲", "乙{% endif %}")
    assert not prepare(template, "x.docx").direct
    _assert_same_as_docxtpl(template, [{"a": True}, {"a": False}])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("expression", "direct"),
    [
        ('{{ "甲\\n乙" }}', False),  # a line break, which docxtpl turns into <w:br/>
        ('{{ "甲\\t乙" }}', False),
        ('{{ "" }}', False),  # joins "<w:t>" and "</w:t>": an element left empty
        ('{{ "{_{" ~ "x" }}', True),  # plain text; the row falls back on "{_"
        ('{{ "  甲 " }}', True),
    ],
)
def test_expressions_jinja_writes_as_constants_are_checked_as_text(
    expression: str, direct: bool
) -> None:
    template = paragraphs_template(expression, "前{{ a }}后")
    assert prepare(template, "x.docx").direct is direct
    _assert_same_as_docxtpl(template, [{"a": "甲"}, {"a": "乙"}])


def test_text_jinja_joins_across_a_comment_is_checked_as_it_is_yielded() -> None:
    # "<w:t>{# note #}</w:t>" is one constant "<w:t></w:t>", an element lxml self-closes.
    template = paragraphs_template("{{ a }}", "{# 注释 #}")
    assert not prepare(template, "x.docx").direct
    _assert_same_as_docxtpl(template, [{"a": "甲"}])
    assert prepare(paragraphs_template("{{ a }}{# 注释 #}"), "x.docx").direct


def test_drawings_keep_docxtpls_path_and_comments_are_gone_before_it() -> None:
    template = paragraphs_template("{{ a }}")
    document = parts(template)["word/document.xml"]
    drawing = document.replace(b"<w:body>", b'<w:body><w:p><wp:docPr id="1" name="x"/></w:p>')
    assert not prepare(with_parts(template, {"word/document.xml": drawing}), "x.docx").direct
    # The sanitiser drops XML comments from the parts docxtpl renders (Word writes none).
    commented = document.replace(b"<w:body>", b"<w:body><!-- note -->")
    prepared = prepare(with_parts(template, {"word/document.xml": commented}), "x.docx")
    assert prepared.direct and b"note" not in prepared.part("word/document.xml")


def test_self_close_writes_empty_elements_as_lxml_does_and_leaves_the_rest() -> None:
    assert self_close('<w:t xml:space="preserve"></w:t>') == '<w:t xml:space="preserve"/>'
    assert self_close("<w:r><w:rPr/></w:r>") == "<w:r><w:rPr/></w:r>"
    assert self_close("<w:t>{{ a }}</w:t>") == "<w:t>{{ a }}</w:t>"
    assert self_close("<w:p></w:r>") == "<w:p></w:r>"


def test_the_backstop_reads_a_direct_body_only_when_its_markup_could_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the direct path every tag comes from the template, so a value that merely mentions
    a field or an address (plain text) costs no parse; a template whose own markup has a
    field is parsed every row."""
    import docgen.render.fastpath as fastpath

    parsed: list[object] = []
    real = fastpath.rendered_reach
    monkeypatch.setattr(fastpath, "rendered_reach", lambda *a: parsed.append(a) or real(*a))
    row = {"单位名称": "市教育局", "a": "fldSimple href src altChunk", "b": "乙"}
    plain = prepare(paragraphs_template("{{ a }}", "前{{ b }}后"), "x.docx")
    assert plain.direct
    assert b"fldSimple href" in parts(plain.render(row))["word/document.xml"]
    assert parsed == []

    template = paragraphs_template("{{ a }}", "页")
    document = parts(template)["word/document.xml"].replace(
        "<w:t>页</w:t>".encode(), b'<w:fldChar w:fldCharType="begin"/><w:t>PAGE</w:t>'
    )
    with_field = prepare(with_parts(template, {"word/document.xml": document}), "x.docx")
    assert with_field.direct
    with_field.render(row)
    assert len(parsed) == 1
