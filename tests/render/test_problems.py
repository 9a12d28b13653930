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
