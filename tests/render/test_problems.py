"""Specs for template errors said in Chinese: what Jinja reports, in the words of a Word user."""

from __future__ import annotations

import re

import pytest
from jinja2 import Environment, TemplateSyntaxError

from docgen.render.problems import jinja_words


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("{{ a b }}", "标签写得不完整：此处应是「}}」，却是「b」"),
        ("{% if a b %}{% endif %}", "标签写得不完整：此处应是「%}」，却是「b」"),
        ("{{ a | }}", "标签写得不完整：此处应是「名字」，却是「}}」"),
        ("{{ a(1 }}", "缺少「)」：在「}」之前应有「)」"),
        (
            "{{ 完成率（%） }}",
            "标签中有无法识别的字符「（」（标签内的括号、引号、逗号等须用半角字符）",
        ),
        ("{{ 'x }}", "标签中有无法识别的字符「'」（引号没有成对？）"),
        ("{# x ", "注释 {# 没有用 #} 结束"),
        ("{% endif %}", "多出的 {% endif %}：前面没有与它对应的开始标签"),
        ("{% if a %}", "模板结束了，但还缺少 {% endif %}"),
        ("{{ }}", "标签中缺少表达式（如 {{ }} 中没有写名字，{% if %} 后面没有写条件）"),
    ],
)
def test_common_syntax_errors_are_said_in_chinese(source: str, said: str) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        Environment().parse(source)
    chinese = jinja_words(caught.value.message or "")
    assert chinese == said
    assert not re.search(r"[A-Za-z]{3,}", chinese.replace("endif", ""))  # no English left


@pytest.mark.parametrize(
    "paragraph",
    ["{% if 经费 < 100 %}少{% endif %}{{ 名称( }}", "{% if a<b %}少{% endif %}{{ 名称( }}"],
)
def test_a_less_than_sign_in_a_tag_is_quoted_with_the_rest_of_the_paragraph(
    paragraph: str,
) -> None:
    from docxtpl_support import paragraphs_template

    from docgen.errors import TemplateError
    from docgen.render.fastpath import prepare

    with pytest.raises(TemplateError) as caught:
        prepare(paragraphs_template("开头", paragraph), "通知.docx")
    assert caught.value.location.paragraph == 2
    assert caught.value.location.excerpt == paragraph


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("{{ 名称 + 份数 }}", "文字不能直接和整数相加（可改用 ~ 连接）"),
        ("{{ 份数 + 名称 }}", "不能对整数和文字做「+」运算（数据中的数字是否写成了文字？）"),
        ("{{ 份数 | length }}", "整数没有长度（length、count 只能用于文字或列表）"),
        ("{% for x in 份数 %}{% endfor %}", "整数不能用于 for 循环"),
    ],
)
def test_common_errors_with_a_rows_values_are_said_in_chinese(source: str, said: str) -> None:
    with pytest.raises(TypeError) as caught:
        Environment().from_string(source).render(名称="市教育局", 份数=3)
    assert jinja_words(str(caught.value)) == said


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("{{ 日期 * 日期 }}", "不能对日期时间和日期时间做「*」运算"),  # no text here: no hint
        ("{{ 大数|float }}", "整数过大，无法换算成小数"),
        ("{{ 映射|round }}", "映射不能取整（round 只能用于数字）"),
        (
            "{{ 名称|cn_date }}",
            f"无法识别的日期：“{'1' * 40}…”；可接受的格式：2026年11月22日、2026-11-22、"
            "2026/11/22、2026.11.22（月、日可补零）",
        ),
        (
            "{{ 名称 * 名称 }}",
            "文字或列表只能乘以整数，不能乘以文字（数据中的数字是否写成了文字？）",
        ),
    ],
)
def test_errors_with_a_yaml_rosters_values_are_said_in_chinese_and_short(
    source: str, said: str
) -> None:
    """Security review 22: dotted type names (datetime.datetime) and a few messages stayed in
    English, and a value of 32,000 digits was quoted whole in every row's failure."""
    import datetime

    from docgen.templating import DocgenSandbox

    values = {
        "日期": datetime.datetime(2026, 12, 5, 14, 30),
        "大数": 10**400,
        "映射": {"a": 1},
        "名称": "1" * 32000,
    }
    with pytest.raises(Exception) as caught:
        DocgenSandbox().from_string(source).render(values)
    assert jinja_words(str(caught.value)) == said


def test_a_list_split_as_if_it_were_text_is_said_to_be_a_list_already() -> None:
    """A YAML roster gives a unit's tasks as a list; a template written for a sheet's cell
    splits it. Said as that, not as a value the data lacks (named "split")."""
    from docxtpl_support import paragraphs_template

    from docgen.errors import TemplateError
    from docgen.render.fastpath import prepare

    loop = "{% for 项 in 任务.split('；') %}{{ 项 }}{% endfor %}"
    prepared = prepare(paragraphs_template("{{ 单位名称 }}", loop), "通知.docx")
    with pytest.raises(TemplateError) as caught:
        prepared.render({"单位名称": "市教育局", "任务": ["甲", "乙"]})
    said = str(caught.value)
    assert "已经是列表" in said and "{% for 项 in 任务列表 %}" in said and "「split」" not in said
    assert prepared.render({"单位名称": "市教育局", "任务": "甲；乙"})


def test_a_text_boxs_older_copy_is_not_counted_among_the_paragraphs() -> None:
    """Word writes a text box twice (mc:Choice, then mc:Fallback for older readers): its
    paragraphs are counted once, so the paragraphs after it keep Word's numbers."""
    from docgen.render.problems import PARAGRAPH_NUMBER, number_paragraphs

    box = "<w:p><w:r><w:t>框内</w:t></w:r></w:p>"
    xml = (
        "<w:body><w:p><mc:AlternateContent><mc:Choice><w:txbxContent>"
        + box
        + "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>"
        + box
        + "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:p>"
        + "<w:p><w:r><w:t>{{ 单位代码 }}</w:t></w:r></w:p></w:body>"
    )
    numbered = number_paragraphs(xml)
    assert re.findall(PARAGRAPH_NUMBER + r'="(\d+)"', numbered) == ["1", "2", "3"]
    assert numbered.index('="3"') > numbered.index("</mc:Fallback>")
